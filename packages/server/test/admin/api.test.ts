// The /v1 admin API over HTTP (docs/admin-api.md): authentication, roles, validation, optimistic
// concurrency, -WhatIf as a rolled-back dry run, the audit log, the OpenAPI document, first-start token.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, loadConfig, startServer, type RunningServer } from '../../src/index.js';
import { startAdminKit, type AdminKit } from './support.js';

describe('admin API', () => {
  let kit: AdminKit;
  let server: RunningServer;
  let dir: string;
  let base: string;
  let token: string;
  const call = (...a: Parameters<AdminKit['call']>) => kit.call(...a);

  before(async () => {
    kit = await startAdminKit('pchat-admin-api-');
    ({ server, dir, base, token } = kit);
  });
  after(() => kit.close());

  it('writes the first-start token file with mode 0600 and stores only its hash', () => {
    assert.equal(statSync(join(dir, 'admin-token')).mode & 0o777, 0o600);
    const stored = readFileSync(join(dir, 'secrets', 'admin-tokens.json'), 'utf8');
    assert.ok(!stored.includes(token));
    assert.equal(statSync(join(dir, 'secrets', 'admin-tokens.json')).mode & 0o777, 0o600);
  });

  it('401 without credentials, with a challenge; Basic against the stored HA1 works', async () => {
    const res = await fetch(`${base}/v1/rooms`);
    assert.equal(res.status, 401);
    assert.match(res.headers.get('www-authenticate') ?? '', /Bearer.*Basic/);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'InvalidToken');
    const basic = await call('GET', '/v1/whoami', undefined, {
      authorization: `Basic ${Buffer.from('admin@example.test:pw-admin').toString('base64')}`,
    });
    assert.equal(basic.status, 200);
    assert.equal(basic.body?.via, 'basic');
  });

  it('validates bodies and enums with the TypeBox schemas (400, the field named)', async () => {
    const r = await call('POST', '/v1/rooms', { name: 'X', category: 'General', privacy: 'Public' });
    assert.equal(r.status, 400);
    assert.equal(r.body?.error?.code, 'InvalidArgument');
    assert.match(r.body?.error?.message ?? '', /privacy/);
    const empty = await call('DELETE', '/v1/rooms?identity=Lobby', undefined, {
      'content-type': 'application/json',
    });
    assert.equal(empty.status, 400, 'fastify refusals stay 4xx');
  });

  it('optimistic concurrency: version field or If-Match; missing → 400, stale → 409', async () => {
    const list = await call('GET', '/v1/rooms?identity=Lobby');
    const lobby = (list.body as unknown as Array<{ version: number }>)[0] as { version: number };
    let r = await call('PATCH', '/v1/rooms', { identity: 'Lobby', description: 'no version' });
    assert.equal(r.status, 400);
    assert.match(r.body?.error?.message ?? '', /needs the version you read/);
    r = await call(
      'PATCH',
      '/v1/rooms',
      { identity: 'Lobby', description: 'v' },
      { 'if-match': `"${lobby.version}"` },
    );
    assert.equal(r.status, 200);
    r = await call('PATCH', '/v1/rooms', { identity: 'Lobby', description: 'w', version: lobby.version });
    assert.equal(r.status, 409);
    assert.equal(r.body?.error?.code, 'DataCollision');
    assert.match(r.body?.error?.message ?? '', /Refresh your copy/);
  });

  it('whatIf=true runs the checks, reports, rolls back and audits nothing', async () => {
    const before = (await server.store.audit.list({ limit: 1000 })).length;
    const r = await call('POST', '/v1/categories?whatIf=true', { name: 'DryRun' });
    assert.equal(r.status, 200);
    assert.equal(r.body?.whatIf, true);
    assert.equal(r.body?.target, 'pchat.example.test\\DryRun');
    assert.equal((await call('GET', '/v1/categories?identity=DryRun')).status, 404);
    assert.equal((await server.store.audit.list({ limit: 1000 })).length, before);
    const refused = await call('DELETE', '/v1/categories?identity=General&version=1&whatIf=true');
    assert.equal(refused.status, 409);
    assert.equal(refused.body?.error?.code, 'NotEmpty');
  });

  it('every change is audited with who, what, target and details without secrets', async () => {
    const r = await call('POST', '/v1/users', {
      sipAddress: 'sip:zoe@example.test',
      password: 'hunter2',
      adminRoles: ['CsViewOnlyAdministrator'],
    });
    assert.equal(r.status, 200);
    const [e] = await server.store.audit.list({ target: 'sip:zoe@example.test', limit: 5 });
    assert.equal(e?.action, 'New-CsAdUser');
    assert.equal(e?.actor, 'sip:admin@example.test');
    assert.ok(!e?.details.includes('hunter2'));
    assert.match(e?.details ?? '', /"password":"\*\*\*"/);
  });

  it('a view-only administrator reads (200) and is refused changes (403) with the reason', async () => {
    const auth = { authorization: `Basic ${Buffer.from('zoe@example.test:hunter2').toString('base64')}` };
    assert.equal((await call('GET', '/v1/categories', undefined, auth)).status, 200);
    const r = await call('POST', '/v1/categories', { name: 'Nope' }, auth);
    assert.equal(r.status, 403);
    assert.equal(r.body?.error?.code, 'ErrorPermission');
    assert.match(r.body?.error?.message ?? '', /CsViewOnlyAdministrator, which may only read/);
    const e = await call('GET', '/v1/export', undefined, auth);
    assert.equal(e.status, 403, 'export is not a plain read: it copies everything');
  });

  it('Get-CsPersistentChatRoom -ChatContentExceedsMB sums the content of each room', async () => {
    const rooms = (await call('GET', '/v1/rooms')).body as unknown as Array<{ id: string; name: string }>;
    const lobby = rooms.find((r) => r.name === 'Lobby') as { id: string };
    await server.store.messages.append({
      roomId: lobby.id,
      author: 'sip:bob@example.test',
      kind: 'plain',
      text: 'x'.repeat(3000),
      storyTitle: null,
      rtf: null,
      parts: null,
    });
    const big = (await call('GET', '/v1/rooms?chatContentExceedsMB=0.002')).body as unknown as Array<{
      name: string;
    }>;
    assert.deepEqual(
      big.map((r) => r.name),
      ['Lobby'],
    );
    const none = (await call('GET', '/v1/rooms?chatContentExceedsMB=1')).body as unknown as unknown[];
    assert.equal(none.length, 0);
  });

  it('publishes an OpenAPI document generated from the route schemas', async () => {
    const res = await fetch(`${base}/v1/openapi.json`);
    assert.equal(res.status, 200);
    const doc = (await res.json()) as {
      openapi: string;
      paths: Record<
        string,
        Record<string, { operationId: string; requestBody?: unknown; parameters: Array<{ name: string }> }>
      >;
    };
    assert.equal(doc.openapi, '3.1.0');
    assert.equal(doc.paths['/v1/rooms']?.post?.operationId, 'New-CsPersistentChatRoom');
    assert.ok(doc.paths['/v1/rooms']?.post?.requestBody);
    assert.ok(doc.paths['/v1/rooms']?.get?.parameters.some((p) => p.name === 'chatContentExceedsMB'));
    assert.ok(doc.paths['/v1/rooms']?.patch?.parameters.some((p) => p.name === 'whatIf'));
    assert.ok(Object.keys(doc.paths).length >= 20);
  });
});

describe('admin API on an empty store', () => {
  it('creates a bootstrap administrator and token when no administrator exists', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pchat-admin-empty-'));
    const config = loadConfig({
      env: {},
      dataDir: dir,
      overrides: {
        listen: { httpPort: 0, sipTcpPort: null, sipTlsPort: null },
        demo: { createIfEmpty: false },
      },
    });
    const server = await startServer(config, { logger: createLogger('silent') });
    try {
      const token = readFileSync(join(dir, 'admin-token'), 'utf8').trim();
      const res = await fetch(`${server.addresses.http as string}/v1/whoami`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const me = (await res.json()) as { identity: string; adminRoles: string[] };
      assert.equal(me.identity, 'sip:admin@example.test');
      assert.deepEqual(me.adminRoles, ['CsAdministrator']);
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
