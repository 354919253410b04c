// Smoke test of the pchat peer driver (bench/peer-driver.mjs): a server on a temp data dir with the bench
// deployment, three driver clients join the room, one posts, all three (the author included) receive it;
// join with history and the last-N fetch return the archived messages. No timing assertions.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { openStore } from '@pchat/storage';
import { loadConfig, startServer, type RunningServer } from '@pchat/server';
import { connect, type PeerClient } from '../peer-driver.mjs';
import { createBenchDeployment } from './deployment.js';

describe('pchat peer driver', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pchat-driver-test-'));
  let server: RunningServer;
  let roomUri = '';
  let port = 0;
  const clients: PeerClient[] = [];

  before(async () => {
    const store = await openStore({ kind: 'sqlite', file: join(dir, 'pchat.db') });
    roomUri = (await createBenchDeployment(store, { users: 5, messages: 60 })).roomUri;
    await store.close();
    const config = loadConfig({
      env: {},
      dataDir: dir,
      overrides: {
        listen: { host: '127.0.0.1', sipTcpPort: 0, sipTlsPort: null, httpPort: null },
        auth: { schemes: ['trusted-network'], trustedNetworks: ['127.0.0.1/32'] },
        demo: { createIfEmpty: false },
      },
    });
    server = await startServer(config, { logger: pino({ level: 'silent' }) });
    port = Number(/:(\d+)(?:;|$)/.exec(server.addresses.sipTcp ?? '')?.[1]);
    process.env.PCHAT_BENCH_CLAIMS = join(dir, 'claims');
  });
  after(async () => {
    for (const c of clients) c.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('joins, posts to every member (author included), reads history', async () => {
    for (let i = 0; i < 3; i++) clients.push(await connect({ port, domain: 'example.test' }));
    const got: string[][] = clients.map(() => []);
    clients.forEach((c, i) => {
      c.onMessage = (room, body) => {
        assert.equal(room, roomUri);
        got[i]!.push(body);
      };
    });
    for (const c of clients) assert.equal((await c.join(roomUri, { history: 0 })).history, 0);
    clients[0]!.send(roomUri, 'hello <&> bench');
    for (let t = 0; t < 500 && got.some((g) => g.length === 0); t++)
      await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(got, [['hello <&> bench'], ['hello <&> bench'], ['hello <&> bench']]);
    const late = await connect({ port, domain: 'example.test' });
    clients.push(late);
    assert.equal((await late.join(roomUri, { history: 50 })).history, 50);
    assert.equal((await late.fetchLast(roomUri, 20)).count, 20);
  });
});
