// PC-86 success path: the server drops an idle connection while it keeps running (its idle timeout is set to
// 1 s and the SDK's keep-alives are off); the UserEndpoint re-registers once, succeeds, and its chat endpoint
// and session come back; a message posted meanwhile arrives exactly once (live or by catch-up).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  ChatRoomSession,
  CollaborationPlatform,
  PersistentChatEndpoint,
  UserEndpoint,
} from '../src/index.js';
import { tcpTransport } from '../src/node/index.js';
import { CHAT_URI, PASSWORDS, startPchat, type Pchat } from './support/server.js';
import { closeAll } from './support/sdk.js';

describe('UserEndpoint after a dropped connection', { timeout: 120_000 }, () => {
  let p: Pchat;
  before(async () => {
    p = await startPchat({ idleTimeoutSeconds: 1 });
  });
  after(async () => {
    await p?.close();
  });

  it('re-registers once, comes back, and the session gets every message exactly once', async () => {
    const platform = new CollaborationPlatform({
      applicationName: 'idle',
      transport: tcpTransport(),
      timeouts: { keepAliveMs: 3_600_000 },
    });
    await platform.startup();
    const ep = new UserEndpoint(platform, {
      ownerUri: 'sip:carol@example.test',
      server: p.tcp,
      credentials: { password: PASSWORDS.carol },
    });
    const states: string[] = [];
    ep.on('stateChanged', (e) => states.push(e.state));
    await ep.establish();
    const chat = new PersistentChatEndpoint(CHAT_URI, ep);
    await chat.establish();
    const s = new ChatRoomSession(chat);
    const texts: string[] = [];
    s.on('chatMessageReceived', (e) => texts.push(e.message.messageContent));
    await s.join('Lobby');
    const back = ep.next('connectionRestored');
    const rejoined = s.next('sessionStateChanged', (e) => e.state === 'Established');
    // Someone posts while carol's connection is gone (the server closes it when idle).
    const lost = ep.next('connectionLost');
    await lost;
    // Bob's keep-alives (every 200 ms) keep his connection open under the 1 s idle timeout.
    const bobPlatform = new CollaborationPlatform({
      applicationName: 'awake',
      transport: tcpTransport(),
      timeouts: { keepAliveMs: 200 },
    });
    await bobPlatform.startup();
    const bobEp = new UserEndpoint(bobPlatform, {
      ownerUri: 'sip:bob@example.test',
      server: p.tcp,
      credentials: { password: PASSWORDS.bob },
    });
    await bobEp.establish();
    const bob = new PersistentChatEndpoint(CHAT_URI, bobEp);
    await bob.establish();
    const bs = new ChatRoomSession(bob);
    await bs.join('Lobby');
    await bs.sendChatMessage('while carol was away');
    await back;
    await rejoined;
    if (!texts.includes('while carol was away'))
      await s.next('chatMessageReceived', (e) => e.message.messageContent === 'while carol was away');
    assert.deepEqual(
      texts.filter((t) => t === 'while carol was away'),
      ['while carol was away'],
    );
    assert.deepEqual(states.slice(0, 4), ['Establishing', 'Established', 'Reestablishing', 'Established']);
    await bs.leave();
    await closeAll(bob);
    await platform.shutdown();
  });
});
