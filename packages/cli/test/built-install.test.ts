// An install that runs without the development toolchain (docs/deploy.md): every package is built to
// JavaScript (`tsc -b tsconfig.build.json`), the built `pchat` runs on plain Node (no tsx, the default export
// conditions, so every @pchat package resolves to its dist/), answers --version, starts the server, and the
// demo users sign in: the administrator through the built CLI, alice over SIP with the SDK example.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { serve, type Served } from './serve-process.js';
import type { Result } from './helpers.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BUILT_MAIN = join(ROOT, 'packages/cli/dist/main.js');

function run(args: string[], env: Record<string, string> = {}): Promise<Result> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PCHAT_')));
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      args,
      { cwd: ROOT, env: { ...clean, NO_COLOR: '1', ...env }, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}

describe('the built install on plain Node', { timeout: 600_000 }, () => {
  let dir: string;
  let server: Served;
  before(async () => {
    const b = await run([join(ROOT, 'node_modules/typescript/bin/tsc'), '-b', 'tsconfig.build.json']);
    assert.equal(b.code, 0, b.stdout + b.stderr);
    dir = mkdtempSync(join(tmpdir(), 'pchat-built-'));
  });
  after(async () => {
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('built every package to dist/ and prints its version', async () => {
    for (const p of ['protocol', 'ntlm', 'domain', 'storage', 'server', 'sdk', 'cli'])
      assert.ok(existsSync(join(ROOT, 'packages', p, 'dist', 'index.js')), `${p} is built`);
    const version = (
      JSON.parse(readFileSync(join(ROOT, 'packages/cli/package.json'), 'utf8')) as { version: string }
    ).version;
    const r = await run([BUILT_MAIN, '--version']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), version);
  });

  it('starts the server with plain node, without a warning, and the demo users sign in', async () => {
    server = await serve(['-d', dir, '--http-port', '0', '--sip-port', '0', '--tls-port', 'off'], {}, [
      BUILT_MAIN,
    ]);
    assert.equal(server.code, null, server.stderr);
    assert.doesNotMatch(server.stderr, /Warning|tsx/, 'no Node warning, nothing of the dev toolchain');
    const sheet = readFileSync(join(dir, 'demo-users.txt'), 'utf8');
    const pw = (u: string) => new RegExp(`sip:${u}@example\\.test\\s+(\\S+)`).exec(sheet)?.[1] ?? '';
    const admin = await run([BUILT_MAIN, 'Get-CsPersistentChatRoom', '-Json'], {
      PCHAT_SERVER: server.address('http'),
      PCHAT_USER: 'sip:admin@example.test',
      PCHAT_PASSWORD: pw('admin'),
    });
    assert.equal(admin.code, 0, admin.stderr);
    assert.ok((JSON.parse(admin.stdout) as Array<{ Name: string }>).some((r) => r.Name === 'Lobby'));
    const sip = /^sip:([^;]+)/.exec(server.address('sipTcp'))?.[1] ?? '';
    const alice = await run([
      '--conditions=development',
      '--import',
      'tsx',
      'examples/say-hello.ts',
      '--server',
      sip,
      '--user',
      'sip:alice@example.test',
      '--password',
      pw('alice'),
      '--text',
      'hello from a built server',
    ]);
    assert.equal(alice.code, 0, alice.stderr);
    assert.match(alice.stdout, /posted #\d+ in Lobby as sip:alice@example\.test/);
  });
});
