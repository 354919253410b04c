// Keeps each runtime's cached room and category current (auditorium PC-02, privacy PC-03, history PC-16
// are read from that cache when posting and joining). Runs before the other behaviours.
import type { DomainEvent } from '@pchat/domain';
import type { ChatContext } from '../context.js';
import type { Behaviour } from './behaviour.js';

export const refresh: Behaviour = {
  name: 'refresh',
  async on(e: DomainEvent, ctx: ChatContext) {
    switch (e.type) {
      case 'RoomUpdated':
      case 'RoomDisabled':
      case 'RoomEnabled':
      case 'MembersRemoved': {
        const rt = ctx.rooms.get(e.room.id);
        if (!rt) return;
        const category =
          rt.category.id === e.room.categoryId
            ? rt.category
            : await ctx.store.rooms.getCategory(e.room.categoryId);
        if (category) rt.refresh(e.room, category);
        return;
      }
      case 'RoomMoved': {
        ctx.rooms.get(e.room.id)?.refresh(e.room, e.to);
        return;
      }
      case 'CategoryUpdated':
        for (const rt of ctx.rooms.all())
          if (rt.category.id === e.category.id) rt.refresh(rt.room, e.category);
        return;
      default:
        return;
    }
  },
};
