// CsPersistentChatPolicy (PC-36, PC-41) and CsPersistentChatConfiguration (PC-42).
import Type from 'typebox';
import {
  CONFIG_DEFAULTS,
  DomainError,
  grantPolicy,
  newConfiguration,
  newPolicy,
  parseConfigIdentity,
  parsePolicyIdentity,
  removeConfiguration,
  removePolicy,
  resolvePrincipalUri,
  setConfiguration,
  setPolicy,
  type ChatConfiguration,
  type ConfigPatch,
} from '@pchat/domain';
import { runChange } from '../context.js';
import { checkContentVersion, str, type AdminRoute, type RouteCtx, wildcard } from '../route.js';
import { configView, policyView } from '../views.js';
import { Version } from '../schemas.js';

const PolicyBody = Type.Object({
  identity: Type.String({ minLength: 1 }),
  enablePersistentChat: Type.Optional(Type.Boolean()),
  allowEditOwnMessages: Type.Optional(Type.Boolean()),
  allowDeleteOwnMessages: Type.Optional(Type.Boolean()),
  editWindowMinutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 525600 })),
  description: Type.Optional(Type.String()),
  version: Type.Optional(Version),
});

/** The own-message settings (pchat) present in a policy body. */
function ownMessageFields(b: Record<string, unknown>) {
  return {
    ...(b.allowEditOwnMessages !== undefined
      ? { allowEditOwnMessages: Boolean(b.allowEditOwnMessages) }
      : {}),
    ...(b.allowDeleteOwnMessages !== undefined
      ? { allowDeleteOwnMessages: Boolean(b.allowDeleteOwnMessages) }
      : {}),
    ...(b.editWindowMinutes !== undefined ? { editWindowMinutes: Number(b.editWindowMinutes) } : {}),
  };
}

const ConfigFields = {
  defaultChatHistory: Type.Optional(Type.Integer()),
  participantUpdateLimit: Type.Optional(Type.Integer()),
  maxFileSizeKB: Type.Optional(Type.Integer()),
  roomManagementUrl: Type.Optional(Type.String()),
  messageSizeLimit: Type.Optional(Type.Integer()),
  storySizeLimit: Type.Optional(Type.Integer()),
  searchLimit: Type.Optional(Type.Integer()),
};
const ConfigBody = Type.Object({
  identity: Type.String({ minLength: 1 }),
  ...ConfigFields,
  version: Type.Optional(Version),
});

function configPatch(b: Record<string, unknown>): ConfigPatch {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(ConfigFields)) if (b[k] !== undefined) out[k] = b[k];
  return out as ConfigPatch;
}

async function getPolicies(ctx: RouteCtx) {
  const identity = str(ctx.query.identity);
  const match = wildcard(str(ctx.query.filter));
  const list = await ctx.deps.store.topology.listPolicies();
  if (!list.some((p) => p.identity === 'global'))
    list.unshift({ identity: 'global', description: '', enablePersistentChat: false });
  if (identity) {
    const id = parsePolicyIdentity(identity);
    const p = list.find((x) => x.identity.toLowerCase() === id.toLowerCase());
    if (!p)
      throw new DomainError(
        'NoSuchNode',
        `No policy ${identity} exists. List them with Get-CsPersistentChatPolicy.`,
        { identity },
      );
    return [policyView(p)];
  }
  return list.map(policyView).filter((p) => match(p.identity));
}

async function currentPolicy(ctx: RouteCtx, identity: string) {
  const id = parsePolicyIdentity(identity);
  const p = await ctx.deps.store.topology.getPolicy(id);
  return p ?? (id === 'global' ? { identity: id, description: '', enablePersistentChat: false } : null);
}

async function getConfigs(ctx: RouteCtx) {
  const identity = str(ctx.query.identity);
  const match = wildcard(str(ctx.query.filter));
  const list = (await ctx.deps.store.topology.listConfigs()).filter(
    (c) => !String(c.identity).startsWith('x-'),
  );
  if (!list.some((c) => c.identity === 'global')) list.unshift({ identity: 'global', ...CONFIG_DEFAULTS });
  const views = list.map((c) => configView({ ...CONFIG_DEFAULTS, ...c }));
  if (identity) {
    const id = parseConfigIdentity(identity).toLowerCase();
    const found = views.filter((c) => c.identity.toLowerCase() === id);
    if (found.length === 0)
      throw new DomainError(
        'NoSuchNode',
        `No configuration ${identity} exists. List them with Get-CsPersistentChatConfiguration.`,
        { identity },
      );
    return found;
  }
  return views.filter((c) => match(c.identity));
}

async function currentConfig(ctx: RouteCtx, identity: string): Promise<ChatConfiguration | null> {
  const id = parseConfigIdentity(identity);
  const c = await ctx.deps.store.topology.getConfig(id);
  return c
    ? { ...CONFIG_DEFAULTS, ...c }
    : id === 'global'
      ? { identity: 'global', ...CONFIG_DEFAULTS }
      : null;
}

export const policyRoutes: AdminRoute[] = [
  {
    method: 'GET',
    url: '/v1/policies',
    cmdlet: 'Get-CsPersistentChatPolicy',
    summary: 'List policies, or one by identity',
    access: 'read',
    querystring: Type.Object({
      identity: Type.Optional(Type.String()),
      filter: Type.Optional(Type.String()),
    }),
    handler: getPolicies,
  },
  {
    method: 'POST',
    url: '/v1/policies',
    cmdlet: 'New-CsPersistentChatPolicy',
    summary: 'Create a site or per-user (tag) policy',
    access: 'admin.policy',
    whatIf: true,
    body: PolicyBody,
    handler: async (ctx) => {
      const b = ctx.body;
      const out = await runChange(
        ctx.deps,
        ctx.caller,
        ctx.whatIf,
        { cmdlet: 'New-CsPersistentChatPolicy', target: String(b.identity), details: b },
        (svc) =>
          newPolicy(svc, ctx.caller.actor, String(b.identity), {
            ...(b.enablePersistentChat !== undefined
              ? { enablePersistentChat: Boolean(b.enablePersistentChat) }
              : {}),
            ...(b.description !== undefined ? { description: String(b.description) } : {}),
            ...ownMessageFields(b),
          }),
      );
      return { ...out, result: policyView(out.result) };
    },
  },
  {
    method: 'PATCH',
    url: '/v1/policies',
    cmdlet: 'Set-CsPersistentChatPolicy',
    summary: 'Change a policy',
    access: 'admin.policy',
    whatIf: true,
    versioned: true,
    body: PolicyBody,
    handler: async (ctx) => {
      const b = ctx.body;
      const identity = String(b.identity);
      const out = await runChange(
        ctx.deps,
        ctx.caller,
        ctx.whatIf,
        { cmdlet: 'Set-CsPersistentChatPolicy', target: identity, details: b },
        async (svc) => {
          const cur = await currentPolicy({ ...ctx, deps: { ...ctx.deps, store: svc.store } }, identity);
          if (cur) checkContentVersion(ctx, cur, `Policy ${identity}`);
          return setPolicy(svc, ctx.caller.actor, identity, {
            ...(b.enablePersistentChat !== undefined
              ? { enablePersistentChat: Boolean(b.enablePersistentChat) }
              : {}),
            ...(b.description !== undefined ? { description: String(b.description) } : {}),
            ...ownMessageFields(b),
          });
        },
      );
      return { ...out, result: policyView(out.result) };
    },
  },
  {
    method: 'DELETE',
    url: '/v1/policies',
    cmdlet: 'Remove-CsPersistentChatPolicy',
    summary: 'Remove a policy (the global one is reset)',
    access: 'admin.policy',
    whatIf: true,
    querystring: Type.Object({ identity: Type.String({ minLength: 1 }) }),
    handler: async (ctx) => {
      const identity = String(ctx.query.identity);
      return runChange(
        ctx.deps,
        ctx.caller,
        ctx.whatIf,
        { cmdlet: 'Remove-CsPersistentChatPolicy', target: identity, details: {} },
        async (svc) => {
          await removePolicy(svc, ctx.caller.actor, identity);
          return null;
        },
      );
    },
  },
  {
    method: 'POST',
    url: '/v1/policies/grant',
    cmdlet: 'Grant-CsPersistentChatPolicy',
    summary: 'Assign a per-user policy (policyName null removes it)',
    access: 'admin.policy',
    whatIf: true,
    body: Type.Object({
      identity: Type.String({ minLength: 1 }),
      policyName: Type.Union([Type.Null(), Type.String()]),
    }),
    handler: async (ctx) => {
      const identity = String(ctx.body.identity);
      const policyName = (ctx.body.policyName ?? null) as string | null;
      return runChange(
        ctx.deps,
        ctx.caller,
        ctx.whatIf,
        { cmdlet: 'Grant-CsPersistentChatPolicy', target: identity, details: { policyName } },
        async (svc) => {
          const uri = await resolvePrincipalUri(svc.store, identity, { kinds: ['user'] });
          await grantPolicy(svc, ctx.caller.actor, uri, policyName);
          return { identity, persistentChatPolicy: policyName };
        },
      );
    },
  },
  {
    method: 'GET',
    url: '/v1/configurations',
    cmdlet: 'Get-CsPersistentChatConfiguration',
    summary: 'List configuration scopes',
    access: 'read',
    querystring: Type.Object({
      identity: Type.Optional(Type.String()),
      filter: Type.Optional(Type.String()),
    }),
    handler: getConfigs,
  },
  {
    method: 'POST',
    url: '/v1/configurations',
    cmdlet: 'New-CsPersistentChatConfiguration',
    applies: 'settings',
    summary: 'Create a site or service configuration',
    access: 'admin.configuration',
    whatIf: true,
    body: ConfigBody,
    handler: async (ctx) => {
      const identity = String(ctx.body.identity);
      const out = await runChange(
        ctx.deps,
        ctx.caller,
        ctx.whatIf,
        { cmdlet: 'New-CsPersistentChatConfiguration', target: identity, details: ctx.body },
        (svc) => newConfiguration(svc, ctx.caller.actor, identity, configPatch(ctx.body)),
      );
      return { ...out, result: configView(out.result) };
    },
  },
  {
    method: 'PATCH',
    url: '/v1/configurations',
    cmdlet: 'Set-CsPersistentChatConfiguration',
    applies: 'settings',
    summary: 'Change a configuration',
    access: 'admin.configuration',
    whatIf: true,
    versioned: true,
    body: ConfigBody,
    handler: async (ctx) => {
      const identity = String(ctx.body.identity);
      const out = await runChange(
        ctx.deps,
        ctx.caller,
        ctx.whatIf,
        { cmdlet: 'Set-CsPersistentChatConfiguration', target: identity, details: ctx.body },
        async (svc) => {
          const cur = await currentConfig({ ...ctx, deps: { ...ctx.deps, store: svc.store } }, identity);
          if (cur) checkContentVersion(ctx, cur, `Configuration ${identity}`);
          return setConfiguration(svc, ctx.caller.actor, identity, configPatch(ctx.body));
        },
      );
      return { ...out, result: configView(out.result) };
    },
  },
  {
    method: 'DELETE',
    url: '/v1/configurations',
    cmdlet: 'Remove-CsPersistentChatConfiguration',
    applies: 'settings',
    summary: 'Remove a configuration (global is reset)',
    access: 'admin.configuration',
    whatIf: true,
    querystring: Type.Object({ identity: Type.String({ minLength: 1 }) }),
    handler: async (ctx) => {
      const identity = String(ctx.query.identity);
      return runChange(
        ctx.deps,
        ctx.caller,
        ctx.whatIf,
        { cmdlet: 'Remove-CsPersistentChatConfiguration', target: identity, details: {} },
        async (svc) => {
          await removeConfiguration(svc, ctx.caller.actor, identity);
          return null;
        },
      );
    },
  },
];
