// Room behaviours (docs/architecture.md, house rule 5): small modules hooked on typed domain events, instead
// of branches in one room class. Each reacts to the events it names; the dispatcher (index.ts) runs them in
// order, one event after the other.
import type { DomainEvent } from '@pchat/domain';
import type { ChatContext } from '../context.js';
import type { RoomRuntime } from '../room-runtime.js';
import type { ChatSession } from '../session.js';

export interface Behaviour {
  readonly name: string;
  on(event: DomainEvent, ctx: ChatContext): Promise<void> | void;
}

/** Removes a session from a room on the server's initiative, and stops the runtime if it is now empty. */
export function evictFromRoom(ctx: ChatContext, rt: RoomRuntime, session: ChatSession): void {
  rt.evict(session);
  ctx.rooms.releaseIfEmpty(rt);
}
