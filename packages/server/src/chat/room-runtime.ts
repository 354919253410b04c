// A RoomRuntime per room with joined sessions on this node: who is in the room (several
// endpoints per user), the PC-13 roster gate, and in-order delivery of posts (PC-08). Synchronous by
// design: a join, a part and a delivery each happen in one turn of the event loop, so every participant
// sees the same order. Behaviours (kick, disable, invitations) act on it from outside (behaviours/).
import { can, type Category, type ChatMessage, type Room, type Store } from '@pchat/domain';
import {
  encodeGrpchat,
  encodeNotice,
  encodeReply,
  okReply,
  wrapEnvelope,
  type JoinedRoom,
} from '@pchat/protocol';
import type { Bus, RoomBusEvent } from './bus.js';
import { toWireBehavior, toWireMessage, toWirePrivacy } from './convert.js';
import { RemoteRoster } from './remote-roster.js';
import { RosterGate } from './roster.js';
import type { ChatSession } from './session.js';
import type { ChatLogger } from './types.js';

export interface RuntimeDeps {
  store: Store;
  bus: Bus;
  log: ChatLogger;
  nextEnvid: () => number;
  /**
   * Called when an endpoint leaves the room other than by its own cmd:part (BYE, dropped connection,
   * kick): the compliance PART (PC-71). JOIN and an explicit part are recorded by their commands, before
   * the reply, so they are ordered before anything the client does next.
   */
  onLeave?: (session: ChatSession, room: Room) => void;
  /**
   * This node's name in a pool (docs/pool.md): the roster events it publishes carry it, and come back to it
   * in process, where they are ignored. Default: 'local'.
   */
  node?: string;
}

/** How many messages one catch-up read fetches after a gap. */
const CATCH_UP_BATCH = 500;

export class RoomRuntime {
  private readonly users = new Map<string, Set<ChatSession>>();
  private readonly gate: RosterGate;
  /** Users joined on the other nodes of a pool (forgotten when the runtime closes). */
  private remote = new RemoteRoster();
  private readonly pending = new Map<number, ChatMessage>();
  private catchingUp = false;
  /** A resync was asked for while a catch-up ran: read once more when it ends. */
  private resyncAgain = false;
  private unsubscribe: (() => void) | null;

  constructor(
    public room: Room,
    public category: Category,
    participantUpdateLimit: number,
    /** Highest stored message id already in the room when the runtime started (delivered by bccontext). */
    private lastDelivered: number,
    private readonly deps: RuntimeDeps,
  ) {
    this.gate = new RosterGate(participantUpdateLimit);
    this.unsubscribe = deps.bus.subscribe(room.id, (e) => this.onBus(e));
    this.askRoster();
  }

  private get node(): string {
    return this.deps.node ?? 'local';
  }

  get roomId(): string {
    return this.room.id;
  }

  /** Distinct users joined, on this node and the others of a pool (PC-13 counts users, not endpoints). */
  get participantCount(): number {
    // Read on every join and part of every node (the roster gate): no array or object per remote user.
    let n = this.users.size;
    for (const user of this.remote.names()) if (!this.users.has(user)) n++;
    return n;
  }

  get rosterOpen(): boolean {
    return this.gate.open;
  }

  get isEmpty(): boolean {
    return this.users.size === 0;
  }

  sessions(): ChatSession[] {
    const out: ChatSession[] = [];
    for (const set of this.users.values()) out.push(...set);
    return out;
  }

  has(session: ChatSession): boolean {
    return this.users.get(session.uri)?.has(session) ?? false;
  }

  participants(): string[] {
    const out = new Set(this.users.keys());
    for (const user of this.remote.names()) out.add(user);
    return [...out];
  }

  refresh(room: Room, category: Category): void {
    this.room = room;
    this.category = category;
  }

  setParticipantUpdateLimit(limit: number): void {
    this.gate.setLimit(limit, this.users.size);
  }

  /** Shown as a channel operator in the roster (aib key 12276): whoever may manage the room (PC-34, PC-35). */
  isManager(session: ChatSession): boolean {
    return can(session.actor, 'room.manage', { room: this.room, category: this.category }).allowed;
  }

  /**
   * Adds the session and returns the room as rpl:join shows it. Announces a *new user* (not a second
   * endpoint) to everyone else while the roster is open (PC-13); above the limit the newcomer gets no
   * roster, only itself.
   */
  add(session: ChatSession): JoinedRoom {
    let set = this.users.get(session.uri);
    const newUser = set === undefined;
    if (!set) this.users.set(session.uri, (set = new Set()));
    set.add(session);
    session.joined.add(this.room.id);
    const known = this.remote.has(session.uri);
    const open = this.gate.update(this.participantCount);
    if (newUser) this.publishPresence(session.uri, true, this.isManager(session));
    if (newUser && !known && open) {
      const body = wrapEnvelope(
        this.deps.nextEnvid(),
        encodeNotice({
          type: 'join',
          user: session.uri,
          rooms: [{ uri: this.room.uri, manager: this.isManager(session) }],
        }),
      );
      for (const s of this.sessions()) if (s.uri !== session.uri) s.sendEnvelope(body);
    }
    return this.joinedRoom(open ? this.sessions() : [session], open);
  }

  /** The room with a roster made of these sessions' users (uib/aib; managers under key 12276). */
  joinedRoom(sessions: readonly ChatSession[], withRemote = false): JoinedRoom {
    const members: string[] = [];
    const managers: string[] = [];
    const presenters: string[] = [];
    const auditorium = this.room.type === 'Auditorium';
    const seen = new Set<string>();
    for (const s of sessions) {
      if (seen.has(s.uri)) continue;
      seen.add(s.uri);
      (this.isManager(s) ? managers : members).push(s.uri);
      // PC-03: in an auditorium the presenters (those who may post) are named, so clients can show a
      // read-only composer to everyone else.
      if (auditorium && can(s.actor, 'room.post', { room: this.room, category: this.category }).allowed)
        presenters.push(s.uri);
    }
    // Users joined on other nodes of the pool; their presenter flag is not known here.
    if (withRemote)
      for (const r of this.remote.users()) {
        if (seen.has(r.user)) continue;
        seen.add(r.user);
        (r.manager ? managers : members).push(r.user);
      }
    const joined: JoinedRoom = {
      uri: this.room.uri,
      name: this.room.name,
      topic: this.room.description,
      members,
      managers,
      // pchat <prop>s (pidgin-sipe ignores <prop> in rpl:join): privacy and behaviour for the room header.
      privacy: toWirePrivacy(this.room.privacy),
      behavior: toWireBehavior(this.room.type),
    };
    if (auditorium) joined.presenters = presenters;
    return joined;
  }

  /** Roster for a session already in the room (a repeated join): the full list only while open. */
  rosterFor(session: ChatSession): JoinedRoom {
    return this.joinedRoom(this.gate.open ? this.sessions() : [session], this.gate.open);
  }

  /** Removes the session; announces the user's departure when it was their last endpoint (PC-13 rules). */
  remove(session: ChatSession, partRecorded = false): boolean {
    const set = this.users.get(session.uri);
    if (!set?.delete(session)) return false;
    session.joined.delete(this.room.id);
    if (!partRecorded) this.deps.onLeave?.(session, this.room);
    if (set.size > 0) return true;
    this.users.delete(session.uri);
    this.publishPresence(session.uri, false, false);
    if (!this.remote.has(session.uri)) this.announcePart(session.uri);
    return true;
  }

  /** A user is gone from the room everywhere: tell the local sessions while the roster is open (PC-13). */
  private announcePart(user: string): void {
    if (this.gate.update(this.participantCount) && this.users.size > 0) {
      const body = wrapEnvelope(
        this.deps.nextEnvid(),
        encodeNotice({ type: 'part', uri: this.room.uri, users: [user] }),
      );
      for (const s of this.sessions()) s.sendEnvelope(body);
    }
  }

  // ---- the roster across the nodes of a pool (docs/pool.md) ----

  private publishPresence(user: string, joined: boolean, manager: boolean): void {
    this.deps.bus.publish(this.room.id, {
      type: 'presence',
      roomId: this.room.id,
      node: this.node,
      user,
      joined,
      manager,
    });
  }

  private askRoster(): void {
    this.deps.bus.publish(this.room.id, { type: 'roster-query', roomId: this.room.id, node: this.node });
  }

  private remoteJoined(user: string, node: string, manager: boolean): void {
    const present = this.users.has(user) || this.remote.has(user);
    this.remote.add(user, node, manager);
    if (present || !this.gate.update(this.participantCount) || this.users.size === 0) return;
    const body = wrapEnvelope(
      this.deps.nextEnvid(),
      encodeNotice({ type: 'join', user, rooms: [{ uri: this.room.uri, manager }] }),
    );
    for (const s of this.sessions()) s.sendEnvelope(body);
  }

  private remoteLeft(user: string, node: string): void {
    if (this.remote.remove(user, node) && !this.users.has(user)) this.announcePart(user);
  }

  /** A node of the pool was lost: its users are gone from the room unless joined elsewhere too. */
  dropNode(node: string): void {
    for (const user of this.remote.dropNode(node)) if (!this.users.has(user)) this.announcePart(user);
  }

  private onRosterEvent(e: RoomBusEvent): void {
    if (e.type === 'presence' && e.node !== this.node) {
      if (e.joined) this.remoteJoined(e.user, e.node, e.manager);
      else this.remoteLeft(e.user, e.node);
    } else if (e.type === 'roster-query' && e.node !== this.node && this.users.size > 0) {
      const users: Array<{ user: string; manager: boolean }> = [];
      for (const set of this.users.values()) {
        const first = set.values().next().value as ChatSession;
        users.push({ user: first.uri, manager: this.isManager(first) });
      }
      this.deps.bus.publish(this.room.id, {
        type: 'roster',
        roomId: this.room.id,
        node: this.node,
        to: e.node,
        users,
      });
    } else if (e.type === 'roster' && e.to === this.node && e.node !== this.node) {
      for (const u of e.users) this.remoteJoined(u.user, e.node, u.manager);
    }
  }

  /**
   * Removes the session on the server's initiative (PC-05 kick, PC-14 disable): the session is told with
   * `ntc:part` naming itself and, COMPAT(pidgin-sipe): an uncorrelated `rpl:part`, the only thing that
   * makes the client close the room window.
   */
  evict(session: ChatSession): void {
    if (!this.has(session)) return;
    session.send(
      encodeNotice({ type: 'part', uri: this.room.uri, users: [session.uri] }) +
        encodeReply(okReply('part', undefined, { uri: this.room.uri })),
    );
    this.remove(session);
  }

  close(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.remote = new RemoteRoster();
  }

  /** Subscribes again after close() (a join that raced with the release of an empty room). */
  reopen(): void {
    if (this.unsubscribe) return;
    this.unsubscribe = this.deps.bus.subscribe(this.room.id, (e) => this.onBus(e));
    this.askRoster();
  }

  // ---- delivery (PC-08): in id order per room, one serialization per broadcast ----

  private onBus(e: RoomBusEvent): void {
    if (e.type === 'presence' || e.type === 'roster-query' || e.type === 'roster') {
      this.onRosterEvent(e);
      return;
    }
    if (e.type === 'resync') {
      void this.catchUp(true);
      return;
    }
    if (e.type === 'change') {
      this.fanoutChange(e.message, e.deleted);
      return;
    }
    if (!e.stored) {
      // PC-16: history off: no id, delivered in the order this node accepted it.
      this.fanout(e.message);
      return;
    }
    this.accept(e.message);
  }

  private accept(m: ChatMessage): void {
    if (m.id <= this.lastDelivered) return; // duplicate, or older than the join (bccontext has it)
    if (m.id !== this.lastDelivered + 1) {
      this.pending.set(m.id, m);
      void this.catchUp();
      return;
    }
    this.fanout(m);
    this.lastDelivered = m.id;
    for (let next = this.pending.get(m.id + 1); next; next = this.pending.get(this.lastDelivered + 1)) {
      this.pending.delete(next.id);
      this.fanout(next);
      this.lastDelivered = next.id;
    }
  }

  /**
   * A gap: the missing ids are committed (ids follow commit order), so read them from the store. A resync
   * (docs/pool.md, node loss): a message another node committed but never published has no successor to
   * reveal the gap, so the store is read after the last delivered id until it has nothing newer.
   */
  private async catchUp(resync = false): Promise<void> {
    if (this.catchingUp) {
      if (resync) this.resyncAgain = true;
      return;
    }
    this.catchingUp = true;
    try {
      // A resync reads until the store has nothing newer; a gap reads until the gap is filled.
      for (let more = resync; more || this.pending.size > 0;) {
        const from = this.lastDelivered;
        const batch = await this.deps.store.messages.after(this.room.id, from, CATCH_UP_BATCH);
        for (const m of batch) this.accept(m);
        const progressed = this.lastDelivered !== from;
        more = (progressed && batch.length === CATCH_UP_BATCH) || this.resyncAgain;
        this.resyncAgain = false;
        if (!progressed && !more) break;
      }
      // Ids missing from the store too (purged by an admin, PC-45): skip the hole rather than stall the room.
      if (this.pending.size > 0) {
        const min = Math.min(...this.pending.keys());
        const first = this.pending.get(min) as ChatMessage;
        this.pending.delete(min);
        this.lastDelivered = min - 1;
        this.accept(first);
      }
    } catch (e) {
      this.deps.log.error({ err: e, roomId: this.room.id }, 'catch-up after a message gap failed');
    } finally {
      this.catchingUp = false;
    }
  }

  /**
   * An edit or deletion: a grpchat that names the changed message (`replaces`). The SDK shows it as an
   * edit or a deletion; COMPAT(pidgin-sipe): it ignores the attribute and shows the text as a new line, so
   * a deletion carries a notice as its text, like Remove-CsPersistentChatMessage -ReplaceMessage would.
   */
  private fanoutChange(m: ChatMessage, deleted: boolean): void {
    const wire = toWireMessage(
      deleted
        ? { ...m, text: `(${m.author} deleted a message)`, rtf: null, parts: null, storyTitle: null }
        : m,
      this.room.uri,
    );
    delete wire.messageId; // not a new message: the id it changes is in `replaces`
    wire.replaces = String(m.id);
    if (deleted) wire.deleted = true;
    wire.ts = new Date();
    const body = wrapEnvelope(this.deps.nextEnvid(), encodeGrpchat(wire));
    for (const set of this.users.values()) for (const s of set) s.sendEnvelope(body);
  }

  private fanout(m: ChatMessage): void {
    // Serialized once; the same string goes to every endpoint, the author's included (COMPAT(pidgin-sipe):
    // libpurple shows a user's own post only when the server echoes it).
    const body = wrapEnvelope(this.deps.nextEnvid(), encodeGrpchat(toWireMessage(m, this.room.uri)));
    for (const set of this.users.values()) for (const s of set) s.sendEnvelope(body);
  }
}
