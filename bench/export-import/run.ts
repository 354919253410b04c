// Export / import benchmark (PC-49): a SQLite deployment with N messages (default 1,000,000) is exported
// with `pchat Export-CsPersistentChatData`, imported into an empty PostgreSQL-backed server with
// `pchat Import-CsPersistentChatData`, and re-exported; the two files' footers (counts and checksum) must
// be equal. Prints wall time and peak memory (VmHWM of each server process, max RSS of each CLI run).
//
//   node --conditions=development --import tsx bench/export-import/run.ts [messages]
//   PCHAT_BENCH_PG or PCHAT_TEST_PG=postgres://postgres@127.0.0.1:5432/postgres (admin URL; a database is created and dropped)
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChatMessage } from '@pchat/domain';
import { createLogger, loadConfig, startServer } from '@pchat/server';
import { insertMessagesAsIs } from '../../packages/server/src/http/admin/transfer/sql.js';
import { PG_ADMIN, pgAdmin } from '../storage/common.js';

const N = Number(process.argv[2] ?? 1_000_000);
const BIN = fileURLToPath(new URL('../../packages/cli/bin/pchat.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'pchat-bench-xi-'));

function sleep(ms: number) {
  return new Promise((r) => setTimeout(r, ms));
}

/** `pchat serve` as a child; resolves once the admin token exists and /healthz answers. */
async function serve(
  name: string,
  port: number,
  store: Record<string, unknown>,
  demo: boolean,
): Promise<{ child: ChildProcess; dataDir: string }> {
  const dataDir = join(dir, name);
  const cfg = join(dir, `${name}.yaml`);
  writeFileSync(
    cfg,
    JSON.stringify({
      dataDir,
      store,
      listen: { httpPort: port, sipTcpPort: null, sipTlsPort: null },
      demo: { createIfEmpty: demo },
      log: { level: 'warn' },
    }),
  );
  const child = spawn(process.execPath, [BIN, 'serve', '--config', cfg], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 600; i++) {
    try {
      if (existsSync(join(dataDir, 'admin-token')) && (await fetch(`http://127.0.0.1:${port}/healthz`)).ok)
        return { child, dataDir };
    } catch {
      // not up yet
    }
    await sleep(250);
  }
  throw new Error(`${name} server did not start`);
}

/** The server process under the pchat bin wrapper, and its peak resident set (VmHWM) in MB. */
function peakMb(child: ChildProcess): number {
  const kids = readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8')
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  const pid = kids[0] ?? String(child.pid);
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

/** Runs the CLI under /usr/bin/time: wall seconds and max RSS (MB) of the CLI process tree's largest process. */
function cli(
  args: string[],
  env: Record<string, string>,
): Promise<{ seconds: number; maxRssMb: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    execFile(
      '/usr/bin/time',
      ['-f', '%M', process.execPath, BIN, ...args, '-Json'],
      { env: { ...process.env, ...env }, maxBuffer: 1 << 26 },
      (err, stdout, stderr) => {
        const seconds = (performance.now() - started) / 1000;
        if (err) return reject(new Error(`pchat ${args[0]} failed: ${stderr}`));
        const kb = Number(/(\d+)\s*$/.exec(String(stderr))?.[1] ?? NaN);
        resolve({ seconds, maxRssMb: Math.round(kb / 1024), stdout: String(stdout) });
      },
    );
  });
}

const footer = (file: string) => {
  const text = readFileSync(file, 'utf8');
  return JSON.parse(text.slice(text.lastIndexOf('\n', text.length - 2) + 1)) as {
    counts: Record<string, number>;
    checksum: string;
  };
};

async function seed(): Promise<number> {
  const dataDir = join(dir, 'source');
  const config = loadConfig({
    env: {},
    dataDir,
    overrides: { listen: { httpPort: null, sipTcpPort: null, sipTlsPort: null } },
  });
  const s = await startServer(config, { logger: createLogger('silent') });
  const rooms = await s.store.rooms.listRooms({});
  const authors = (s.demo?.deployment.users ?? []).map((u) => u.uri);
  const t0 = performance.now();
  const base = Date.parse('2026-01-01T00:00:00Z');
  const perRoom = new Map<string, number>();
  const BATCH = 10_000;
  for (let i = 0; i < N; i += BATCH) {
    const batch: ChatMessage[] = [];
    for (let j = i; j < Math.min(N, i + BATCH); j++) {
      const room = rooms[j % rooms.length] as { id: string };
      const id = (perRoom.get(room.id) ?? 0) + 1;
      perRoom.set(room.id, id);
      batch.push({
        roomId: room.id,
        id,
        ts: base + j * 1000,
        author: authors[j % authors.length] as string,
        kind: j % 100 === 0 ? 'alert' : 'plain',
        text: `Message ${j}: the build on branch release-${j % 17} is ${j % 3 ? 'green' : 'red'}; see ticket PC-${j % 997} for details.`,
        storyTitle: null,
        rtf: null,
        parts: null,
      });
    }
    await s.store.transaction((tx) => insertMessagesAsIs(tx, batch));
  }
  const seconds = (performance.now() - t0) / 1000;
  await s.close();
  return seconds;
}

const dbName = `pchat_bench_${randomBytes(5).toString('hex')}`;
const children: ChildProcess[] = [];
try {
  console.log(`seeding ${N.toLocaleString('en')} messages into SQLite (${dir}) ...`);
  const seedSeconds = await seed();
  console.log(`  seeded in ${seedSeconds.toFixed(1)} s`);

  const src = await serve('source', 18281, { kind: 'sqlite' }, true);
  children.push(src.child);
  await pgAdmin(`CREATE DATABASE ${dbName}`);
  const url = new URL(PG_ADMIN);
  url.pathname = `/${dbName}`;
  const dst = await serve('target', 18282, { kind: 'postgres', postgresUrl: url.toString() }, false);
  children.push(dst.child);

  const file = join(dir, 'export.ndjson');
  const exp = await cli(['Export-CsPersistentChatData', '-FileName', file], {
    PCHAT_SERVER: 'http://127.0.0.1:18281',
    PCHAT_DATA_DIR: src.dataDir,
    CI: '1',
  });
  console.log(
    `export: ${exp.seconds.toFixed(1)} s, file ${(statSync(file).size / 1e6).toFixed(0)} MB, CLI max RSS ${exp.maxRssMb} MB`,
  );
  const imp = await cli(['Import-CsPersistentChatData', '-FileName', file], {
    PCHAT_SERVER: 'http://127.0.0.1:18282',
    PCHAT_DATA_DIR: dst.dataDir,
    CI: '1',
  });
  // pchat -Json prints PascalCase property names.
  const impReport = JSON.parse(imp.stdout) as { Verified: boolean; Imported: Record<string, number> };
  console.log(
    `import into PostgreSQL: ${imp.seconds.toFixed(1)} s, verified ${impReport.Verified}, messages ${impReport.Imported.Message}, CLI max RSS ${imp.maxRssMb} MB`,
  );
  const again = join(dir, 'reexport.ndjson');
  const re = await cli(['Export-CsPersistentChatData', '-FileName', again], {
    PCHAT_SERVER: 'http://127.0.0.1:18282',
    PCHAT_DATA_DIR: dst.dataDir,
    CI: '1',
  });
  console.log(`re-export from PostgreSQL: ${re.seconds.toFixed(1)} s`);
  const a = footer(file);
  const b = footer(again);
  const same = JSON.stringify(a) === JSON.stringify(b);
  console.log(`source  footer: ${JSON.stringify(a)}`);
  console.log(`re-exp. footer: ${JSON.stringify(b)}`);
  console.log(`identical counts and checksum: ${same}`);
  console.log(
    `peak memory (VmHWM): source server ${peakMb(src.child)} MB, target server ${peakMb(dst.child)} MB`,
  );
  console.log(
    `throughput: export ${Math.round(N / exp.seconds).toLocaleString('en')} msg/s, import ${Math.round(N / imp.seconds).toLocaleString('en')} msg/s`,
  );
  if (!same) process.exitCode = 1;
} finally {
  for (const c of children) c.kill('SIGTERM');
  await sleep(1500);
  await pgAdmin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
}
