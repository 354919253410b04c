// The Bus port (docs/architecture.md, the bus): room events for fan-out. In-process for one node; a Redis,
// NATS or pg-notify implementation carries the same events between the nodes of a pool. A message is
// durable in the store before it is published, and every stored message event carries its per-room id,
// so a node that sees a gap (id > last delivered + 1) catches up from the store with messages.after().
import type { ChatMessage } from '@pchat/domain';

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
  | { type: 'change'; roomId: string; message: ChatMessage; deleted: boolean };
// Later, for pools: joins/parts (roster across nodes) and room changes (so behaviours run on every node).

export type BusHandler = (event: RoomBusEvent) => void;

export interface Bus {
  publish(roomId: string, event: RoomBusEvent): void;
  /** Returns the unsubscribe function. */
  subscribe(roomId: string, handler: BusHandler): () => void;
}

/** One node: handlers run synchronously, in subscription order; one failing handler does not stop the others. */
export class InProcessBus implements Bus {
  private readonly topics = new Map<string, Set<BusHandler>>();

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

  /** Rooms with at least one subscriber (tests, metrics). */
  get topicCount(): number {
    return this.topics.size;
  }
}
