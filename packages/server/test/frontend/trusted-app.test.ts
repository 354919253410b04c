// Black-box: trusted applications over mutual TLS (PC-87): a client certificate from the
// configured CA whose subject names a trusted application's pool FQDN makes the connection trusted; it may
// register application endpoints without Digest and act for users with P-Asserted-Identity. Anyone else
// asserting an identity is refused.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  CT_CATEGORY_PUBLISH,
  encodeCategoryPublish,
  getHeader,
  parseProvisioningDocument,
} from '@pchat/protocol';
import {
  grantPolicy,
  newApplicationEndpoint,
  newPolicy,
  newTrustedApplication,
  systemActor,
} from '@pchat/domain';
import { ensureDevCertificate } from '../../src/tls/dev-certificate.js';
import { SipTestClient } from '../kit/sip-client.js';
import { RecordingRouter } from '../kit/recording-router.js';
import { makePki, type Pki } from '../../../../scripts/test-support/pki.js';
import { PASSWORDS, startTestServer, type TestServer } from '../kit/server.js';

const sys = systemActor();
const APP = 'sip:bot@example.test';

describe('trusted applications over mutual TLS', () => {
  let t: TestServer;
  let pki: Pki;
  const router = new RecordingRouter();
  const clients: SipTestClient[] = [];
  const tls = async (cred?: { cert: Buffer; key: Buffer }): Promise<SipTestClient> => {
    const c = await SipTestClient.connect({ port: t.tlsPort!, tls: { ca: pki.ca, ...(cred ?? {}) } });
    clients.push(c);
    return c;
  };
  const invite = (c: SipTestClient, fromAor: string, extra: Array<{ name: string; value: string }> = []) =>
    c.request(
      'INVITE',
      'sip:pchat@example.test',
      [{ name: 'Content-Type', value: 'application/sdp' }, ...extra],
      'v=0\r\n',
      { from: `<${fromAor}>;tag=${c.tag}`, callId: `i-${Math.random()}` },
    );

  before(async () => {
    pki = makePki();
    t = await startTestServer({ listen: { sipTlsPort: 0 }, tls: { caFile: pki.caFile } } as never, {
      chatRouter: router,
    });
    await newTrustedApplication(t.deps, sys, {
      id: 'PersistentChat.Test',
      poolFqdn: 'app.example.test',
      port: 4585,
    });
    await newApplicationEndpoint(t.deps, sys, { applicationId: 'PersistentChat.Test', sipAddress: APP });
    await newPolicy(t.deps, sys, 'tag:NoChat', { enablePersistentChat: false });
    await grantPolicy(t.deps, sys, 'sip:dave@example.test', 'NoChat');
  });
  after(async () => {
    for (const c of clients) c.destroy();
    await t.close();
  });

  it('serves TLS with a development certificate created under <dataDir>/tls and reused', () => {
    assert.ok(existsSync(join(t.dataDir, 'tls', 'dev-cert.pem')));
    assert.equal(ensureDevCertificate(t.dataDir, ['x']).created, false);
  });

  it('registers application endpoints without Digest and records the owner kind', async () => {
    const app = await tls(pki.issue('app.example.test'));
    const r = await app.register(APP, { epid: 'app1' });
    assert.equal(r.status, 200, getHeader(r, 'ms-diagnostics'));
    const b = t.server.sip!.frontend.ctx.bindings.list(APP)[0]!;
    assert.equal(b.ownerKind, 'contact');
    assert.equal(b.trustedApplication, 'PersistentChat.Test');
    const u = await app.register('sip:alice@example.test', { epid: 'app1' });
    assert.equal(u.status, 200);
    assert.equal(t.server.sip!.frontend.ctx.bindings.list('sip:alice@example.test')[0]!.ownerKind, 'user');
  });

  it('acts for users with P-Asserted-Identity: provisioning and INVITE', async () => {
    const app = await tls(pki.issue('app.example.test'));
    const pai = [{ name: 'P-Asserted-Identity', value: '<sip:alice@example.test>' }];
    const sub = await app.request(
      'SUBSCRIBE',
      'sip:alice@example.test',
      [{ name: 'Event', value: 'vnd-microsoft-provisioning-v2' }, ...pai],
      '',
      { from: `<${APP}>;tag=${app.tag}` },
    );
    assert.equal(sub.status, 200);
    assert.equal(parseProvisioningDocument(sub.body).persistentChat?.enabled, true);
    const r = await invite(app, APP, pai);
    assert.equal(r.status, 200);
    const ctx = router.invites.at(-1)!;
    assert.equal(ctx.identity.uri, 'sip:alice@example.test');
    assert.equal(ctx.identity.assertedBy?.applicationId, 'PersistentChat.Test');
    const dave = await invite(app, APP, [{ name: 'P-Asserted-Identity', value: '<sip:dave@example.test>' }]);
    assert.equal(dave.status, 403);
    assert.match(getHeader(dave, 'ms-diagnostics')!, /^20010;/);
  });

  it('refuses presence and contacts to application endpoints, acting for a user or not (PC-87)', async () => {
    const app = await tls(pki.issue('app.example.test'));
    const pai = [{ name: 'P-Asserted-Identity', value: '<sip:alice@example.test>' }];
    const from = { from: `<${APP}>;tag=${app.tag}` };
    const watch = (extra: Array<{ name: string; value: string }>) =>
      app.request('SUBSCRIBE', 'sip:bob@example.test', [{ name: 'Event', value: 'presence' }, ...extra], '', {
        ...from,
        callId: `s-${Math.random()}`,
      });
    const forAlice = await watch(pai);
    assert.equal(forAlice.status, 403);
    assert.match(getHeader(forAlice, 'ms-diagnostics')!, /Application endpoints cannot publish presence/);
    const publish = await app.request(
      'SERVICE',
      'sip:alice@example.test',
      [{ name: 'Content-Type', value: CT_CATEGORY_PUBLISH }, ...pai],
      encodeCategoryPublish({ uri: 'sip:alice@example.test', availability: 3500, note: null }),
      from,
    );
    assert.equal(publish.status, 403);
    assert.match(getHeader(publish, 'ms-diagnostics')!, /Application endpoints cannot publish presence/);
    // The contact-owned endpoint itself gets no presence subscription either.
    const itself = await watch([]);
    assert.equal(itself.status, 403);
    assert.match(getHeader(itself, 'ms-diagnostics')!, /Application endpoints cannot publish presence/);
  });

  it('refuses a Persistent Chat session for the contact-owned application endpoint itself (PC-82)', async () => {
    const app = await tls(pki.issue('app.example.test'));
    const r = await invite(app, APP);
    assert.equal(r.status, 403);
    assert.match(getHeader(r, 'ms-diagnostics')!, /^20011;.*owned by a user object/);
  });

  it('does not trust a certificate from another CA, or none', async () => {
    const impostor = await tls(pki.selfSigned('app.example.test'));
    assert.equal((await impostor.register(APP, { epid: 'i' })).status, 401);
    const plain = await tls();
    assert.equal((await plain.register(APP, { epid: 'p' })).status, 401);
    const other = await tls(pki.issue('other.example.test'));
    assert.equal((await other.register(APP, { epid: 'o' })).status, 401);
  });

  it('refuses P-Asserted-Identity for someone else from an untrusted connection', async () => {
    const c = await tls();
    assert.equal(
      (await c.registerWithDigest('sip:bob@example.test', PASSWORDS.bob, { epid: 'b' })).status,
      200,
    );
    const r = await invite(c, 'sip:bob@example.test', [
      { name: 'P-Asserted-Identity', value: '<sip:alice@example.test>' },
    ]);
    assert.equal(r.status, 403);
    assert.match(
      getHeader(r, 'ms-diagnostics')!,
      /^1004;reason="Only trusted applications may assert identities/,
    );
  });
});
