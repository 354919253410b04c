// The SDK's list-based failover against a real pool (docs/pool.md, the front door; PC-87): a bot on an
// ApplicationEndpoint given both nodes' TLS addresses loses its node to kill -9, re-establishes on the other
// by itself, rejoins its room and gets a post made meanwhile exactly once.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createUser, newTrustedApplication, systemActor, type ServiceDeps } from '@pchat/domain';
import {
  ApplicationEndpoint,
  ChatRoomSession,
  CollaborationPlatform,
  PersistentChatEndpoint,
} from '@pchat/sdk';
import { tlsTransport } from '@pchat/sdk/node';
import { openStore } from '@pchat/storage';
import { makePki } from '../../../../scripts/test-support/pki.js';
import { CHAT_URI, createPool, member, until, type Pool } from './pool-kit.js';

const APP_FQDN = 'bots.example.test';

describe('ApplicationEndpoint over a pool', { timeout: 240_000 }, () => {
  let pool: Pool;
  const pki = makePki();
  const appCert = pki.issue(APP_FQDN);
  const withTls = {
    listen: { host: '127.0.0.1', sipTcpPort: 0, sipTlsPort: 0, httpPort: 0 },
    tls: { caFile: pki.caFile },
  };
  before(async () => {
    pool = await createPool();
    await pool.start('a', withTls);
    // The bot's user and its trusted application (New-CsTrustedApplication), in the pool's database.
    const store = await openStore({ kind: 'postgres', url: pool.pgUrl });
    const deps: ServiceDeps = { store, clock: { now: () => Date.now() }, ids: { uuid: () => randomUUID() } };
    await createUser(deps, systemActor(), {
      sipAddress: 'sip:echobot@example.test',
      displayName: 'Echo Bot',
    });
    await newTrustedApplication(deps, systemActor(), {
      id: 'pchat.pool.bots',
      poolFqdn: APP_FQDN,
      port: 4585,
    });
    await store.close();
    await pool.start('b', withTls);
  });
  after(async () => {
    await pool?.close();
  });

  it('kill -9 of its node: the bot re-establishes on the other node and misses nothing', async () => {
    const a = pool.nodes.get('a')!;
    const b = pool.nodes.get('b')!;
    const platform = new CollaborationPlatform({
      mode: 'server',
      applicationName: 'pool-bot',
      transport: tlsTransport({
        ca: readFileSync(join(pool.dataDir, 'tls', 'dev-cert.pem')),
        cert: appCert.cert,
        key: appCert.key,
      }),
      timeouts: { requestMs: 5000, connectMs: 2000 },
    });
    await platform.startup();
    const bot = new ApplicationEndpoint(platform, {
      ownerUri: 'sip:echobot@example.test',
      server: [a.tls!, b.tls!],
      backoff: { initialMs: 100, maxMs: 1000 },
    });
    await bot.establish();
    const chat = new PersistentChatEndpoint(CHAT_URI, bot);
    await chat.establish();
    const room = new ChatRoomSession(chat);
    const got: string[] = [];
    room.on('chatMessageReceived', (e) => got.push(e.message.messageContent));
    await room.join('Lobby');
    try {
      const first = bot.currentServer === a.tls ? a : b;
      const other = first === a ? b : a;
      const poster = await member(pool, 'alice', [other.tcp]);
      await poster.session.sendChatMessage('before the loss');
      await until(() => got.includes('before the loss'), 'the bot reads the room');
      const back = room.next('sessionStateChanged', (e) => e.state === 'Established');
      await first.kill('SIGKILL');
      await poster.session.sendChatMessage('while the bot moves');
      await back;
      assert.equal(bot.currentServer, other.tls, 'the bot is on the node that is up');
      await poster.session.sendChatMessage('after the move');
      await until(() => got.includes('after the move'), 'the bot gets posts after the move');
      await until(() => got.includes('while the bot moves'), 'the bot catches up with the post it missed');
      for (const t of ['before the loss', 'while the bot moves', 'after the move'])
        assert.equal(got.filter((x) => x === t).length, 1, `"${t}" exactly once`);
      await poster.close();
    } finally {
      await bot.terminate();
      await platform.shutdown();
    }
  });
});
