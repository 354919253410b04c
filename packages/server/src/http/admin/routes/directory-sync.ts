// Update-CsUserDatabase (the Lync cmdlet that forces the user replicator): runs a directory sync now and
// answers with what changed. A long sync answers at once with its progress when `wait` is false; the CLI
// then polls GET /v1/directory/sync and prints progress until the run is done.
import Type from 'typebox';
import { DomainError } from '@pchat/domain';
import type { DirectorySync, SyncRunStatus } from '../../../directory/sync.js';
import type { AdminRoute, Body, RouteCtx } from '../route.js';
import { bool } from '../route.js';

function syncOf(ctx: RouteCtx): DirectorySync {
  const s = ctx.deps.directorySync;
  if (!s)
    throw new DomainError(
      'InvalidFlowOfOperations',
      'This server uses the built-in directory (directory.kind: builtin): there is no directory to sync. Configure directory.kind: ldap to sync from Active Directory or OpenLDAP.',
    );
  return s;
}

function runView(r: SyncRunStatus | null) {
  if (!r) return null;
  return {
    id: r.id,
    full: r.full,
    phase: r.phase,
    done: r.done,
    total: r.total,
    startedAt: new Date(r.startedAt).toISOString(),
    finishedAt: r.finishedAt === null ? null : new Date(r.finishedAt).toISOString(),
    counts: r.report?.counts ?? null,
    changes: r.report?.changes ?? [],
    moreChanges: r.report?.moreChanges ?? 0,
    affectedUsers: r.report?.affectedUsers ?? 0,
    error: r.error,
  };
}

export const directorySyncRoutes: AdminRoute[] = [
  {
    method: 'POST',
    url: '/v1/directory/sync',
    cmdlet: 'Update-CsUserDatabase',
    summary: 'Sync users, groups and OUs from the directory now and report what changed',
    access: 'admin.principal',
    body: Type.Object(
      { full: Type.Optional(Type.Boolean()), wait: Type.Optional(Type.Boolean()) },
      { additionalProperties: false },
    ),
    handler: async (ctx) => {
      const b = ctx.body as Body;
      const run = syncOf(ctx).runNow(bool(b.full) === true);
      if (bool(b.wait) === false) return runView(run.status);
      const done = await run.done;
      if (done.error !== null)
        throw new DomainError(
          'DatabaseConnection',
          `The directory sync failed: ${done.error} Chat keeps serving from the last synced copy; the sync retries on its own.`,
        );
      return runView(done);
    },
  },
  {
    method: 'GET',
    url: '/v1/directory/sync',
    cmdlet: 'Get-CsUserDatabaseState',
    summary: 'The running directory sync (progress) and the last one (what changed)',
    access: 'read',
    handler: async (ctx) => {
      const s = syncOf(ctx).status();
      return {
        running: runView(s.running),
        last: runView(s.last),
        lastSuccessAt: s.lastSuccessAt === null ? null : new Date(s.lastSuccessAt).toISOString(),
        nextRunAt: s.nextRunAt === null ? null : new Date(s.nextRunAt).toISOString(),
        failuresInARow: s.failuresInARow,
      };
    },
  },
];
