// Export-CsPersistentChatData / Import-CsPersistentChatData (PC-49) over HTTP: the export streams NDJSON
// (resumable with afterRoom/afterId), the import reads an NDJSON request body as it arrives.
import { Readable } from 'node:stream';
import Type from 'typebox';
import { DomainError } from '@pchat/domain';
import { resolveCategory } from '../identity.js';
import { num, str, type AdminRoute } from '../route.js';
import { exportLines } from '../transfer/export.js';
import { LEVELS, type Level } from '../transfer/format.js';
import { importStream } from '../transfer/import.js';

export const transferRoutes: AdminRoute[] = [
  {
    method: 'GET',
    url: '/v1/export',
    cmdlet: 'Export-CsPersistentChatData',
    summary: 'Stream the deployment as NDJSON (levels, scope, start date; resumable)',
    access: 'admin.configuration',
    querystring: Type.Object({
      level: Type.Optional(Type.Union(LEVELS.map((l) => Type.Literal(l)))),
      scope: Type.Optional(Type.String({ description: 'comma-separated category identities' })),
      startDate: Type.Optional(Type.String()),
      afterRoom: Type.Optional(Type.String()),
      afterId: Type.Optional(Type.Integer({ minimum: 0 })),
    }),
    handler: async (ctx) => {
      const q = ctx.query;
      const store = ctx.deps.store;
      const scope: string[] = [];
      for (const s of (str(q.scope) ?? '')
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean))
        scope.push((await resolveCategory(store, s)).id);
      let startTs: number | undefined;
      if (str(q.startDate)) {
        startTs = Date.parse(String(q.startDate));
        if (!Number.isFinite(startTs))
          throw new DomainError(
            'InvalidArgument',
            `StartDate '${String(q.startDate)}' is not a date: use e.g. 2026-01-31.`,
          );
      }
      const afterRoom = str(q.afterRoom);
      const level = (str(q.level) ?? 'All') as Level;
      await store.audit.append({
        at: ctx.deps.clock.now(),
        actor: ctx.caller.actor.uri,
        action: 'Export-CsPersistentChatData',
        target: scope.length ? scope.join(',') : '(all)',
        details: JSON.stringify({ level, startDate: q.startDate ?? null, afterRoom: afterRoom ?? null }),
      });
      const gen = exportLines(store, {
        level,
        scope,
        now: ctx.deps.clock.now(),
        ...(startTs !== undefined ? { startTs } : {}),
        ...(afterRoom ? { after: { roomId: afterRoom, id: num(q.afterId) ?? 0 } } : {}),
      });
      ctx.reply.type('application/x-ndjson; charset=utf-8');
      return ctx.reply.send(Readable.from(gen));
    },
  },
  {
    method: 'POST',
    url: '/v1/import',
    cmdlet: 'Import-CsPersistentChatData',
    // The imported pool, categories and rooms are served at once (no restart of the server).
    applies: 'topology',
    summary:
      'Import an NDJSON export: verified first, then applied in one transaction or not at all; conflicts named (replaceExisting resolves them)',
    access: 'admin.configuration',
    whatIf: true,
    ndjsonBody: true,
    querystring: Type.Object({
      replaceExisting: Type.Optional(Type.Boolean()),
    }),
    handler: async (ctx) => {
      const body = ctx.req.body as Readable;
      const replaceExisting = ctx.query.replaceExisting === true || ctx.query.replaceExisting === 'true';
      const report = await importStream(ctx.deps.store, body, { whatIf: ctx.whatIf, replaceExisting });
      await ctx.deps.store.audit.append({
        at: ctx.deps.clock.now(),
        actor: ctx.caller.actor.uri,
        action: 'Import-CsPersistentChatData',
        target: report.level ?? '?',
        details: JSON.stringify({
          whatIf: ctx.whatIf,
          read: report.read,
          imported: report.imported,
          replaced: report.replaced,
          verified: report.verified,
        }),
      });
      return report;
    },
  },
];
