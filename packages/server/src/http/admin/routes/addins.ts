// CsPersistentChatAddin (PC-18, PC-46).
import Type from 'typebox';
import { createAddin, deleteAddin, updateAddin } from '@pchat/domain';
import { runChange } from '../context.js';
import { nodeIdentity, resolveAddin } from '../identity.js';
import { numericVersion, str, type AdminRoute, type Body } from '../route.js';
import { Version } from '../schemas.js';
import { addinView } from '../views.js';

export const addinRoutes: AdminRoute[] = [
  {
    method: 'GET',
    url: '/v1/addins',
    cmdlet: 'Get-CsPersistentChatAddin',
    summary: 'List add-ins',
    access: 'read',
    querystring: Type.Object({
      identity: Type.Optional(Type.String()),
      persistentChatPoolFqdn: Type.Optional(Type.String()),
    }),
    handler: async (ctx) => {
      const id = str(ctx.query.identity);
      if (id) return [addinView(await resolveAddin(ctx.deps.store, id))];
      return (
        await ctx.deps.store.rooms.listAddins(str(ctx.query.persistentChatPoolFqdn)?.toLowerCase())
      ).map(addinView);
    },
  },
  {
    method: 'POST',
    url: '/v1/addins',
    cmdlet: 'New-CsPersistentChatAddin',
    summary: 'Register an add-in',
    access: 'admin.addin',
    whatIf: true,
    body: Type.Object(
      {
        name: Type.String({ minLength: 1 }),
        url: Type.String({ minLength: 1 }),
        persistentChatPoolFqdn: Type.Optional(Type.String()),
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
          cmdlet: 'New-CsPersistentChatAddin',
          target: (a) => nodeIdentity(a as { poolFqdn: string; name: string }),
          details: b,
        },
        (svc) =>
          createAddin(svc, ctx.caller.actor, {
            name: b.name,
            url: b.url,
            ...(b.persistentChatPoolFqdn ? { poolFqdn: b.persistentChatPoolFqdn } : {}),
          }),
      );
      return { ...out, result: addinView(out.result) };
    },
  },
  {
    method: 'PATCH',
    url: '/v1/addins',
    cmdlet: 'Set-CsPersistentChatAddin',
    summary: 'Change an add-in',
    access: 'admin.addin',
    whatIf: true,
    versioned: true,
    body: Type.Object(
      {
        identity: Type.String({ minLength: 1 }),
        version: Type.Optional(Version),
        name: Type.Optional(Type.String()),
        url: Type.Optional(Type.String()),
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
        { cmdlet: 'Set-CsPersistentChatAddin', target: b.identity, details: b },
        async (svc) => {
          const a = await resolveAddin(svc.store, b.identity);
          return updateAddin(svc, ctx.caller.actor, a.id, version, {
            ...(b.name !== undefined ? { name: b.name } : {}),
            ...(b.url !== undefined ? { url: b.url } : {}),
          });
        },
      );
      return { ...out, result: addinView(out.result) };
    },
  },
  {
    method: 'DELETE',
    url: '/v1/addins',
    cmdlet: 'Remove-CsPersistentChatAddin',
    summary: 'Remove an add-in (rooms using it lose it)',
    access: 'admin.addin',
    whatIf: true,
    querystring: Type.Object({ identity: Type.String({ minLength: 1 }) }),
    handler: async (ctx) => {
      const identity = String(ctx.query.identity);
      return runChange(
        ctx.deps,
        ctx.caller,
        ctx.whatIf,
        { cmdlet: 'Remove-CsPersistentChatAddin', target: identity, details: {} },
        async (svc) => {
          const a = await resolveAddin(svc.store, identity);
          await deleteAddin(svc, ctx.caller.actor, a.id);
          return null;
        },
      );
    },
  },
];
