// join, bjoin, part (PC-05, PC-13). Who may join is can('room.join'): Open rooms everyone in scope,
// Closed/Secret members only, Secret rooms invisible (NoSuchNode) to others, disabled rooms NodeDisabled.
import { assertCan } from '@pchat/domain';
import { okReply, type JoinedRoom } from '@pchat/protocol';
import type { ChatContext } from '../context.js';
import type { RoomRuntime } from '../room-runtime.js';
import type { RoomTarget } from '../rooms.js';
import type { ChatSession } from '../session.js';
import type { CommandSpec } from './spec.js';

/** Joins in the commit phase (same turn as the reply): the roster and the ntc:join agree with rpl:join. */
function joinNow(ctx: ChatContext, session: ChatSession, started: RoomRuntime): JoinedRoom {
  const rt = ctx.rooms.attach(started);
  return rt.has(session) ? rt.rosterFor(session) : rt.add(session);
}

export const join: CommandSpec<'join'> = {
  dialog: 'chat',
  room: (cmd) => cmd.uri,
  action: 'room.join',
  handle: async ({ ctx, session, envid, target }) => {
    const rt = await ctx.rooms.ensure(target as RoomTarget);
    // PC-71: recorded before the reply, so it precedes anything the client does in the room.
    if (!session.joined.has(rt.roomId)) await ctx.compliance.record('JOIN', rt.room, session.uri);
    return () => ({ reply: okReply('join', envid, { rooms: [joinNow(ctx, session, rt)] }) });
  },
};

export const bjoin: CommandSpec<'bjoin'> = {
  dialog: 'chat',
  args: (cmd) =>
    cmd.uris.length === 0
      ? 'cmd:bjoin needs at least one <chanid>.'
      : cmd.uris.length > 500
        ? 'cmd:bjoin takes at most 500 rooms.'
        : undefined,
  handle: async ({ ctx, session, envid }, cmd) => {
    // PC-20: rooms the user may not join (any more) are left out of rpl:bjoin; the others are joined.
    const started: RoomRuntime[] = [];
    for (const uri of new Set(cmd.uris)) {
      try {
        const t = await ctx.rooms.resolve(uri);
        assertCan(session.actor, 'room.join', t);
        const rt = await ctx.rooms.ensure(t);
        if (!session.joined.has(rt.roomId)) await ctx.compliance.record('JOIN', rt.room, session.uri);
        started.push(rt);
      } catch (e) {
        ctx.log.debug({ err: e, uri, session: session.id }, 'bjoin: room skipped');
      }
    }
    return () => ({
      reply: okReply('bjoin', envid, { rooms: started.map((rt) => joinNow(ctx, session, rt)) }),
    });
  },
};

export const part: CommandSpec<'part'> = {
  dialog: 'chat',
  room: (cmd) => cmd.uri,
  joined: true,
  handle: async ({ ctx, session, envid, target }) => {
    const room = (target as RoomTarget).room;
    await ctx.compliance.record('PART', room, session.uri); // PC-71, before the reply
    return () => {
      const rt = ctx.rooms.get(room.id);
      if (rt) {
        rt.remove(session, true);
        ctx.rooms.releaseIfEmpty(rt);
      }
      session.joined.delete(room.id);
      return { reply: okReply('part', envid, { uri: room.uri }) };
    };
  },
};
