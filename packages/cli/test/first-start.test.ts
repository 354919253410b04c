// The first start cannot lose the demo passwords (docs/deploy.md, "First start"): the real `pchat serve`
// first dies on a busy port — one line naming the address and what changes it, no stack trace — and a
// later good start still says where the sheet with the passwords is; those passwords sign in.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runBin } from './helpers.js';
import { serve } from './serve-process.js';

function occupy(): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      resolve({ server, port: (server.address() as { port: number }).port });
    });
  });
}

describe('pchat serve: first start on a busy port', { timeout: 120_000 }, () => {
  let dir: string;
  let busy: { server: Server; port: number };
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pchat-first-'));
    busy = await occupy();
  });
  after(() => {
    busy.server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('fails in one line naming the address and the flag, and keeps the demo sheet (mode 0600)', async () => {
    const s = await serve([
      '-d',
      dir,
      '--http-port',
      String(busy.port),
      '--sip-port',
      'off',
      '--tls-port',
      'off',
    ]);
    assert.equal(s.code, 1, s.stdout + s.stderr);
    // The log (JSON lines) goes to stderr too; what the administrator is told starts with `pchat serve:`.
    const lines = s.stderr.split('\n').filter((l) => l.startsWith('pchat serve:'));
    assert.equal(lines.length, 2, s.stderr);
    assert.match(lines[0] ?? '', new RegExp(`127\\.0\\.0\\.1:${busy.port} is already in use`));
    assert.match(lines[0] ?? '', /--http-port, PCHAT_HTTP_PORT or listen\.httpPort/);
    assert.doesNotMatch(s.stderr, /^\s+at /m, 'no stack trace');
    const sheet = join(dir, 'demo-users.txt');
    assert.match(lines[1] ?? '', new RegExp(`passwords are in ${sheet.replace(/[.]/g, '\\.')}`));
    assert.match(lines[1] ?? '', /Set-CsAdUser -Identity <SIP address> -Password/);
    assert.equal(statSync(sheet).mode & 0o777, 0o600);
    assert.match(readFileSync(sheet, 'utf8'), /sip:admin@example\.test\s+\S+/);
  });

  it('names the SIP setting when the SIP port given by PCHAT_SIP_PORT is busy', async () => {
    const s = await serve(['-d', dir, '--http-port', '0', '--tls-port', 'off'], {
      PCHAT_SIP_PORT: String(busy.port),
    });
    assert.equal(s.code, 1, s.stdout + s.stderr);
    assert.match(
      s.stderr,
      /SIP listener over TCP cannot start: .*--sip-port, PCHAT_SIP_PORT or listen\.sipTcpPort/,
    );
    assert.doesNotMatch(s.stderr, /^\s+at /m);
  });

  it('a bad port value is refused before anything starts', async () => {
    const s = await serve(['-d', dir, '--http-port', 'eighty']);
    assert.equal(s.code, 2);
    assert.match(s.stderr, /--http-port must be a port number from 0 to 65535/);
  });

  it('a later good start points at the sheet, and its passwords sign in', async () => {
    const s = await serve(['-d', dir, '--http-port', '0', '--sip-port', 'off', '--tls-port', 'off']);
    try {
      assert.equal(s.code, null, s.stderr);
      assert.doesNotMatch(s.stderr, /Warning/, 'no Node warning on start');
      const sheet = join(dir, 'demo-users.txt');
      assert.match(s.stdout, new RegExp(`passwords are in ${sheet.replace(/[.]/g, '\\.')}`));
      const password = /sip:admin@example\.test\s+(\S+)/.exec(readFileSync(sheet, 'utf8'))?.[1] ?? '';
      const r = await runBin(['Get-CsPersistentChatCategory', '-Json'], {
        PCHAT_SERVER: s.address('http'),
        PCHAT_USER: 'sip:admin@example.test',
        PCHAT_PASSWORD: password,
        PCHAT_TOKEN: '',
        PCHAT_DATA_DIR: dir,
      });
      assert.equal(r.code, 0, r.stderr);
      assert.ok((JSON.parse(r.stdout) as unknown[]).length > 0);
    } finally {
      await s.stop();
    }
  });
});
