// pchat's own administration: who am I, admin tokens and the audit log.
import Type from 'typebox';
import { DomainError, normalizeUri, resolvePrincipalUri } from '@pchat/domain';
import type { AdminTokens } from '../auth.js';
import { runChange } from '../context.js';
import { num, str, type AdminRoute } from '../route.js';

export function administrationRoutes(tokens: AdminTokens): AdminRoute[] {
  return [
    {
      method: 'GET',
      url: '/v1/whoami',
      cmdlet: 'Get-PchatAdminIdentity',
      summary: 'The authenticated caller and its roles',
      access: 'read',
      handler: async (ctx) => ({
        identity: ctx.caller.actor.uri,
        adminRoles: ctx.caller.roles,
        canChange: ctx.caller.actor.isChatAdmin,
        via: ctx.caller.via,
      }),
    },
    {
      method: 'GET',
      url: '/v1/tokens',
      cmdlet: 'Get-PchatAdminToken',
      summary: 'Issued admin tokens (never the tokens themselves)',
      access: 'admin.principal',
      handler: async () => tokens.list(),
    },
    {
      method: 'POST',
      url: '/v1/tokens',
      cmdlet: 'New-PchatAdminToken',
      summary: 'Issue an admin API token for a user holding an admin role (shown once)',
      access: 'admin.principal',
      whatIf: true,
      body: Type.Object({ identity: Type.String({ minLength: 1 }) }, { additionalProperties: false }),
      handler: async (ctx) => {
        const raw = String(ctx.body.identity);
        // Any name the directory resolves: SIP address, display name, UPN (docs/cli.md, "Principals").
        const uri = await resolvePrincipalUri(ctx.deps.store, raw, { kinds: ['user'] });
        // The token is minted after the audited check commits; the store transaction only validates.
        const out = await runChange(
          ctx.deps,
          ctx.caller,
          ctx.whatIf,
          { cmdlet: 'New-PchatAdminToken', target: uri, details: {} },
          async (_svc, tx) => {
            const p = await tx.directory.get(uri);
            if (p?.kind !== 'user')
              throw new DomainError(
                'NoSuchPrincipal',
                `No user ${raw} exists. Create it first (New-CsAdUser).`,
                { identity: raw },
              );
            if (p.adminRoles.length === 0)
              throw new DomainError(
                'InvalidArgument',
                `${uri} holds no administrator role: give it one first (Set-CsAdUser -AdminRoles CsViewOnlyAdministrator).`,
              );
            return { identity: uri, adminRoles: p.adminRoles };
          },
        );
        if (out.whatIf) return out;
        return {
          ...out,
          result: { ...out.result, ...tokens.issue(uri, ctx.caller.actor.uri, ctx.deps.clock.now()) },
        };
      },
    },
    {
      method: 'DELETE',
      url: '/v1/tokens',
      cmdlet: 'Remove-PchatAdminToken',
      summary: 'Revoke an admin token by id',
      access: 'admin.principal',
      whatIf: true,
      querystring: Type.Object({ identity: Type.String({ minLength: 1 }) }),
      handler: async (ctx) => {
        const id = String(ctx.query.identity);
        const out = await runChange(
          ctx.deps,
          ctx.caller,
          ctx.whatIf,
          { cmdlet: 'Remove-PchatAdminToken', target: id, details: {} },
          async () => {
            if (!tokens.list().some((t) => t.id === id))
              throw new DomainError(
                'NoSuchNode',
                `No admin token ${id} exists. List them with Get-PchatAdminToken.`,
                { identity: id },
              );
            return null;
          },
        );
        if (!out.whatIf) tokens.revoke(id);
        return out;
      },
    },
    {
      method: 'GET',
      url: '/v1/audit',
      cmdlet: 'Get-PchatAuditLog',
      summary: 'The audit log, newest first',
      access: 'read',
      querystring: Type.Object({
        target: Type.Optional(Type.String()),
        actor: Type.Optional(Type.String()),
        resultSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000 })),
      }),
      handler: async (ctx) => {
        const target = str(ctx.query.target);
        const actor = str(ctx.query.actor);
        const list = await ctx.deps.store.audit.list({
          ...(target ? { target } : {}),
          ...(actor ? { actor: normalizeUri(actor) } : {}),
          limit: num(ctx.query.resultSize) ?? 100,
        });
        return list.map((e) => ({
          ...e,
          at: new Date(e.at).toISOString(),
          details: JSON.parse(e.details) as unknown,
        }));
      },
    },
  ];
}
