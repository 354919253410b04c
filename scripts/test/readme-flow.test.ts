// The README's promise, end to end: a fresh data directory, `pchat serve` as a real child process (the
// embedded SQLite default, the demo deployment with printed passwords), then a demo user signs in with the
// SDK example and posts in a demo room. (The pidgin-sipe path of the README is proven by
// interop/pidgin-sipe/test/groupchat-ntlm.test.ts.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = new URL('../../', import.meta.url).pathname;
const node = (args: string[]) =>
  spawn(process.execPath, ['--conditions=development', '--import', 'tsx', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });

function collect(p: ReturnType<typeof node>): {
  text: () => string;
  waitFor: (re: RegExp, ms: number) => Promise<RegExpExecArray>;
} {
  let out = '';
  p.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  p.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  return {
    text: () => out,
    waitFor: async (re, ms) => {
      const deadline = Date.now() + ms;
      for (;;) {
        const m = re.exec(out);
        if (m) return m;
        if (Date.now() > deadline || p.exitCode !== null) throw new Error(`did not see ${re} in:\n${out}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
}

test('fresh start → demo users printed → an SDK user signs in and posts in the Lobby', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pchat-readme-'));
  const config = join(dir, 'pchat.yaml');
  // The defaults, except ports chosen by the OS so the test never collides with another server.
  writeFileSync(config, 'listen:\n  sipTcpPort: 0\n  sipTlsPort: null\n  httpPort: 0\nlog:\n  level: warn\n');
  const server = node([
    'packages/cli/src/main.ts',
    'serve',
    '--config',
    config,
    '--data-dir',
    join(dir, 'data'),
  ]);
  const out = collect(server);
  try {
    const [, sip] = await out.waitFor(/sipTcp listening on sip:([\d.]+:\d+)/, 60_000);
    await out.waitFor(/readable only by you/, 10_000);
    const sheet = readFileSync(join(dir, 'data', 'demo-users.txt'), 'utf8');
    const password = /sip:alice@example\.test\s+(\S+)/.exec(sheet)?.[1];
    assert.ok(password, `alice's password is on the sheet:\n${sheet}`);

    const hello = node([
      'examples/say-hello.ts',
      '--server',
      sip!,
      '--user',
      'sip:alice@example.test',
      '--password',
      password,
      '--text',
      'hi from the README',
    ]);
    const h = collect(hello);
    const code = await new Promise<number | null>((r) => hello.once('exit', r));
    assert.equal(code, 0, h.text());
    assert.match(h.text(), /posted #\d+ in Lobby as sip:alice@example\.test/);
    assert.match(h.text(), /sip:alice@example\.test: hi from the README/);
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
  }
});
