// Memory per connected, registered, joined endpoint on one pool node (bench/README.md goal #4, issue scale
// figure of 20,000 per node): one `pchat serve` node on PostgreSQL with the NATS bus, N endpoints of the lean
// SIP/XCCOS driver (bench/peer-driver.mjs) signed in and joined to one room; the node's RSS before the first
// and after the last, divided by N. Prints steps so a box that cannot hold N still gives a figure.
//   node --conditions=development --import tsx bench/pool/memory.ts [--endpoints 5000] [--step 1000]
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openStore } from '@pchat/storage';
import { createBenchDeployment } from '../chat/deployment.js';
import { connect as pchatConnect } from '../peer-driver.mjs';

const ROOT = new URL('../../', import.meta.url).pathname;
const arg = (n: string, d: number): number => {
  const i = process.argv.indexOf(`--${n}`);
  return i >= 0 ? Number(process.argv[i + 1]) : d;
};
const N = arg('endpoints', 5000);
const STEP = arg('step', 1000);
const PG_ADMIN = process.env.PCHAT_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const rssKiB = (pid: number) =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

const name = `pchat_bench_${randomBytes(5).toString('hex')}`;
const admin = new pg.Client({ connectionString: PG_ADMIN });
await admin.connect();
await admin.query(`CREATE DATABASE ${name}`);
const u = new URL(PG_ADMIN);
u.pathname = `/${name}`;
const dir = mkdtempSync(join(tmpdir(), 'pchat-pool-mem-'));
const port = await new Promise<number>((res) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const p = (s.address() as { port: number }).port;
    s.close(() => res(p));
  });
});
let proc: ReturnType<typeof spawn> | null = null;
try {
  const store = await openStore({ kind: 'postgres', url: u.toString() });
  const { roomUri } = await createBenchDeployment(store, {
    users: N + 10,
    messages: 100,
    domain: 'example.test',
    prefix: 'bench',
  });
  await store.close();
  const file = join(dir, 'node.json');
  writeFileSync(
    file,
    JSON.stringify({
      dataDir: dir,
      domain: 'example.test',
      store: { kind: 'postgres', postgresUrl: u.toString() },
      listen: { host: '127.0.0.1', sipTcpPort: port, sipTlsPort: null, httpPort: null },
      auth: { schemes: ['trusted-network'], trustedNetworks: ['127.0.0.1/32'] },
      frontend: {
        connections: { idleTimeoutSeconds: 3600, maxConnections: N + 100, maxConnectionsPerAddress: N + 100 },
      },
      log: { level: 'warn' },
      demo: { createIfEmpty: false },
      node: { name: 'm1' },
      bus: { kind: 'nats', prefix: `m${randomBytes(3).toString('hex')}` },
    }),
  );
  proc = spawn(
    process.execPath,
    ['--conditions=development', '--import', 'tsx', 'packages/cli/src/main.ts', 'serve', '--config', file],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise<void>((res) => {
    let out = '';
    proc!.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      if (out.includes('pchat: store ')) res();
    });
  });
  process.env.PCHAT_BENCH_CLAIMS = join(dir, 'claims');
  const pid = proc.pid!;
  await new Promise((r) => setTimeout(r, 1000));
  const base = rssKiB(pid);
  console.log(`# pool node memory ${new Date().toISOString()}, load ${load()}, base RSS ${base} KiB`);
  console.log('| endpoints | node RSS (KiB) | KiB per endpoint | load |\n|---|---|---|---|');
  const clients: unknown[] = [];
  const t0 = Date.now();
  for (let i = 1; i <= N; i++) {
    const c = (await pchatConnect({ port, domain: 'example.test' })) as {
      join(r: string, o: { history: number }): Promise<unknown>;
    };
    await c.join(roomUri, { history: 0 });
    clients.push(c);
    if (i % STEP === 0) {
      const rss = rssKiB(pid);
      console.log(`| ${i} | ${rss} | ${((rss - base) / i).toFixed(1)} | ${load()} |`);
    }
  }
  console.log(`joined ${N} in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
} finally {
  proc?.kill('SIGKILL');
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
  rmSync(dir, { recursive: true, force: true });
}
process.exit(0);
