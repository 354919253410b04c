// Trusted application pools (New/Get/Remove-CsTrustedApplicationPool, PC-87): the pool a
// trusted application is homed on (New-CsTrustedApplication -TrustedApplicationPoolFqdn refuses an unknown
// pool), and whose FQDN is the certificate subject its applications present (frontend/trusted).
import Type from 'typebox';
import {
  applicationsOfPool,
  DomainError,
  getTrustedApplicationPool,
  listTrustedApplicationPools,
  newTrustedApplicationPool,
  removeTrustedApplicationPool,
  type Store,
  type TrustedApplicationPool,
} from '@pchat/domain';
import { runChange } from '../context.js';
import { str, type AdminRoute, type Body, wildcard } from '../route.js';

/** Get-CsTrustedApplicationPool output: the Lync property names that mean something in pchat. */
export async function trustedPoolView(store: Store, p: TrustedApplicationPool) {
  return {
    identity: `TrustedApplicationPool:${p.fqdn}`,
    poolFqdn: p.fqdn,
    registrar: `Registrar:${p.registrar}`,
    siteId: p.siteId,
    computers: p.computerFqdns,
    throttleAsServer: p.throttleAsServer,
    treatAsAuthenticated: p.treatAsAuthenticated,
    applications: (await applicationsOfPool(store, p.fqdn)).map((a) => a.id),
  };
}

const bareFqdn = (identity: string) =>
  identity
    .trim()
    .toLowerCase()
    .replace(/^(trustedapplicationpool|externalserver):/, '');

export const trustedPoolRoutes: AdminRoute[] = [
  {
    method: 'GET',
    url: '/v1/trusted-application-pools',
    cmdlet: 'Get-CsTrustedApplicationPool',
    summary: 'List trusted application pools (with their applications)',
    access: 'read',
    querystring: Type.Object({
      identity: Type.Optional(Type.String()),
      filter: Type.Optional(Type.String()),
      poolFqdn: Type.Optional(Type.String()),
    }),
    handler: async (ctx) => {
      const store = ctx.deps.store;
      const identity = str(ctx.query.identity) ?? str(ctx.query.poolFqdn);
      if (identity) {
        const p = await getTrustedApplicationPool(store, bareFqdn(identity));
        if (!p)
          throw new DomainError(
            'NoSuchNode',
            `No trusted application pool '${identity}' exists. List them with Get-CsTrustedApplicationPool.`,
            { identity },
          );
        return [await trustedPoolView(store, p)];
      }
      const match = wildcard(str(ctx.query.filter));
      return Promise.all(
        (await listTrustedApplicationPools(store))
          .filter((p) => match(p.fqdn) || match(`TrustedApplicationPool:${p.fqdn}`))
          .map((p) => trustedPoolView(store, p)),
      );
    },
  },
  {
    method: 'POST',
    url: '/v1/trusted-application-pools',
    cmdlet: 'New-CsTrustedApplicationPool',
    summary:
      'Create a trusted application pool (Identity = pool FQDN = the certificate subject of its applications)',
    access: 'admin.endpoint',
    whatIf: true,
    body: Type.Object(
      {
        identity: Type.String({ minLength: 1 }),
        registrar: Type.Optional(Type.String()),
        site: Type.Optional(Type.String()),
        computerFqdn: Type.Optional(Type.Array(Type.String())),
        throttleAsServer: Type.Optional(Type.Boolean()),
        treatAsAuthenticated: Type.Optional(Type.Boolean()),
      },
      { additionalProperties: false },
    ),
    handler: async (ctx) => {
      const b = ctx.body as Body;
      const out = await runChange(
        ctx.deps,
        ctx.caller,
        ctx.whatIf,
        { cmdlet: 'New-CsTrustedApplicationPool', target: bareFqdn(String(b.identity)), details: b },
        (svc) =>
          newTrustedApplicationPool(svc, ctx.caller.actor, {
            fqdn: bareFqdn(String(b.identity)),
            ...(typeof b.registrar === 'string' ? { registrar: b.registrar } : {}),
            ...(typeof b.site === 'string' ? { siteId: b.site.replace(/^site:/i, '') } : {}),
            ...(Array.isArray(b.computerFqdn) ? { computerFqdns: b.computerFqdn as string[] } : {}),
            ...(typeof b.throttleAsServer === 'boolean' ? { throttleAsServer: b.throttleAsServer } : {}),
            ...(typeof b.treatAsAuthenticated === 'boolean'
              ? { treatAsAuthenticated: b.treatAsAuthenticated }
              : {}),
          }),
      );
      return { ...out, result: await trustedPoolView(ctx.deps.store, out.result) };
    },
  },
  {
    method: 'DELETE',
    url: '/v1/trusted-application-pools',
    cmdlet: 'Remove-CsTrustedApplicationPool',
    summary: 'Remove a trusted application pool (refused while applications are homed on it)',
    access: 'admin.endpoint',
    whatIf: true,
    querystring: Type.Object({ identity: Type.String({ minLength: 1 }) }),
    handler: async (ctx) => {
      const raw = String(ctx.query.identity);
      return runChange(
        ctx.deps,
        ctx.caller,
        ctx.whatIf,
        { cmdlet: 'Remove-CsTrustedApplicationPool', target: bareFqdn(raw), details: {} },
        async (svc) => {
          await removeTrustedApplicationPool(svc, ctx.caller.actor, raw);
          return null;
        },
      );
    },
  },
];
