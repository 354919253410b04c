// Interop: two real pidgin-sipe clients (interop/pidgin-sipe harness) against the real server with the chat
// service behind the front end: sign in, legacy lookup, room list, join with roster and history, posts with
// the echo to the author, live delivery to the other client, part. Skipped when the harness cannot be built.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import type { Room } from '@pchat/domain';
import {
  ensureHarnessBuilt,
  startSipeClient,
  type SipeClient,
} from '../../../../interop/pidgin-sipe/driver.js';
import { createChatService, type ChatService } from '../../src/chat/index.js';
import { ChatSipRouter } from '../../src/frontend/routing/chat-sessions.js';
import { startTestServer, type TestServer } from '../kit/server.js';

let harness = true;
try {
  ensureHarnessBuilt();
} catch {
  harness = false;
}

describe(
  'pidgin-sipe against the chat service',
  { skip: harness ? false : 'pidgin-sipe harness not available' },
  () => {
    let t: TestServer;
    let service: ChatService;
    let lobby: Room;
    let alice: SipeClient;
    let bob: SipeClient;
    const router = new ChatSipRouter({ log: pino({ level: 'silent' }) });

    before(async () => {
      t = await startTestServer(
        { auth: { schemes: ['trusted-network'], trustedNetworks: ['127.0.0.1/32'] } } as never,
        { chatRouter: router },
      );
      service = await createChatService({
        store: t.server.store,
        poolFqdn: 'pchat.example.test',
        logger: pino({ level: 'silent' }),
      });
      router.attach(service);
      lobby = (await t.server.store.rooms.getRoomByName('pchat.example.test', 'Lobby')) as Room;
      const server = { host: '127.0.0.1', port: t.tcpPort };
      alice = await startSipeClient({
        user: 'alice@example.test',
        server,
        debugLog: process.env.SIPE_DEBUG_LOG ?? false,
      });
      bob = await startSipeClient({ user: 'bob@example.test', server });
    });
    after(async () => {
      await alice?.stop();
      await bob?.stop();
      await service?.close();
      await t?.close();
    });

    it('signs in and gets group chat through the legacy lookup (cmd:requri)', async () => {
      await alice.waitFor('signed-on');
      await alice.waitFor('groupchat-ready', undefined, 15_000);
      await bob.waitFor('groupchat-ready', undefined, 15_000);
    });

    it('lists rooms (chansrch): the Secret room is not among them', async () => {
      await alice.command('rooms');
      const room = await alice.waitFor('room', (e) => e.fields.uri === lobby.uri);
      assert.equal(room.fields.name, 'Lobby');
      await alice.waitFor(
        'roomlist-progress',
        (e) => e.fields.in_progress === 'false' && e.index > room.index,
      );
      const names = alice.events.filter((e) => e.name === 'room').map((e) => e.fields.name);
      assert.ok(!names.includes('Leadership'), names.join(','));
    });

    it('joins, sees the other participant arrive, posts with echo, and bob receives it live', async () => {
      await bob.command(`join ${lobby.uri}`);
      await bob.waitFor('chat-joined', (e) => e.fields.uri === lobby.uri);
      await alice.command(`join ${lobby.uri}`);
      const joined = await alice.waitFor('chat-joined', (e) => e.fields.uri === lobby.uri);
      assert.equal(joined.fields.room, 'Lobby');
      await alice.waitFor('chat-user-joined', (e) => e.fields.user === 'sip:bob@example.test');
      await bob.waitFor('chat-user-joined', (e) => e.fields.user === 'sip:alice@example.test');
      const text = 'hello from pidgin & co';
      await alice.command(`say ${text}`);
      const echo = await alice.waitFor('chat-msg', (e) => e.fields.from === 'sip:alice@example.test');
      assert.equal(echo.fields.text, text);
      const live = await bob.waitFor('chat-msg', (e) => e.fields.from === 'sip:alice@example.test');
      assert.equal(live.fields.text, text);
    });

    it('a later joiner gets the history line (bccontext)', async () => {
      await bob.command(`part ${lobby.uri}`);
      await bob.waitFor('chat-left', (e) => e.fields.uri === lobby.uri);
      await alice.waitFor('chat-user-left', (e) => e.fields.user === 'sip:bob@example.test');
      const since = bob.events.length;
      await bob.command(`join ${lobby.uri}`);
      const line = await bob.waitFor(
        'chat-msg',
        (e) => e.fields.from === 'sip:alice@example.test',
        undefined,
        since,
      );
      assert.equal(line.fields.text, 'hello from pidgin & co');
    });

    it('signs off cleanly; the other client sees it leave', async () => {
      bob.send('quit');
      await bob.waitFor('signed-off');
      await alice.waitFor(
        'chat-user-left',
        (e) => e.fields.user === 'sip:bob@example.test',
        undefined,
        alice.events.findLastIndex((e) => e.name === 'chat-user-joined'),
      );
    });
  },
);
