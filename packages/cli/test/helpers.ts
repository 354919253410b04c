// Test kit for the CLI: a real server (SQLite in a temp dir, HTTP on an OS-chosen port) and the real
// `pchat` bin run as a child process against it.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger, loadConfig, startServer, type RunningServer } from '@pchat/server';

const BIN = fileURLToPath(new URL('../bin/pchat.mjs', import.meta.url));

export interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

export interface Kit {
  server: RunningServer;
  dir: string;
  url: string;
  /** Runs `pchat <args>` with the admin token of the data directory. */
  pchat(args: string[], env?: Record<string, string>, input?: string): Promise<Result>;
  /** Runs with --json and parses stdout; fails the test when the exit code is not 0. */
  json(args: string[], env?: Record<string, string>): Promise<unknown>;
  close(): Promise<void>;
}

/**
 * pchat prints PascalCase property names (format.ts); the tests read the API's camelCase names, so the
 * parsed output is turned back here. The PascalCase itself is checked by powershell-habits.test.ts.
 */
export function camelKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(camelKeys);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v).map(([k, x]) => [
        /^[A-Z][A-Za-z0-9]*$/.test(k) ? k.charAt(0).toLowerCase() + k.slice(1) : k,
        camelKeys(x),
      ]),
    );
  return v;
}

/** Parses the -Json output of pchat (see camelKeys). */
export const parseOut = (stdout: string): unknown => camelKeys(JSON.parse(stdout));

export const PASSWORDS = {
  admin: 'pw-admin',
  alice: 'pw-alice',
  bob: 'pw-bob',
  carol: 'pw-carol',
  dave: 'pw-dave',
};

export function runBin(args: string[], env: Record<string, string>, input?: string): Promise<Result> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [BIN, ...args],
      { env: { ...process.env, ...env, NO_COLOR: '1' }, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err
          ? typeof (err as { code?: unknown }).code === 'number'
            ? (err as { code: number }).code
            : 1
          : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr).replace(/^npm warn.*\n/gm, '') });
      },
    );
    if (input !== undefined) child.stdin?.end(input);
    else child.stdin?.end();
  });
}

export async function startKit(overrides: Record<string, unknown> = {}): Promise<Kit> {
  const dir = mkdtempSync(join(tmpdir(), 'pchat-cli-'));
  const config = loadConfig({
    env: {},
    dataDir: dir,
    overrides: { listen: { httpPort: 0, sipTcpPort: null, sipTlsPort: null }, ...overrides },
  });
  const server = await startServer(config, { logger: createLogger('silent'), demoPasswords: PASSWORDS });
  const url = server.addresses.http as string;
  const base = {
    PCHAT_SERVER: url,
    PCHAT_DATA_DIR: dir,
    PCHAT_TOKEN: '',
    PCHAT_USER: '',
    PCHAT_PASSWORD: '',
  };
  const kit: Kit = {
    server,
    dir,
    url,
    pchat: (args, env = {}, input) => runBin(args, { ...base, ...env }, input),
    json: async (args, env = {}) => {
      const r = await runBin([...args, '-Json'], { ...base, ...env });
      if (r.code !== 0) throw new Error(`pchat ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
      return parseOut(r.stdout);
    },
    close: async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return kit;
}

/** Creates a user holding the role and returns a token for it (through the CLI). */
export async function tokenFor(kit: Kit, user: string, roles: string[]): Promise<string> {
  const r = await kit.pchat([
    'New-CsAdUser',
    '-SipAddress',
    user,
    '-AdminRoles',
    roles.join(','),
    '-Password',
    'pw-x',
  ]);
  if (r.code !== 0) throw new Error(r.stderr);
  const t = (await kit.json(['New-PchatAdminToken', '-Identity', user])) as { token: string };
  return t.token;
}

/** The `ip:port` of a listener address (`sip:127.0.0.1:5060;transport=tcp`), as -TargetFqdn takes it. */
export const hostPort = (u: string | undefined): string =>
  /(\d+\.\d+\.\d+\.\d+:\d+)/.exec(u ?? '')?.[1] ?? '';

/**
 * Test-CsPersistentChatMessage from alice to bob over the kit's SIP TCP listener with -Json (the
 * synthetic transaction that shows chat works end to end); `passwords` are those of the two users.
 */
export function testMessage(
  kit: Kit,
  passwords: { alice: string; bob: string } = PASSWORDS,
): Promise<Result> {
  return kit.pchat(
    [
      'Test-CsPersistentChatMessage',
      '-TargetFqdn',
      hostPort(kit.server.addresses.sipTcp),
      '-Transport',
      'Tcp',
      '-SenderSipAddress',
      'sip:alice@example.test',
      '-ReceiverSipAddress',
      'sip:bob@example.test',
      '-Json',
    ],
    {
      PCHAT_SENDER_CREDENTIAL: `alice:${passwords.alice}`,
      PCHAT_RECEIVER_CREDENTIAL: `bob:${passwords.bob}`,
    },
  );
}
