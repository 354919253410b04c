// Black-box: REGISTER over a real TCP socket against the real server (SQLite store, demo users).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { getHeader, getHeaders, parseAuth } from '@pchat/protocol';
import { updateUser, systemActor } from '@pchat/domain';
import { SipTestClient, digestAuthorization } from '../kit/sip-client.js';
import { PASSWORDS, startTestServer, type TestServer } from '../kit/server.js';

const ALICE = 'sip:alice@example.test';
const BOB = 'sip:bob@example.test';

describe('registrar with Digest (RFC 8760)', () => {
  let t: TestServer;
  const clients: SipTestClient[] = [];
  const client = async (): Promise<SipTestClient> => {
    const c = await SipTestClient.connect({ port: t.tcpPort });
    clients.push(c);
    return c;
  };
  before(async () => {
    // Digest alone: the default auth.schemes is [digest, ntlm] (NTLM has its own tests, ntlm.test.ts).
    t = await startTestServer({ auth: { schemes: ['digest'], throttle: { burst: 100 } } } as never);
  });
  after(async () => {
    for (const c of clients) c.destroy();
    await t.close();
  });

  it('challenges with one WWW-Authenticate per algorithm, MD5 first by default and repeated last (sip.js reads the last), qop=auth', async () => {
    const c = await client();
    const r = await c.register(ALICE, { epid: 'e1' });
    assert.equal(r.status, 401);
    const ch = getHeaders(r, 'WWW-Authenticate').map(parseAuth);
    assert.deepEqual(
      ch.map((a) => a.params.get('algorithm')),
      ['MD5', 'SHA-256', 'MD5'],
    );
    for (const a of ch) {
      assert.equal(a.scheme, 'Digest');
      assert.equal(a.params.get('qop'), 'auth');
      assert.equal(a.params.get('realm'), 'SIP Communications Service');
    }
  });

  it('the right password gets 200 with what pidgin-sipe needs', async () => {
    const c = await client();
    const r = await c.registerWithDigest(ALICE, PASSWORDS.alice, {
      epid: 'e1',
      instance: '11111111-1111-1111-1111-111111111111',
    });
    assert.equal(r.status, 200, r.reason);
    const expires = Number(getHeader(r, 'Expires'));
    assert.ok(expires > 0, 'Expires header, not zero');
    assert.ok(getHeaders(r, 'Supported').includes('msrtc-event-categories'), 'its own Supported value');
    // One header, joined with "," and no spaces (pidgin-sipe splits without trimming); it subscribes only
    // to what is listed, so the roaming and presence events must be there (PC-86).
    assert.deepEqual(getHeaders(r, 'Allow-Events'), [
      'vnd-microsoft-provisioning-v2,vnd-microsoft-roaming-contacts,vnd-microsoft-roaming-self,vnd-microsoft-roaming-ACL,presence',
    ]);
    assert.ok(getHeaders(r, 'Supported').includes('adhoclist'), 'batched presence subscriptions');
    assert.match(getHeader(r, 'ms-keep-alive') ?? '', /^UAS; tcp=no; hop-hop=yes; end-host=no; timeout=\d+$/);
    const contact = getHeaders(r, 'Contact').join(',');
    assert.match(contact, /gruu="sip:alice@example\.test;gr=urn:uuid:11111111-1111-1111-1111-111111111111"/);
    assert.ok(!/^RTC\/([6-9]|\d\d)/.test(getHeader(r, 'Server') ?? ''), 'no Server: RTC/6.x');
  });

  it('MD5 works too', async () => {
    const c = await client();
    const r = await c.registerWithDigest(BOB, PASSWORDS.bob, { algorithm: 'MD5', epid: 'b1' });
    assert.equal(r.status, 200);
  });

  it('a wrong password and an unknown user get the same answer', async () => {
    const c1 = await client();
    const wrong = await c1.registerWithDigest(ALICE, 'not-the-password', { epid: 'x' });
    const c2 = await client();
    const ch2 = await c2.register('sip:nobody@example.test', { epid: 'x' });
    assert.equal(ch2.status, 401, 'unknown users are challenged like everyone');
    assert.deepEqual(
      getHeaders(ch2, 'WWW-Authenticate').map((v) => [...parseAuth(v).params.keys()]),
      [
        ['realm', 'nonce', 'algorithm', 'qop'],
        ['realm', 'nonce', 'algorithm', 'qop'],
        ['realm', 'nonce', 'algorithm', 'qop'],
      ],
    );
    const unknown = await c2.registerWithDigest('sip:nobody@example.test', 'whatever', { epid: 'x' });
    assert.equal(wrong.status, 403);
    assert.equal(unknown.status, wrong.status);
    assert.equal(unknown.reason, wrong.reason);
    assert.equal(getHeader(unknown, 'ms-diagnostics'), getHeader(wrong, 'ms-diagnostics'));
  });

  it('a replayed nonce-count is not accepted', async () => {
    const c = await client();
    const first = await c.register(BOB, { epid: 'r' });
    const authorization = digestAuthorization(first, {
      method: 'REGISTER',
      uri: 'sip:example.test',
      username: 'bob',
      password: PASSWORDS.bob,
      algorithm: 'SHA-256',
    });
    assert.equal((await c.register(BOB, { epid: 'r', authorization })).status, 200);
    const c2 = await client();
    const replay = await c2.register(BOB, { epid: 'r', authorization });
    assert.equal(replay.status, 401);
    assert.match(getHeader(replay, 'WWW-Authenticate') ?? '', /stale=true/);
  });

  it('keeps several endpoints per user, each with its own GRUU', async () => {
    const a = await client();
    const b = await client();
    assert.equal(
      (
        await a.registerWithDigest(BOB, PASSWORDS.bob, {
          epid: 'pc',
          instance: 'aaaaaaaa-0000-0000-0000-000000000001',
        })
      ).status,
      200,
    );
    const r = await b.registerWithDigest(BOB, PASSWORDS.bob, {
      epid: 'phone',
      instance: 'aaaaaaaa-0000-0000-0000-000000000002',
    });
    assert.equal(r.status, 200);
    const contacts = getHeaders(r, 'Contact');
    assert.ok(
      contacts.some((v) => v.includes(`:${a.localPort};`)) &&
        contacts.some((v) => v.includes(`:${b.localPort};`)),
      contacts.join('\n'),
    );
    const gruus = t.server.sip!.frontend.ctx.bindings.list(BOB).map((x) => x.gruu);
    assert.ok(gruus.includes('sip:bob@example.test;gr=urn:uuid:aaaaaaaa-0000-0000-0000-000000000001'));
    assert.ok(gruus.includes('sip:bob@example.test;gr=urn:uuid:aaaaaaaa-0000-0000-0000-000000000002'));
    // Registrations live with their connection.
    b.close();
    await b.closed;
    await waitUntil(() => !t.server.sip!.frontend.ctx.bindings.list(BOB).some((x) => x.epid === 'phone'));
  });

  it('refreshes on the signed-in connection without new credentials; un-REGISTER with Expires: 0 and *', async () => {
    const c = await client();
    assert.equal((await c.registerWithDigest(ALICE, PASSWORDS.alice, { epid: 'u1' })).status, 200);
    const refresh = await c.register(ALICE, { epid: 'u1' });
    assert.equal(refresh.status, 200, 'connection-oriented: the connection is already signed in');
    const has = (): boolean => t.server.sip!.frontend.ctx.bindings.list(ALICE).some((x) => x.epid === 'u1');
    assert.ok(has());
    const un = await c.register(ALICE, { epid: 'u1', expires: 0 });
    assert.equal(un.status, 200);
    assert.ok(!has());
    await c.register(ALICE, { epid: 'u1' });
    const star = await c.register(ALICE, { epid: 'u1', expires: 0, contact: '*' });
    assert.equal(star.status, 200);
    assert.equal(t.server.sip!.frontend.ctx.bindings.list(ALICE).length, 0);
    const badStar = await c.register(ALICE, { epid: 'u1', contact: '*' });
    assert.equal(badStar.status, 400);
  });

  it('refuses too brief registrations with 423 + Min-Expires, caps long ones', async () => {
    const c = await client();
    assert.equal((await c.registerWithDigest(ALICE, PASSWORDS.alice, { epid: 'm' })).status, 200);
    const brief = await c.register(ALICE, { epid: 'm', contactExpires: 5 });
    assert.equal(brief.status, 423);
    assert.equal(getHeader(brief, 'Min-Expires'), '60');
    const long = await c.register(ALICE, { epid: 'm', expires: 999999 });
    assert.equal(getHeader(long, 'Expires'), '7200');
  });

  it('binds the connection: another AOR on it is refused, as is any request before sign-in', async () => {
    const c = await client();
    const sub = await c.request(
      'SUBSCRIBE',
      ALICE,
      [{ name: 'Event', value: 'vnd-microsoft-provisioning-v2' }],
      '',
      { from: `<${ALICE}>;tag=${c.tag}` },
    );
    assert.equal(sub.status, 403);
    assert.match(getHeader(sub, 'ms-diagnostics') ?? '', /send REGISTER first/);
    const opt = await c.request('OPTIONS', 'sip:example.test');
    assert.equal(opt.status, 200, 'OPTIONS needs no sign-in');
    assert.equal((await c.registerWithDigest(ALICE, PASSWORDS.alice, { epid: 'z' })).status, 200);
    const other = await c.register(BOB, { epid: 'z' });
    assert.equal(other.status, 403);
    assert.match(getHeader(other, 'ms-diagnostics') ?? '', /signed in as sip:alice@example\.test/);
  });

  it('refuses endpoints of disabled users with 403 and says why', async () => {
    await updateUser(t.deps, systemActor(), 'sip:carol@example.test', { disabled: true });
    const c = await client();
    const r = await c.registerWithDigest('sip:carol@example.test', PASSWORDS.carol, { epid: 'c' });
    assert.equal(r.status, 403);
    assert.match(getHeader(r, 'ms-diagnostics') ?? '', /disabled/);
  });
});

async function waitUntil(cond: () => boolean): Promise<void> {
  while (!cond()) await new Promise((r) => setTimeout(r, 5));
}
