// One ChatSession per chat dialog: the user endpoint (URI + epid), the acting Actor, the
// rooms it joined, and its bounded way out. Commands of one session run one after another (a session's
// posts keep their order); sessions run concurrently.
import type { Actor } from '@pchat/domain';
import { wrapEnvelope } from '@pchat/protocol';
import { Outbound } from './outbound.js';
import type { ChatIdentity, ChatSink, CloseReason, OutboundLimits } from './types.js';

export type DialogKind = 'chat' | 'lookup';

export class ChatSession {
  /** Room ids this session joined. */
  readonly joined = new Set<string>();
  private readonly out: Outbound;
  private closedReason: CloseReason | null = null;
  private inbox: Promise<void> = Promise.resolve();

  constructor(
    readonly id: string,
    readonly identity: ChatIdentity,
    private current: Actor,
    readonly dialog: DialogKind,
    private readonly sink: ChatSink,
    limits: OutboundLimits,
    /**
     * Server envids. One counter per service, not per session, so that a broadcast's whole envelope is
     * serialized once; every session still sees strictly increasing envids (docs/xccos.md §1:
     * the server keeps its own envid counter).
     */
    private readonly nextEnvid: () => number,
    onOverflow: (s: ChatSession) => void,
    private readonly onDeliver: () => void = () => undefined,
  ) {
    this.out = new Outbound(sink, limits, () => onOverflow(this));
  }

  /** Who acts: rebuilt when the directory changes the user's standing (behaviours/directory.ts). */
  get actor(): Actor {
    return this.current;
  }

  /** Replaces the actor (same user) after a directory change. */
  replaceActor(actor: Actor): void {
    if (actor.uri === this.current.uri) this.current = actor;
  }

  /** The acting user's URI (lower-cased, as the domain keeps it). */
  get uri(): string {
    return this.actor.uri;
  }

  get closed(): boolean {
    return this.closedReason !== null;
  }

  get queued(): number {
    return this.out.queued;
  }

  /** One payload (`<rpl>`, `<ntc>`...) in a fresh envelope for this session. */
  send(payload: string): void {
    if (this.closed) return;
    this.onDeliver();
    this.out.push(wrapEnvelope(this.nextEnvid(), payload));
  }

  /** A complete envelope shared with other sessions (a broadcast, serialized once). */
  sendEnvelope(body: string): void {
    if (this.closed) return;
    this.onDeliver();
    this.out.push(body);
  }

  drained(): void {
    if (!this.closed) this.out.drained();
  }

  /** Commands received and not finished yet (the one running included). */
  get pending(): number {
    return this.waiting;
  }

  private waiting = 0;

  /** Runs `task` after every earlier command of this session finished. */
  enqueue(task: () => Promise<void>): Promise<void> {
    this.waiting++;
    const run = (): Promise<void> => task().finally(() => this.waiting--);
    const next = this.inbox.then(run, run);
    this.inbox = next.catch(() => undefined);
    return next;
  }

  /** Marks the session closed and tells the sink (once). Leaving rooms is the service's job. */
  markClosed(reason: CloseReason, message: string, notifySink: boolean): boolean {
    if (this.closed) return false;
    this.closedReason = reason;
    if (notifySink) this.sink.close(reason, message);
    return true;
  }
}
