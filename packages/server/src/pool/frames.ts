// What one node tells the others on the pool bus (docs/pool.md): a room event or a domain event, as JSON of
// the domain's own plain types. It is not a client-facing wire format (those live in @pchat/protocol): only
// pchat nodes of one release read it, and the store stays the truth behind it (a node that misses a
// frame reads the store).
import type { DomainEvent } from '@pchat/domain';
import type { PoolSignal, RoomBusEvent } from '../chat/bus.js';

export type PoolFrame =
  | { node: string; room: RoomBusEvent }
  | { node: string; domain: DomainEvent }
  | { node: string; signal: PoolSignal };

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function encodeFrame(frame: PoolFrame): Uint8Array {
  return encoder.encode(JSON.stringify(frame));
}

/** Null for anything that is not a frame of this release (logged by the caller, never thrown into a room). */
export function decodeFrame(bytes: Uint8Array | string): PoolFrame | null {
  try {
    const v = JSON.parse(typeof bytes === 'string' ? bytes : decoder.decode(bytes)) as Record<
      string,
      unknown
    >;
    if (typeof v.node !== 'string') return null;
    if (isObject(v.room) && typeof v.room.type === 'string' && typeof v.room.roomId === 'string')
      return v as PoolFrame;
    if (isObject(v.domain) && typeof v.domain.type === 'string') return v as PoolFrame;
    if (v.signal === 'settings' || v.signal === 'topology') return v as PoolFrame;
    return null;
  } catch {
    return null;
  }
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null;
}
