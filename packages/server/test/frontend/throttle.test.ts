// Black-box brute-force protection: failures throttled per user and per address; known and unknown users
// behave the same; a locked key is refused even with the right password (503 + Retry-After + why).
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
      auth: { throttle: { burst: 3, refillSeconds: 3600, baseDelaySeconds: 600, maxDelaySeconds: 900 } },
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

  it('locks a user after repeated failures, from any address, even with the right password', async () => {
    for (let i = 0; i < 3; i++)
      assert.equal((await attempt('sip:alice@example.test', 'guess' + i, '127.0.0.11')).status, 403);
    lockedOut(await attempt('sip:alice@example.test', PASSWORDS.alice, '127.0.0.12'), 'locked user');
  });

  it('treats an unknown user exactly like a known one', async () => {
    for (let i = 0; i < 3; i++)
      assert.equal((await attempt('sip:ghost@example.test', 'guess' + i, '127.0.0.13')).status, 403);
    lockedOut(await attempt('sip:ghost@example.test', 'guess', '127.0.0.14'), 'locked unknown user');
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
