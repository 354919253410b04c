// Test driver for the pidgin-sipe harness (build/sipe-probe): builds it if needed, runs one real
// pidgin-sipe client per call with the libxml2 fix preloaded and a fresh scratch home, and turns
// its stdout into events a test can wait for. See interop/README.md for the line protocol.
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseEventLine } from './events.js';
import type { SipeEvent } from './events.js';

export type { SipeEvent } from './events.js';
export { parseEventLine, quoteArg } from './events.js';

const HERE = dirname(fileURLToPath(import.meta.url));
export const BUILD_DIR = join(HERE, 'build');
export const PROBE_BIN = join(BUILD_DIR, 'sipe-probe');
export const SAX1_FIX = join(BUILD_DIR, 'libxml2-sax1-fix.so');

/** Default for waitFor/command: long enough for loopback SIP, short enough that a miss fails fast. */
export const DEFAULT_WAIT_MS = 5_000;
const STOP_GRACE_MS = 3_000;
const TAIL = 15;

export interface SipeClientOptions {
  /** `user@domain`; the domain is also the SIP domain the client registers in. */
  user: string;
  /** Sent only if the server challenges (default "unused"). */
  password?: string;
  server: { host: string; port: number };
  /** sipe `authentication` setting (default `ntlm`). */
  auth?: 'ntlm' | 'auto' | 'krb5' | 'tls-dsk';
  /** sipe `transport` setting (default `tcp`; `auto` would mean TLS when a server is set). */
  transport?: 'tcp' | 'tls' | 'auto';
  /** sipe `groupchat_user` override (default: sipe uses `ocschat@<domain>` or provisioning). */
  groupchatUser?: string;
  /** true: sipe's full SIP log is kept (see `log()`); a string: also appended to that file. */
  debugLog?: boolean | string;
  /** How long to wait for the `started` event (default 5 s). */
  startTimeoutMs?: number;
}

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface SipeClient {
  readonly pid: number;
  /** Scratch libpurple home of this client (removed by stop()). */
  readonly home: string;
  /** Every event seen so far, in order. */
  readonly events: readonly SipeEvent[];
  /** Resolves when the harness process has exited. */
  readonly exited: Promise<ExitInfo>;
  /** Writes one command line (`rooms`, `join <uri>`, `say [<uri>] <text>`, `part [<uri>]`, `ping`, `quit`). */
  send(cmd: string): void;
  /** send() and wait for that command's `cmd-ok`; rejects on `cmd-rejected`. */
  command(cmd: string, timeoutMs?: number): Promise<SipeEvent>;
  /**
   * First event named `name` (already seen or still to come) that satisfies `predicate`.
   * With `since` (an index, e.g. `client.events.length` taken before an action) older events are skipped.
   * Rejects after `timeoutMs`, or at once if the harness exits, listing the last events seen.
   */
  waitFor(
    name: string,
    predicate?: (e: SipeEvent) => boolean,
    timeoutMs?: number,
    since?: number,
  ): Promise<SipeEvent>;
  /** stderr so far (sipe's SIP log when debugLog is set, otherwise GLib warnings only). */
  log(): string;
  /** Sends `quit`, waits up to `graceMs` for exit, then SIGKILLs. Removes the scratch home. Idempotent. */
  stop(graceMs?: number): Promise<ExitInfo>;
}

// ---- build ----

let built: string | undefined;

/** Runs build.sh once per process (quick when up to date). Throws with build.sh's message on failure. */
export function ensureHarnessBuilt(): void {
  if (built === BUILD_DIR) return;
  const r = spawnSync('bash', [join(HERE, 'build.sh')], { encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) {
    const why = r.error ? String(r.error) : (r.stderr || r.stdout).trim();
    throw new Error(`pidgin-sipe harness build failed (exit ${r.status}): ${why}`);
  }
  built = BUILD_DIR;
}

/** For node:test's `skip`: false once the harness is built (building it if needed), else why the tests skip. */
export function harnessSkip(): false | string {
  try {
    ensureHarnessBuilt();
    return false;
  } catch {
    return 'pidgin-sipe harness not available';
  }
}

// ---- process bookkeeping: nothing outlives the test process ----

const live = new Set<{ child: ChildProcess; home: string }>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // 'exit' handlers must be synchronous: kill and remove what is left. The harness also quits by
  // itself when its stdin closes, which covers a test process that dies by SIGKILL.
  process.on('exit', () => {
    for (const { child, home } of live) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      rmSync(home, { recursive: true, force: true });
    }
  });
}

function describeExit(e: ExitInfo): string {
  const meaning: Record<number, string> = {
    0: 'clean quit',
    1: 'runtime failure',
    2: 'usage error',
    3: 'setup failed (libpurple/prpl-sipe)',
    4: 'quit after a connection error',
  };
  return e.signal ? `killed by ${e.signal}` : `exit ${e.code} (${meaning[e.code ?? -1] ?? 'unknown'})`;
}

// ---- the client ----

export async function startSipeClient(opts: SipeClientOptions): Promise<SipeClient> {
  ensureHarnessBuilt();
  installExitHook();

  const home = mkdtempSync(join(tmpdir(), 'sipe-probe-'));
  const args = [
    '-u',
    opts.user,
    '-p',
    opts.password ?? 'unused',
    '-s',
    `${opts.server.host}:${opts.server.port}`,
  ];
  args.push('-t', opts.transport ?? 'tcp', '-a', opts.auth ?? 'ntlm', '-H', home);
  if (opts.groupchatUser) args.push('-g', opts.groupchatUser);
  if (opts.debugLog) args.push('-d');

  const child = spawn(PROBE_BIN, args, {
    stdio: ['pipe', 'pipe', 'pipe'],
    // COMPAT(pidgin-sipe): Debian 12's libxml2 drops SAX1 callbacks; without this every XML body is empty.
    env: { ...process.env, LD_PRELOAD: [SAX1_FIX, process.env.LD_PRELOAD].filter(Boolean).join(':') },
  });
  const entry = { child, home };
  live.add(entry);

  const events: SipeEvent[] = [];
  const listeners = new Set<() => void>();
  const notify = (): void => listeners.forEach((l) => l());
  let stderr = '';
  let exitInfo: ExitInfo | undefined;
  let sent = 0;
  let stopping: Promise<ExitInfo> | undefined;
  const logFile = typeof opts.debugLog === 'string' ? opts.debugLog : undefined;

  createInterface({ input: child.stdout! }).on('line', (line) => {
    const ev = parseEventLine(line, events.length);
    // Anything else on stdout would be a harness bug; keep it visible in the event list.
    events.push(ev ?? { name: 'unparsed', fields: { line }, raw: line, index: events.length });
    notify();
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    if (logFile) appendFileSync(logFile, chunk);
  });
  child.stdin!.on('error', () => {}); // EPIPE after exit is reported through `exited` instead.

  // 'close', not 'exit': it comes after stdout is drained, so no event is still in the pipe when
  // waiters are told the harness is gone. The entry stays in `live` until stop() removed the home.
  const exited = new Promise<ExitInfo>((resolve) => {
    child.on('close', (code, signal) => {
      exitInfo ??= { code, signal };
      resolve(exitInfo);
      notify();
    });
    child.on('error', (err) => {
      stderr += `spawn error: ${err.message}\n`;
      exitInfo ??= { code: null, signal: null };
      resolve(exitInfo);
      notify();
    });
  });

  const tail = (): string => {
    const last = events.slice(-TAIL).map((e) => `  ${e.raw}`);
    const errTail = stderr.trim().split('\n').slice(-5).join('\n  ');
    return [
      `last ${last.length} of ${events.length} events from ${opts.user}:`,
      ...(last.length ? last : ['  (none)']),
      ...(exitInfo ? [`harness ${describeExit(exitInfo)}`] : []),
      ...(errTail ? [`stderr tail:\n  ${errTail}`] : []),
    ].join('\n');
  };

  // The one waiting primitive: resolves with the first event `pick` returns, re-checked on every
  // new event; rejects on timeout or when the harness exits, with the recent events attached.
  const waitUntil = (
    pick: () => SipeEvent | undefined,
    what: string,
    timeoutMs: number,
  ): Promise<SipeEvent> =>
    new Promise((resolve, reject) => {
      const began = Date.now();
      const finish = (): void => {
        clearTimeout(timer);
        listeners.delete(check);
      };
      const check = (): void => {
        const hit = pick();
        if (hit) {
          finish();
          resolve(hit);
        } else if (exitInfo) {
          finish();
          reject(new Error(`sipe client exited while waiting for ${what}\n${tail()}`));
        }
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`timed out after ${Date.now() - began} ms waiting for ${what}\n${tail()}`));
      }, timeoutMs);
      listeners.add(check);
      check();
    });

  const waitFor: SipeClient['waitFor'] = (name, predicate, timeoutMs = DEFAULT_WAIT_MS, since = 0) =>
    waitUntil(
      () => events.find((e) => e.index >= since && e.name === name && (!predicate || predicate(e))),
      `"${name}"`,
      timeoutMs,
    );

  const send = (cmd: string): void => {
    // Each line gets exactly one cmd-ok/cmd-rejected; command() relies on that count.
    if (!cmd.trim() || /[\r\n]/.test(cmd))
      throw new Error(`one non-empty line per command, got ${JSON.stringify(cmd)}`);
    if (exitInfo) throw new Error(`sipe client has exited; cannot send "${cmd}"\n${tail()}`);
    child.stdin!.write(`${cmd}\n`);
    sent++;
  };

  const command: SipeClient['command'] = async (cmd, timeoutMs = DEFAULT_WAIT_MS) => {
    const nth = sent; // the harness answers every line exactly once, in order
    send(cmd);
    const isAck = (e: SipeEvent): boolean => e.name === 'cmd-ok' || e.name === 'cmd-rejected';
    const ack = await waitUntil(() => events.filter(isAck)[nth], `the answer to "${cmd}"`, timeoutMs);
    if (ack.name === 'cmd-rejected')
      throw new Error(`command "${cmd}" rejected: ${ack.fields.reason}\n${tail()}`);
    return ack;
  };

  const stop = (graceMs = STOP_GRACE_MS): Promise<ExitInfo> => {
    stopping ??= (async () => {
      if (!exitInfo) {
        try {
          child.stdin!.write('quit\n');
          child.stdin!.end();
        } catch {
          /* already gone */
        }
        const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        await exited;
        clearTimeout(killer);
      }
      rmSync(home, { recursive: true, force: true });
      live.delete(entry);
      return exited;
    })();
    return stopping;
  };

  const client: SipeClient = {
    pid: child.pid ?? -1,
    home,
    events,
    exited,
    send,
    command,
    waitFor,
    log: () => stderr,
    stop,
  };

  try {
    await waitFor('started', undefined, opts.startTimeoutMs ?? DEFAULT_WAIT_MS);
  } catch (err) {
    await stop(500);
    throw err;
  }
  return client;
}
