// Black-box: the composition root starts on the embedded default (SQLite), creates the demo deployment
// once, answers /healthz, and keeps everything across a restart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, startServer } from '../src/index.js';
import { loadVerifiers } from '../src/credentials/passwords.js';
import { createLogger } from '../src/logger.js';

function config(dataDir: string) {
  return loadConfig({
    env: {},
    dataDir,
    overrides: { listen: { httpPort: 0, sipTcpPort: 0, sipTlsPort: null } },
  });
}

test('first start creates the demo, serves /healthz, and a restart keeps the data without a second demo', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pchat-start-'));
  const logger = createLogger('silent');
  const s1 = await startServer(config(dataDir), { logger, demoPasswords: { alice: 'alice-pw' } });
  try {
    assert.ok(s1.demo, 'the first start creates the demo deployment');
    assert.ok(s1.chat, 'the chat service serves the demo pool');
    assert.ok(s1.sip, 'the SIP front end is listening');
    assert.deepEqual(s1.demo.deployment.rooms.map((r) => r.name).sort(), [
      'Announcements',
      'Engineering',
      'Leadership',
      'Lobby',
    ]);
    assert.equal(statSync(s1.demo.sheetFile).mode & 0o777, 0o600);
    assert.match(readFileSync(s1.demo.sheetFile, 'utf8'), /sip:alice@example\.test\s+alice-pw/);

    const res = await fetch(`${s1.addresses.http}/healthz`);
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { status: string }).status, 'ok');
    const missing = await fetch(`${s1.addresses.http}/nope`);
    assert.equal(missing.status, 404);
    assert.match(
      ((await missing.json()) as { error: { message: string } }).error.message,
      /No such endpoint/,
    );

    // The credentials are stored sealed and open with the vault: Digest HA1 and NT hash exist.
    const v = await loadVerifiers(s1.store, s1.vault, 'sip:alice@example.test');
    assert.ok(v?.ntHash && v.digest?.md5 && v.digest.sha256);
    const policy = await s1.store.topology.getPolicy('global');
    assert.equal(policy?.enablePersistentChat, true);
  } finally {
    await s1.close();
  }

  const s2 = await startServer(config(dataDir), { logger });
  try {
    assert.equal(s2.demo, null, 'no second demo on a store that has a pool');
    assert.equal((await s2.store.rooms.listRooms({})).length, 4);
  } finally {
    await s2.close();
  }
});

test('a broken store location fails the start with a clear error and leaves nothing listening', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pchat-start-'));
  const c = config(dataDir);
  c.store.sqliteFile = '/proc/definitely/not/writable/pchat.db';
  await assert.rejects(startServer(c, { logger: createLogger('silent') }));
});
