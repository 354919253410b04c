// Black-box, real sockets: connections that never sign in cannot stay and cannot crowd out a sign-in. A
// connection not signed in is closed at the sign-in deadline (the idle timeout by default) even while it
// sends keep-alives (CRLF pings, OPTIONS); a signed-in one doing the same stays. At the per-address
// connection limit, the oldest connection not signed in makes room for a newcomer, so a flood of
// unauthenticated connections from an address never locks out a real sign-in from it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SipTestClient } from '../kit/sip-client.js';
import { PASSWORDS, startTestServer, type TestServer } from '../kit/server.js';

describe('connections that do not sign in', () => {
  let t: TestServer;
  const clients: SipTestClient[] = [];
  const connect = async (localAddress: string): Promise<SipTestClient> => {
    const c = await SipTestClient.connect({ port: t.tcpPort, localAddress });
    clients.push(c);
    return c;
  };
  const signIn = async (user: keyof typeof PASSWORDS, localAddress: string): Promise<SipTestClient> => {
    const c = await connect(localAddress);
    const r = await c.registerWithDigest(`sip:${user}@example.test`, PASSWORDS[user], {
      epid: `ep-${c.tag}`,
    });
    assert.equal(r.status, 200, `${user} signs in: ${r.status} ${r.reason}`);
    return c;
  };
  const served = async (c: SipTestClient): Promise<boolean> =>
    c.request('OPTIONS', 'sip:example.test').then(
      (r) => r.status === 200,
      () => false,
    );

  before(async () => {
    t = await startTestServer({
      auth: { schemes: ['digest'] },
      frontend: {
        connections: {
          idleTimeoutSeconds: 1,
          maxConnectionsPerAddress: 4,
          maxUnauthenticatedPerAddress: 2,
        },
      },
    } as never);
  });
  after(async () => {
    for (const c of clients) c.destroy();
    await t.close();
  });

  it(
    'a connection that never signs in is closed at the deadline despite keep-alives',
    { timeout: 30_000 },
    async () => {
      const stranger = await connect('127.0.0.31');
      const alice = await signIn('alice', '127.0.0.32');
      let n = 0;
      const keepAlive = setInterval(() => {
        for (const c of [stranger, alice]) {
          if (c.isClosed) continue;
          // Alternate RFC 5626 CRLF pings and OPTIONS, both of which count as traffic.
          if (n % 2 === 0) c.write('\r\n\r\n');
          else void c.request('OPTIONS', 'sip:example.test').catch(() => undefined);
        }
        n++;
      }, 150);
      try {
        await stranger.closed;
        assert.equal(alice.isClosed, false, 'the signed-in connection doing the same stays open');
        assert.ok(await served(alice));
      } finally {
        clearInterval(keepAlive);
      }
    },
  );

  it(
    'a flood of connections that do not sign in cannot lock out a sign-in from the same address',
    { timeout: 30_000 },
    async () => {
      const address = '127.0.0.33';
      const bob = await signIn('bob', address);
      const carol = await signIn('carol', address);
      const flood: SipTestClient[] = [];
      for (let i = 0; i < 10; i++) flood.push(await connect(address));
      // At most two of them stay (the per-address budget for connections not signed in); the oldest went.
      await Promise.all(flood.slice(0, 8).map((c) => c.closed));
      // A real sign-in from the flooded address still gets a connection and signs in.
      const dave = await signIn('dave', address);
      for (const c of [bob, carol, dave]) assert.ok(await served(c), 'every signed-in connection is served');
    },
  );
});
