// Runs the real `pchat serve` as a child process: waits until it prints its last start line (`pchat:
// ready`, every edge listens then) or exits, and stops it with SIGTERM.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../bin/pchat.mjs', import.meta.url));

export interface Served {
  child: ChildProcess;
  /** Exit code when the start failed; null while it runs. */
  code: number | null;
  stdout: string;
  stderr: string;
  /** Value of `pchat: <name> listening on <address>`. */
  address(name: string): string;
  stop(): Promise<void>;
}

/** Starts `node <entry> serve <args>` (entry: the bin by default) and resolves once it is up or gone. */
export function serve(
  args: string[],
  env: Record<string, string> = {},
  entry: string[] = [BIN],
): Promise<Served> {
  const child = spawn(process.execPath, [...entry, 'serve', ...args], {
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const s: Served = {
    child,
    code: null,
    stdout: '',
    stderr: '',
    address(name) {
      const m = new RegExp(`^pchat: ${name} listening on (\\S+)$`, 'm').exec(s.stdout);
      if (!m?.[1]) throw new Error(`no ${name} address in:\n${s.stdout}`);
      return m[1];
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
  return new Promise((resolve) => {
    child.stdout.on('data', (d: Buffer) => {
      s.stdout += String(d);
      if (/^pchat: ready/m.test(s.stdout)) resolve(s);
    });
    child.stderr.on('data', (d: Buffer) => (s.stderr += String(d)));
    child.once('exit', (code) => {
      s.code = code ?? 1;
      resolve(s);
    });
  });
}
