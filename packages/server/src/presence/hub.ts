// The SIP side of presence and roaming contacts on one node: the subscriptions (each one a SIP dialog in the
// one DialogTable, created by a 2xx to SUBSCRIBE), and the BENOTIFYs that tell them of changes ([MS-SIP]
// ms-benotify: a NOTIFY the client does not answer). Presence changes arrive from the presence bus and are
// filtered per watcher by the presence service (can('presence.view')); contact list changes come from the
// SERVICE handler and go to every roaming-contacts subscription of the same user (all their endpoints).
import {
  ContactsService,
  OFFLINE_AVAILABILITY,
  PresenceService,
  type Actor,
  type ContactListChange,
  type PresenceChange,
  type PresenceState,
  type PrincipalUri,
  type Store,
} from '@pchat/domain';
import {
  CT_ROAMING_CONTACTS,
  EVENT_PRESENCE,
  EVENT_ROAMING_CONTACTS,
  encodeContactDelta,
  encodePresence,
  encodePresenceMultipart,
  type EncodedPresence,
  type PresenceView,
} from '@pchat/protocol';
import type { Logger } from 'pino';
import { createInDialogRequest, type DialogTable, type SipDialog } from '../sip/transaction/index.js';
import type { PoolPresenceBus } from './pool-link.js';

export type SubscriptionKind = 'presence' | 'contacts' | 'self';

/**
 * At most this many people per presence message: a 2,000-person batch in one body would pass the 1 MiB a
 * SIP message may carry, so the answer carries the first ones and BENOTIFYs the rest.
 */
export const PRESENCE_CHUNK = 100;

/** One subscription, kept in its dialog's `data`. */
export interface PresenceSubscription {
  readonly presenceSubscription: true;
  kind: SubscriptionKind;
  actor: Actor;
  /** Presence: the people watched (lower-cased `sip:` addresses). */
  resources: Set<PrincipalUri>;
  expiresAt: number;
  /** RLMI list version ([RFC 4662] §5.2: +1 per NOTIFY of this subscription). */
  version: number;
  dialog: SipDialog | null;
}

export function isPresenceSubscription(data: unknown): data is PresenceSubscription {
  return typeof data === 'object' && data !== null && 'presenceSubscription' in data;
}

export interface PresenceHubOptions {
  store: Store;
  /** Presence and contact list changes, on this node and (once attached) across the pool. */
  bus: PoolPresenceBus;
  dialogs: DialogTable;
  logger: Logger;
  now: () => number;
}

/** What a watcher sees: the aggregated state, or offline. */
export function toView(uri: PrincipalUri, s: PresenceState): PresenceView {
  return { uri, availability: s.availability ?? OFFLINE_AVAILABILITY, note: s.note, since: s.since };
}

export class PresenceHub {
  readonly presence: PresenceService;
  readonly contacts: ContactsService;
  private readonly byResource = new Map<PrincipalUri, Set<PresenceSubscription>>();
  private readonly byOwner = new Map<PrincipalUri, Set<PresenceSubscription>>();
  private readonly unsubscribe: () => void;
  private readonly sweeper: NodeJS.Timeout;
  /** Fan-outs still running (tests and the benchmark wait on idle()). */
  private pending = new Set<Promise<void>>();

  constructor(private readonly o: PresenceHubOptions) {
    this.presence = new PresenceService({ bus: o.bus, contacts: o.store.contacts, clock: { now: o.now } });
    this.contacts = new ContactsService({
      contacts: o.store.contacts,
      onBlockedChanged: (owner) => this.presence.blockedChanged(owner),
    });
    const offPresence = o.bus.subscribe((c) => this.track(this.fanOut(c)));
    const offContacts = o.bus.subscribeContacts((owner, change) => this.deliverContacts(owner, change));
    this.unsubscribe = () => {
      offPresence();
      offContacts();
    };
    // However a subscription's dialog ends (un-SUBSCRIBE, its connection closing), it leaves the indexes.
    o.dialogs.onTerminated((d) => {
      if (isPresenceSubscription(d.data)) this.forget(d.data);
    });
    this.sweeper = setInterval(() => this.sweep(), 30_000);
    this.sweeper.unref();
  }

  /** Registers a subscription whose dialog was just created. */
  add(sub: PresenceSubscription): void {
    if (sub.kind === 'presence') for (const r of sub.resources) this.index(this.byResource, r, sub);
    else this.index(this.byOwner, sub.actor.uri, sub);
  }

  /** Adds or removes watched people of a presence subscription (a batched re-SUBSCRIBE). */
  watch(sub: PresenceSubscription, add: readonly PrincipalUri[], remove: readonly PrincipalUri[] = []): void {
    for (const r of remove) {
      sub.resources.delete(r);
      this.unindex(this.byResource, r, sub);
    }
    for (const r of add) {
      sub.resources.add(r);
      this.index(this.byResource, r, sub);
    }
  }

  /** The views a watcher gets of `uris` now (offline for whom it may not see). */
  async views(watcher: Actor, uris: readonly PrincipalUri[]): Promise<PresenceView[]> {
    const out: PresenceView[] = [];
    for (const u of uris) {
      const see = await this.presence.viewOf(u);
      out.push(toView(u, see(watcher)));
    }
    return out;
  }

  /**
   * Sends views as BENOTIFYs of at most PRESENCE_CHUNK people each (the rest of a first answer too large
   * for one message), after the answer now being sent (next turn of the event loop).
   */
  sendViews(sub: PresenceSubscription, views: readonly PresenceView[]): void {
    if (views.length === 0) return;
    setImmediate(() => {
      for (let i = 0; i < views.length; i += PRESENCE_CHUNK) {
        const m = encodePresenceMultipart(
          sub.actor.uri,
          ++sub.version,
          views.slice(i, i + PRESENCE_CHUNK),
          false,
        );
        this.send(sub, EVENT_PRESENCE, m.contentType, m.body);
      }
    });
  }

  /** A contact list changed: every endpoint of `owner` (on any node) subscribed to it is told. */
  contactsChanged(owner: PrincipalUri, change: ContactListChange): void {
    this.o.bus.publishContacts(owner, change);
  }

  /** Tells this node's endpoints of `owner` subscribed to its contact list what changed ([MS-SIP] contactDelta). */
  private deliverContacts(owner: PrincipalUri, change: ContactListChange): void {
    const body = encodeContactDelta(change);
    for (const sub of this.byOwner.get(owner) ?? [])
      if (sub.kind === 'contacts') this.send(sub, EVENT_ROAMING_CONTACTS, CT_ROAMING_CONTACTS, body);
  }

  /** Resolves when every fan-out started so far has sent its BENOTIFYs. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  /** Subscriptions on this node (for tests and metrics). */
  get size(): { presence: number; roaming: number } {
    const p = new Set<PresenceSubscription>();
    for (const s of this.byResource.values()) for (const x of s) p.add(x);
    let r = 0;
    for (const s of this.byOwner.values()) r += s.size;
    return { presence: p.size, roaming: r };
  }

  close(): void {
    this.unsubscribe();
    clearInterval(this.sweeper);
    this.presence.close();
  }

  private track(p: Promise<void>): void {
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }

  private async fanOut(c: PresenceChange): Promise<void> {
    const subs = this.byResource.get(c.uri);
    if (subs === undefined || subs.size === 0) return;
    try {
      const see = await this.presence.viewOf(c.uri);
      // Each watcher sees the change as it is or as offline: each form is encoded once for all of them.
      let shown: EncodedPresence | undefined;
      let hidden: EncodedPresence | undefined;
      for (const sub of [...subs]) {
        const s = see(sub.actor, c.state);
        const doc =
          s === c.state
            ? (shown ??= encodePresence(toView(c.uri, s)))
            : (hidden ??= encodePresence(toView(c.uri, s)));
        const m = encodePresenceMultipart(sub.actor.uri, ++sub.version, [doc], false);
        this.send(sub, EVENT_PRESENCE, m.contentType, m.body);
      }
    } catch (err) {
      this.o.logger.error({ err, uri: c.uri }, 'presence fan-out failed');
    }
  }

  private send(sub: PresenceSubscription, event: string, contentType: string, body: string): void {
    const d = sub.dialog;
    if (d === null || d.state === 'terminated') return;
    const left = Math.max(0, Math.round((sub.expiresAt - this.o.now()) / 1000));
    const req = createInDialogRequest(d, 'BENOTIFY', {
      headers: [
        { name: 'Event', value: event },
        { name: 'Subscription-State', value: `active;expires=${left}` },
      ],
      body,
      contentType,
    });
    d.connection.send(req);
  }

  private forget(sub: PresenceSubscription): void {
    for (const r of sub.resources) this.unindex(this.byResource, r, sub);
    this.unindex(this.byOwner, sub.actor.uri, sub);
  }

  private sweep(): void {
    const t = this.o.now();
    const seen = new Set<PresenceSubscription>();
    for (const m of [this.byResource, this.byOwner])
      for (const set of m.values()) for (const s of set) if (s.expiresAt <= t) seen.add(s);
    for (const s of seen) {
      if (s.dialog !== null) this.o.dialogs.terminate(s.dialog, 'subscription expired');
      else this.forget(s);
    }
  }

  private index(
    m: Map<PrincipalUri, Set<PresenceSubscription>>,
    k: PrincipalUri,
    s: PresenceSubscription,
  ): void {
    let set = m.get(k);
    if (!set) m.set(k, (set = new Set()));
    set.add(s);
  }

  private unindex(
    m: Map<PrincipalUri, Set<PresenceSubscription>>,
    k: PrincipalUri,
    s: PresenceSubscription,
  ): void {
    const set = m.get(k);
    if (!set) return;
    set.delete(s);
    if (set.size === 0) m.delete(k);
  }
}
