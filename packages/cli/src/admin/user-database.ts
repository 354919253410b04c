// Update-CsUserDatabase (the Lync cmdlet that forces the user replicator): starts a directory sync, shows
// its progress on stderr while it runs (a first sync of a big directory takes minutes), then prints what
// changed. -Json prints the finished run as JSON instead.
import { print } from './format.js';
import { request, type Connection } from './client.js';
import type { Parsed } from './params.js';

interface RunView {
  id: string;
  full: boolean;
  phase: string;
  done: number;
  total: number;
  counts: Record<string, number> | null;
  changes: string[];
  moreChanges: number;
  affectedUsers: number;
  error: string | null;
}

const PHASES: Record<string, string> = {
  reading: 'reading the directory',
  principals: 'users, groups and OUs',
  memberships: 'group memberships',
  gone: 'objects no longer in the directory',
};

export async function runUserDatabase(conn: Connection, p: Parsed, pollMs = 500): Promise<number> {
  const json = p.common.Json === true;
  const started = (await request(conn, 'POST', '/v1/directory/sync', undefined, {
    full: p.values.full === true,
    wait: false,
  })) as RunView;
  let run = started;
  let last = '';
  while (run.phase !== 'done' && run.phase !== 'failed') {
    await new Promise((r) => setTimeout(r, pollMs));
    const s = (await request(conn, 'GET', '/v1/directory/sync')) as {
      running: RunView | null;
      last: RunView | null;
    };
    run = s.running?.id === started.id ? s.running : (s.last ?? run);
    if (s.running?.id !== started.id && s.last?.id !== started.id) continue;
    const line = `${PHASES[run.phase] ?? run.phase}: ${run.done}${run.total ? ` of ${run.total}` : ''}`;
    if (line !== last && run.phase !== 'done' && run.phase !== 'failed') {
      process.stderr.write(`Update-CsUserDatabase: ${line}\n`);
      last = line;
    }
  }
  if (json) {
    print(run, true);
    return run.error === null ? 0 : 1;
  }
  if (run.error !== null) {
    process.stderr.write(
      `Update-CsUserDatabase: the directory sync failed: ${run.error} Chat keeps serving from the last synced copy; the sync retries on its own.\n`,
    );
    return 1;
  }
  const c = run.counts ?? {};
  const out = [
    ...run.changes,
    ...(run.moreChanges ? [`... and ${run.moreChanges} more changes`] : []),
    `${run.full ? 'Full' : 'Incremental'} sync done: ${c.added ?? 0} added, ${c.updated ?? 0} updated, ${c.disabled ?? 0} disabled, ${c.gone ?? 0} gone, ${c.membersAdded ?? 0} memberships added, ${c.membersRemoved ?? 0} removed, ${c.skipped ?? 0} skipped; ${run.affectedUsers} users re-checked.`,
  ];
  process.stdout.write(out.join('\n') + '\n');
  return 0;
}
