// PC-05: a user whose access was removed while joined (member entry removed, privacy tightened, room
// moved, category scope narrowed) is removed from the room at once: ntc:part to the session (and the
// roster notice to the others), instead of keeping a session that can no longer read.
import { can, type DomainEvent } from '@pchat/domain';
import type { ChatContext } from '../context.js';
import type { RoomRuntime } from '../room-runtime.js';
import { evictFromRoom, type Behaviour } from './behaviour.js';

function recheck(ctx: ChatContext, rt: RoomRuntime): void {
  if (rt.room.disabled) return; // PC-14 is disable.ts's
  const t = { room: rt.room, category: rt.category };
  for (const s of rt.sessions()) {
    if (!can(s.actor, 'room.join', t).allowed) evictFromRoom(ctx, rt, s);
  }
}

export const kick: Behaviour = {
  name: 'kick',
  on(e: DomainEvent, ctx: ChatContext) {
    switch (e.type) {
      case 'RoomUpdated':
      case 'MembersRemoved':
      case 'RoomMoved': {
        const rt = ctx.rooms.get(e.room.id);
        if (rt) recheck(ctx, rt);
        return;
      }
      case 'CategoryUpdated':
        for (const rt of ctx.rooms.all()) if (rt.category.id === e.category.id) recheck(ctx, rt);
        return;
      default:
        return;
    }
  },
};
