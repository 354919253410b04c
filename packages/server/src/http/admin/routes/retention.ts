// Retention and legal hold: Set-/Get-CsPersistentChatRetention (RetentionDays of a category or of a
// configuration scope) and Set-/Get-CsPersistentChatLegalHold (on a room or a category). The purge runs
// in the background (compliance/retention-runner.ts); holds are honoured by every deletion path.
import Type from 'typebox';
import {
  DomainError,
  setCategoryRetention,
  setConfigRetention,
  setLegalHold,
  type ConfigIdentity,
  type Room,
} from '@pchat/domain';
import { runChange } from '../context.js';
import { nodeIdentity, resolveCategory, resolveRoom } from '../identity.js';
import type { AdminRoute } from '../route.js';

const CONFIG_SCOPE = /^(global|site:.+|service:PersistentChatServer:.+)$/i;

function configScope(identity: string): ConfigIdentity | null {
  const i = identity.trim();
  if (!CONFIG_SCOPE.test(i)) return null;
  if (/^global$/i.test(i)) return 'global';
  return i
    .replace(/^site:/i, 'site:')
    .replace(/^service:PersistentChatServer:/i, 'service:PersistentChatServer:') as ConfigIdentity;
}

export const retentionRoutes: AdminRoute[] = [
  {
    method: 'GET',
    url: '/v1/retention',
    cmdlet: 'Get-CsPersistentChatRetention',
    summary: 'RetentionDays of the configuration scopes and of the categories that set their own',
    access: 'read',
    handler: async (ctx) => {
      const store = ctx.deps.store;
      const scopes = (await store.topology.listConfigs())
        .filter((c) => CONFIG_SCOPE.test(c.identity))
        .map((c) => ({ identity: c.identity, retentionDays: c.retentionDays ?? 0 }));
      if (!scopes.some((s) => s.identity === 'global'))
        scopes.unshift({ identity: 'global', retentionDays: 0 });
      const categories = (await store.rooms.listCategories())
        .filter((c) => c.retentionDays !== undefined && c.retentionDays !== null)
        .map((c) => ({ identity: nodeIdentity(c), retentionDays: c.retentionDays }));
      return [...scopes, ...categories];
    },
  },
  {
    method: 'PATCH',
    url: '/v1/retention',
    cmdlet: 'Set-CsPersistentChatRetention',
    summary: 'Set RetentionDays on a configuration scope (global, site:..., service:...) or a category',
    access: 'admin.purge',
    whatIf: true,
    body: Type.Object(
      {
        identity: Type.String({ minLength: 1 }),
        // null on a category: use the configuration's again.
        retentionDays: Type.Union([Type.Integer(), Type.Null()]),
      },
      { additionalProperties: false },
    ),
    handler: async (ctx) => {
      const identity = String(ctx.body.identity);
      const days = ctx.body.retentionDays as number | null;
      return runChange(
        ctx.deps,
        ctx.caller,
        ctx.whatIf,
        { cmdlet: 'Set-CsPersistentChatRetention', target: identity, details: ctx.body },
        async (svc) => {
          const scope = configScope(identity);
          if (scope) {
            if (days === null)
              throw new DomainError(
                'InvalidArgument',
                'A configuration scope needs a number of days (0 = keep forever).',
              );
            return {
              identity: scope,
              retentionDays: await setConfigRetention(svc, ctx.caller.actor, scope, days),
            };
          }
          const c = await setCategoryRetention(
            svc,
            ctx.caller.actor,
            await resolveCategory(svc.store, identity),
            days,
          );
          return { identity: nodeIdentity(c), retentionDays: c.retentionDays ?? null };
        },
      );
    },
  },
  {
    method: 'GET',
    url: '/v1/legal-holds',
    cmdlet: 'Get-CsPersistentChatLegalHold',
    summary: 'Rooms and categories under legal hold',
    access: 'read',
    handler: async (ctx) => {
      const store = ctx.deps.store;
      const view = (kind: string, identity: string, h: { reason: string; setBy: string; setOn: number }) => ({
        kind,
        identity,
        reason: h.reason,
        setBy: h.setBy,
        setOn: new Date(h.setOn).toISOString(),
      });
      const out = [];
      for (const c of await store.rooms.listCategories())
        if (c.legalHold) out.push(view('category', nodeIdentity(c), c.legalHold));
      for (let offset = 0; ; offset += 500) {
        const rooms = await store.rooms.listRooms({ limit: 500, offset });
        for (const r of rooms) if (r.legalHold) out.push(view('room', nodeIdentity(r), r.legalHold));
        if (rooms.length < 500) break;
      }
      return out;
    },
  },
  {
    method: 'PATCH',
    url: '/v1/legal-holds',
    cmdlet: 'Set-CsPersistentChatLegalHold',
    summary: 'Place (-Enabled $true -Reason ...) or lift a legal hold on a room or a category',
    access: 'admin.purge',
    whatIf: true,
    body: Type.Object(
      {
        identity: Type.String({ minLength: 1 }),
        kind: Type.Optional(Type.Union([Type.Literal('room'), Type.Literal('category')])),
        enabled: Type.Boolean(),
        reason: Type.Optional(Type.String()),
      },
      { additionalProperties: false },
    ),
    handler: async (ctx) => {
      const identity = String(ctx.body.identity);
      const kind = (ctx.body.kind as string | undefined) ?? 'room';
      return runChange(
        ctx.deps,
        ctx.caller,
        ctx.whatIf,
        { cmdlet: 'Set-CsPersistentChatLegalHold', target: identity, details: ctx.body },
        async (svc) => {
          const category = kind === 'category' ? await resolveCategory(svc.store, identity) : null;
          const room = category ? null : await resolveRoom(svc.store, identity);
          const node = category ?? (room as Room);
          const target = category ? { category } : { room: node as Room };
          const hold = await setLegalHold(
            svc,
            ctx.caller.actor,
            target,
            ctx.body.enabled === true,
            String(ctx.body.reason ?? ''),
          );
          return {
            identity: nodeIdentity(node),
            kind,
            legalHold: hold !== null,
            ...(hold ? { reason: hold.reason } : {}),
          };
        },
      );
    },
  },
];
