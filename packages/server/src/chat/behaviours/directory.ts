// A directory sync that changed users' standing (PC-26) takes effect in open sessions: each affected
// session rebuilds its actor (groups, OU, disabled flag); a user who may no longer use chat (disabled, gone)
// has its sessions ended, and a user who lost access to a joined room (left the group that gave it) is
// removed from that room at once, as an edit of the member list would (PC-05).
import { buildActor, can, type Actor, type DomainEvent } from '@pchat/domain';
import type { ChatContext } from '../context.js';
import { evictFromRoom, type Behaviour } from './behaviour.js';

export const directory: Behaviour = {
  name: 'directory',
  async on(e: DomainEvent, ctx: ChatContext) {
    if (e.type !== 'DirectoryChanged') return;
    const users = new Set(e.users.map((u) => u.toLowerCase()));
    const groups = new Set(e.groups.map((g) => g.toLowerCase()));
    // A session is affected when its user changed, or its (cached) ancestry names a group that changed.
    const affected = (ancestry: ReadonlySet<string>) => {
      for (const g of groups) if (ancestry.has(g)) return true;
      return false;
    };
    for (const s of ctx.sessions.all()) {
      if (s.closed || (!users.has(s.uri) && !affected(s.actor.ancestry))) continue;
      let actor: Actor | null;
      try {
        actor = await buildActor(ctx.store, s.uri);
      } catch {
        actor = null;
      }
      const connect = actor ? can(actor, 'chat.connect') : null;
      if (!actor || !connect?.allowed) {
        const why =
          connect && !connect.allowed
            ? connect.reason
            : `The account ${s.uri} is no longer in the directory.`;
        ctx.log.info({ session: s.id, user: s.uri }, 'chat session ended after a directory change');
        ctx.endSession(s, 'refused', why);
        continue;
      }
      s.replaceActor(actor);
      for (const roomId of [...s.joined]) {
        const rt = ctx.rooms.get(roomId);
        if (
          rt &&
          !rt.room.disabled &&
          !can(actor, 'room.join', { room: rt.room, category: rt.category }).allowed
        )
          evictFromRoom(ctx, rt, s);
      }
    }
  },
};
