// establish() rejects at once with a typed error when the server refuses (not Lync's one-minute hang,
// PC-82, PC-88): contact-owned endpoint, policy off, disabled user, unknown chat URI; and impersonation:
// allowed for a trusted application, refused for an untrusted connection and for a user endpoint.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  createUser,
  grantPolicy,
  newApplicationEndpoint,
  newPolicy,
  systemActor,
  updateUser,
} from '@pchat/domain';
import { PersistentChatEndpoint, isPersistentChatError, type PersistentChatError } from '../src/index.js';
import { CHAT_URI, startPchat, type Pchat } from './support/server.js';
import { appEndpoint, closeAll, userEndpoint } from './support/sdk.js';

describe('immediate refusals and impersonation', { timeout: 120_000 }, () => {
  let p: Pchat;
  before(async () => {
    p = await startPchat();
    const sys = systemActor();
    await newApplicationEndpoint(p.deps, sys, {
      applicationId: 'pchat.sdk.bots',
      sipAddress: 'sip:contactbot@example.test',
    });
    await createUser(p.deps, sys, { sipAddress: 'sip:botuser@example.test', displayName: 'Bot User' });
    await createUser(p.deps, sys, { sipAddress: 'sip:gone@example.test', displayName: 'Gone' });
    await updateUser(p.deps, sys, 'sip:gone@example.test', { disabled: true });
    await newPolicy(p.deps, sys, 'tag:NoChat', { enablePersistentChat: false });
    await grantPolicy(p.deps, sys, 'sip:dave@example.test', 'NoChat');
  });
  after(async () => {
    await p?.close();
  });

  async function refusal(chat: PersistentChatEndpoint): Promise<PersistentChatError> {
    let err: unknown;
    const reasons: string[] = [];
    chat.on('connectionStateChanged', (e) => e.reason && reasons.push(e.reason.code));
    try {
      await chat.establish();
    } catch (e) {
      err = e;
    }
    assert.ok(isPersistentChatError(err), String(err));
    assert.equal(chat.state, 'Terminated');
    assert.deepEqual(reasons, [err.code]);
    return err;
  }

  it('PC-82: an ApplicationEndpoint owned by a contact object is refused with NotAUserPrincipal, at once', async () => {
    const ep = await appEndpoint(p, 'sip:contactbot@example.test');
    await ep.establish();
    const err = await refusal(new PersistentChatEndpoint(CHAT_URI, ep));
    assert.equal(err.code, 'NotAUserPrincipal');
    assert.equal(err.sipStatus, 403);
    assert.equal(err.diagnosticCode, 20011);
    assert.match(err.message, /user object/);
    await ep.platform.shutdown();
  });

  it('an ApplicationEndpoint owned by a user establishes the chat endpoint', async () => {
    const ep = await appEndpoint(p, 'sip:botuser@example.test');
    await ep.establish();
    const prov = await ep.getProvisioningData();
    assert.equal(prov.persistentChatConfiguration.defaultPersistentChatUri, CHAT_URI);
    const chat = new PersistentChatEndpoint(CHAT_URI, ep);
    await chat.establish();
    assert.equal(chat.state, 'Established');
    await closeAll(chat);
  });

  it('an ApplicationEndpoint spreads over the pool: an unreachable server is skipped (PC-87)', async () => {
    const ep = await appEndpoint(p, 'sip:botuser@example.test', { server: ['127.0.0.1:1', p.tls] });
    await ep.establish();
    assert.equal(ep.state, 'Established');
    assert.equal(ep.currentServer, p.tls);
    await ep.platform.shutdown();
    const none = await appEndpoint(p, 'sip:botuser@example.test', { server: ['127.0.0.1:1', '127.0.0.1:2'] });
    await assert.rejects(none.establish(), (e) => isPersistentChatError(e, 'ConnectionFailed'));
    assert.equal(none.state, 'Terminated');
    await none.platform.shutdown();
  });

  it('policy off: NotEnabledByPolicy with the fix in the message', async () => {
    const ep = await userEndpoint(p, 'dave');
    await ep.establish();
    const prov = await ep.getProvisioningData();
    assert.equal(prov.persistentChatConfiguration.enabled, false);
    const err = await refusal(new PersistentChatEndpoint(CHAT_URI, ep));
    assert.equal(err.code, 'NotEnabledByPolicy');
    assert.match(err.message, /EnablePersistentChat/);
    await ep.platform.shutdown();
  });

  it('unknown chat URI: NoSuchNode', async () => {
    const ep = await userEndpoint(p, 'alice');
    await ep.establish();
    const err = await refusal(new PersistentChatEndpoint('sip:nosuchchat@example.test', ep));
    assert.equal(err.code, 'NoSuchNode');
    assert.equal(err.sipStatus, 404);
    await ep.platform.shutdown();
  });

  it('a disabled user cannot sign in: PrincipalDisabled', async () => {
    const ep = await appEndpoint(p, 'sip:botuser@example.test');
    await ep.establish();
    const err = await refusal(new PersistentChatEndpoint(CHAT_URI, ep, { actAs: 'sip:gone@example.test' }));
    assert.equal(err.code, 'PrincipalDisabled');
    await ep.platform.shutdown();
  });

  it("a trusted application acts for a user (P-Asserted-Identity): it sees the user's rooms", async () => {
    const ep = await appEndpoint(p, 'sip:botuser@example.test');
    await ep.establish();
    const chat = new PersistentChatEndpoint(CHAT_URI, ep, { actAs: 'sip:bob@example.test' });
    await chat.establish();
    assert.equal(chat.userUri, 'sip:bob@example.test');
    const mine = await chat.persistentChatServices.browseMyChatRooms();
    assert.ok(
      mine.some((r) => r.name === 'Engineering'),
      mine.map((r) => r.name).join(),
    );
    await closeAll(chat);
  });

  it('an untrusted TLS connection cannot register an ApplicationEndpoint: AuthenticationFailed', async () => {
    const ep = await appEndpoint(p, 'sip:botuser@example.test', { trusted: false });
    await assert.rejects(
      ep.establish(),
      (e) => isPersistentChatError(e, 'AuthenticationFailed') && /trusted application/.test(e.message),
    );
    await ep.platform.shutdown();
  });

  it('a user endpoint may not act for someone else: ErrorPermission from P-Asserted-Identity', async () => {
    const ep = await userEndpoint(p, 'alice');
    await ep.establish();
    const err = await refusal(new PersistentChatEndpoint(CHAT_URI, ep, { actAs: 'sip:bob@example.test' }));
    assert.equal(err.code, 'ErrorPermission');
    assert.equal(err.diagnosticCode, 1004);
    assert.match(err.message, /trusted application/i);
    await ep.platform.shutdown();
  });
});
