// The CLI finds its server from the same configuration and data directory as `pchat serve` (docs/cli.md,
// "Connecting"), names the server in every error, and sends a data directory's admin token to no server
// but the one that issued it. The real `pchat` bin against a real server and a spy HTTP server.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startKit, type Kit, type Result } from './helpers.js';
import { BIN } from './serve-process.js';

/** `pchat <args>` in `cwd` with only the given PCHAT_* variables set. */
function pchatIn(cwd: string, args: string[], env: Record<string, string> = {}): Promise<Result> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PCHAT_')));
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd, env: { ...clean, ...env } }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

interface Spy {
  server: Server;
  url: string;
  seen: IncomingHttpHeaders[];
}

function spy(answer: (res: ServerResponse) => void): Promise<Spy> {
  const seen: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => {
    seen.push(req.headers);
    answer(res);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({ server, url: `http://127.0.0.1:${port}`, seen });
    }),
  );
}

describe('the CLI finds its server', { timeout: 120_000 }, () => {
  let kit: Kit;
  let cwd: string;
  let sink: Spy;
  let redirector: Spy;
  before(async () => {
    kit = await startKit();
    cwd = mkdtempSync(join(tmpdir(), 'pchat-cwd-'));
    sink = await spy((res) => res.end('{}'));
    redirector = await spy((res) => {
      res.writeHead(307, { location: `${sink.url}/v1/categories` });
      res.end();
    });
  });
  after(async () => {
    await kit?.close();
    sink?.server.close();
    redirector?.server.close();
    rmSync(cwd, { recursive: true, force: true });
  });

  it('reads the server address and token from ./pchat.yaml and the data directory it names', async () => {
    writeFileSync(join(cwd, 'pchat.yaml'), `dataDir: ${kit.dir}\n`);
    const r = await pchatIn(cwd, ['Get-CsPersistentChatCategory', '-Json']);
    assert.equal(r.code, 0, r.stderr);
    assert.ok((JSON.parse(r.stdout) as unknown[]).length > 0);
    rmSync(join(cwd, 'pchat.yaml'));
  });

  it('reads the file named by -Config or PCHAT_CONFIG', async () => {
    const file = join(cwd, 'elsewhere.yaml');
    writeFileSync(file, `dataDir: ${kit.dir}\n`);
    let r = await pchatIn(cwd, ['Get-CsPersistentChatCategory', '-Config', file]);
    assert.equal(r.code, 0, r.stderr);
    r = await pchatIn(cwd, ['Get-CsPersistentChatCategory'], { PCHAT_CONFIG: file });
    assert.equal(r.code, 0, r.stderr);
  });

  it("does not send the data directory's token to another server, and says why", async () => {
    const r = await pchatIn(cwd, ['Get-CsPersistentChatCategory'], {
      PCHAT_DATA_DIR: kit.dir,
      PCHAT_SERVER: sink.url,
    });
    assert.equal(r.code, 2);
    assert.match(r.stderr, new RegExp(`issued by the server at ${kit.url}`));
    assert.match(r.stderr, new RegExp(`not sent to ${sink.url}`));
    assert.equal(sink.seen.length, 0, 'nothing reached the other server');
  });

  it('does not follow a redirect with the credentials', async () => {
    const token = readFileSync(join(kit.dir, 'admin-token'), 'utf8').trim();
    const r = await pchatIn(cwd, ['Get-CsPersistentChatCategory'], {
      PCHAT_SERVER: redirector.url,
      PCHAT_TOKEN: token,
    });
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`The server at ${redirector.url} redirects to ${sink.url}`));
    assert.equal(sink.seen.length, 0, 'the redirect target got nothing');
  });

  it('names the server in a refusal and when it cannot be reached', async () => {
    let r = await kit.pchat(['Remove-CsPersistentChatCategory', '-Identity', 'NoSuchCategory']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`\\(from ${kit.url}\\)`));
    r = await pchatIn(cwd, ['Get-CsPersistentChatCategory'], {
      PCHAT_SERVER: 'http://127.0.0.1:9',
      PCHAT_TOKEN: 'x',
    });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /Cannot reach the pchat server at http:\/\/127\.0\.0\.1:9/);
  });
});
