// The real server as a child process, exactly as an operator runs it:
//   node --conditions=development --import tsx packages/cli/src/main.ts serve --config <file>
// so a test can kill it (SIGKILL) and start it again on the same data directory.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

const ROOT = new URL('../../../../', import.meta.url).pathname;

export interface Ports {
  tcp: number;
  tls: number;
  http: number;
}

/** Ports the OS says are free now. */
export async function freePorts(): Promise<Ports> {
  const one = (): Promise<number> =>
    new Promise((resolve, reject) => {
      const s = createServer();
      s.on('error', reject);
      s.listen(0, '127.0.0.1', () => {
        const port = (s.address() as { port: number }).port;
        s.close(() => resolve(port));
      });
    });
  return { tcp: await one(), tls: await one(), http: await one() };
}

/** Writes a config file (JSON is YAML) for these ports; returns its path. */
export function writeConfig(dataDir: string, name: string, ports: Ports, caFile: string): string {
  const file = join(dataDir, `${name}.json`);
  writeFileSync(
    file,
    JSON.stringify({
      dataDir,
      domain: 'example.test',
      listen: { host: '127.0.0.1', sipTcpPort: ports.tcp, sipTlsPort: ports.tls, httpPort: ports.http },
      tls: { caFile },
      frontend: { fqdn: 'fe1.example.test' },
      log: { level: 'warn' },
    }),
  );
  return file;
}

export interface Child {
  proc: ChildProcess;
  output: string[];
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts `pchat serve --config <file>` and resolves once it listens (its "store" line). The wait is a hang guard,
 * generous because a loaded machine transpiles the server slowly; it measures nothing. */
export function startChild(configFile: string, timeoutMs = 120_000): Promise<Child> {
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
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const output: string[] = [];
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const child: Child = {
    proc,
    output,
    kill: async (signal = 'SIGKILL') => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      await exited;
    },
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void child.kill();
      reject(new Error(`pchat serve did not start within ${timeoutMs} ms:\n${output.join('')}`));
    }, timeoutMs);
    const onData = (b: Buffer): void => {
      output.push(b.toString());
      if (/pchat: store /.test(output.join(''))) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', (b: Buffer) => output.push(b.toString()));
    proc.once('exit', (code, sig) => {
      clearTimeout(timer);
      reject(new Error(`pchat serve exited (${code ?? sig}) before it was ready:\n${output.join('')}`));
    });
  });
}

/** The demo password of a user from the sheet the first start writes. */
export function demoPassword(dataDir: string, user: string): string {
  const sheet = readFileSync(join(dataDir, 'demo-users.txt'), 'utf8');
  const m = new RegExp(`sip:${user}@example\\.test\\s+(\\S+)`).exec(sheet);
  if (!m) throw new Error(`no password for ${user} in the demo sheet`);
  return m[1]!;
}
