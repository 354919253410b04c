// UserEndpoint against the real server over TCP, TLS and WebSocket: register (Digest), provisioning,
// chat endpoint establish, wrong password, and every state event.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PersistentChatEndpoint, isPersistentChatError, type LocalEndpointState } from '../src/index.js';
import { CHAT_URI, startPchat, type Pchat } from './support/server.js';
import { userEndpoint, type Kind } from './support/sdk.js';

describe('UserEndpoint against pchat', { timeout: 120_000 }, () => {
  let p: Pchat;
  before(async () => {
    p = await startPchat();
  });
  after(async () => {
    await p?.close();
  });

  for (const kind of ['tcp', 'tls', 'ws'] as Kind[]) {
    it(`registers with Digest over ${kind}, reads provisioning, establishes the chat endpoint`, async () => {
      const ep = await userEndpoint(p, 'alice', kind);
      const states: LocalEndpointState[] = [];
      ep.on('stateChanged', (e) => states.push(e.state));
      await ep.establish();
      assert.equal(ep.state, 'Established');
      const prov = await ep.getProvisioningData();
      assert.equal(prov.persistentChatConfiguration.enabled, true);
      assert.equal(prov.persistentChatConfiguration.defaultPersistentChatUri, CHAT_URI);
      const chat = new PersistentChatEndpoint(prov.persistentChatConfiguration.defaultPersistentChatUri!, ep);
      const chatStates: string[] = [];
      chat.on('connectionStateChanged', (e) => chatStates.push(e.state));
      await chat.establish();
      assert.equal(chat.state, 'Established');
      assert.match(chat.persistentChatServices.rootCategoryUri, /^ma-cat:\/\//);
      await chat.terminate();
      await ep.terminate();
      assert.deepEqual(chatStates, ['Establishing', 'Established', 'Terminating', 'Terminated']);
      assert.deepEqual(states, ['Establishing', 'Established', 'Terminating', 'Terminated']);
      await ep.platform.shutdown();
    });
  }

  it('resolves the legacy lookup URI sip:ocschat@<domain> to the pool (cmd:requri)', async () => {
    const ep = await userEndpoint(p, 'carol', 'tcp');
    await ep.establish();
    const chat = new PersistentChatEndpoint('sip:ocschat@example.test', ep);
    await chat.establish();
    assert.equal(chat.resolvedChatServerUri, CHAT_URI);
    const rooms = await chat.persistentChatServices.browseMyChatRooms();
    assert.ok(rooms.some((r) => r.name === 'Leadership'));
    await chat.terminate();
    await ep.platform.shutdown();
  });

  it('says what to change when the registrar offers no Digest (NTLM only)', async () => {
    const ntlmOnly = await startPchat({ authSchemes: ['ntlm'] });
    try {
      const ep = await userEndpoint(ntlmOnly, 'alice', 'tcp');
      await assert.rejects(
        ep.establish(),
        (e) => isPersistentChatError(e, 'AuthenticationFailed') && /offers NTLM; .*Digest/.test(e.message),
      );
      await ep.platform.shutdown();
    } finally {
      await ntlmOnly.close();
    }
  });

  it('refuses a wrong password at once with AuthenticationFailed', async () => {
    const ep = await userEndpoint(p, 'bob', 'tcp', 'not-the-password');
    await assert.rejects(
      ep.establish(),
      (e) => isPersistentChatError(e, 'AuthenticationFailed') && /password/.test(e.message),
    );
    assert.equal(ep.state, 'Terminated');
    await ep.platform.shutdown();
  });
});
