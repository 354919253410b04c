// Shared by groupchat-ntlm.test.ts and groupchat-trusted.test.ts: a fresh `pchat serve` child process (own
// data directory, own config, SIP over TCP on a port the OS picks) and the group-chat scenario two real
// pidgin-sipe clients play against it. The same scenario runs with NTLM (every message signed) and in
// trusted-network mode (nothing signed), so that a failure in one and not the other points at signing.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SipeClient, SipeEvent } from '../driver.js';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export interface ServeChild {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  /** Demo passwords from <dataDir>/demo-users.txt, by user name (alice, bob, ...). */
  readonly passwords: Readonly<Record<string, string>>;
  /** Everything the child wrote (pino JSON lines and the pchat: lines). */
  output(): string;
  /** JSON log lines parsed so far. */
  logs(): Array<Record<string, unknown>>;
  stop(): Promise<void>;
}

/** Starts `pchat serve` with the given auth section; resolves once the SIP TCP listener is up. */
export async function startServe(auth: Record<string, unknown>): Promise<ServeChild> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pchat-serve-'));
  const configFile = join(dataDir, 'pchat.json');
  writeFileSync(
    configFile,
    JSON.stringify({
      domain: 'example.test',
      listen: { host: '127.0.0.1', sipTcpPort: 0, sipTlsPort: null, httpPort: null },
      frontend: { fqdn: 'pchat.example.test' },
      auth,
      log: { level: 'info' },
    }),
  );
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--conditions=development',
      '--import',
      'tsx',
      join(REPO, 'packages/cli/src/main.ts'),
      'serve',
      '--config',
      configFile,
      '--data-dir',
      dataDir,
    ],
    { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr!.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    const check = (): void => {
      const m = /pchat: sipTcp listening on sip:127\.0\.0\.1:(\d+);transport=tcp/.exec(out);
      if (m && /this sheet is kept in/.test(out)) {
        cleanup();
        resolve(Number(m[1]));
      }
    };
    const onExit = (code: number | null): void => {
      cleanup();
      reject(new Error(`pchat serve exited (${code}) before listening:\n${out.slice(-3000)}`));
    };
    const cleanup = (): void => {
      child.stdout!.off('data', check);
      child.off('exit', onExit);
    };
    child.stdout!.on('data', check);
    child.on('exit', onExit);
    check();
  });
  const sheet = readFileSync(join(dataDir, 'demo-users.txt'), 'utf8');
  const passwords: Record<string, string> = {};
  for (const m of sheet.matchAll(/^\s+sip:([a-z]+)@example\.test\s+(\S+)\s/gm)) passwords[m[1]!] = m[2]!;
  return {
    host: '127.0.0.1',
    port,
    dataDir,
    passwords,
    output: () => out,
    logs: () =>
      out
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>),
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(t);
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const LOBBY = 'ma-chan://example.test/';

const isFrom =
  (user: string) =>
  (e: SipeEvent): boolean =>
    e.fields.from === `sip:${user}@example.test`;
const flagged =
  (flag: string) =>
  (e: SipeEvent): boolean =>
    e.fields.flags?.split(',').includes(flag) ?? false;

/**
 * The scenario: both sign in and reach group chat, alice lists rooms, bob joins the Lobby and posts (the
 * backchat), alice joins and sees bob in the roster and his post in the history, both post and each sees
 * the other's post and its own echo, bob leaves (alice sees it), alice leaves.
 */
export async function groupChatScenario(alice: SipeClient, bob: SipeClient, tag: string): Promise<void> {
  await alice.waitFor('signed-on', undefined, 15_000);
  await bob.waitFor('signed-on', undefined, 15_000);
  await alice.waitFor('groupchat-ready', undefined, 15_000);
  await bob.waitFor('groupchat-ready', undefined, 15_000);

  await alice.command('rooms');
  const room = await alice.waitFor('room', (e) => e.fields.name === 'Lobby', 10_000);
  await alice.waitFor(
    'roomlist-progress',
    (e) => e.fields.in_progress === 'false' && e.index > room.index,
    10_000,
  );
  const lobby = room.fields.uri ?? '';
  assert.ok(lobby.startsWith(LOBBY), lobby);
  const names = alice.events.filter((e) => e.name === 'room').map((e) => e.fields.name);
  assert.ok(!names.includes('Leadership'), `the Secret room is not listed: ${names.join(',')}`);

  await bob.command(`join ${lobby}`);
  await bob.waitFor('chat-joined', (e) => e.fields.uri === lobby, 10_000);
  const backchat = `backchat from bob (${tag})`;
  await bob.command(`say ${lobby} ${backchat}`);
  const bobEcho = await bob.waitFor(
    'chat-msg',
    (e) => isFrom('bob')(e) && e.fields.text === backchat,
    10_000,
  );
  assert.ok(flagged('send')(bobEcho), `own echo flags: ${bobEcho.fields.flags}`);

  await alice.command(`join ${lobby}`);
  const joined = await alice.waitFor('chat-joined', (e) => e.fields.uri === lobby, 10_000);
  assert.equal(joined.fields.room, 'Lobby');
  await alice.waitFor('chat-user-joined', (e) => e.fields.user === 'sip:bob@example.test', 10_000);
  const history = await alice.waitFor(
    'chat-msg',
    (e) => isFrom('bob')(e) && e.fields.text === backchat,
    10_000,
  );
  assert.ok(flagged('recv')(history), `history flags: ${history.fields.flags}`);
  await bob.waitFor(
    'chat-user-joined',
    (e) => e.fields.user === 'sip:alice@example.test' && e.fields.new === 'true',
    10_000,
  );

  const fromAlice = `hello bob & co (${tag})`;
  let since = { a: alice.events.length, b: bob.events.length };
  await alice.command(`say ${lobby} ${fromAlice}`);
  const aEcho = await alice.waitFor(
    'chat-msg',
    (e) => isFrom('alice')(e) && e.fields.text === fromAlice,
    10_000,
    since.a,
  );
  assert.ok(flagged('send')(aEcho));
  const bGot = await bob.waitFor(
    'chat-msg',
    (e) => isFrom('alice')(e) && e.fields.text === fromAlice,
    10_000,
    since.b,
  );
  assert.ok(flagged('recv')(bGot));

  const fromBob = `hello alice <3 (${tag})`;
  since = { a: alice.events.length, b: bob.events.length };
  await bob.command(`say ${lobby} ${fromBob}`);
  const bEcho = await bob.waitFor(
    'chat-msg',
    (e) => isFrom('bob')(e) && e.fields.text === fromBob,
    10_000,
    since.b,
  );
  assert.ok(flagged('send')(bEcho));
  const aGot = await alice.waitFor(
    'chat-msg',
    (e) => isFrom('bob')(e) && e.fields.text === fromBob,
    10_000,
    since.a,
  );
  assert.ok(flagged('recv')(aGot));

  since = { a: alice.events.length, b: bob.events.length };
  await bob.command(`part ${lobby}`);
  await bob.waitFor('chat-left', (e) => e.fields.uri === lobby, 10_000, since.b);
  await alice.waitFor('chat-user-left', (e) => e.fields.user === 'sip:bob@example.test', 10_000, since.a);
  await alice.command(`part ${lobby}`);
  await alice.waitFor('chat-left', (e) => e.fields.uri === lobby, 10_000, since.a);

  for (const c of [alice, bob]) {
    assert.deepEqual(
      c.events
        .filter((e) => e.name === 'connection-error' || (e.name === 'notify' && e.fields.type === 'error'))
        .map((e) => e.fields),
      [],
    );
  }
}
