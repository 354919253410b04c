// Pools and sites by cmdlet (PC-23, PC-47), so a deployment can be made without the demo: Lync made them
// in Topology Builder; pchat has New-CsPersistentChatPool and New-CsSite, read with Get-CsPool and
// Get-CsSite (the Lync names). A new pool starts this node's chat service at once when the node had none
// to serve (`applies: 'topology'`).
import Type from 'typebox';
import { createPool, createSite, DomainError, type Pool, type Site } from '@pchat/domain';
import { runChange } from '../context.js';
import { str, type AdminRoute, type Body } from '../route.js';

const bareSite = (s: string) => s.trim().replace(/^site:/i, '');
/** A pool FQDN from any of its Lync spellings: `service:PersistentChatServer:<fqdn>`, `service:<fqdn>`,
 * `PersistentChatServer:<fqdn>` or the bare FQDN. */
export const barePool = (s: string) =>
  s
    .trim()
    .replace(/^(service:)?(persistentchatserver:)?/i, '')
    .toLowerCase();

export function poolView(p: Pool) {
  return {
    identity: p.fqdn,
    fqdn: p.fqdn,
    services: [`PersistentChatServer:${p.fqdn}`],
    site: p.siteId ? `Site:${p.siteId}` : null,
    domain: p.domain,
    chatServerUri: p.chatServerUri,
    displayName: p.displayName,
  };
}

/** Get-CsSite output; `pools` is every pool, read once per request rather than once per site. */
function siteView(s: Site, pools: readonly Pool[]) {
  return {
    identity: `Site:${s.id}`,
    siteId: s.id,
    description: s.description,
    defaultPersistentChatPool: s.defaultPoolFqdn,
    pools: pools.filter((p) => p.siteId === s.id).map((p) => p.fqdn),
  };
}

export const topologyRoutes: AdminRoute[] = [
  {
    method: 'GET',
    url: '/v1/pools',
    cmdlet: 'Get-CsPool',
    summary: 'List the Persistent Chat pools',
    access: 'read',
    querystring: Type.Object({ identity: Type.Optional(Type.String()) }),
    handler: async (ctx) => {
      const id = str(ctx.query.identity);
      const pools = await ctx.deps.store.topology.listPools();
      if (!id) return pools.map(poolView);
      const p = pools.find((x) => x.fqdn === barePool(id));
      if (!p)
        throw new DomainError(
          'NoSuchNode',
          `No pool '${id}' exists. Create it with New-CsPersistentChatPool -Identity <pool FQDN>, or list them with Get-CsPool.`,
          { identity: id },
        );
      return [poolView(p)];
    },
  },
  {
    method: 'POST',
    url: '/v1/pools',
    cmdlet: 'New-CsPersistentChatPool',
    summary:
      'Create a Persistent Chat pool (and its pool contact); chat starts at once on a node without one',
    access: 'admin.configuration',
    whatIf: true,
    applies: 'topology',
    body: Type.Object(
      {
        identity: Type.String({ minLength: 1 }),
        chatServerUri: Type.Optional(Type.String()),
        domain: Type.Optional(Type.String()),
        displayName: Type.Optional(Type.String()),
        site: Type.Optional(Type.String()),
      },
      { additionalProperties: false },
    ),
    handler: async (ctx) => {
      const b = ctx.body as Body;
      const fqdn = barePool(String(b.identity));
      const out = await runChange(
        ctx.deps,
        ctx.caller,
        ctx.whatIf,
        { cmdlet: 'New-CsPersistentChatPool', target: fqdn, details: b },
        (svc) =>
          createPool(svc, ctx.caller.actor, {
            fqdn,
            ...(typeof b.chatServerUri === 'string' ? { chatServerUri: b.chatServerUri } : {}),
            ...(typeof b.domain === 'string' ? { domain: b.domain } : {}),
            ...(typeof b.displayName === 'string' ? { displayName: b.displayName } : {}),
            ...(typeof b.site === 'string' ? { siteId: bareSite(b.site) } : {}),
          }),
      );
      return { ...out, result: poolView(out.result) };
    },
  },
  {
    method: 'GET',
    url: '/v1/sites',
    cmdlet: 'Get-CsSite',
    summary: 'List the sites',
    access: 'read',
    querystring: Type.Object({ identity: Type.Optional(Type.String()) }),
    handler: async (ctx) => {
      const store = ctx.deps.store;
      const id = str(ctx.query.identity);
      const sites = await store.topology.listSites();
      const chosen = id ? sites.filter((s) => s.id.toLowerCase() === bareSite(id).toLowerCase()) : sites;
      if (id && chosen.length === 0)
        throw new DomainError(
          'NoSuchNode',
          `No site '${id}' exists. Create it with New-CsSite -Identity <site>, or list them with Get-CsSite.`,
          { identity: id },
        );
      const pools = await store.topology.listPools();
      return chosen.map((s) => siteView(s, pools));
    },
  },
  {
    method: 'POST',
    url: '/v1/sites',
    cmdlet: 'New-CsSite',
    summary: 'Create a site (optionally with its default Persistent Chat pool)',
    access: 'admin.configuration',
    whatIf: true,
    body: Type.Object(
      {
        identity: Type.String({ minLength: 1 }),
        description: Type.Optional(Type.String()),
        defaultPersistentChatPool: Type.Optional(Type.String()),
      },
      { additionalProperties: false },
    ),
    handler: async (ctx) => {
      const b = ctx.body as Body;
      const id = bareSite(String(b.identity));
      const out = await runChange(
        ctx.deps,
        ctx.caller,
        ctx.whatIf,
        { cmdlet: 'New-CsSite', target: id, details: b },
        (svc) =>
          createSite(svc, ctx.caller.actor, {
            id,
            ...(typeof b.description === 'string' ? { description: b.description } : {}),
            ...(typeof b.defaultPersistentChatPool === 'string'
              ? { defaultPoolFqdn: barePool(b.defaultPersistentChatPool) }
              : {}),
          }),
      );
      return { ...out, result: siteView(out.result, await ctx.deps.store.topology.listPools()) };
    },
  },
];
