// Persistent Chat endpoints (PC-47) and trusted applications with their endpoints
// (New-CsTrustedApplication / -Endpoint, PC-87).
import Type from 'typebox';
import {
  DomainError,
  newApplicationEndpoint,
  newChatEndpoint,
  newTrustedApplicationInPool,
  removeContact,
  type Contact,
} from '@pchat/domain';
import { runChange } from '../context.js';
import { num, str, type AdminRoute, type Body, wildcard } from '../route.js';
import { endpointView, trustedAppView } from '../views.js';

async function listContacts(ctx: Parameters<AdminRoute['handler']>[0], type: Contact['contactType']) {
  const pool = str(ctx.query.persistentChatPoolFqdn)?.toLowerCase();
  const identity = str(ctx.query.identity)?.toLowerCase().replace(/^sip:/, '');
  const match = wildcard(str(ctx.query.filter));
  let list = (await ctx.deps.store.directory.listContacts(pool)).filter((c) => c.contactType === type);
  if (identity) {
    list = list.filter(
      (c) => c.uri.replace(/^sip:/, '') === identity || c.displayName.toLowerCase() === identity,
    );
    if (list.length === 0)
      throw new DomainError(
        'NoSuchPrincipal',
        `No ${type === 'application' ? 'trusted application endpoint' : 'Persistent Chat endpoint'} '${identity}' exists. List them with Get-Cs${type === 'application' ? 'TrustedApplicationEndpoint' : 'PersistentChatEndpoint'}.`,
        { identity },
      );
  }
  list = list.filter((c) => match(c.uri) || match(c.displayName));
  const size = num(ctx.query.resultSize);
  return (size !== undefined ? list.slice(0, size) : list).map(endpointView);
}

export const endpointRoutes: AdminRoute[] = [
  {
    method: 'GET',
    url: '/v1/endpoints',
    cmdlet: 'Get-CsPersistentChatEndpoint',
    summary: 'List Persistent Chat endpoints (friendly pool contacts)',
    access: 'read',
    querystring: Type.Object({
      identity: Type.Optional(Type.String()),
      filter: Type.Optional(Type.String()),
      persistentChatPoolFqdn: Type.Optional(Type.String()),
      resultSize: Type.Optional(Type.Integer({ minimum: 1 })),
    }),
    handler: (ctx) => listContacts(ctx, 'persistentChatEndpoint'),
  },
  {
    method: 'POST',
    url: '/v1/endpoints',
    cmdlet: 'New-CsPersistentChatEndpoint',
    summary: 'Create a Persistent Chat endpoint',
    access: 'admin.endpoint',
    whatIf: true,
    body: Type.Object(
      {
        sipAddress: Type.String({ minLength: 1 }),
        persistentChatPoolFqdn: Type.String({ minLength: 1 }),
        displayName: Type.Optional(Type.String()),
      },
      { additionalProperties: false },
    ),
    handler: async (ctx) => {
      const b = ctx.body as Body;
      const out = await runChange(
        ctx.deps,
        ctx.caller,
        ctx.whatIf,
        { cmdlet: 'New-CsPersistentChatEndpoint', target: b.sipAddress, details: b },
        (svc) =>
          newChatEndpoint(svc, ctx.caller.actor, {
            sipAddress: b.sipAddress,
            poolFqdn: b.persistentChatPoolFqdn,
            ...(b.displayName !== undefined ? { displayName: b.displayName } : {}),
          }),
      );
      return { ...out, result: endpointView(out.result) };
    },
  },
  {
    method: 'DELETE',
    url: '/v1/endpoints',
    cmdlet: 'Remove-CsPersistentChatEndpoint',
    summary: 'Remove a Persistent Chat endpoint',
    access: 'admin.endpoint',
    whatIf: true,
    querystring: Type.Object({ identity: Type.String({ minLength: 1 }) }),
    handler: async (ctx) => {
      const raw = String(ctx.query.identity);
      const uri = raw.includes(':') ? raw : `sip:${raw}`;
      return runChange(
        ctx.deps,
        ctx.caller,
        ctx.whatIf,
        { cmdlet: 'Remove-CsPersistentChatEndpoint', target: uri, details: {} },
        async (svc) => {
          await removeContact(svc, ctx.caller.actor, uri, 'persistentChatEndpoint');
          return null;
        },
      );
    },
  },
  {
    method: 'GET',
    url: '/v1/trusted-applications',
    cmdlet: 'Get-CsTrustedApplication',
    summary: 'List trusted applications',
    access: 'read',
    handler: async (ctx) => (await ctx.deps.store.topology.listTrustedApplications()).map(trustedAppView),
  },
  {
    method: 'POST',
    url: '/v1/trusted-applications',
    cmdlet: 'New-CsTrustedApplication',
    summary:
      'Create a trusted application on an existing trusted application pool (the pool FQDN is the certificate subject it presents)',
    access: 'admin.endpoint',
    whatIf: true,
    body: Type.Object(
      {
        applicationId: Type.String({ minLength: 1 }),
        trustedApplicationPoolFqdn: Type.String({ minLength: 1 }),
        port: Type.Integer(),
      },
      { additionalProperties: false },
    ),
    handler: async (ctx) => {
      const b = ctx.body as Body;
      const out = await runChange(
        ctx.deps,
        ctx.caller,
        ctx.whatIf,
        { cmdlet: 'New-CsTrustedApplication', target: b.applicationId, details: b },
        (svc) =>
          newTrustedApplicationInPool(svc, ctx.caller.actor, {
            id: b.applicationId,
            poolFqdn: b.trustedApplicationPoolFqdn,
            port: b.port,
          }),
      );
      return { ...out, result: trustedAppView(out.result) };
    },
  },
  {
    method: 'DELETE',
    url: '/v1/trusted-applications',
    cmdlet: 'Remove-CsTrustedApplication',
    summary: 'Remove a trusted application',
    access: 'admin.endpoint',
    whatIf: true,
    querystring: Type.Object({ identity: Type.String({ minLength: 1 }) }),
    handler: async (ctx) => {
      const raw = String(ctx.query.identity);
      const id = raw.replace(/^.*urn:application:/i, '');
      return runChange(
        ctx.deps,
        ctx.caller,
        ctx.whatIf,
        { cmdlet: 'Remove-CsTrustedApplication', target: id, details: {} },
        async (svc) => {
          const all = await svc.store.topology.listTrustedApplications();
          const app = all.find((a) => a.id.toLowerCase() === id.toLowerCase());
          if (!app)
            throw new DomainError(
              'NoSuchNode',
              `No trusted application '${raw}' exists. List them with Get-CsTrustedApplication.`,
              { identity: raw },
            );
          for (const c of (await svc.store.directory.listContacts()).filter(
            (x) => x.applicationId === app.id,
          ))
            await svc.store.directory.deleteContact(c.uri);
          await svc.store.topology.deleteTrustedApplication(app.id);
          return null;
        },
      );
    },
  },
  {
    method: 'GET',
    url: '/v1/trusted-application-endpoints',
    cmdlet: 'Get-CsTrustedApplicationEndpoint',
    summary: 'List trusted application endpoints',
    access: 'read',
    querystring: Type.Object({
      identity: Type.Optional(Type.String()),
      filter: Type.Optional(Type.String()),
    }),
    handler: (ctx) => listContacts(ctx, 'application'),
  },
  {
    method: 'POST',
    url: '/v1/trusted-application-endpoints',
    cmdlet: 'New-CsTrustedApplicationEndpoint',
    summary: 'Create an application endpoint (contact) of a trusted application',
    access: 'admin.endpoint',
    whatIf: true,
    body: Type.Object(
      {
        applicationId: Type.String({ minLength: 1 }),
        sipAddress: Type.String({ minLength: 1 }),
        displayName: Type.Optional(Type.String()),
      },
      { additionalProperties: false },
    ),
    handler: async (ctx) => {
      const b = ctx.body as Body;
      // The records holding trusted application pools are not applications (model/topology.ts).
      if (String(b.applicationId).trim().toLowerCase().startsWith('pool:'))
        throw new DomainError(
          'NoSuchNode',
          `No trusted application '${String(b.applicationId)}' exists. List them with Get-CsTrustedApplication.`,
        );
      const out = await runChange(
        ctx.deps,
        ctx.caller,
        ctx.whatIf,
        { cmdlet: 'New-CsTrustedApplicationEndpoint', target: b.sipAddress, details: b },
        (svc) =>
          newApplicationEndpoint(svc, ctx.caller.actor, {
            applicationId: b.applicationId,
            sipAddress: b.sipAddress,
            ...(b.displayName !== undefined ? { displayName: b.displayName } : {}),
          }),
      );
      return { ...out, result: endpointView(out.result) };
    },
  },
  {
    method: 'DELETE',
    url: '/v1/trusted-application-endpoints',
    cmdlet: 'Remove-CsTrustedApplicationEndpoint',
    summary: 'Remove a trusted application endpoint',
    access: 'admin.endpoint',
    whatIf: true,
    querystring: Type.Object({ identity: Type.String({ minLength: 1 }) }),
    handler: async (ctx) => {
      const raw = String(ctx.query.identity);
      const uri = raw.includes(':') ? raw : `sip:${raw}`;
      return runChange(
        ctx.deps,
        ctx.caller,
        ctx.whatIf,
        { cmdlet: 'Remove-CsTrustedApplicationEndpoint', target: uri, details: {} },
        async (svc) => {
          await removeContact(svc, ctx.caller.actor, uri, 'application');
          return null;
        },
      );
    },
  },
];
