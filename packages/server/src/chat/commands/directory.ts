// Directory-side commands: requri (legacy lookup dialog), getserverinfo (PC-22), getassociations (PC-21)
// and chansrch (PC-11). Visibility is can()'s (via the domain's searchRooms); disabled rooms are hidden.
import { can, searchRooms, type Category, type Room, type RoomFilter } from '@pchat/domain';
import { okReply, type RoomQuery, type RoomSummary } from '@pchat/protocol';
import { parseCategoryUri } from '@pchat/protocol';
import type { ChatContext } from '../context.js';
import { toRoomSummary } from '../convert.js';
import type { ChatSession } from '../session.js';
import type { CommandSpec } from './spec.js';

/** Upper bound of one directory answer when the client names none. */
const MAX_DIRECTORY_RESULTS = 500;

export const requri: CommandSpec<'requri'> = {
  dialog: 'any',
  // docs/xccos.md §5.5: the answer names the pool's chat server URI; the client then INVITEs it.
  handle: async ({ ctx, envid }) => ({ reply: okReply('requri', envid, { uri: ctx.pool.chatServerUri }) }),
};

export const getserverinfo: CommandSpec<'getserverinfo'> = {
  dialog: 'chat',
  handle: async ({ ctx, envid }, cmd) => {
    const { pool, config } = ctx;
    // A blank RoomManagementUrl means the built-in page: the web app's My Rooms (PC-55).
    const base = ctx.httpBase();
    const roomManagementUrl =
      config.roomManagementUrl || (base ? `${base.replace(/\/+$/, '')}/my-rooms` : '');
    return {
      reply: okReply('getserverinfo', envid, {
        infoType: cmd.infoType,
        serverTime: new Date(ctx.clock.now()),
        searchLimit: config.searchLimit,
        messageSizeLimit: config.messageSizeLimit,
        storySizeLimit: config.storySizeLimit,
        rootUri: pool.rootCategoryUri,
        dbVersion: pool.databaseVersion,
        displayName: pool.displayName,
        ...(roomManagementUrl === '' ? {} : { roomManagementUrl }),
        domain: pool.domain,
      }),
    };
  },
};

export const getassociations: CommandSpec<'getassociations'> = {
  dialog: 'chat',
  handle: async ({ ctx, session, envid }, cmd) => {
    const rooms = await associations(ctx, session, cmd.role, MAX_DIRECTORY_RESULTS);
    return { reply: okReply('getassociations', envid, { rooms }) };
  },
};

export const chansrch: CommandSpec<'chansrch'> = {
  dialog: 'chat',
  args: (cmd) =>
    cmd.maxResults !== undefined && cmd.maxResults < 1 ? 'maxResults must be at least 1.' : undefined,
  handle: async ({ ctx, session, envid }, cmd) => {
    const limit = Math.min(cmd.maxResults ?? MAX_DIRECTORY_RESULTS, MAX_DIRECTORY_RESULTS);
    const rooms = await directoryQuery(ctx, session, cmd.query, limit);
    return { reply: okReply('chansrch', envid, { rooms }) };
  },
};

/** Rooms where the user is a member (or manager), through groups, OUs and domains too. */
async function associations(
  ctx: ChatContext,
  session: ChatSession,
  role: 'member' | 'manager',
  limit: number,
): Promise<RoomSummary[]> {
  const anyOf = [...session.actor.ancestry];
  const f: RoomFilter = role === 'member' ? { memberAnyOf: anyOf } : { managerAnyOf: anyOf };
  return summarize(
    ctx,
    session,
    await searchRooms(ctx.deps, session.actor, { ...f, poolFqdn: ctx.pool.fqdn, disabled: false }),
    limit,
  );
}

async function directoryQuery(
  ctx: ChatContext,
  session: ChatSession,
  q: RoomQuery,
  limit: number,
): Promise<RoomSummary[]> {
  const base: RoomFilter = { poolFqdn: ctx.pool.fqdn, disabled: false }; // PC-11, PC-14: disabled rooms are hidden
  const search = async (f: RoomFilter): Promise<RoomSummary[]> =>
    summarize(ctx, session, await searchRooms(ctx.deps, session.actor, { ...base, ...f }), limit);
  switch (q.qtype) {
    case 'BYNAME':
      // PC-11: by name and description; empty criteria lists every visible room.
      return search(q.criteria.trim() === '' ? {} : { text: q.criteria.trim(), searchDescription: true });
    case 'BYCAT': {
      const { value } = parseCategoryUri(q.categoryUri);
      return search({ categoryId: value });
    }
    case 'MEMBER':
      return associations(ctx, session, 'member', limit);
    case 'MANAGED':
      return associations(ctx, session, 'manager', limit);
    case 'BYINV': {
      const invs = await ctx.store.invitations.listAfter(session.uri, q.lastInviteId ?? 0, limit);
      const rooms: Room[] = [];
      for (const inv of invs) {
        const r = await ctx.store.rooms.getRoom(inv.roomId);
        if (r && !r.disabled && !rooms.some((x) => x.id === r.id)) rooms.push(r);
      }
      return summarize(ctx, session, rooms, limit);
    }
    case 'BYJOINEDUSER': {
      const user = q.userUri.toLowerCase();
      const rooms = ctx.rooms
        .all()
        .filter((rt) => rt.participants().includes(user))
        .map((rt) => rt.room);
      return summarize(ctx, session, rooms, limit);
    }
    case 'BYFILTER': {
      const f = q.filter;
      const filter: RoomFilter = {};
      if (f.terms !== undefined && f.terms.trim() !== '') filter.text = f.terms.trim();
      if (f.searchDescription !== undefined) filter.searchDescription = f.searchDescription;
      if (f.memberUri !== undefined) filter.memberAnyOf = [f.memberUri.toLowerCase()];
      if (f.managerUri !== undefined) filter.managerAnyOf = [f.managerUri.toLowerCase()];
      if (f.categoryUri !== undefined) filter.categoryId = parseCategoryUri(f.categoryUri).value;
      if (f.addinId !== undefined) filter.addinId = f.addinId;
      if (f.privacy !== undefined)
        filter.privacy = f.privacy === 'open' ? 'Open' : f.privacy === 'closed' ? 'Closed' : 'Secret';
      if (f.behavior !== undefined) filter.type = f.behavior === 'auditorium' ? 'Auditorium' : 'Normal';
      if (f.invitations !== undefined) filter.invitations = f.invitations === 'inherit' ? 'Inherit' : 'False';
      return search(filter);
    }
  }
}

/** Visible, enabled rooms as directory entries with their live participant count on this node. */
async function summarize(
  ctx: ChatContext,
  session: ChatSession,
  rooms: readonly Room[],
  limit: number,
): Promise<RoomSummary[]> {
  const categories = new Map<string, Category | null>();
  const out: RoomSummary[] = [];
  for (const room of rooms) {
    if (out.length >= limit) break;
    if (room.disabled) continue;
    if (!categories.has(room.categoryId))
      categories.set(room.categoryId, await ctx.store.rooms.getCategory(room.categoryId));
    const category = categories.get(room.categoryId);
    if (!category || !can(session.actor, 'room.view', { room, category }).allowed) continue;
    out.push(toRoomSummary(room, category, ctx.rooms.get(room.id)?.participantCount ?? 0));
  }
  return out;
}
