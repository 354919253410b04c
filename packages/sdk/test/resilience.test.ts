// Resilience against the real server process (`pchat serve`), killed with SIGKILL and started again:
// - an ApplicationEndpoint bot comes back by itself (capped back-off, PC-87), rejoins its room and receives
//   every message posted while it was away, by message id: none lost, none twice;
// - a UserEndpoint re-registers once, fails (the server is down) and ends in Terminated with the event (PC-86).
// Messages "while away" are posted through a server started on other ports, which the bot cannot reach, so
// the test does not depend on timing.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  createUser,
  newTrustedApplication,
  systemActor,
  updateRoom,
  type Room,
  type ServiceDeps,
} from '@pchat/domain';
import { openStore } from '@pchat/storage';
import {
  ApplicationEndpoint,
  ChatRoomSession,
  CollaborationPlatform,
  PersistentChatEndpoint,
  UserEndpoint,
  type ChatMessage,
  type LocalEndpointState,
  type PersistentChatEndpointState,
  type ChatRoomSessionState,
} from '../src/index.js';
import { tcpTransport, tlsTransport } from '../src/node/index.js';
import { demoPassword, freePorts, startChild, writeConfig, type Child, type Ports } from './support/child.js';
import { makePki } from '../../../scripts/test-support/pki.js';

const CHAT = 'sip:pchat@example.test';
const APP_FQDN = 'bots.example.test';

describe('kill and restart the server under connected endpoints', { timeout: 600_000 }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pchat-sdk-resilience-'));
  const pki = makePki();
  const appCert = pki.issue(APP_FQDN);
  let portsA: Ports;
  let portsB: Ports;
  let configA: string;
  let configB: string;
  let child: Child | null = null;
  let serverCa: Buffer;

  before(async () => {
    portsA = await freePorts();
    portsB = await freePorts();
    configA = writeConfig(dataDir, 'a', portsA, pki.caFile);
    configB = writeConfig(dataDir, 'b', portsB, pki.caFile);
    // First start creates the demo deployment; then, with the server stopped, add the bot's user and the
    // trusted application (New-CsTrustedApplication) to its store.
    const first = await startChild(configA);
    await first.kill('SIGTERM');
    const store = await openStore({ kind: 'sqlite', file: join(dataDir, 'pchat.db'), synchronous: 'NORMAL' });
    const deps: ServiceDeps = { store, clock: { now: () => Date.now() }, ids: { uuid: () => randomUUID() } };
    await createUser(deps, systemActor(), {
      sipAddress: 'sip:echobot@example.test',
      displayName: 'Echo Bot',
    });
    await newTrustedApplication(deps, systemActor(), {
      id: 'pchat.sdk.bots',
      poolFqdn: APP_FQDN,
      port: 4585,
    });
    await store.close();
    serverCa = readFileSync(join(dataDir, 'tls', 'dev-cert.pem'));
    child = await startChild(configA);
  });
  after(async () => {
    await child?.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function appPlatform(): Promise<CollaborationPlatform> {
    const platform = new CollaborationPlatform({
      mode: 'server',
      applicationName: 'resilience',
      transport: tlsTransport({ ca: serverCa, cert: appCert.cert, key: appCert.key }),
      timeouts: { requestMs: 5000, connectMs: 2000 },
    });
    await platform.startup();
    return platform;
  }

  /** Posts as bob through a trusted application endpoint on the given ports, then leaves. */
  async function postAsBob(ports: Ports, texts: string[]): Promise<ChatMessage[]> {
    const platform = await appPlatform();
    const ep = new ApplicationEndpoint(platform, {
      ownerUri: 'sip:echobot@example.test',
      server: `127.0.0.1:${ports.tls}`,
    });
    await ep.establish();
    const chat = new PersistentChatEndpoint(CHAT, ep, { actAs: 'sip:bob@example.test' });
    await chat.establish();
    const s = new ChatRoomSession(chat);
    await s.join('Lobby');
    const out: ChatMessage[] = [];
    for (const t of texts) out.push(await s.sendChatMessage(t));
    await s.leave();
    await platform.shutdown();
    return out;
  }

  it('the bot comes back and gets every message exactly once; the user endpoint terminates after one retry', async () => {
    // The bot: an ApplicationEndpoint owned by a user, over mutual TLS.
    const botPlatform = await appPlatform();
    const bot = new ApplicationEndpoint(botPlatform, {
      ownerUri: 'sip:echobot@example.test',
      server: `127.0.0.1:${portsA.tls}`,
      backoff: { initialMs: 100, maxMs: 1000 },
    });
    const botStates: LocalEndpointState[] = [];
    bot.on('stateChanged', (e) => botStates.push(e.state));
    await bot.establish();
    const botChat = new PersistentChatEndpoint(CHAT, bot);
    const botChatStates: PersistentChatEndpointState[] = [];
    botChat.on('connectionStateChanged', (e) => botChatStates.push(e.state));
    await botChat.establish();
    const room = new ChatRoomSession(botChat);
    const got: Array<{ m: ChatMessage; catchUp: boolean }> = [];
    room.on('chatMessageReceived', ({ message, catchUp }) => {
      if (message.messageAuthor === 'sip:bob@example.test') got.push({ m: message, catchUp });
    });
    const roomStates: ChatRoomSessionState[] = [];
    room.on('sessionStateChanged', (e) => roomStates.push(e.state));
    await room.join('Lobby');
    const waitCount = (n: number): Promise<unknown> =>
      got.length >= n ? Promise.resolve() : room.next('chatMessageReceived', () => got.length >= n);

    // A user endpoint in the same situation (alice over TCP).
    const userPlatform = new CollaborationPlatform({
      applicationName: 'resilience-user',
      transport: tcpTransport(),
      timeouts: { requestMs: 5000, connectMs: 2000 },
    });
    await userPlatform.startup();
    const user = new UserEndpoint(userPlatform, {
      ownerUri: 'sip:alice@example.test',
      server: `127.0.0.1:${portsA.tcp}`,
      credentials: { password: demoPassword(dataDir, 'alice') },
    });
    const userStates: Array<{ state: LocalEndpointState; code?: string }> = [];
    user.on('stateChanged', (e) =>
      userStates.push(e.reason ? { state: e.state, code: e.reason.code } : { state: e.state }),
    );
    await user.establish();
    const userChat = new PersistentChatEndpoint(CHAT, user);
    await userChat.establish();
    const userRoom = new ChatRoomSession(userChat);
    await userRoom.join('Lobby');

    const before1 = await postAsBob(portsA, ['before-1', 'before-2', 'before-3']);
    await waitCount(3);

    // Kill the server. The user endpoint's one re-registration fails: Terminated, with the reason.
    const userDone = user.next('stateChanged', (e) => e.state === 'Terminated');
    const botAway = bot.next('stateChanged', (e) => e.state === 'Reestablishing');
    const botLost = bot.next('connectionLost');
    await child!.kill('SIGKILL');
    child = null;
    const ended = await userDone;
    await botAway;
    await botLost;
    assert.equal(ended.reason?.code, 'ConnectionFailed');
    assert.match(ended.reason?.message ?? '', /one re-registration/);
    assert.deepEqual(
      userStates.map((s) => s.state),
      ['Establishing', 'Established', 'Reestablishing', 'Terminating', 'Terminated'],
    );
    assert.equal(userChat.state, 'Terminated');
    assert.equal(userRoom.state, 'Terminated');

    // While the bot cannot reach it (other ports), the server runs and bob posts.
    const away = await startChild(configB);
    const awayMsgs = await postAsBob(portsB, ['away-1', 'away-2', 'away-3', 'away-4', 'away-5']);
    await away.kill('SIGKILL');
    assert.equal(bot.state, 'Reestablishing');
    // Also while it is away, an administrator edits the room and makes the bot a manager.
    const store = await openStore({ kind: 'sqlite', file: join(dataDir, 'pchat.db'), synchronous: 'NORMAL' });
    const lobby = (await store.rooms.getRoomByName('pchat.example.test', 'Lobby')) as Room;
    await updateRoom(
      { store, clock: { now: () => Date.now() }, ids: { uuid: () => randomUUID() } },
      systemActor(),
      lobby.id,
      lobby.version,
      {
        description: 'edited while the bot was away',
        managers: { add: ['sip:echobot@example.test'] },
      },
    );
    await store.close();
    const propsChanged = room.next('chatRoomPropertiesChanged');
    const promoted = room.next(
      'participantPrivilegeChanged',
      (e) => e.participant.sipUri === 'sip:echobot@example.test',
    );

    // Back on the bot's ports: it reconnects by itself, rejoins and catches up by message id.
    const restored = bot.next('connectionRestored');
    child = await startChild(configA);
    await restored;
    await waitCount(8);
    assert.equal((await propsChanged).newProperties.description, 'edited while the bot was away');
    const p = await promoted;
    assert.equal(p.previous.isManager, false);
    assert.equal(p.participant.isManager, true);
    assert.equal(room.canManage, true);
    const after1 = await postAsBob(portsA, ['after-1', 'after-2']);
    await waitCount(10);

    const texts = got.map((g) => g.m.messageContent);
    assert.deepEqual(texts, [
      'before-1',
      'before-2',
      'before-3',
      'away-1',
      'away-2',
      'away-3',
      'away-4',
      'away-5',
      'after-1',
      'after-2',
    ]);
    const ids = got.map((g) => g.m.messageId);
    assert.equal(new Set(ids).size, ids.length, 'no message twice');
    assert.deepEqual(
      ids,
      [...before1, ...awayMsgs, ...after1].map((m) => m.messageId),
    );
    assert.deepEqual(
      got.map((g) => g.catchUp),
      [false, false, false, true, true, true, true, true, false, false],
    );
    assert.deepEqual(botStates, ['Establishing', 'Established', 'Reestablishing', 'Established']);
    assert.deepEqual(botChatStates, ['Establishing', 'Established', 'Reestablishing', 'Established']);
    assert.deepEqual(roomStates, ['Establishing', 'Established', 'Reestablishing', 'Established']);

    await botPlatform.shutdown();
    assert.equal(bot.state, 'Terminated');
    await userPlatform.shutdown();
  });
});
