// A pool of real `pchat serve` processes for black-box tests (docs/pool.md): one PostgreSQL database of the
// test's own, the real NATS on 127.0.0.1:4222 under a subject prefix of the test's own (parallel runs never
// cross), one data directory shared by the nodes (they share the credential key, as a pool's nodes must),
// ports chosen by the OS. Each node is the CLI process an operator starts, so a test can kill -9 it.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { ChatRoomSession, CollaborationPlatform, PersistentChatEndpoint, UserEndpoint } from '@pchat/sdk';
import { tcpTransport } from '@pchat/sdk/node';
import { createPgDatabase } from '../pg.js';

const ROOT = new URL('../../../../', import.meta.url).pathname;
export const CHAT_URI = 'sip:pchat@example.test';

export interface Node {
  name: string;
  /** host:port of its SIP over TCP listener. */
  tcp: string;
  /** host:port of its SIP over TLS listener, when configured. */
  tls: string | null;
  http: string;
  output: string[];
  proc: ChildProcess;
  exited: Promise<void>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export interface Pool {
  dataDir: string;
  pgUrl: string;
  prefix: string;
  nodes: Map<string, Node>;
  start(name: string, extra?: Record<string, unknown>): Promise<Node>;
  password(user: string): string;
  adminToken(): string;
  close(): Promise<void>;
}

export async function createPool(): Promise<Pool> {
  const db = await createPgDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'pchat-pool-'));
  const prefix = `t${randomBytes(5).toString('hex')}`;
  const nodes = new Map<string, Node>();
  const pool: Pool = {
    dataDir,
    pgUrl: db.url,
    prefix,
    nodes,
    async start(name, extra = {}) {
      const file = join(dataDir, `${name}.json`);
      writeFileSync(
        file,
        JSON.stringify({
          dataDir,
          domain: 'example.test',
          store: { kind: 'postgres', postgresUrl: db.url, postgresPoolSize: 4 },
          listen: { host: '127.0.0.1', sipTcpPort: 0, sipTlsPort: null, httpPort: 0 },
          frontend: { fqdn: `${name}.example.test` },
          log: { level: 'warn' },
          bus: { kind: 'nats', url: 'nats://127.0.0.1:4222', prefix },
          ...extra,
          node: { name, heartbeatSeconds: 0.5, drainSeconds: 2, ...((extra.node as object) ?? {}) },
        }),
      );
      const node = await spawnNode(name, file);
      nodes.set(name, node);
      return node;
    },
    password(user) {
      const sheet = readFileSync(join(dataDir, 'demo-users.txt'), 'utf8');
      const m = new RegExp(`sip:${user}@example\\.test\\s+(\\S+)`).exec(sheet);
      if (!m) throw new Error(`no password for ${user} in the demo sheet`);
      return m[1]!;
    },
    adminToken() {
      return readFileSync(join(dataDir, 'admin-token'), 'utf8').trim();
    },
    async close() {
      await Promise.all([...nodes.values()].map((n) => n.kill()));
      await db.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return pool;
}

/** A suite's pool: started by the suite's `before`, closed by its `after` (see usePool). */
export interface PoolFixture {
  /** The pool (once the suite's `before` ran). */
  readonly pool: Pool;
  /** A started node by name. */
  node(name: string): Node;
}

/**
 * Registers, in the calling `describe`, a `before` that creates a pool and starts `names` in order (each
 * with the config `extra` gives, which may read the pool, e.g. its prefix) and an `after` that closes it.
 */
export function usePool(
  names: readonly string[],
  extra: (pool: Pool) => Record<string, unknown> = () => ({}),
): PoolFixture {
  let pool: Pool | undefined;
  before(async () => {
    pool = await createPool();
    const config = extra(pool);
    for (const name of names) await pool.start(name, config);
  });
  after(async () => {
    await pool?.close();
  });
  const started = (): Pool => {
    if (!pool) throw new Error('the pool starts in the suite’s before hook');
    return pool;
  };
  return {
    get pool() {
      return started();
    },
    node(name) {
      const n = started().nodes.get(name);
      if (!n) throw new Error(`no node ${name} in the pool`);
      return n;
    },
  };
}

function spawnNode(name: string, configFile: string, timeoutMs = 60_000): Promise<Node> {
  const proc = spawn(
    process.execPath,
    [
      '--conditions=development',
      '--import',
      'tsx',
      'packages/cli/src/main.ts',
      'serve',
      '--config',
      configFile,
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const output: string[] = [];
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const kill = async (signal: NodeJS.Signals = 'SIGKILL'): Promise<void> => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
    await exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void kill();
      reject(new Error(`node ${name} did not start within ${timeoutMs} ms:\n${output.join('')}`));
    }, timeoutMs);
    proc.stdout!.on('data', (b: Buffer) => {
      output.push(b.toString());
      const all = output.join('');
      if (!/pchat: store /.test(all)) return;
      clearTimeout(timer);
      const tcp = /sipTcp listening on sip:([^;\s]+)/.exec(all)?.[1];
      const http = /http listening on (\S+)/.exec(all)?.[1];
      const tls = /sipTls listening on sip:([^;\s]+)/.exec(all)?.[1] ?? null;
      if (!tcp || !http) reject(new Error(`node ${name}: no listener addresses in\n${all}`));
      else resolve({ name, tcp, tls, http, output, proc, exited, kill });
    });
    proc.stderr!.on('data', (b: Buffer) => output.push(b.toString()));
    proc.once('exit', (code, sig) => {
      clearTimeout(timer);
      reject(new Error(`node ${name} exited (${code ?? sig}) before it was ready:\n${output.join('')}`));
    });
  });
}

export interface Member {
  user: string;
  endpoint: UserEndpoint;
  chat: PersistentChatEndpoint;
  session: ChatRoomSession;
  /** Texts received in the room, in order. */
  texts: string[];
  /** Joins another room on the same chat endpoint. */
  join(room: string): Promise<{ session: ChatRoomSession; texts: string[] }>;
  close(): Promise<void>;
}

/** Calls the admin API of a node with the first-start admin token; returns the status and the JSON body. */
export async function adminCall(
  pool: Pool,
  node: Node,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${node.http}${path}`, {
    method,
    headers: { authorization: `Bearer ${pool.adminToken()}`, 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, json: (await res.json()) as unknown };
}

/** A user signed in with the SDK on these servers (the first is used first) and joined to `room`. */
export async function member(pool: Pool, user: string, servers: string[], room = 'Lobby'): Promise<Member> {
  const platform = new CollaborationPlatform({
    applicationName: 'pool-test',
    transport: tcpTransport(),
    timeouts: { requestMs: 5000 },
  });
  await platform.startup();
  const endpoint = new UserEndpoint(platform, {
    ownerUri: `sip:${user}@example.test`,
    server: servers,
    credentials: { password: pool.password(user) },
  });
  await endpoint.establish();
  const chat = new PersistentChatEndpoint(CHAT_URI, endpoint);
  await chat.establish();
  const session = new ChatRoomSession(chat);
  const texts: string[] = [];
  session.on('chatMessageReceived', (e) => texts.push(e.message.messageContent));
  await session.join(room);
  return {
    user,
    endpoint,
    chat,
    session,
    texts,
    async join(name) {
      const other = new ChatRoomSession(chat);
      const got: string[] = [];
      other.on('chatMessageReceived', (e) => got.push(e.message.messageContent));
      await other.join(name);
      return { session: other, texts: got };
    },
    async close() {
      await endpoint.terminate().catch(() => undefined);
      await platform.shutdown().catch(() => undefined);
    },
  };
}

/** Waits until `cond` holds, checking every 20 ms; fails with `what` after 20 s (a hang, not a timing). */
export async function until(cond: () => boolean, what: string, limitMs = 20_000): Promise<void> {
  for (let waited = 0; !cond(); waited += 20) {
    if (waited > limitMs) throw new Error(`gave up waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
