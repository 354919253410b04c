// What the NATS and Redis adapters share: this node's own subscribers are served in-process and at once
// (the post's author sees the echo without a round trip), every event is also sent to the other nodes, and
// frames from them are handed to the same in-process subscribers. One subject (channel) per room, listened
// to only while this node has the room open, so a node receives only the rooms its users are in.
import type { DomainEvent } from '@pchat/domain';
import {
  InProcessBus,
  type Bus,
  type BusHandler,
  type DomainEventHandler,
  type PoolSignal,
  type PoolSignalHandler,
  type RoomBusEvent,
} from '../chat/bus.js';
import { decodeFrame, encodeFrame } from './frames.js';

export interface RelayLog {
  error(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export abstract class RelayBus implements Bus {
  protected readonly local: InProcessBus;

  constructor(
    /** This node's name: frames carry it, so an adapter without echo suppression drops its own. */
    protected readonly node: string,
    /** Subject (channel) prefix of this pool. */
    protected readonly prefix: string,
    protected readonly log: RelayLog,
  ) {
    this.local = new InProcessBus((e, ev) => log.error({ err: e, roomId: ev.roomId }, 'bus handler failed'));
  }

  protected roomSubject(roomId: string): string {
    return `${this.prefix}.room.${roomId}`;
  }

  protected get domainSubject(): string {
    return `${this.prefix}.domain`;
  }

  /** Sends bytes on a subject to the other nodes. */
  protected abstract send(subject: string, bytes: Uint8Array): void;
  /** Starts listening to a room's subject (first local subscriber). */
  protected abstract listen(roomId: string): void;
  /** Stops listening (last local subscriber gone). */
  protected abstract unlisten(roomId: string): void;
  abstract close(): Promise<void>;

  publish(roomId: string, event: RoomBusEvent): void {
    this.local.publish(roomId, event);
    if (event.type !== 'resync')
      this.send(this.roomSubject(roomId), encodeFrame({ node: this.node, room: event }));
  }

  subscribe(roomId: string, handler: BusHandler): () => void {
    const first = !this.local.has(roomId);
    const off = this.local.subscribe(roomId, handler);
    if (first) this.listen(roomId);
    return () => {
      off();
      if (!this.local.has(roomId)) this.unlisten(roomId);
    };
  }

  broadcast(event: DomainEvent): void {
    this.send(this.domainSubject, encodeFrame({ node: this.node, domain: event }));
  }

  onBroadcast(handler: DomainEventHandler): () => void {
    return this.local.onBroadcast(handler);
  }

  signal(signal: PoolSignal): void {
    this.send(this.domainSubject, encodeFrame({ node: this.node, signal }));
  }

  onSignal(handler: PoolSignalHandler): () => void {
    return this.local.onSignal(handler);
  }

  resyncAll(): void {
    this.local.resyncAll();
  }

  /** A frame from the bus: handed to this node's subscribers unless this node sent it. */
  protected receive(bytes: Uint8Array | string): void {
    const frame = decodeFrame(bytes);
    if (!frame) {
      this.log.warn({}, 'pool bus: a frame that is not from this pchat release was ignored');
      return;
    }
    if (frame.node === this.node) return;
    if ('room' in frame) {
      if (frame.room.type !== 'resync') this.local.publish(frame.room.roomId, frame.room);
    } else if ('domain' in frame) this.local.deliverBroadcast(frame.domain);
    else this.local.deliverSignal(frame.signal);
  }
}
