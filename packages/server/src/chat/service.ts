// The chat service: XCCOS sessions behind a narrow interface. The composition root creates it once per
// node; the front end's chat routing (frontend/routing/chat-sessions.ts) opens a session per chat dialog and feeds it INFO bodies.
import { randomUUID } from 'node:crypto';
import {
  assertCan,
  buildActor,
  DEFAULT_PREFERENCE_QUOTA,
  DomainError,
  type PreferenceQuota,
  type Actor,
  type Clock,
  type IdSource,
  type Store,
} from '@pchat/domain';
import { ComplianceRecorder } from '../compliance/recorder.js';
import { behaviourSink, type BehaviourSink } from './behaviours/index.js';
import { InProcessBus, type Bus } from './bus.js';
import { COMMANDS } from './commands/table.js';
import { runCommand } from './commands/runner.js';
import { loadConfig, SessionIndex, type ChatContext } from './context.js';
import { RoomRegistry } from './rooms.js';
import { DEFAULT_CHAT_RATE_LIMITS, RateLimiter, type ChatRateLimits } from './rate-limits.js';
import { ChatSession, type DialogKind } from './session.js';
import {
  DEFAULT_OUTBOUND_LIMITS,
  NO_CHAT_METRICS,
  type ChatMetrics,
  type ChatIdentity,
  type ChatLogger,
  type ChatSink,
  type CloseReason,
  type OutboundLimits,
} from './types.js';

export interface ChatServiceOptions {
  store: Store;
  /** The pool this node serves (its pool record names the chat server URI and the domain). */
  poolFqdn: string;
  logger: ChatLogger;
  /** Default: an in-process bus (one node). */
  bus?: Bus;
  clock?: Clock;
  ids?: IdSource;
  outbound?: Partial<OutboundLimits>;
  /** Counters for the server's /metrics. */
  metrics?: ChatMetrics;
  /** Per-user and per-connection rates (default DEFAULT_CHAT_RATE_LIMITS; the config's `limits`). */
  rateLimits?: Partial<ChatRateLimits>;
  /** Preference bundles: bytes of one, bundles per user (default DEFAULT_PREFERENCE_QUOTA). */
  preferenceQuota?: PreferenceQuota;
  /** This node's name in a pool (docs/pool.md); roster events across nodes carry it. Default: 'local'. */
  node?: string;
  /** Where this node serves HTTP (file transfer links, PC-15); read when a link is made. Default: none. */
  httpBase?: () => string | null;
}

/** What the SIP adapter holds per dialog. */
export interface ChatSessionHandle {
  readonly id: string;
  readonly uri: string;
  readonly dialog: DialogKind;
  /** One INFO body (an XCCOS envelope). Resolves when the command was handled and its reply queued. */
  receive(body: string): Promise<void>;
  /** The sink drained after send() returned false. */
  drained(): void;
  /** BYE or a dropped connection: parts from every room; the sink is not called. Idempotent. */
  end(reason: CloseReason): void;
}

export interface ChatService {
  /**
   * Opens a session for a chat dialog (`dialog: 'chat'`, the pool's chat server URI) or the legacy lookup
   * dialog (`'lookup'`, sip:ocschat@<domain>). Refuses at once with a DomainError (the SIP edge maps it to
   * a final status + ms-diagnostics): NoSuchPrincipal, NotAUserPrincipal (PC-82), PrincipalDisabled
   * (PC-26), NotEnabledByPolicy (PC-36). `actor`: the one the front end already built for this user
   * (saves resolving the ancestry twice); checked the same way.
   */
  open(
    identity: ChatIdentity,
    sink: ChatSink,
    dialog?: DialogKind,
    actor?: Actor,
  ): Promise<ChatSessionHandle>;
  /** Which dialog an INVITE's request URI opens, or null when it is not a chat URI of this pool. */
  dialogFor(requestUri: string): DialogKind | null;
  /** Pass as `events` in the ServiceDeps of the domain services (admin API), so behaviours see changes. */
  readonly events: BehaviourSink;
  readonly chatServerUri: string;
  /** Re-reads the effective configuration (after Set-CsPersistentChatConfiguration). */
  reloadConfig(): Promise<void>;
  readonly sessionCount: number;
  /** Queue depths for /metrics: bodies waiting in outbound queues, commands waiting to run, live rooms. */
  queues(): { outbound: number; inbound: number; rooms: number };
  /**
   * Compliance recording of this pool (PC-71). The file transfer edge calls
   * `compliance.recordFileTransfer()` for FILEUPLOAD and FILEDOWNLOAD.
   */
  readonly compliance: ComplianceRecorder;
  /** A node of the pool was lost (docs/pool.md): its users leave the rosters of this node's rooms. */
  nodeLost(node: string): void;
  /** Ends every session (sink.close 'shutdown', with `message` for the users). */
  close(message?: string): Promise<void>;
}

const SYSTEM_CLOCK: Clock = { now: () => Date.now() };
const RANDOM_IDS: IdSource = { uuid: () => randomUUID() };

export async function createChatService(opts: ChatServiceOptions): Promise<ChatService> {
  const { store, logger: log } = opts;
  const pool = await store.topology.getPool(opts.poolFqdn);
  if (!pool)
    throw new DomainError(
      'NoSuchNode',
      `No Persistent Chat pool '${opts.poolFqdn}' exists; the chat service cannot start.`,
    );
  const clock = opts.clock ?? SYSTEM_CLOCK;
  const metrics = opts.metrics ?? NO_CHAT_METRICS;
  const limits: OutboundLimits = { ...DEFAULT_OUTBOUND_LIMITS, ...opts.outbound };
  const bus =
    opts.bus ?? new InProcessBus((e, ev) => log.error({ err: e, roomId: ev.roomId }, 'bus handler failed'));
  let envid = 0;
  const nextEnvid = (): number => ++envid;
  // Legacy lookup URIs (PC-47, PC-90): sip:ocschat@<domain> and the pool's Persistent Chat endpoint contacts.
  const lookupUris = new Set([`sip:ocschat@${pool.domain}`.toLowerCase()]);
  for (const c of await store.directory.listContacts(pool.fqdn))
    if (c.contactType === 'persistentChatEndpoint') lookupUris.add(c.uri.toLowerCase());

  const compliance = new ComplianceRecorder(store, pool, () => clock.now());
  // The closures below read `ctx` only after it is initialised (first event, first room).
  const localEvents = behaviourSink(() => ctx);
  // In a pool every node's behaviours see every committed change (docs/pool.md): a role change made
  // through node B kicks the sessions on node A.
  const events: BehaviourSink = {
    publish(event) {
      localEvents.publish(event);
      bus.broadcast(event);
    },
    idle: () => localEvents.idle(),
  };
  const offBroadcast = bus.onBroadcast((event) => localEvents.publish(event));
  const ctx: ChatContext = {
    store,
    clock,
    pool,
    config: await loadConfig(store, pool),
    bus,
    log,
    compliance,
    metrics,
    limiter: new RateLimiter(
      { ...DEFAULT_CHAT_RATE_LIMITS, ...opts.rateLimits },
      () => clock.now(),
      (by) => metrics.throttled(by),
    ),
    preferenceQuota: opts.preferenceQuota ?? DEFAULT_PREFERENCE_QUOTA,
    rooms: new RoomRegistry({
      store,
      bus,
      log,
      pool,
      nextEnvid,
      ...(opts.node ? { node: opts.node } : {}),
      participantUpdateLimit: () => ctx.config.participantUpdateLimit,
      onLeave: (session, room) =>
        void compliance
          .record('PART', room, session.uri)
          .catch((e: unknown) =>
            log.error({ err: e, roomId: room.id }, 'compliance: recording a PART failed'),
          ),
    }),
    sessions: new SessionIndex(),
    deps: { store, clock, ids: opts.ids ?? RANDOM_IDS, events },
    nextEnvid,
    httpBase: opts.httpBase ?? (() => null),
    endSession: (session, reason, message) => end(session, reason, message, true),
  };

  function end(session: ChatSession, reason: CloseReason, message: string, notifySink: boolean): void {
    if (!session.markClosed(reason, message, notifySink)) return;
    for (const roomId of [...session.joined]) {
      const rt = ctx.rooms.get(roomId);
      if (!rt) continue;
      rt.remove(session);
      ctx.rooms.releaseIfEmpty(rt);
    }
    session.joined.clear();
    ctx.sessions.remove(session);
    log.debug({ session: session.id, user: session.uri, reason }, 'chat session ended');
  }

  function onOverflow(session: ChatSession): void {
    // Deferred: the overflow is detected inside a fan-out loop, which must finish for everyone else first.
    queueMicrotask(() => {
      log.warn({ session: session.id, user: session.uri }, 'chat session dropped: receiver too far behind');
      end(
        session,
        'slow-consumer',
        'The client did not keep up with the room traffic; sign in to chat again.',
        true,
      );
    });
  }

  return {
    events,
    compliance: ctx.compliance,
    chatServerUri: pool.chatServerUri,
    get sessionCount() {
      return ctx.sessions.size;
    },
    dialogFor(requestUri: string): DialogKind | null {
      const u = requestUri.toLowerCase().replace(/;.*$/, '');
      if (u === pool.chatServerUri.toLowerCase()) return 'chat';
      return lookupUris.has(u) ? 'lookup' : null;
    },
    queues() {
      let outbound = 0;
      let inbound = 0;
      for (const s of ctx.sessions.all()) {
        outbound += s.queued;
        inbound += s.pending;
      }
      return { outbound, inbound, rooms: ctx.rooms.all().length };
    },
    nodeLost(node) {
      for (const rt of ctx.rooms.all()) rt.dropNode(node);
    },
    async reloadConfig() {
      ctx.config = await loadConfig(store, pool);
      ctx.compliance.invalidate();
      for (const rt of ctx.rooms.all()) rt.setParticipantUpdateLimit(ctx.config.participantUpdateLimit);
    },
    async open(identity, sink, dialog = 'chat', known) {
      const actor =
        known && known.uri === identity.uri.toLowerCase() ? known : await buildActor(store, identity.uri);
      // The refusals of PC-82, PC-26 and PC-36, before any session exists.
      assertCan(actor, 'chat.connect');
      const session = new ChatSession(
        randomUUID(),
        identity,
        actor,
        dialog,
        sink,
        limits,
        ctx.nextEnvid,
        onOverflow,
        () => metrics.delivered(),
      );
      ctx.sessions.add(session);
      log.debug(
        { session: session.id, user: session.uri, epid: identity.epid, dialog },
        'chat session opened',
      );
      return {
        id: session.id,
        uri: session.uri,
        dialog,
        receive: (body) => {
          // A full queue refuses at once (after reading the envid, for the correlated reply), so a
          // flood cannot pile up bodies behind a slow command.
          if (session.pending >= ctx.limiter.maxQueued)
            return runCommand(ctx, COMMANDS, session, body, ctx.limiter.queueFull());
          return session.enqueue(() =>
            session.closed ? Promise.resolve() : runCommand(ctx, COMMANDS, session, body),
          );
        },
        drained: () => session.drained(),
        end: (reason) => end(session, reason, '', false),
      };
    },
    async close(message = 'The chat service is shutting down.') {
      offBroadcast();
      for (const s of ctx.sessions.all()) end(s, 'shutdown', message, true);
      await events.idle();
    },
  };
}
