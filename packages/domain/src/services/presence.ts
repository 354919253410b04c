// Presence (PC-86, PC-87: user endpoints publish presence, application endpoints cannot): what the
// endpoints of each user published, aggregated into one state ([MS-PRES] 3.7.5.5 availability numbers)
// and published on the presence bus whenever it changes. Kept in memory: presence lives only while an
// endpoint is signed in, so it needs no storage; it ends when the user's last endpoint goes away.
// Aggregation: a state the user chose (busy, away, ...) wins; otherwise the most available machine state
// of the user's endpoints; an endpoint that published nothing yet counts as online. Who may see what is
// decided per watcher by can('presence.view'): those who may not see get "offline" like everyone sees an
// offline person, so a block is never an oracle. Knows no SIP.
import { assertCan, can } from '../access/can.js';
import { DomainError } from '../errors.js';
import type { Actor, PrincipalUri } from '../model/principal.js';
import {
  DEFAULT_ONLINE_AVAILABILITY,
  MAX_NOTE_LENGTH,
  type EndpointPublication,
  type PresenceState,
} from '../model/presence.js';
import type { PresenceBus } from '../ports/presence-bus.js';
import type { Clock, ContactStore } from '../ports/store.js';

interface UserPresence {
  /** Endpoint key → its machine state (null: none published yet). */
  endpoints: Map<string, number | null>;
  userState: number | null;
  note: string | null;
  state: PresenceState;
}

export interface PresenceServiceDeps {
  bus: PresenceBus;
  contacts: ContactStore;
  clock: Clock;
}

const OFFLINE = (since: number): PresenceState => ({ availability: null, note: null, since });

function checkAvailability(n: number | null | undefined): void {
  if (n === null || n === undefined) return;
  if (!Number.isInteger(n) || n < 0 || n > 100_000)
    throw new DomainError(
      'InvalidArgument',
      `${n} is not an availability: use a number such as 3500 (online).`,
    );
}

export class PresenceService {
  private readonly local = new Map<PrincipalUri, UserPresence>();
  /** The last state heard on the bus for everyone online (from any node). */
  private readonly known = new Map<PrincipalUri, PresenceState>();
  private readonly blockedCache = new Map<PrincipalUri, Promise<ReadonlySet<string>>>();
  private readonly unsubscribe: () => void;

  constructor(private readonly deps: PresenceServiceDeps) {
    this.unsubscribe = deps.bus.subscribe((c) => {
      if (c.accessChanged === true) this.blockedCache.delete(c.uri);
      if (c.state.availability === null) this.known.delete(c.uri);
      else this.known.set(c.uri, c.state);
    });
  }

  /** An endpoint of `actor` publishes (or signs in: an empty publication makes it count as online). */
  publish(actor: Actor, endpoint: string, pub: EndpointPublication): PresenceState {
    assertCan(actor, 'presence.publish');
    checkAvailability(pub.userState);
    checkAvailability(pub.machineState);
    if (pub.note !== undefined && pub.note !== null && pub.note.length > MAX_NOTE_LENGTH)
      throw new DomainError('InvalidArgument', `A note may have at most ${MAX_NOTE_LENGTH} characters.`);
    let u = this.local.get(actor.uri);
    if (u === undefined) {
      u = { endpoints: new Map(), userState: null, note: null, state: OFFLINE(0) };
      this.local.set(actor.uri, u);
    }
    if (!u.endpoints.has(endpoint) || pub.machineState !== undefined)
      u.endpoints.set(endpoint, pub.machineState ?? u.endpoints.get(endpoint) ?? null);
    if (pub.userState !== undefined) u.userState = pub.userState;
    if (pub.note !== undefined) u.note = pub.note === '' ? null : pub.note;
    this.recompute(actor.uri, u);
    return u.state;
  }

  /** An endpoint signed out, lost its connection or its registration expired. */
  endpointGone(uri: PrincipalUri, endpoint: string): void {
    const u = this.local.get(uri);
    if (u === undefined || !u.endpoints.delete(endpoint)) return;
    if (u.endpoints.size === 0) {
      this.local.delete(uri);
      this.deps.bus.publish({ uri, state: OFFLINE(this.deps.clock.now()) });
      return;
    }
    this.recompute(uri, u);
  }

  /** Whether an endpoint of this node publishes for `uri` under `endpoint`. */
  hasEndpoint(uri: PrincipalUri, endpoint: string): boolean {
    return this.local.get(uri)?.endpoints.has(endpoint) ?? false;
  }

  /** The aggregated state as its owner sees it (offline when nobody publishes). */
  state(uri: PrincipalUri): PresenceState {
    return this.known.get(uri) ?? OFFLINE(0);
  }

  /**
   * What watchers see of `owner`: a function deciding per watcher (the owner's blocked list is read once,
   * so a fan-out to many watchers costs one lookup). A watcher who may see gets `state` itself (the same
   * object), so a fan-out can tell the two forms apart without comparing them.
   */
  async viewOf(owner: PrincipalUri): Promise<(watcher: Actor, state?: PresenceState) => PresenceState> {
    const blocked = await this.blockedOf(owner);
    return (watcher, state = this.state(owner)) => {
      const d = can(watcher, 'presence.view', { owner, blockedByOwner: blocked.has(watcher.uri) });
      return d.allowed ? state : OFFLINE(state.since);
    };
  }

  /**
   * The owner blocked or unblocked someone: this node and, told by the change, every other node re-read
   * the list and tell the watchers again.
   */
  blockedChanged(owner: PrincipalUri): void {
    this.blockedCache.delete(owner);
    this.deps.bus.publish({ uri: owner, state: this.state(owner), accessChanged: true });
  }

  close(): void {
    this.unsubscribe();
  }

  private blockedOf(owner: PrincipalUri): Promise<ReadonlySet<string>> {
    let p = this.blockedCache.get(owner);
    if (p === undefined) {
      p = this.deps.contacts.blocked(owner).then((l) => new Set(l));
      // A failed read is not cached: the next change tries again.
      p.catch(() => this.blockedCache.delete(owner));
      this.blockedCache.set(owner, p);
    }
    return p;
  }

  private recompute(uri: PrincipalUri, u: UserPresence): void {
    let machine: number | null = null;
    for (const m of u.endpoints.values()) if (m !== null && (machine === null || m < machine)) machine = m;
    const availability = u.userState ?? machine ?? DEFAULT_ONLINE_AVAILABILITY;
    if (u.state.availability === availability && u.state.note === u.note) return;
    u.state = { availability, note: u.note, since: this.deps.clock.now() };
    this.deps.bus.publish({ uri, state: u.state });
  }
}
