// The Bus port (docs/architecture.md, the bus): room events for fan-out. In-process for one node; the
// NATS and Redis adapters (src/pool/, docs/pool.md) carry the same events between the nodes of a pool. A
// message is durable in the store before it is published, and every stored message event carries its
// per-room id, so a node that sees a gap (id > last delivered + 1) catches up from the store with
// messages.after().
import type { ChatMessage, DomainEvent } from '@pchat/domain';

export type RoomBusEvent =
  /**
   * A post accepted in the room. `stored` = committed with `message.id` (catch up by id after a gap);
   * not stored = a history-off room (PC-16): delivered as is, never caught up, `message.id` is 0.
   */
  | { type: 'message'; roomId: string; message: ChatMessage; stored: boolean }
  /**
   * An author edited (`deleted` false: `message` is the stored message with its new text) or deleted
   * (`message` is what was deleted) their own message. Every node delivers it to its joined endpoints.
   */
  | { type: 'change'; roomId: string; message: ChatMessage; deleted: boolean }
  /**
   * Roster across nodes (docs/pool.md): `user` joined (its first endpoint on `node`) or left (its last
   * endpoint on `node`) the room. Ignored by the node that sent it.
   */
  | { type: 'presence'; roomId: string; node: string; user: string; joined: boolean; manager: boolean }
  /** A runtime started on `node` asks the other nodes who is joined there. */
  | { type: 'roster-query'; roomId: string; node: string }
  /** The answer of `node` to the query of `to`: the users joined on `node`. */
  | {
      type: 'roster';
      roomId: string;
      node: string;
      to: string;
      users: Array<{ user: string; manager: boolean }>;
    }
  /**
   * Never crosses nodes: the bus may have missed events (it reconnected, or a node of the pool was lost
   * between its commit and its publish), so the runtime reads the store after its last delivered id.
   */
  | { type: 'resync'; roomId: string };

export type BusHandler = (event: RoomBusEvent) => void;
export type DomainEventHandler = (event: DomainEvent) => void;
/**
 * A change every node of a pool applies at once (docs/pool.md): the chat and compliance settings were
 * changed (re-read them), or the pools or the chat data were (restart the chat service).
 */
export type PoolSignal = 'settings' | 'topology';
export type PoolSignalHandler = (signal: PoolSignal) => void;

export interface Bus {
  publish(roomId: string, event: RoomBusEvent): void;
  /** Returns the unsubscribe function. */
  subscribe(roomId: string, handler: BusHandler): () => void;
  /**
   * A domain event committed on this node, for the behaviours of every OTHER node (room changes, role
   * changes, removals, disabling, invitations: docs/pool.md). This node's own behaviours already have it.
   */
  broadcast(event: DomainEvent): void;
  /** Domain events from the other nodes. Returns the unsubscribe function. */
  onBroadcast(handler: DomainEventHandler): () => void;
  /** Tells the OTHER nodes to apply a change made through this node's admin API. */
  signal(signal: PoolSignal): void;
  /** Signals from the other nodes. Returns the unsubscribe function. */
  onSignal(handler: PoolSignalHandler): () => void;
  /** Asks every subscribed room to resync from the store (see the `resync` event). */
  resyncAll(): void;
  close(): Promise<void>;
}

/** One node: handlers run synchronously, in subscription order; one failing handler does not stop the others. */
export class InProcessBus implements Bus {
  private readonly topics = new Map<string, Set<BusHandler>>();
  private readonly domainHandlers = new Set<DomainEventHandler>();
  private readonly signalHandlers = new Set<PoolSignalHandler>();

  constructor(private readonly onHandlerError: (e: unknown, event: RoomBusEvent) => void = () => undefined) {}

  publish(roomId: string, event: RoomBusEvent): void {
    const handlers = this.topics.get(roomId);
    if (!handlers) return;
    for (const h of [...handlers]) {
      try {
        h(event);
      } catch (e) {
        this.onHandlerError(e, event);
      }
    }
  }

  subscribe(roomId: string, handler: BusHandler): () => void {
    let set = this.topics.get(roomId);
    if (!set) this.topics.set(roomId, (set = new Set()));
    set.add(handler);
    return () => {
      const s = this.topics.get(roomId);
      if (!s) return;
      s.delete(handler);
      if (s.size === 0) this.topics.delete(roomId);
    };
  }

  /** One process: there is no other node to tell. */
  broadcast(): void {}

  onBroadcast(handler: DomainEventHandler): () => void {
    this.domainHandlers.add(handler);
    return () => this.domainHandlers.delete(handler);
  }

  /** Delivers a domain event from another node to this node's handlers (the pool adapters). */
  deliverBroadcast(event: DomainEvent): void {
    for (const h of [...this.domainHandlers]) h(event);
  }

  /** One process: there is no other node to tell. */
  signal(): void {}

  onSignal(handler: PoolSignalHandler): () => void {
    this.signalHandlers.add(handler);
    return () => this.signalHandlers.delete(handler);
  }

  /** Delivers a signal from another node to this node's handlers (the pool adapters). */
  deliverSignal(signal: PoolSignal): void {
    for (const h of [...this.signalHandlers]) h(signal);
  }

  resyncAll(): void {
    for (const roomId of [...this.topics.keys()]) this.publish(roomId, { type: 'resync', roomId });
  }

  has(roomId: string): boolean {
    return this.topics.has(roomId);
  }

  async close(): Promise<void> {}

  /** Rooms with at least one subscriber (tests, metrics). */
  get topicCount(): number {
    return this.topics.size;
  }
}
