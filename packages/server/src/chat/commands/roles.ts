// Role holders of a room (PC-04, PC-32, PC-48; SDK Add/RemoveUsersOrGroupsToRole, GetMembers/-Managers/
// -Presenters, FindUsersOrGroupsForRole): pchat-addrole, pchat-removerole, pchat-getroles,
// pchat-findprincipals. All of them are a manager's (or an administrator's) business: room.manage.
import {
  eligiblePrincipals,
  isDomainError,
  normalizeUri,
  requireRoom,
  updateRoom,
  type Principal,
  type Room,
  type RoomPatch,
} from '@pchat/domain';
import { okReply, type Principal as WirePrincipal, type RoomRole } from '@pchat/protocol';
import type { ChatContext } from '../context.js';
import { toWirePrincipal } from '../convert.js';
import type { RoomTarget } from '../rooms.js';
import type { ChatSession } from '../session.js';
import type { CommandSpec } from './spec.js';

const LIST = { member: 'members', manager: 'managers', presenter: 'presenters' } as const satisfies Record<
  RoomRole,
  keyof RoomPatch
>;
/** Principals per add/remove: a manager's edit, not a bulk import (groups exist for that, PC-38). */
const MAX_PRINCIPALS = 500;
const DEFAULT_FIND_RESULTS = 100;
const MAX_FIND_RESULTS = 500;
/** A list edit is re-applied on a fresh read when another writer got in between (it commutes). */
const EDIT_ATTEMPTS = 3;

const principalsArgs = (cmd: { principals: string[] }): string | undefined =>
  cmd.principals.length === 0
    ? 'Name at least one principal (<uib uri>) to add or remove.'
    : cmd.principals.length > MAX_PRINCIPALS
      ? `At most ${MAX_PRINCIPALS} principals per command; use a group for more.`
      : undefined;

/**
 * Applies an add/remove edit to one role list through the domain (scope PC-32, PresenterNotInMemList PC-04,
 * NoSuchPrincipal; removing a member drops them as presenter). Events reach the behaviours (kick, PC-05).
 */
async function editRole(
  ctx: ChatContext,
  session: ChatSession,
  roomId: string,
  role: RoomRole,
  edit: 'add' | 'remove',
  principals: string[],
): Promise<Room> {
  for (let attempt = 1; ; attempt++) {
    const { room } = await requireRoom(ctx.store, roomId);
    try {
      return await updateRoom(ctx.deps, session.actor, room.id, room.version, {
        [LIST[role]]: { [edit]: principals },
      });
    } catch (e) {
      if (attempt >= EDIT_ATTEMPTS || !isDomainError(e) || e.code !== 'DataCollision') throw e;
    }
  }
}

export const addrole: CommandSpec<'pchat-addrole'> = {
  dialog: 'chat',
  args: principalsArgs,
  room: (cmd) => cmd.uri,
  action: 'room.manage',
  handle: async ({ ctx, session, envid, target }, cmd) => {
    await editRole(ctx, session, (target as RoomTarget).room.id, cmd.role, 'add', cmd.principals);
    return { reply: okReply('pchat-addrole', envid, {}) };
  },
};

export const removerole: CommandSpec<'pchat-removerole'> = {
  dialog: 'chat',
  args: principalsArgs,
  room: (cmd) => cmd.uri,
  action: 'room.manage',
  handle: async ({ ctx, session, envid, target }, cmd) => {
    await editRole(ctx, session, (target as RoomTarget).room.id, cmd.role, 'remove', cmd.principals);
    return { reply: okReply('pchat-removerole', envid, {}) };
  },
};

export const getroles: CommandSpec<'pchat-getroles'> = {
  dialog: 'chat',
  room: (cmd) => cmd.uri,
  // Role lists name groups and people of a room that may be Closed or Secret: managers' view (as getroom).
  action: 'room.manage',
  handle: async ({ ctx, envid, target }, cmd) => {
    const { room } = await requireRoom(ctx.store, (target as RoomTarget).room.id);
    const uris = room[LIST[cmd.role]];
    const known = new Map<string, Principal>();
    for (const p of await ctx.store.directory.getMany(uris)) known.set(normalizeUri(p.uri), p);
    const principals = uris.map((u): WirePrincipal => {
      const p = known.get(u);
      return p ? toWirePrincipal(p) : { uri: u };
    });
    return { reply: okReply('pchat-getroles', envid, { principals }) };
  },
};

/** A findprincipals for a room not created yet names its category (My Rooms' create form). */
const isCategoryUri = (uri: string): boolean => uri.toLowerCase().startsWith('ma-cat:');

export const findprincipals: CommandSpec<'pchat-findprincipals'> = {
  dialog: 'chat',
  args: (cmd) =>
    cmd.maxResults !== undefined && cmd.maxResults < 1 ? 'maxResults must be at least 1.' : undefined,
  room: (cmd) => (isCategoryUri(cmd.uri) ? undefined : cmd.uri),
  // eligiblePrincipals does not check who asks (PC-48 is an admin cmdlet): only the room's managers and
  // administrators may list who could hold its roles; for a category, those who may create rooms in it.
  action: 'room.manage',
  category: (cmd) => (isCategoryUri(cmd.uri) ? cmd.uri : undefined),
  categoryAction: 'category.createRoom',
  handle: async ({ ctx, envid, target, category }, cmd) => {
    const limit = Math.min(cmd.maxResults ?? DEFAULT_FIND_RESULTS, MAX_FIND_RESULTS);
    const users = await eligiblePrincipals(ctx.deps, {
      ...(target ? { roomId: (target as RoomTarget).room.id } : { categoryId: category!.id }),
      role: cmd.role,
      filter: cmd.query,
      limit,
    });
    return { reply: okReply('pchat-findprincipals', envid, { principals: users.map(toWirePrincipal) }) };
  },
};
