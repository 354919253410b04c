// The built-in directory (PC-26, PC-48): Get-CsAdPrincipal and Get-CsPersistentChatEligiblePrincipal to
// build lists, and pchat's commands to create users (with a password), groups and OUs — what an
// administrator did in Active Directory Users and Computers before.
import Type from 'typebox';
import {
  createGroup,
  createOu,
  createUser,
  DomainError,
  eligiblePrincipals,
  requireUser,
  resolvePrincipal,
  resolvePrincipalUri,
  resolvePrincipalUris,
  updateGroupMembers,
  updateUser,
  type AdminRole,
  type PrincipalKind,
  type UserPatch,
} from '@pchat/domain';
import { setPassword } from '../../../credentials/passwords.js';
import { runChange } from '../context.js';
import { resolveCategory, resolveRoom } from '../identity.js';
import { bool, num, str, type AdminRoute, type Body } from '../route.js';
import { principalView } from '../views.js';

const KINDS: readonly PrincipalKind[] = ['user', 'group', 'ou', 'domain', 'contact'];
const Roles = Type.Array(
  Type.Union(
    ['CsPersistentChatAdministrator', 'CsAdministrator', 'CsViewOnlyAdministrator', 'CsHelpDesk'].map((r) =>
      Type.Literal(r),
    ),
  ),
);

export const directoryRoutes: AdminRoute[] = [
  {
    method: 'GET',
    url: '/v1/principals',
    cmdlet: 'Get-CsAdPrincipal',
    summary: 'Users, groups, OUs, domains and contacts, for building lists',
    access: 'read',
    querystring: Type.Object({
      identity: Type.Optional(Type.String()),
      filter: Type.Optional(Type.String()),
      type: Type.Optional(Type.String()),
      resultSize: Type.Optional(Type.Integer({ minimum: 1 })),
    }),
    handler: async (ctx) => {
      const identity = str(ctx.query.identity);
      // SIP address, UPN, DOMAIN\\sAMAccountName, a group's name or DN, an OU's DN, a domain name.
      if (identity) return [principalView(await resolvePrincipal(ctx.deps.store, identity))];
      const kinds = str(ctx.query.type)
        ?.split(',')
        .map((k) => k.trim().toLowerCase())
        .filter(Boolean) as PrincipalKind[] | undefined;
      const bad = kinds?.filter((k) => !KINDS.includes(k)) ?? [];
      if (bad.length)
        throw new DomainError(
          'InvalidArgument',
          `Unknown principal type ${bad.join(', ')}: use ${KINDS.join(', ')}.`,
        );
      const list = await ctx.deps.store.directory.search({
        ...(kinds?.length ? { kinds } : {}),
        text: (str(ctx.query.filter) ?? '').replace(/\*/g, ''),
        limit: num(ctx.query.resultSize) ?? 1000,
      });
      return list.map(principalView);
    },
  },
  {
    method: 'GET',
    url: '/v1/eligible-principals',
    cmdlet: 'Get-CsPersistentChatEligiblePrincipal',
    summary: 'Users eligible as members/managers (or presenters) of a category or room',
    access: 'read',
    querystring: Type.Object({
      category: Type.Optional(Type.String()),
      room: Type.Optional(Type.String()),
      presenters: Type.Optional(Type.Boolean()),
      filter: Type.Optional(Type.String()),
      persistentChatPoolFqdn: Type.Optional(Type.String()),
      resultSize: Type.Optional(Type.Integer({ minimum: 1 })),
    }),
    handler: async (ctx) => {
      const q = ctx.query;
      const store = ctx.deps.store;
      const pool = str(q.persistentChatPoolFqdn);
      const qualify = (x: string) => (pool && !x.includes('\\') ? `${pool}\\${x}` : x);
      if ((q.category === undefined) === (q.room === undefined))
        throw new DomainError('InvalidArgument', 'Name either -Category or -Room (one of them).');
      const presenters = bool(q.presenters) === true;
      const room = str(q.room) ? await resolveRoom(store, qualify(String(q.room))) : null;
      if (presenters && room?.type !== 'Auditorium')
        throw new DomainError(
          'InvalidArgument',
          '-Presenters applies to auditorium rooms only: name an auditorium room with -Room.',
        );
      const users = await eligiblePrincipals(
        { store, clock: ctx.deps.clock, ids: ctx.deps.ids },
        {
          ...(room
            ? { roomId: room.id }
            : { categoryId: (await resolveCategory(store, qualify(String(q.category)))).id }),
          role: presenters ? 'presenter' : 'member',
          ...(str(q.filter) ? { filter: String(q.filter) } : {}),
          limit: num(q.resultSize) ?? 1000,
        },
      );
      return users.map(principalView);
    },
  },
  {
    method: 'POST',
    url: '/v1/users',
    cmdlet: 'New-CsAdUser',
    summary: 'Create a user (with a password for SIP and admin sign-in)',
    access: 'admin.principal',
    whatIf: true,
    body: Type.Object(
      {
        sipAddress: Type.String({ minLength: 1 }),
        displayName: Type.Optional(Type.String()),
        email: Type.Optional(Type.String()),
        companyName: Type.Optional(Type.String()),
        ou: Type.Optional(Type.String()),
        siteId: Type.Optional(Type.String()),
        adminRoles: Type.Optional(Roles),
        disabled: Type.Optional(Type.Boolean()),
        password: Type.Optional(Type.String({ minLength: 1 })),
      },
      { additionalProperties: false },
    ),
    handler: async (ctx) => {
      const b = ctx.body as Body;
      const out = await runChange(
        ctx.deps,
        ctx.caller,
        ctx.whatIf,
        { cmdlet: 'New-CsAdUser', target: (u) => (u as { uri: string }).uri, details: b },
        async (svc, tx) => {
          const u = await createUser(svc, ctx.caller.actor, {
            sipAddress: b.sipAddress,
            displayName: b.displayName,
            email: b.email ?? null,
            companyName: b.companyName ?? null,
            ou: b.ou ?? null,
            siteId: b.siteId ?? null,
            adminRoles: (b.adminRoles ?? []) as AdminRole[],
            disabled: b.disabled ?? false,
          });
          if (b.password)
            await setPassword(tx, ctx.deps.vault, u.uri, b.password, ctx.deps.realm, ctx.deps.clock.now());
          return u;
        },
      );
      return { ...out, result: principalView(out.result) };
    },
  },
  {
    method: 'PATCH',
    url: '/v1/users',
    cmdlet: 'Set-CsAdUser',
    summary: 'Change a user (display name, disabled, site, admin roles, password)',
    access: 'admin.principal',
    whatIf: true,
    body: Type.Object(
      {
        identity: Type.String({ minLength: 1 }),
        displayName: Type.Optional(Type.String()),
        email: Type.Optional(Type.Union([Type.Null(), Type.String()])),
        companyName: Type.Optional(Type.Union([Type.Null(), Type.String()])),
        siteId: Type.Optional(Type.Union([Type.Null(), Type.String()])),
        adminRoles: Type.Optional(Roles),
        disabled: Type.Optional(Type.Boolean()),
        password: Type.Optional(Type.String({ minLength: 1 })),
      },
      { additionalProperties: false },
    ),
    handler: async (ctx) => {
      const b = ctx.body as Body;
      const out = await runChange(
        ctx.deps,
        ctx.caller,
        ctx.whatIf,
        { cmdlet: 'Set-CsAdUser', target: b.identity, details: b },
        async (svc, tx) => {
          const uri = await resolvePrincipalUri(tx, b.identity, { kinds: ['user'] });
          const patch: UserPatch = {};
          for (const k of [
            'displayName',
            'email',
            'companyName',
            'siteId',
            'adminRoles',
            'disabled',
          ] as const)
            if (b[k] !== undefined) (patch as Record<string, unknown>)[k] = b[k];
          const u = Object.keys(patch).length
            ? await updateUser(svc, ctx.caller.actor, uri, patch)
            : await requireUser(tx, uri);
          if (b.password)
            await setPassword(tx, ctx.deps.vault, u.uri, b.password, ctx.deps.realm, ctx.deps.clock.now());
          // A disabled user's browser sessions end with it, not only at the registrar's next look.
          if (b.disabled === true) await tx.webSessions.deleteForUser(u.uri);
          return u;
        },
      );
      return { ...out, result: principalView(out.result) };
    },
  },
  {
    method: 'POST',
    url: '/v1/groups',
    cmdlet: 'New-CsAdGroup',
    summary: 'Create a security group or distribution list',
    access: 'admin.principal',
    whatIf: true,
    body: Type.Object(
      {
        displayName: Type.String({ minLength: 1 }),
        groupType: Type.Optional(Type.Union([Type.Literal('security'), Type.Literal('distribution')])),
        members: Type.Optional(Type.Array(Type.String())),
      },
      { additionalProperties: false },
    ),
    handler: async (ctx) => {
      const b = ctx.body as Body;
      const out = await runChange(
        ctx.deps,
        ctx.caller,
        ctx.whatIf,
        { cmdlet: 'New-CsAdGroup', target: (g) => (g as { uri: string }).uri, details: b },
        async (svc) =>
          createGroup(svc, ctx.caller.actor, {
            displayName: b.displayName,
            ...(b.groupType ? { groupType: b.groupType } : {}),
            members: await resolvePrincipalUris(svc.store, b.members ?? []),
          }),
      );
      return { ...out, result: principalView(out.result) };
    },
  },
  {
    method: 'PATCH',
    url: '/v1/groups',
    cmdlet: 'Set-CsAdGroup',
    summary: 'Add or remove direct members of a group',
    access: 'admin.principal',
    whatIf: true,
    body: Type.Object(
      {
        identity: Type.String({ minLength: 1 }),
        members: Type.Object({
          add: Type.Optional(Type.Array(Type.String())),
          remove: Type.Optional(Type.Array(Type.String())),
        }),
      },
      { additionalProperties: false },
    ),
    handler: async (ctx) => {
      const b = ctx.body as { identity: string; members: { add?: string[]; remove?: string[] } };
      return runChange(
        ctx.deps,
        ctx.caller,
        ctx.whatIf,
        { cmdlet: 'Set-CsAdGroup', target: b.identity, details: b },
        async (svc, tx) => {
          const uri = await resolvePrincipalUri(tx, b.identity, { kinds: ['group'] });
          await updateGroupMembers(svc, ctx.caller.actor, uri, {
            add: await resolvePrincipalUris(tx, b.members.add ?? []),
            remove: await resolvePrincipalUris(tx, b.members.remove ?? []),
          });
          return { identity: uri, members: await tx.directory.listGroupMembers(uri) };
        },
      );
    },
  },
  {
    method: 'POST',
    url: '/v1/ous',
    cmdlet: 'New-CsAdOrganizationalUnit',
    summary: 'Create an OU (and its missing parents)',
    access: 'admin.principal',
    whatIf: true,
    body: Type.Object(
      { domain: Type.String({ minLength: 1 }), path: Type.String({ minLength: 1 }) },
      { additionalProperties: false },
    ),
    handler: async (ctx) => {
      const b = ctx.body as { domain: string; path: string };
      return runChange(
        ctx.deps,
        ctx.caller,
        ctx.whatIf,
        {
          cmdlet: 'New-CsAdOrganizationalUnit',
          target: (r) => String((r as { identity: string }).identity),
          details: b,
        },
        async (svc) => ({ identity: await createOu(svc, ctx.caller.actor, b) }),
      );
    },
  },
];
