// Black-box brute-force protection: failures lock a (user, address) pair and an address trying many users;
// known and unknown users behave the same; a locked key is refused even with the right password
// (503 + Retry-After + why); and nobody can lock a user out from every address.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { getHeader } from '@pchat/protocol';
import { SipTestClient } from '../kit/sip-client.js';
import { PASSWORDS, startTestServer, type TestServer } from '../kit/server.js';

describe('sign-in throttling', () => {
  let t: TestServer;
  const clients: SipTestClient[] = [];
  const attempt = async (aor: string, password: string, localAddress: string) => {
    const c = await SipTestClient.connect({ port: t.tcpPort, localAddress });
    clients.push(c);
    return c.registerWithDigest(aor, password, { epid: 'x' });
  };
  before(async () => {
    t = await startTestServer({
      auth: {
        throttle: {
          burst: 3,
          addressBurst: 3,
          refillSeconds: 3600,
          baseDelaySeconds: 600,
          maxDelaySeconds: 900,
          accountSoftBurst: 4,
          accountMaxSlowSeconds: 1,
        },
      },
    } as never);
  });
  after(async () => {
    for (const c of clients) c.destroy();
    await t.close();
  });

  const lockedOut = (r: { status: number }, label: string): void => {
    assert.equal(r.status, 503, label);
    const ra = Number(getHeader(r as never, 'Retry-After'));
    assert.ok(ra > 0, 'Retry-After');
    assert.match(
      getHeader(r as never, 'ms-diagnostics') ?? '',
      /^1001;reason="Too many failed sign-in attempts: wait \d+ seconds before trying again"/,
    );
  };

  it('locks a user at the address that failed, even with the right password, and nowhere else', async () => {
    for (let i = 0; i < 3; i++)
      assert.equal((await attempt('sip:alice@example.test', 'guess' + i, '127.0.0.11')).status, 403);
    lockedOut(await attempt('sip:alice@example.test', PASSWORDS.alice, '127.0.0.11'), 'locked pair');
    assert.equal((await attempt('sip:alice@example.test', PASSWORDS.alice, '127.0.0.12')).status, 200);
  });

  it('failures from many addresses cannot lock the administrator out: sign-ins are slowed, not refused', async () => {
    // Two failures from each of four addresses: under every pair and address limit, over the soft one.
    for (const a of ['127.0.0.21', '127.0.0.22', '127.0.0.23', '127.0.0.24'])
      for (let i = 0; i < 2; i++)
        assert.equal((await attempt('sip:admin@example.test', 'guess' + i, a)).status, 403);
    assert.equal((await attempt('sip:admin@example.test', PASSWORDS.admin, '127.0.0.25')).status, 200);
    // The attackers' own addresses still have a failure to spend; the administrator's is not locked by it.
    assert.equal((await attempt('sip:admin@example.test', 'guess', '127.0.0.21')).status, 403);
    assert.equal((await attempt('sip:admin@example.test', PASSWORDS.admin, '127.0.0.25')).status, 200);
  });

  it('treats an unknown user exactly like a known one', async () => {
    for (let i = 0; i < 3; i++)
      assert.equal((await attempt('sip:ghost@example.test', 'guess' + i, '127.0.0.13')).status, 403);
    lockedOut(await attempt('sip:ghost@example.test', 'guess', '127.0.0.13'), 'locked unknown user');
  });

  it('locks an address that tries many users', async () => {
    for (const u of ['u1', 'u2', 'u3'])
      assert.equal((await attempt(`sip:${u}@example.test`, 'x', '127.0.0.15')).status, 403);
    lockedOut(await attempt('sip:bob@example.test', PASSWORDS.bob, '127.0.0.15'), 'locked address');
  });

  it('keeps serving everyone else', async () => {
    assert.equal((await attempt('sip:bob@example.test', PASSWORDS.bob, '127.0.0.16')).status, 200);
  });
});
