// Browser test kit: a real `pchat serve` child process (fresh data directory, the demo deployment, its
// HTTP port chosen free and kept across a restart) and Debian's Chromium driven by playwright-core with the
// flags this machine needs. One browser per test file; one context per user.
import { spawn, type ChildProcess } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ChatRoomSession, CollaborationPlatform, PersistentChatEndpoint, UserEndpoint } from '@pchat/sdk';
import { tcpTransport } from '@pchat/sdk/node';

const ROOT = new URL('../../../../', import.meta.url).pathname;
export const DOCS_IMAGES = join(ROOT, 'docs', 'web');

const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface Pchat {
  /** http://127.0.0.1:<port> */
  url: string;
  /** host:port of SIP over TCP (for pidgin-sipe). */
  sipTcp: string;
  dataDir: string;
  passwords: Record<string, string>;
  adminToken: string;
  output(): string;
  /** Stops the server (SIGKILL when `hard`). */
  stop(hard?: boolean): Promise<void>;
  /** Starts it again on the same data directory and ports. */
  start(): Promise<void>;
  /** Calls the admin API. */
  admin(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }>;
}

/** `yaml`: extra top-level configuration appended to the file (e.g. a `frontend:` section). */
export async function startPchat(opts: { yaml?: string } = {}): Promise<Pchat> {
  await ensureFreshBuild();
  const dir = mkdtempSync(join(tmpdir(), 'pchat-web-'));
  const dataDir = join(dir, 'data');
  mkdirSync(dataDir);
  const http = await freePort();
  const sip = await freePort();
  const config = join(dir, 'pchat.yaml');
  writeFileSync(
    config,
    `listen:\n  host: 127.0.0.1\n  sipTcpPort: ${sip}\n  sipTlsPort: null\n  httpPort: ${http}\nlog:\n  level: warn\n${opts.yaml ?? ''}`,
  );
  let proc: ChildProcess | null = null;
  let out = '';
  const start = async (): Promise<void> => {
    out = '';
    const p = spawn(
      process.execPath,
      [
        '--conditions=development',
        '--import',
        'tsx',
        'packages/cli/src/main.ts',
        'serve',
        '--config',
        config,
        '--data-dir',
        dataDir,
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    proc = p;
    p.stdout!.on('data', (b: Buffer) => (out += b.toString()));
    p.stderr!.on('data', (b: Buffer) => (out += b.toString()));
    const deadline = Date.now() + 120_000;
    while (!/web app at http/.test(out)) {
      if (p.exitCode !== null || Date.now() > deadline) throw new Error(`pchat serve did not start:\n${out}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  await start();
  const sheet = readFileSync(join(dataDir, 'demo-users.txt'), 'utf8');
  const passwords: Record<string, string> = {};
  for (const m of sheet.matchAll(/sip:(\w+)@example\.test\s+(\S+)/g)) passwords[m[1]!] = m[2]!;
  const adminToken = readFileSync(join(dataDir, 'admin-token'), 'utf8').trim();
  const url = `http://127.0.0.1:${http}`;
  return {
    url,
    sipTcp: `127.0.0.1:${sip}`,
    dataDir,
    passwords,
    adminToken,
    output: () => out,
    start,
    async stop(hard = false) {
      const p = proc;
      if (!p || p.exitCode !== null) return;
      const exited = new Promise((r) => p.once('exit', r));
      p.kill(hard ? 'SIGKILL' : 'SIGTERM');
      await exited;
    },
    async admin(method, path, body) {
      const res = await fetch(`${url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${adminToken}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      return { status: res.status, json: await res.json().catch(() => null) };
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_FLAGS, headless: true });
}

/** The server and the browser the tests of one describe block share. */
export interface WebApp {
  readonly pchat: Pchat;
  readonly browser: Browser;
}

/**
 * Starts a server and a browser before the tests of the enclosing describe block and stops both after
 * them; `setup` runs once both are up (a configuration change and restart, seeding).
 */
export function useWebApp(opts: { yaml?: string } = {}, setup?: (w: WebApp) => Promise<void>): WebApp {
  let pchat: Pchat | undefined;
  let browser: Browser | undefined;
  const w: WebApp = {
    get pchat() {
      if (!pchat) throw new Error('The server is not started yet: use it inside a test.');
      return pchat;
    },
    get browser() {
      if (!browser) throw new Error('The browser is not started yet: use it inside a test.');
      return browser;
    },
  };
  before(async () => {
    pchat = await startPchat(opts);
    browser = await launchBrowser();
    await setup?.(w);
  });
  after(async () => {
    await browser?.close();
    await pchat?.stop();
  });
  return w;
}

/** A fresh context (its own cookies and storage) and page, sized like a laptop screen. */
export async function newUserPage(
  browser: Browser,
  opts: { width?: number; height?: number; dark?: boolean; acceptDownloads?: boolean } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width: opts.width ?? 1280, height: opts.height ?? 800 },
    colorScheme: opts.dark ? 'dark' : 'light',
    locale: 'en-GB',
    timezoneId: 'UTC',
    acceptDownloads: opts.acceptDownloads ?? false,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return { context, page };
}

export async function signIn(page: Page, url: string, user: string, password: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel('SIP address').fill(`${user}@example.test`);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

const WEB_DIR = join(ROOT, 'packages', 'web');

function newestMtime(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return t;
}

/**
 * Builds the app when its sources are newer than the build (a developer edited them since `npm install`),
 * so the browser never tests a stale bundle. A lock directory keeps parallel test files from building twice.
 */
export async function ensureFreshBuild(): Promise<void> {
  const index = join(WEB_DIR, 'dist', 'index.html');
  // The bundle holds the app, the SDK and the codec: any of their sources being newer means a rebuild.
  const sources = Math.max(
    ...['web', 'sdk', 'protocol'].map((p) => newestMtime(join(ROOT, 'packages', p, 'src'))),
    statSync(join(WEB_DIR, 'index.html')).mtimeMs,
  );
  const lock = join(WEB_DIR, '.build-lock');
  for (;;) {
    if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
    try {
      mkdirSync(lock);
    } catch {
      await new Promise((r) => setTimeout(r, 500)); // another test file is building
      continue;
    }
    try {
      if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
      const code = await new Promise<number | null>((resolve) => {
        const p = spawn(
          process.execPath,
          [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'],
          {
            cwd: WEB_DIR,
            stdio: 'inherit',
          },
        );
        p.on('exit', resolve);
      });
      if (code !== 0) throw new Error('vite build of packages/web failed');
      return;
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
}

/** Saves a screenshot for docs/web.md. */
export async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(DOCS_IMAGES, { recursive: true });
  await page.screenshot({ path: join(DOCS_IMAGES, `${name}.png`) });
}

/** Changes the global Persistent Chat configuration (Set-CsPersistentChatConfiguration) through the admin API. */
export async function setChatConfig(p: Pchat, patch: Record<string, unknown>): Promise<void> {
  const got = await p.admin('GET', '/v1/configurations');
  const global = (got.json as Array<{ identity: string; version: string }>).find(
    (c) => c.identity === 'global',
  );
  const r = await p.admin('PATCH', '/v1/configurations', {
    identity: 'global',
    version: global?.version,
    ...patch,
  });
  if (r.status >= 300) throw new Error(`Set-CsPersistentChatConfiguration failed: ${JSON.stringify(r.json)}`);
}

/** A user signed in through the SDK over TCP (a second client beside the browser). */
export async function sdkUser(
  p: Pchat,
  user: string,
): Promise<{
  chat: PersistentChatEndpoint;
  room(name: string): Promise<ChatRoomSession>;
  close(): Promise<void>;
}> {
  const platform = new CollaborationPlatform({
    applicationName: 'web-test',
    transport: tcpTransport(),
    timeouts: { requestMs: 10_000 },
  });
  await platform.startup();
  const ep = new UserEndpoint(platform, {
    ownerUri: `sip:${user}@example.test`,
    server: p.sipTcp,
    credentials: { password: p.passwords[user]! },
  });
  await ep.establish();
  const prov = await ep.getProvisioningData();
  const chat = new PersistentChatEndpoint(prov.persistentChatConfiguration.defaultPersistentChatUri!, ep);
  await chat.establish();
  return {
    chat,
    async room(name) {
      const s = new ChatRoomSession(chat);
      await s.join(name);
      return s;
    },
    close: () => platform.shutdown(),
  };
}

export async function openRoom(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Rooms' }).getByRole('link', { name, exact: true }).click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
  await page.getByRole('textbox', { name: 'Message' }).waitFor();
}

export async function post(page: Page, text: string): Promise<void> {
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill(text);
  await page.getByRole('button', { name: 'Send' }).click();
  // The composer empties once the server stored the post (a failed post would stay, with its error).
  await until(async () => (await box.inputValue()) === '', `"${text}" was not accepted`);
}

export async function until(ok: () => Promise<boolean>, what: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function logHas(page: Page, text: string): Promise<void> {
  await page.getByRole('log', { name: 'Messages' }).getByText(text, { exact: false }).first().waitFor();
}
