// CsPersistentChatComplianceConfiguration (PC-73), CsPersistentChatState and
// Set-CsPersistentChatActiveServer (PC-60-style pool state; up to four active nodes, docs/pool.md).
//
// Storage: kept as records of the configuration table under reserved identities ("x-compliance:<scope>",
// "x-state:<pool>"), which Get-CsPersistentChatConfiguration hides (compliance/settings.ts).
import Type from 'typebox';
import { DomainError, type Store } from '@pchat/domain';
import {
  getPoolState as getState,
  isActive,
  isLive,
  MAX_ACTIVE_SERVERS,
  putPoolState,
  type PoolState,
} from '../../../pool/state.js';
import {
  COMPLIANCE_DEFAULTS as DEFAULTS,
  complianceKey as key,
  complianceScope as scope,
  getCompliance as get,
  putCompliance as put,
  validateCompliance as validate,
  type ComplianceConfiguration,
} from '../../../compliance/settings.js';
import { runChange } from '../context.js';
import { checkContentVersion, contentVersion, str, type AdminRoute } from '../route.js';
import { Version } from '../schemas.js';
import { barePool } from './topology.js';

const FIELDS = {
  adapterType: Type.Optional(Type.String()),
  adapterName: Type.Optional(Type.String()),
  adapterOutputDirectory: Type.Optional(Type.String()),
  addChatRoomDetails: Type.Optional(Type.Boolean()),
  addUserDetails: Type.Optional(Type.Boolean()),
  createFileAttachmentsManifest: Type.Optional(Type.Boolean()),
  customConfiguration: Type.Optional(Type.String()),
  oneChatRoomPerOutputFile: Type.Optional(Type.Boolean()),
  runInterval: Type.Optional(Type.String()),
};

const view = (c: ComplianceConfiguration) => ({ ...c, version: contentVersion(c) });

function pick(b: Record<string, unknown>): Partial<ComplianceConfiguration> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(FIELDS)) if (b[k] !== undefined) out[k] = b[k];
  return out;
}

async function poolOf(store: Store, identity: string): Promise<string> {
  const fqdn = barePool(identity);
  if (!(await store.topology.getPool(fqdn)))
    throw new DomainError(
      'NoSuchNode',
      `No Persistent Chat pool '${fqdn}' exists. Use service:PersistentChatServer:<pool fqdn>.`,
      { identity },
    );
  return fqdn;
}

export const complianceRoutes: AdminRoute[] = [
  {
    method: 'GET',
    url: '/v1/compliance-configurations',
    cmdlet: 'Get-CsPersistentChatComplianceConfiguration',
    summary: 'List compliance configurations',
    access: 'read',
    querystring: Type.Object({ identity: Type.Optional(Type.String()) }),
    handler: async (ctx) => {
      const store = ctx.deps.store;
      const identity = str(ctx.query.identity);
      if (identity) {
        const c = await get(store, scope(identity));
        if (!c)
          throw new DomainError('NoSuchNode', `No compliance configuration ${identity} exists.`, {
            identity,
          });
        return [view(c)];
      }
      const all = (await store.topology.listConfigs())
        .map((c) => (c as unknown as { compliance?: ComplianceConfiguration }).compliance)
        .filter((c): c is ComplianceConfiguration => !!c);
      if (!all.some((c) => c.identity === 'global')) all.unshift({ identity: 'global', ...DEFAULTS });
      return all.map(view);
    },
  },
  {
    method: 'POST',
    url: '/v1/compliance-configurations',
    cmdlet: 'New-CsPersistentChatComplianceConfiguration',
    applies: 'settings',
    summary: 'Create a site or service compliance configuration',
    access: 'admin.configuration',
    whatIf: true,
    body: Type.Object(
      { identity: Type.String({ minLength: 1 }), ...FIELDS },
      { additionalProperties: false },
    ),
    handler: async (ctx) => {
      const id = scope(String(ctx.body.identity));
      const out = await runChange(
        ctx.deps,
        ctx.caller,
        ctx.whatIf,
        { cmdlet: 'New-CsPersistentChatComplianceConfiguration', target: id, details: ctx.body },
        async (svc) => {
          if (id === 'global' || (await svc.store.topology.getConfig(key(id))))
            throw new DomainError(
              'DuplicateName',
              `The compliance configuration ${id} already exists: change it with Set-CsPersistentChatComplianceConfiguration.`,
              { identity: id },
            );
          const c = validate({ identity: id, ...DEFAULTS, ...pick(ctx.body) });
          await put(svc.store, c);
          return c;
        },
      );
      return { ...out, result: view(out.result) };
    },
  },
  {
    method: 'PATCH',
    url: '/v1/compliance-configurations',
    cmdlet: 'Set-CsPersistentChatComplianceConfiguration',
    applies: 'settings',
    summary: 'Change a compliance configuration',
    access: 'admin.configuration',
    whatIf: true,
    versioned: true,
    body: Type.Object(
      { identity: Type.String({ minLength: 1 }), version: Type.Optional(Version), ...FIELDS },
      { additionalProperties: false },
    ),
    handler: async (ctx) => {
      const id = scope(String(ctx.body.identity));
      const out = await runChange(
        ctx.deps,
        ctx.caller,
        ctx.whatIf,
        { cmdlet: 'Set-CsPersistentChatComplianceConfiguration', target: id, details: ctx.body },
        async (svc) => {
          const cur = await get(svc.store, id);
          if (!cur)
            throw new DomainError(
              'NoSuchNode',
              `No compliance configuration ${id} exists. Create it with New-CsPersistentChatComplianceConfiguration.`,
              { identity: id },
            );
          checkContentVersion(ctx, cur, `Compliance configuration ${id}`);
          const c = validate({ ...cur, ...pick(ctx.body) });
          await put(svc.store, c);
          return c;
        },
      );
      return { ...out, result: view(out.result) };
    },
  },
  {
    method: 'DELETE',
    url: '/v1/compliance-configurations',
    cmdlet: 'Remove-CsPersistentChatComplianceConfiguration',
    applies: 'settings',
    summary: 'Remove a compliance configuration (global is reset)',
    access: 'admin.configuration',
    whatIf: true,
    querystring: Type.Object({ identity: Type.String({ minLength: 1 }) }),
    handler: async (ctx) => {
      const id = scope(String(ctx.query.identity));
      return runChange(
        ctx.deps,
        ctx.caller,
        ctx.whatIf,
        { cmdlet: 'Remove-CsPersistentChatComplianceConfiguration', target: id, details: {} },
        async (svc) => {
          if (id === 'global') await put(svc.store, { identity: 'global', ...DEFAULTS });
          else if (!(await svc.store.topology.getConfig(key(id))))
            throw new DomainError('NoSuchNode', `No compliance configuration ${id} exists.`, {
              identity: id,
            });
          else await svc.store.topology.deleteConfig(key(id));
          return null;
        },
      );
    },
  },
  {
    method: 'GET',
    url: '/v1/compliance-state',
    cmdlet: 'Get-CsPersistentChatComplianceState',
    summary: 'The compliance queue: pending events and failing adapter batches',
    access: 'read',
    handler: async (ctx) => {
      const s = await ctx.deps.store.compliance.status();
      const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
      return [
        {
          identity: 'global',
          pendingEvents: s.pending,
          oldestPendingEvent: iso(s.oldestTs),
          failingBatches: s.failing.map((f) => ({
            batch: f.batchId,
            events: f.events,
            attempts: f.attempts,
            lastError: f.lastError,
            nextRetry: iso(f.retryAt),
          })),
        },
      ];
    },
  },
  {
    method: 'GET',
    url: '/v1/state',
    cmdlet: 'Get-CsPersistentChatState',
    summary: 'Pool state (Normal or FailedOver), active servers and live nodes',
    access: 'read',
    querystring: Type.Object({ identity: Type.Optional(Type.String()) }),
    handler: async (ctx) => {
      const store = ctx.deps.store;
      const identity = str(ctx.query.identity);
      const pools = identity
        ? [await poolOf(store, identity)]
        : (await store.topology.listPools()).map((p) => p.fqdn);
      const now = Date.now();
      // The live nodes of each pool (docs/pool.md): registered and heard from within their time-out.
      return Promise.all(
        pools.map(async (p) => {
          const state = await getState(store, p);
          const nodes = (await store.nodes.list(p))
            .filter((n) => isLive(n, now))
            .map((n) => ({
              name: n.name,
              state: n.state === 'draining' ? 'Draining' : 'Running',
              active: isActive(state, p, n.name),
              addresses: n.addresses,
              startedOn: new Date(n.startedAt).toISOString(),
              lastHeartbeat: new Date(n.heartbeatAt).toISOString(),
            }));
          return { ...state, nodes };
        }),
      );
    },
  },
  {
    method: 'PATCH',
    url: '/v1/state',
    cmdlet: 'Set-CsPersistentChatState',
    summary: 'Set the pool state (Normal or FailedOver)',
    access: 'admin.configuration',
    whatIf: true,
    body: Type.Object(
      {
        identity: Type.String({ minLength: 1 }),
        poolState: Type.Union([Type.Literal('Normal'), Type.Literal('FailedOver')]),
      },
      { additionalProperties: false },
    ),
    handler: async (ctx) => {
      const identity = String(ctx.body.identity);
      return runChange(
        ctx.deps,
        ctx.caller,
        ctx.whatIf,
        { cmdlet: 'Set-CsPersistentChatState', target: identity, details: ctx.body },
        async (svc) => {
          const pool = await poolOf(svc.store, identity);
          const next: PoolState = {
            ...(await getState(svc.store, pool)),
            poolState: ctx.body.poolState as PoolState['poolState'],
          };
          await putPoolState(svc.store, pool, next);
          return next;
        },
      );
    },
  },
  {
    method: 'PATCH',
    url: '/v1/state/active-servers',
    cmdlet: 'Set-CsPersistentChatActiveServer',
    summary: 'Set the active servers of a pool (node names, at most four)',
    access: 'admin.configuration',
    whatIf: true,
    body: Type.Object(
      { identity: Type.String({ minLength: 1 }), activeServers: Type.Array(Type.String()) },
      { additionalProperties: false },
    ),
    handler: async (ctx) => {
      const identity = String(ctx.body.identity);
      const servers = (ctx.body.activeServers as string[]).map((s) => s.trim().toLowerCase()).filter(Boolean);
      return runChange(
        ctx.deps,
        ctx.caller,
        ctx.whatIf,
        { cmdlet: 'Set-CsPersistentChatActiveServer', target: identity, details: ctx.body },
        async (svc) => {
          const pool = await poolOf(svc.store, identity);
          if (servers.length > MAX_ACTIVE_SERVERS)
            throw new DomainError(
              'LimitExceeded',
              `A pool has at most ${MAX_ACTIVE_SERVERS} active servers, as in Lync Server 2013; ${servers.length} were given. Name at most ${MAX_ACTIVE_SERVERS}; the others stay as standby nodes.`,
              { count: servers.length, limit: MAX_ACTIVE_SERVERS },
            );
          const next: PoolState = { ...(await getState(svc.store, pool)), activeServers: servers };
          await putPoolState(svc.store, pool, next);
          return next;
        },
      );
    },
  },
];
