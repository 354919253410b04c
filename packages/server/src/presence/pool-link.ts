// Presence across the nodes of a pool (docs/presence.md): the PresenceBus of a node, carried
// over the same pool bus as room events. Changes are handed to this node's handlers at once and sent to the
// other nodes as domain broadcasts (PresenceChanged, ContactListChanged); broadcasts from the other nodes
// reach this node's handlers. Until the chat host opens the pool bus (a node without a pool yet) it is a
// one-node bus; attach() joins the pool once the bus exists.
import type {
  ContactListChange,
  DomainEvent,
  PresenceBus,
  PresenceChange,
  PresenceHandler,
  PrincipalUri,
} from '@pchat/domain';
import type { Bus } from '../chat/bus.js';

export type ContactListHandler = (owner: PrincipalUri, change: ContactListChange) => void;

export class PoolPresenceBus implements PresenceBus {
  private readonly handlers = new Set<PresenceHandler>();
  private readonly contactHandlers = new Set<ContactListHandler>();
  private bus: Bus | null = null;
  private detach: () => void = () => undefined;

  constructor(private readonly onHandlerError: (e: unknown) => void = () => undefined) {}

  /** Joins the pool: from now on changes cross nodes through `bus`. */
  attach(bus: Bus): void {
    this.detach();
    this.bus = bus;
    this.detach = bus.onBroadcast((e: DomainEvent) => {
      if (e.type === 'PresenceChanged') {
        const { type: _type, ...change } = e;
        this.deliver(change);
      } else if (e.type === 'ContactListChanged') this.deliverContacts(e.owner, e.change);
    });
  }

  publish(change: PresenceChange): void {
    this.deliver(change);
    this.bus?.broadcast({ type: 'PresenceChanged', ...change });
  }

  subscribe(handler: PresenceHandler): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  /** A contact list changed on this node: its owner's endpoints here and on the other nodes are told. */
  publishContacts(owner: PrincipalUri, change: ContactListChange): void {
    this.deliverContacts(owner, change);
    this.bus?.broadcast({ type: 'ContactListChanged', owner, change });
  }

  subscribeContacts(handler: ContactListHandler): () => void {
    this.contactHandlers.add(handler);
    return () => this.contactHandlers.delete(handler);
  }

  private deliver(change: PresenceChange): void {
    for (const h of [...this.handlers])
      try {
        h(change);
      } catch (e) {
        this.onHandlerError(e);
      }
  }

  private deliverContacts(owner: PrincipalUri, change: ContactListChange): void {
    for (const h of [...this.contactHandlers])
      try {
        h(owner, change);
      } catch (e) {
        this.onHandlerError(e);
      }
  }
}
