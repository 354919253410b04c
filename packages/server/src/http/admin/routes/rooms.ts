// CsPersistentChatRoom (PC-01..PC-05, PC-14, PC-34, PC-44) and the content purge cmdlets (PC-45).
import Type from 'typebox';
import {
  clearRoomHistory,
  createRoom,
  deleteRoom,
  DomainError,
  purgeMessages,
  resolveAncestry,
  resolveListEdit,
  resolvePrincipalUri,
  updateRoom,
  type ListEdit as DomainListEdit,
  type RoomFilter,
  type RoomPatch,
} from '@pchat/domain';
import { runChange } from '../context.js';
import { nodeIdentity, resolveAddin, resolveCategory, resolveRoom } from '../identity.js';
import { bool, num, numericVersion, str, type AdminRoute, type Body, type RouteCtx } from '../route.js';
import { Invitations, ListEdit, Privacy, RoomType, Version } from '../schemas.js';
import { roomView, roomViews } from '../views.js';
import { contentSizes } from '../transfer/sql.js';

function date(v: unknown, what: string): number | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  const t = typeof v === 'number' ? v : Date.parse(String(v));
  if (!Number.isFinite(t))
    throw new DomainError(
      'InvalidArgument',
      `${what} '${String(v)}' is not a date: use e.g. 2026-11-01 or 2026-11-01T12:00:00Z.`,
    );
  return t;
}

async function getRooms(ctx: RouteCtx) {
  const q = ctx.query;
  const store = ctx.deps.store;
  const identity = str(q.identity);
  if (identity) {
    if (q.category !== undefined || q.filter !== undefined || q.persistentChatPoolFqdn !== undefined) {
      throw new DomainError(
        'InvalidArgument',
        'Identity cannot be combined with Category, Filter or PersistentChatPoolFqdn. Use one or the other.',
      );
    }
    return [await roomView(store, await resolveRoom(store, identity))];
  }
  const f: RoomFilter = {};
  const pool = str(q.persistentChatPoolFqdn);
  if (pool) f.poolFqdn = pool.toLowerCase();
  const category = str(q.category);
  if (category) f.categoryId = (await resolveCategory(store, category)).id;
  const filter = str(q.filter);
  if (filter) f.text = filter.replace(/\*/g, '');
  if (bool(q.searchDescription)) f.searchDescription = true;
  const disabled = bool(q.disabled);
  if (disabled !== undefined) f.disabled = disabled;
  if (q.privacy) f.privacy = q.privacy as RoomFilter['privacy'];
  if (q.type) f.type = q.type as RoomFilter['type'];
  if (q.invitations) f.invitations = q.invitations as RoomFilter['invitations'];
  const addin = str(q.addin);
  if (addin) f.addinId = (await resolveAddin(store, addin)).id;
  // Member/Manager filters name a principal: rooms whose lists name it or any of its groups/OUs/domain.
  const member = str(q.member);
  if (member) f.memberAnyOf = [...(await resolveAncestry(store, await resolvePrincipalUri(store, member)))];
  const manager = str(q.manager);
  if (manager)
    f.managerAnyOf = [...(await resolveAncestry(store, await resolvePrincipalUri(store, manager)))];
  const size = num(q.resultSize);
  let rooms = await store.rooms.listRooms(f);
  const exceeds = num(q.chatContentExceedsMB);
  if (exceeds !== undefined) {
    const sizes = await contentSizes(
      store,
      rooms.map((r) => r.id),
    );
    rooms = rooms.filter((r) => (sizes.get(r.id) ?? 0) > exceeds * 1024 * 1024);
  }
  if (size !== undefined) rooms = rooms.slice(0, size);
  return roomViews(store, rooms);
}

/** -ReplaceMessage without text (PC-45: roughly "replaced by the Persistent Chat administrator"). */
const DEFAULT_REPLACEMENT = 'This message was replaced by the Persistent Chat administrator.';

const roleEdits = ['members', 'managers', 'presenters'] as const;

export const roomRoutes: AdminRoute[] = [
  {
    method: 'GET',
    url: '/v1/rooms',
    cmdlet: 'Get-CsPersistentChatRoom',
    summary: 'List rooms with every filter of Get-CsPersistentChatRoom',
    access: 'read',
    querystring: Type.Object({
      identity: Type.Optional(Type.String()),
      category: Type.Optional(Type.String()),
      persistentChatPoolFqdn: Type.Optional(Type.String()),
      filter: Type.Optional(Type.String()),
      searchDescription: Type.Optional(Type.Boolean()),
      disabled: Type.Optional(Type.Boolean()),
      privacy: Type.Optional(Privacy),
      type: Type.Optional(RoomType),
      invitations: Type.Optional(Invitations),
      addin: Type.Optional(Type.String()),
      member: Type.Optional(Type.String()),
      manager: Type.Optional(Type.String()),
      resultSize: Type.Optional(Type.Integer({ minimum: 1 })),
      chatContentExceedsMB: Type.Optional(Type.Number({ minimum: 0 })),
    }),
    handler: getRooms,
  },
  {
    method: 'POST',
    url: '/v1/rooms',
    cmdlet: 'New-CsPersistentChatRoom',
    summary: 'Create a room (Managers and Presenters are set afterwards)',
    access: 'admin.room',
    whatIf: true,
    body: Type.Object(
      {
        name: Type.String({ minLength: 1 }),
        category: Type.String({ minLength: 1 }),
        description: Type.Optional(Type.String()),
        persistentChatPoolFqdn: Type.Optional(Type.String()),
        privacy: Type.Optional(Privacy),
        type: Type.Optional(RoomType),
        invitations: Type.Optional(Invitations),
        disabled: Type.Optional(Type.Boolean()),
        addin: Type.Optional(Type.String()),
      },
      { additionalProperties: false },
    ),
    handler: async (ctx) => {
      const b = ctx.body as Body;
      const out = await runChange(
        ctx.deps,
        ctx.caller,
        ctx.whatIf,
        {
          cmdlet: 'New-CsPersistentChatRoom',
          target: (r) => nodeIdentity(r as { poolFqdn: string; name: string }),
          details: b,
        },
        async (svc) => {
          const pool = b.persistentChatPoolFqdn as string | undefined;
          const cat = await resolveCategory(
            svc.store,
            pool && !String(b.category).includes('\\') ? `${pool}\\${b.category}` : b.category,
          );
          const addinId = b.addin ? (await resolveAddin(svc.store, b.addin)).id : null;
          return createRoom(svc, ctx.caller.actor, {
            categoryId: cat.id,
            name: b.name,
            description: b.description,
            privacy: b.privacy,
            type: b.type,
            invitations: b.invitations,
            disabled: b.disabled,
            addinId,
            creatorIsManager: false,
          });
        },
      );
      return { ...out, result: (await roomView(ctx.deps.store, out.result)) ?? out.result };
    },
  },
  {
    method: 'PATCH',
    url: '/v1/rooms',
    cmdlet: 'Set-CsPersistentChatRoom',
    summary: 'Change a room; Members/Managers/Presenters are list edits; Category moves it',
    access: 'admin.room',
    whatIf: true,
    versioned: true,
    body: Type.Object(
      {
        identity: Type.String({ minLength: 1 }),
        version: Type.Optional(Version),
        name: Type.Optional(Type.String()),
        description: Type.Optional(Type.String()),
        category: Type.Optional(Type.String()),
        privacy: Type.Optional(Privacy),
        type: Type.Optional(RoomType),
        invitations: Type.Optional(Invitations),
        disabled: Type.Optional(Type.Boolean()),
        addin: Type.Optional(Type.Union([Type.Null(), Type.String()])),
        members: Type.Optional(ListEdit),
        managers: Type.Optional(ListEdit),
        presenters: Type.Optional(ListEdit),
      },
      { additionalProperties: false },
    ),
    handler: async (ctx) => {
      const b = ctx.body as Body;
      const version = numericVersion(ctx);
      const out = await runChange(
        ctx.deps,
        ctx.caller,
        ctx.whatIf,
        { cmdlet: 'Set-CsPersistentChatRoom', target: b.identity, details: b },
        async (svc) => {
          const room = await resolveRoom(svc.store, b.identity);
          const patch: RoomPatch = {};
          for (const k of ['name', 'description', 'privacy', 'type', 'invitations', 'disabled'] as const)
            if (b[k] !== undefined) (patch as Record<string, unknown>)[k] = b[k];
          for (const k of roleEdits)
            if (b[k] !== undefined) patch[k] = await resolveListEdit(svc.store, b[k] as DomainListEdit);
          if (b.category !== undefined)
            patch.categoryId = (
              await resolveCategory(
                svc.store,
                String(b.category).includes('\\') ? b.category : `${room.poolFqdn}\\${b.category}`,
              )
            ).id;
          if (b.addin !== undefined)
            patch.addinId = b.addin === null ? null : (await resolveAddin(svc.store, b.addin)).id;
          return updateRoom(svc, ctx.caller.actor, room.id, version, patch);
        },
      );
      return { ...out, result: (await roomView(ctx.deps.store, out.result)) ?? out.result };
    },
  },
  {
    method: 'DELETE',
    url: '/v1/rooms',
    cmdlet: 'Remove-CsPersistentChatRoom',
    summary: 'Remove a room with its content',
    access: 'admin.room',
    whatIf: true,
    querystring: Type.Object({ identity: Type.String({ minLength: 1 }) }),
    handler: async (ctx) => {
      const identity = String(ctx.query.identity);
      return runChange(
        ctx.deps,
        ctx.caller,
        ctx.whatIf,
        { cmdlet: 'Remove-CsPersistentChatRoom', target: identity, details: {} },
        async (svc) => {
          const room = await resolveRoom(svc.store, identity);
          await deleteRoom(svc, ctx.caller.actor, room.id);
          return null;
        },
      );
    },
  },
  {
    method: 'POST',
    url: '/v1/rooms/clear',
    cmdlet: 'Clear-CsPersistentChatRoom',
    summary: 'Remove all content posted up to and including EndDate',
    access: 'admin.purge',
    whatIf: true,
    body: Type.Object(
      { identity: Type.String({ minLength: 1 }), endDate: Type.String({ minLength: 1 }) },
      { additionalProperties: false },
    ),
    handler: async (ctx) => {
      const identity = String(ctx.body.identity);
      const endTs = date(ctx.body.endDate, 'EndDate') as number;
      return runChange(
        ctx.deps,
        ctx.caller,
        ctx.whatIf,
        { cmdlet: 'Clear-CsPersistentChatRoom', target: identity, details: ctx.body },
        async (svc) => {
          const room = await resolveRoom(svc.store, identity);
          return {
            identity: nodeIdentity(room),
            messagesRemoved: await clearRoomHistory(svc, ctx.caller.actor, room.id, endTs),
          };
        },
      );
    },
  },
  {
    method: 'POST',
    url: '/v1/rooms/messages/remove',
    cmdlet: 'Remove-CsPersistentChatMessage',
    summary: 'Remove or replace matching messages of a room',
    access: 'admin.purge',
    whatIf: true,
    body: Type.Object(
      {
        identity: Type.String({ minLength: 1 }),
        userUri: Type.Optional(Type.String()),
        filter: Type.Optional(Type.String()),
        matchClause: Type.Optional(
          Type.Union([Type.Literal('All'), Type.Literal('Or'), Type.Literal('Exact')]),
        ),
        caseSensitive: Type.Optional(Type.Boolean()),
        startDate: Type.Optional(Type.String()),
        endDate: Type.Optional(Type.String()),
        remove: Type.Optional(Type.Boolean()),
        replaceMessage: Type.Optional(Type.String()),
      },
      { additionalProperties: false },
    ),
    handler: async (ctx) => {
      const b = ctx.body as Body;
      const identity = String(b.identity);
      return runChange(
        ctx.deps,
        ctx.caller,
        ctx.whatIf,
        { cmdlet: 'Remove-CsPersistentChatMessage', target: identity, details: b },
        async (svc) => {
          const room = await resolveRoom(svc.store, identity);
          const startTs = date(b.startDate, 'StartDate');
          const endTs = date(b.endDate, 'EndDate');
          if (b.remove === true && b.replaceMessage !== undefined)
            throw new DomainError('InvalidArgument', 'Use either -Remove or -ReplaceMessage, not both.');
          const n = await purgeMessages(svc, ctx.caller.actor, {
            roomId: room.id,
            ...(b.userUri ? { userUri: b.userUri } : {}),
            terms: String(b.filter ?? '')
              .split(/\s+/)
              .filter(Boolean),
            matchClause: b.matchClause ?? 'All',
            caseSensitive: b.caseSensitive === true,
            ...(startTs !== undefined ? { startTs } : {}),
            ...(endTs !== undefined ? { endTs } : {}),
            replaceWith: b.remove === true ? null : (b.replaceMessage ?? DEFAULT_REPLACEMENT),
          });
          return {
            identity: nodeIdentity(room),
            messagesAffected: n,
            action: b.remove === true ? 'Removed' : 'Replaced',
          };
        },
      );
    },
  },
];
