// The pool benchmark (bench/README.md goal #8, docs/pool.md): in one run, side by side,
//   1. the bus engines alone (NATS core pub/sub vs Redis pub/sub): frames/s and latency for this workload
//      (room events of about 600 bytes on per-room subjects);
//   2. one pchat node vs a pool of two nodes on one PostgreSQL (NATS bus, then Redis bus): delivery latency
//      p50/p99 at a steady rate (receivers on the sender's node vs on the other node), fan-out deliveries/s
//      in a burst, and server CPU µs per delivery (utime+stime of every node / deliveries).
// Receivers and the sender use the lean SIP/XCCOS driver of the chat bench (bench/peer-driver.mjs) in this
// process; the nodes are `pchat serve` child processes. Everything on 127.0.0.1.
//   node --conditions=development --import tsx bench/pool/run.ts [--receivers 200] [--rate 20] [--steady 200] [--burst 300]
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { connect as natsConnect } from 'nats';
import { createClient } from 'redis';
import { openStore } from '@pchat/storage';
import { createBenchDeployment } from '../chat/deployment.js';
import { connect as pchatConnect } from '../peer-driver.mjs';

const ROOT = new URL('../../', import.meta.url).pathname;
const arg = (n: string, d: number): number => {
  const i = process.argv.indexOf(`--${n}`);
  return i >= 0 ? Number(process.argv[i + 1]) : d;
};
const RECEIVERS = arg('receivers', 200);
const RATE = arg('rate', 20);
const STEADY = arg('steady', 200);
const BURST = arg('burst', 300);
const PG_ADMIN = process.env.PCHAT_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : NaN;
};
const f1 = (x: number) => x.toFixed(1);
const now = () => performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

// ---- 1. the bus engines alone ----
async function busAlone(kind: 'nats' | 'redis', frames: number): Promise<string> {
  const payload = JSON.stringify({
    node: 'a',
    room: { type: 'message', roomId: 'r', text: 'x'.repeat(500) },
  });
  const lat: number[] = [];
  let got = 0;
  let done!: () => void;
  const all = new Promise<void>((r) => (done = r));
  const onFrame = (s: string) => {
    lat.push(now() - Number(s.slice(0, s.indexOf('|'))));
    if (++got === frames) done();
  };
  let pub: (s: string) => void;
  let close: () => Promise<void>;
  const subject = `bench${randomBytes(3).toString('hex')}.room.r`;
  if (kind === 'nats') {
    const [p, s] = [
      await natsConnect({ servers: '127.0.0.1:4222' }),
      await natsConnect({ servers: '127.0.0.1:4222' }),
    ];
    const dec = new TextDecoder();
    s.subscribe(subject, { callback: (_e, m) => onFrame(dec.decode(m.data)) });
    await s.flush();
    const enc = new TextEncoder();
    pub = (x) => p.publish(subject, enc.encode(x));
    close = async () => {
      await p.close();
      await s.close();
    };
  } else {
    const p = createClient({ url: 'redis://127.0.0.1:6379' });
    const s = p.duplicate();
    await Promise.all([p.connect(), s.connect()]);
    await s.subscribe(subject, onFrame);
    pub = (x) => void p.publish(subject, x);
    close = async () => {
      await s.quit();
      await p.quit();
    };
  }
  const t0 = now();
  // Bursts of 100 per event-loop turn, as a busy node publishes.
  for (let i = 0; i < frames; i += 100) {
    for (let j = 0; j < 100; j++) pub(`${now()}|${payload}`);
    await new Promise((r) => setImmediate(r));
  }
  await all;
  const secs = (now() - t0) / 1000;
  await close();
  return `| ${kind} | ${frames} | ${Math.round(frames / secs).toLocaleString('en')} | ${f1(pct(lat, 50))} / ${f1(pct(lat, 99))} ms |`;
}

// ---- 2. pchat nodes ----
interface Node {
  proc: ChildProcess;
  port: number;
  exited: Promise<void>;
}

function cpuMs(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime + stime, in clock ticks of 10 ms
}

async function freePort(): Promise<number> {
  const net = await import('node:net');
  return new Promise((res) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => res(p));
    });
  });
}

async function startNode(dir: string, name: string, pgUrl: string, bus: object): Promise<Node> {
  const port = await freePort();
  const file = join(dir, `${name}.json`);
  writeFileSync(
    file,
    JSON.stringify({
      dataDir: dir,
      domain: 'example.test',
      store: { kind: 'postgres', postgresUrl: pgUrl },
      listen: { host: '127.0.0.1', sipTcpPort: port, sipTlsPort: null, httpPort: null },
      auth: { schemes: ['trusted-network'], trustedNetworks: ['127.0.0.1/32'] },
      frontend: {
        connections: { idleTimeoutSeconds: 3600, maxConnections: 20000, maxConnectionsPerAddress: 20000 },
      },
      log: { level: 'warn' },
      demo: { createIfEmpty: false },
      node: { name },
      bus,
    }),
  );
  const proc = spawn(
    process.execPath,
    ['--conditions=development', '--import', 'tsx', 'packages/cli/src/main.ts', 'serve', '--config', file],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  await new Promise<void>((res, rej) => {
    let out = '';
    proc.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      if (out.includes('pchat: store ')) res();
    });
    proc.once('exit', () => rej(new Error(`node ${name} exited:\n${out}`)));
  });
  return { proc, port, exited };
}

interface Client {
  join(room: string, o: { history: number }): Promise<unknown>;
  send(room: string, text: string): void;
  onMessage: ((room: string, body: string) => void) | null;
  close(): void;
}

async function scenario(label: string, nodes: Node[], roomUri: string, claims: string): Promise<string[]> {
  process.env.PCHAT_BENCH_CLAIMS = claims;
  const receivers: Array<{ c: Client; node: number }> = [];
  const lat: number[][] = nodes.map(() => []);
  const sentAt = new Map<string, number>();
  let delivered = 0;
  for (let i = 0; i < RECEIVERS; i++) {
    const node = i % nodes.length;
    const c = (await pchatConnect({ port: nodes[node]!.port, domain: 'example.test' })) as Client;
    await c.join(roomUri, { history: 0 });
    c.onMessage = (_room, body) => {
      delivered++;
      const t = sentAt.get(body);
      if (t !== undefined) lat[node]!.push(now() - t);
    };
    receivers.push({ c, node });
  }
  const sender = (await pchatConnect({ port: nodes[0]!.port, domain: 'example.test' })) as Client;
  await sender.join(roomUri, { history: 0 });
  await sleep(500);
  // Steady: RATE posts/s, latency per receiver's node.
  for (let i = 0; i < STEADY; i++) {
    const text = `steady ${label} ${i}`;
    sentAt.set(text, now());
    sender.send(roomUri, text);
    await sleep(1000 / RATE);
  }
  const expectSteady = STEADY * RECEIVERS;
  for (let w = 0; w < 300 && delivered < expectSteady; w++) await sleep(50);
  const lostSteady = expectSteady - delivered;
  // Burst: BURST posts at once, deliveries/s and CPU per delivery over every node.
  sentAt.clear();
  const before = delivered;
  const cpu0 = nodes.reduce((s, n) => s + cpuMs(n.proc.pid!), 0);
  const t0 = now();
  for (let i = 0; i < BURST; i++) sender.send(roomUri, `burst ${label} ${i}`);
  const expect = before + BURST * RECEIVERS;
  for (let w = 0; w < 1200 && delivered < expect; w++) await sleep(25);
  const secs = (now() - t0) / 1000;
  const cpu = nodes.reduce((s, n) => s + cpuMs(n.proc.pid!), 0) - cpu0;
  const burstDelivered = delivered - before;
  for (const r of receivers) r.c.close();
  sender.close();
  const rows = nodes.map(
    (_, i) =>
      `| ${label} | receivers on node ${i === 0 ? 'A (the sender’s)' : 'B (cross-node)'} | ${f1(pct(lat[i]!, 50))} / ${f1(pct(lat[i]!, 99))} ms |`,
  );
  rows.push(
    `| ${label} | burst of ${BURST} into ${RECEIVERS} | ${Math.round(burstDelivered / secs).toLocaleString('en')} deliveries/s, ${f1((cpu * 1000) / Math.max(1, burstDelivered))} µs CPU each, lost ${lostSteady + (BURST * RECEIVERS - burstDelivered)} |`,
  );
  return rows;
}

async function main(): Promise<void> {
  console.log(
    `# pool bench ${new Date().toISOString()}, load ${load()}, receivers ${RECEIVERS}, rate ${RATE}/s`,
  );
  console.log('\n| bus alone | frames | frames/s | latency p50 / p99 |\n|---|---|---|---|');
  for (const k of ['nats', 'redis'] as const) console.log(await busAlone(k, 20_000));

  const name = `pchat_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const u = new URL(PG_ADMIN);
  u.pathname = `/${name}`;
  const pgUrl = u.toString();
  const dir = mkdtempSync(join(tmpdir(), 'pchat-pool-bench-'));
  const nodes: Node[] = [];
  try {
    const store = await openStore({ kind: 'postgres', url: pgUrl });
    const { roomUri } = await createBenchDeployment(store, {
      users: RECEIVERS * 4 + 10,
      messages: 100,
      domain: 'example.test',
      prefix: 'bench',
    });
    await store.close();
    console.log(`\nload before the nodes: ${load()}`);
    console.log('\n| setup | what | figure |\n|---|---|---|');
    const cases: Array<[string, object, number]> = [
      ['1 node', { kind: 'local' }, 1],
      ['2 nodes, NATS', { kind: 'nats', prefix: `b${randomBytes(3).toString('hex')}` }, 2],
      ['2 nodes, Redis', { kind: 'redis', prefix: `b${randomBytes(3).toString('hex')}` }, 2],
    ];
    for (const [label, bus, n] of cases) {
      for (let i = 0; i < n; i++) nodes.push(await startNode(dir, `n${i}`, pgUrl, bus));
      for (const r of await scenario(label, nodes, roomUri, join(dir, `claims-${label.replace(/\W/g, '')}`)))
        console.log(r);
      console.log(`| ${label} | load after | ${load()} |`);
      for (const node of nodes.splice(0)) {
        node.proc.kill('SIGKILL');
        await node.exited;
      }
    }
  } finally {
    for (const node of nodes) node.proc.kill('SIGKILL');
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
process.exit(0);
