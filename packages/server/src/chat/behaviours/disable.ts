// PC-14: disabling a room disconnects everyone joined, at once; deleting it does the same. The sessions
// stay connected to the service (only the room is gone for them).
import type { DomainEvent } from '@pchat/domain';
import type { ChatContext } from '../context.js';
import { evictFromRoom, type Behaviour } from './behaviour.js';

export const disable: Behaviour = {
  name: 'disable',
  on(e: DomainEvent, ctx: ChatContext) {
    if (e.type !== 'RoomDisabled' && e.type !== 'RoomDeleted') return;
    const rt = ctx.rooms.get(e.room.id);
    if (!rt) return;
    for (const s of rt.sessions()) evictFromRoom(ctx, rt, s);
  },
};
