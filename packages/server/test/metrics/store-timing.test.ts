// Every sub-store of the Store port is timed in pchat_store_seconds (docs/security.md "Operations"), the
// ones added after the metrics were written included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '@pchat/storage';
import { ServerMetrics } from '../../src/metrics/registry.js';

test('calls on every sub-store are timed, by sub-store and method', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pchat-metrics-'));
  const metrics = new ServerMetrics();
  const store = metrics.instrumentStore(await openStore({ kind: 'sqlite', file: join(dir, 'pchat.db') }));
  try {
    await store.topology.listPools();
    await store.webSessions.get('no-such-token', Date.now());
    await store.webSessions.purgeExpired(Date.now(), 10);
    const text = await metrics.registry.metrics();
    for (const call of ['topology.listPools', 'webSessions.get', 'webSessions.purgeExpired'])
      assert.match(text, new RegExp(`^pchat_store_seconds_count\\{call="${call}"\\} 1$`, 'm'), call);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
