// Black-box: provisioning (SUBSCRIBE vnd-microsoft-provisioning-v2) and INVITE routing, each refusal with
// its status and ms-diagnostics, in trusted-network mode (the demo/pidgin-sipe setting).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { getHeader, parseProvisioningDocument, tagOf } from '@pchat/protocol';
import {
  createPool,
  createSite,
  grantPolicy,
  newPolicy,
  newTrustedApplication,
  newApplicationEndpoint,
  removeContact,
  systemActor,
  updateUser,
} from '@pchat/domain';
import { SipTestClient } from '../kit/sip-client.js';
import { RecordingRouter } from '../kit/recording-router.js';
import { startTestServer, type TestServer } from '../kit/server.js';

const sys = systemActor();

describe('provisioning and routing', () => {
  let t: TestServer;
  const router = new RecordingRouter();
  const clients: SipTestClient[] = [];
  const signIn = async (aor: string, localAddress?: string): Promise<SipTestClient> => {
    const c = await SipTestClient.connect({ port: t.tcpPort, ...(localAddress ? { localAddress } : {}) });
    clients.push(c);
    const r = await c.register(aor, { epid: 'ep' });
    assert.equal(r.status, 200, `${aor} signs in: ${r.status} ${getHeader(r, 'ms-diagnostics')}`);
    return c;
  };
  const from = (c: SipTestClient, aor: string): { from: string } => ({ from: `<${aor}>;tag=${c.tag}` });
  const provisioning = async (c: SipTestClient, aor: string) => {
    const r = await c.request(
      'SUBSCRIBE',
      aor,
      [
        { name: 'Event', value: 'vnd-microsoft-provisioning-v2' },
        { name: 'Accept', value: 'application/vnd-microsoft-roaming-provisioning-v2+xml' },
      ],
      '',
      { ...from(c, aor), callId: `sub-${Math.random()}` },
    );
    return r;
  };
  const invite = (
    c: SipTestClient,
    aor: string,
    uri: string,
    extra: Array<{ name: string; value: string }> = [],
  ) =>
    c.request(
      'INVITE',
      uri,
      [
        { name: 'Contact', value: `<sip:127.0.0.1:${c.localPort};transport=tcp>` },
        { name: 'Content-Type', value: 'application/sdp' },
        ...extra,
      ],
      'v=0\r\nm=message 5060 sip null\r\n',
      { ...from(c, aor), callId: `inv-${Math.random()}` },
    );

  before(async () => {
    t = await startTestServer(
      { auth: { schemes: ['trusted-network', 'digest'], trustedNetworks: ['127.0.0.1/32'] } } as never,
      { chatRouter: router },
    );
    await newPolicy(t.deps, sys, 'tag:NoChat', { enablePersistentChat: false });
    await grantPolicy(t.deps, sys, 'sip:dave@example.test', 'NoChat');
    await createPool(t.deps, sys, {
      fqdn: 'pchat2.example.test',
      chatServerUri: 'sip:pchat2@example.test',
      displayName: 'second',
    });
    await createSite(t.deps, sys, { id: 'Berlin', defaultPoolFqdn: 'pchat2.example.test' });
    await updateUser(t.deps, sys, 'sip:bob@example.test', { siteId: 'Berlin' });
    await newTrustedApplication(t.deps, sys, {
      id: 'PersistentChat.Test',
      poolFqdn: 'app.example.test',
      port: 4585,
    });
    await newApplicationEndpoint(t.deps, sys, {
      applicationId: 'PersistentChat.Test',
      sipAddress: 'sip:bot@example.test',
    });
  });
  after(async () => {
    for (const c of clients) c.destroy();
    await t.close();
  });

  it('trusted-network mode accepts REGISTER without credentials only from the configured networks', async () => {
    await signIn('sip:alice@example.test');
    const outside = await SipTestClient.connect({ port: t.tcpPort, localAddress: '127.0.0.2' });
    clients.push(outside);
    assert.equal((await outside.register('sip:alice@example.test', { epid: 'o' })).status, 401);
  });

  it('provisioning: 200 with the document, enabled by the effective policy, the default pool', async () => {
    const c = await signIn('sip:alice@example.test');
    const r = await provisioning(c, 'sip:alice@example.test');
    assert.equal(r.status, 200);
    assert.equal(getHeader(r, 'Event'), 'vnd-microsoft-provisioning-v2');
    assert.equal(getHeader(r, 'Expires'), '0');
    assert.ok(getHeader(r, 'ms-piggyback-cseq'));
    assert.equal(getHeader(r, 'Content-Type'), 'application/vnd-microsoft-roaming-provisioning-v2+xml');
    const doc = parseProvisioningDocument(r.body);
    assert.equal(doc.persistentChat?.enabled, true);
    assert.equal(doc.persistentChat?.defaultPoolUri, 'sip:pchat@example.test');
  });

  it("provisioning: policy off for a user, and the pool of the user's site", async () => {
    const dave = await signIn('sip:dave@example.test');
    assert.equal(
      parseProvisioningDocument((await provisioning(dave, 'sip:dave@example.test')).body).persistentChat
        ?.enabled,
      false,
    );
    const bob = await signIn('sip:bob@example.test');
    const doc = parseProvisioningDocument((await provisioning(bob, 'sip:bob@example.test')).body);
    assert.equal(doc.persistentChat?.enabled, true);
    assert.equal(doc.persistentChat?.defaultPoolUri, 'sip:pchat2@example.test');
  });

  it('events not served get 489 (never 488); SERVICE gets 200', async () => {
    const c = await signIn('sip:alice@example.test');
    const r = await c.request(
      'SUBSCRIBE',
      'sip:alice@example.test',
      [{ name: 'Event', value: 'presence.wpending' }],
      '',
      from(c, 'sip:alice@example.test'),
    );
    assert.equal(r.status, 489);
    assert.match(
      getHeader(r, 'Allow-Events') ?? '',
      /^vnd-microsoft-provisioning-v2,vnd-microsoft-roaming-contacts,/,
    );
    const s = await c.request('SERVICE', 'sip:alice@example.test', [], '', from(c, 'sip:alice@example.test'));
    assert.equal(s.status, 200);
  });

  it('routes INVITEs to the pool URI and the Persistent Chat endpoint to the chat service, and the dialog after', async () => {
    const c = await signIn('sip:alice@example.test');
    const r = await invite(c, 'sip:alice@example.test', 'sip:pchat@example.test');
    assert.equal(r.status, 200);
    const ctx = router.invites.at(-1)!;
    assert.equal(ctx.target.kind, 'pool');
    assert.equal(ctx.target.pool.fqdn, 'pchat.example.test');
    assert.equal(ctx.identity.uri, 'sip:alice@example.test');
    assert.equal(ctx.identity.ownerKind, 'user');
    assert.equal(ctx.actor.enabledByPolicy, true);
    const toTag = tagOf(getHeader(r, 'To')!)!;
    const info = await c.request(
      'INFO',
      'sip:pchat@example.test',
      [{ name: 'Content-Type', value: 'application/ms-groupchat+xml' }],
      '<xccos/>',
      {
        callId: getHeader(r, 'Call-ID')!,
        from: `<sip:alice@example.test>;tag=${c.tag}`,
        to: `<sip:pchat@example.test>;tag=${toTag}`,
      },
    );
    assert.equal(info.status, 200);
    assert.equal(router.dialogRequests.at(-1)!.request.method, 'INFO');
    const stray = await c.request('INFO', 'sip:pchat@example.test', [], '', {
      from: `<sip:alice@example.test>;tag=${c.tag}`,
      to: '<sip:pchat@example.test>;tag=nope',
    });
    assert.equal(stray.status, 481);
    const e = await invite(c, 'sip:alice@example.test', 'sip:ocschat@example.test');
    assert.equal(e.status, 200);
    assert.equal(router.invites.at(-1)!.target.kind, 'endpoint');
  });

  it('legacy lookup sip:ocschat@<domain> without an endpoint contact goes to the default pool', async () => {
    await removeContact(t.deps, sys, 'sip:ocschat@example.test', 'persistentChatEndpoint');
    const c = await signIn('sip:alice@example.test');
    assert.equal((await invite(c, 'sip:alice@example.test', 'sip:ocschat@example.test')).status, 200);
    assert.equal(router.invites.at(-1)!.target.kind, 'lookup');
    assert.equal(router.invites.at(-1)!.target.pool.fqdn, 'pchat.example.test');
  });

  it('answers at once with the reason: not enabled by policy (403, 20010)', async () => {
    const c = await signIn('sip:dave@example.test');
    const r = await invite(c, 'sip:dave@example.test', 'sip:pchat@example.test');
    assert.equal(r.status, 403);
    assert.match(
      getHeader(r, 'ms-diagnostics')!,
      /^20010;reason="sip:dave@example\.test is not enabled for Persistent Chat by policy: the effective CsPersistentChatPolicy has EnablePersistentChat=\$false\. Ask an administrator to grant a CsPersistentChatPolicy with EnablePersistentChat=\$true\.";source="fe1\.example\.test";component="PersistentChat"$/,
    );
  });

  it('a contact-owned endpoint is refused at once (403 NotAUserPrincipal, PC-82)', async () => {
    const c = await signIn('sip:bot@example.test');
    const r = await invite(c, 'sip:bot@example.test', 'sip:pchat@example.test');
    assert.equal(r.status, 403);
    assert.match(
      getHeader(r, 'ms-diagnostics')!,
      /^20011;reason="sip:bot@example\.test is a contact object.*must be owned by a user object/,
    );
  });

  it('a user disabled after sign-in is refused (403, 20012)', async () => {
    const c = await signIn('sip:carol@example.test');
    await updateUser(t.deps, sys, 'sip:carol@example.test', { disabled: true });
    const r = await invite(c, 'sip:carol@example.test', 'sip:pchat@example.test');
    assert.equal(r.status, 403);
    assert.match(getHeader(r, 'ms-diagnostics')!, /^20012;.*disabled/);
    await updateUser(t.deps, sys, 'sip:carol@example.test', { disabled: false });
  });

  it('unknown chat URI: 404; a user URI: 480 (not a call server)', async () => {
    const c = await signIn('sip:alice@example.test');
    const r = await invite(c, 'sip:alice@example.test', 'sip:nochat@example.test');
    assert.equal(r.status, 404);
    assert.match(getHeader(r, 'ms-diagnostics')!, /^20013;/);
    const u = await invite(c, 'sip:alice@example.test', 'sip:bob@example.test');
    assert.equal(u.status, 480);
    assert.match(getHeader(u, 'ms-diagnostics')!, /not a call or IM server/);
  });

  it('an untrusted connection asserting someone else is refused (403)', async () => {
    const c = await signIn('sip:alice@example.test');
    const r = await invite(c, 'sip:alice@example.test', 'sip:pchat@example.test', [
      { name: 'P-Asserted-Identity', value: '<sip:bob@example.test>' },
    ]);
    assert.equal(r.status, 403);
    assert.match(getHeader(r, 'ms-diagnostics')!, /Only trusted applications may assert identities/);
  });
});
