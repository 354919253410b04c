// CsPersistentChatCategory (PC-30..PC-33, PC-43).
import Type from 'typebox';
import {
  createCategory,
  deleteCategory,
  updateCategory,
  type CategoryPatch,
  resolveListEdit,
  resolvePrincipalUris,
  type ListEdit as DomainListEdit,
} from '@pchat/domain';
import { runChange } from '../context.js';
import { nodeIdentity, resolveCategory } from '../identity.js';
import { numericVersion, str, type AdminRoute, type Body } from '../route.js';
import { ListEdit, Version } from '../schemas.js';
import { categoryView } from '../views.js';

export const categoryRoutes: AdminRoute[] = [
  {
    method: 'GET',
    url: '/v1/categories',
    cmdlet: 'Get-CsPersistentChatCategory',
    summary: 'List categories (by identity, pool)',
    access: 'read',
    querystring: Type.Object({
      identity: Type.Optional(Type.String()),
      persistentChatPoolFqdn: Type.Optional(Type.String()),
    }),
    handler: async (ctx) => {
      const id = str(ctx.query.identity);
      if (id) return [categoryView(await resolveCategory(ctx.deps.store, id))];
      const pool = str(ctx.query.persistentChatPoolFqdn)?.toLowerCase();
      const roots = new Set(
        (await ctx.deps.store.topology.listPools()).map((p) => p.rootCategoryUri.toLowerCase()),
      );
      return (await ctx.deps.store.rooms.listCategories(pool))
        .filter((c) => !roots.has(c.uri.toLowerCase()))
        .map(categoryView);
    },
  },
  {
    method: 'POST',
    url: '/v1/categories',
    cmdlet: 'New-CsPersistentChatCategory',
    summary: 'Create a category (rooms cannot be assigned at creation)',
    access: 'admin.category',
    whatIf: true,
    body: Type.Object(
      {
        name: Type.String({ minLength: 1 }),
        description: Type.Optional(Type.String()),
        persistentChatPoolFqdn: Type.Optional(Type.String()),
        enableFileUpload: Type.Optional(Type.Boolean()),
        enableInvitations: Type.Optional(Type.Boolean()),
        removeChatHistory: Type.Optional(Type.Boolean()),
        allowedMembers: Type.Optional(Type.Array(Type.String())),
        deniedMembers: Type.Optional(Type.Array(Type.String())),
        creators: Type.Optional(Type.Array(Type.String())),
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
          cmdlet: 'New-CsPersistentChatCategory',
          target: (c) => nodeIdentity(c as { poolFqdn: string; name: string }),
          details: b,
        },
        async (svc) =>
          createCategory(svc, ctx.caller.actor, {
            name: b.name,
            description: b.description,
            poolFqdn: b.persistentChatPoolFqdn,
            fileUpload: b.enableFileUpload,
            invitations: b.enableInvitations,
            chatHistory: b.removeChatHistory === undefined ? undefined : !b.removeChatHistory,
            allowedMembers: b.allowedMembers && (await resolvePrincipalUris(svc.store, b.allowedMembers)),
            deniedMembers: b.deniedMembers && (await resolvePrincipalUris(svc.store, b.deniedMembers)),
            creators: b.creators && (await resolvePrincipalUris(svc.store, b.creators)),
          }),
      );
      return { ...out, result: categoryView(out.result) };
    },
  },
  {
    method: 'PATCH',
    url: '/v1/categories',
    cmdlet: 'Set-CsPersistentChatCategory',
    summary: 'Change a category; AllowedMembers/DeniedMembers/Creators are list edits',
    access: 'admin.category',
    whatIf: true,
    versioned: true,
    body: Type.Object(
      {
        identity: Type.String({ minLength: 1 }),
        version: Type.Optional(Version),
        name: Type.Optional(Type.String()),
        description: Type.Optional(Type.String()),
        fileUpload: Type.Optional(Type.Boolean()),
        invitations: Type.Optional(Type.Boolean()),
        chatHistory: Type.Optional(Type.Boolean()),
        allowedMembers: Type.Optional(ListEdit),
        deniedMembers: Type.Optional(ListEdit),
        creators: Type.Optional(ListEdit),
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
        { cmdlet: 'Set-CsPersistentChatCategory', target: b.identity, details: b },
        async (svc) => {
          const c = await resolveCategory(svc.store, b.identity);
          const patch: CategoryPatch = {};
          for (const k of ['name', 'description', 'fileUpload', 'invitations', 'chatHistory'] as const)
            if (b[k] !== undefined) (patch as Record<string, unknown>)[k] = b[k];
          for (const k of ['allowedMembers', 'deniedMembers', 'creators'] as const)
            if (b[k] !== undefined) patch[k] = await resolveListEdit(svc.store, b[k] as DomainListEdit);
          return updateCategory(svc, ctx.caller.actor, c.id, version, patch);
        },
      );
      return { ...out, result: categoryView(out.result) };
    },
  },
  {
    method: 'DELETE',
    url: '/v1/categories',
    cmdlet: 'Remove-CsPersistentChatCategory',
    summary: 'Remove an empty category',
    access: 'admin.category',
    whatIf: true,
    versioned: true,
    querystring: Type.Object({ identity: Type.String({ minLength: 1 }), version: Type.Optional(Version) }),
    handler: async (ctx) => {
      const identity = String(ctx.query.identity);
      const version = numericVersion(ctx);
      return runChange(
        ctx.deps,
        ctx.caller,
        ctx.whatIf,
        { cmdlet: 'Remove-CsPersistentChatCategory', target: identity, details: {} },
        async (svc) => {
          const c = await resolveCategory(svc.store, identity);
          await deleteCategory(svc, ctx.caller.actor, c.id, version);
          return null;
        },
      );
    },
  },
];
