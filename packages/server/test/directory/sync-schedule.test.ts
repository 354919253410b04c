// The sync schedule against a real slapd and a real SQLite store: a change is picked up by the next
// interval sync on its own (no Update-CsUserDatabase), and a directory that goes down is retried with a
// doubling delay while the stored copy stays as it was; when it is back, the next retry succeeds.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { ServiceDeps } from '@pchat/domain';
import { openStore, type SqlStore } from '@pchat/storage';
import { loadConfig } from '../../src/config/load.js';
import { LdapDirectory } from '../../src/directory/ldap/reader.js';
import { mappingOf } from '../../src/directory/ldap/presets.js';
import { DirectorySync } from '../../src/directory/sync.js';
import {
  directoryConfig,
  slapdMissing,
  startSlapd,
  testTree,
  type Slapd,
} from '../../../../scripts/test-support/slapd.js';

const skip = slapdMissing();
const quiet = {
  error: () => undefined,
  warn: () => undefined,
  info: () => undefined,
  debug: () => undefined,
};

async function until(what: string, ok: () => boolean | Promise<boolean>, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await ok())) {
    assert.ok(Date.now() < end, `timed out waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('directory sync schedule', { skip: skip ?? false, timeout: 120_000 }, () => {
  let slapd: Slapd;
  let store: SqlStore;
  let dir: string;
  let sync: DirectorySync;
  before(async () => {
    slapd = await startSlapd();
    slapd.add(testTree(slapd.suffix));
    dir = mkdtempSync(join(tmpdir(), 'pchat-sync-schedule-'));
    store = await openStore({ kind: 'sqlite', file: join(dir, 'pchat.db') });
    const c = loadConfig({
      env: {},
      dataDir: dir,
      overrides: { directory: directoryConfig(slapd, 'x') } as never,
    }).directory.ldap;
    const reader = new LdapDirectory({
      url: slapd.url,
      startTls: false,
      ca: null,
      bindDn: slapd.serviceDn,
      bindPassword: slapd.servicePassword,
      baseDns: [slapd.suffix],
      pageSize: 2,
      timeoutMs: 5000,
      mapping: mappingOf(c),
      netbiosNames: {},
    });
    const deps: ServiceDeps = { store, clock: { now: () => Date.now() }, ids: { uuid: () => randomUUID() } };
    sync = new DirectorySync(
      deps,
      reader,
      { intervalMs: 300, fullEveryMs: 3_600_000, retryInitialMs: 200, retryMaxMs: 800, batchSize: 100 },
      quiet,
    );
  });
  after(async () => {
    await sync?.close();
    await store?.close();
    await slapd?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('syncs on start and picks a change up at the next interval by itself', async () => {
    sync.start();
    await until('the first sync', () => sync.status().lastSuccessAt !== null);
    assert.equal(sync.status().last?.full, true);
    slapd.modify(
      `dn: uid=alice,ou=EMEA,ou=Sales,ou=People,${slapd.suffix}\nchangetype: modify\nreplace: displayName\ndisplayName: Alice Ames\n`,
    );
    await until(
      'the interval sync',
      async () => (await store.directory.get('sip:alice@corp.example.test'))?.displayName === 'Alice Ames',
    );
    assert.equal(sync.status().last?.full, false, 'an incremental sync');
  });

  it('retries with a doubling delay while the directory is down, then recovers', async () => {
    await slapd.stop();
    await until('three failures in a row', () => sync.status().failuresInARow >= 3, 20_000);
    const s = sync.status();
    assert.equal(s.last?.phase, 'failed');
    assert.match(String(s.last?.error), /127\.0\.0\.1/);
    assert.ok((s.nextRunAt ?? 0) - Date.now() <= 800, 'the delay is capped at retryMax');
    assert.equal((await store.directory.get('sip:alice@corp.example.test'))?.displayName, 'Alice Ames');
    await slapd.restart();
    await until('a sync after the directory is back', () => sync.status().failuresInARow === 0, 20_000);
  });
});
