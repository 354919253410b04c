// Black-box, real sockets, over TCP and TLS: the attacks of the SIP scanners attackers use, replayed by a
// scanner of our own (sipvicious 0.3 speaks UDP only, and pchat, like Lync, has no UDP listener).
// - svwar: user enumeration from the answers to REGISTER (no credentials), OPTIONS and INVITE. The answers
//   for existing and unknown users must be identical once the per-request values (tags, Call-ID, nonces)
//   are set aside.
// - svcrack: Digest password guessing against one user from one address. It must hit the throttle: a 503
//   with Retry-After after the burst, for the right password too, the same for an unknown user.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { getHeader, type SipResponse } from '@pchat/protocol';
import { SipTestClient } from '../kit/sip-client.js';
import { PASSWORDS, startTestServer, type TestServer } from '../kit/server.js';

const EXISTING = ['alice', 'bob', 'admin'];
const UNKNOWN = ['ghost', 'nobody1234', 'administrator'];
const PER_REQUEST = new Set(['via', 'from', 'to', 'call-id', 'cseq', 'content-length', 'date']);

/** What a scanner can tell answers apart by: status, reason, headers, body; per-request values masked. */
function fingerprint(r: SipResponse, user: string): string {
  const headers = r.headers
    .filter((h) => !PER_REQUEST.has(h.name.toLowerCase()))
    .map(
      (h) =>
        `${h.name.toLowerCase()}: ${h.value
          .replace(/(nonce|opaque|gssapi-data|snum|srand)="[^"]*"/gi, '$1="*"')
          .replaceAll(user, '<user>')}`,
    )
    .sort();
  return JSON.stringify([
    r.status,
    r.reason.replaceAll(user, '<user>'),
    headers,
    r.body.replaceAll(user, '<user>'),
  ]);
}

for (const transport of ['tcp', 'tls'] as const) {
  describe(`SIP scanner attacks over ${transport}`, () => {
    let t: TestServer;
    const clients: SipTestClient[] = [];
    const connect = async (localAddress: string): Promise<SipTestClient> => {
      const c = await SipTestClient.connect(
        transport === 'tls' ? { port: t.tlsPort!, tls: {}, localAddress } : { port: t.tcpPort, localAddress },
      );
      clients.push(c);
      return c;
    };

    before(async () => {
      t = await startTestServer({
        listen: { sipTlsPort: 0 },
        auth: {
          throttle: { burst: 3, addressBurst: 50, refillSeconds: 3600, baseDelaySeconds: 600 },
        },
      } as never);
    });
    after(async () => {
      for (const c of clients) c.destroy();
      await t.close();
    });

    /** svwar: one method against every name, one connection; every answer must look the same. */
    const enumerate = async (
      method: 'REGISTER' | 'OPTIONS' | 'INVITE',
      localAddress: string,
    ): Promise<Map<string, string>> => {
      const c = await connect(localAddress);
      const out = new Map<string, string>();
      for (const user of [...EXISTING, ...UNKNOWN]) {
        const aor = `sip:${user}@example.test`;
        const r =
          method === 'REGISTER'
            ? await c.register(aor, { epid: 'svwar' })
            : await c.request(
                method,
                aor,
                method === 'INVITE' ? [{ name: 'Contact', value: `<${aor}>` }] : [],
                '',
                {
                  from: `<sip:svwar@example.test>;tag=sv${user}`,
                  to: `<${aor}>`,
                },
              );
        out.set(user, fingerprint(r, user));
      }
      return out;
    };

    for (const [method, address] of [
      ['REGISTER', '127.0.0.61'],
      ['OPTIONS', '127.0.0.62'],
      ['INVITE', '127.0.0.63'],
    ] as const) {
      it(`svwar by ${method}: existing and unknown users get identical answers`, async () => {
        const answers = await enumerate(method, address);
        const distinct = new Set(answers.values());
        assert.equal(
          distinct.size,
          1,
          `answers differ:\n${[...answers].map(([u, f]) => `${u}: ${f}`).join('\n')}`,
        );
      });
    }

    it('svcrack: guessing a password hits the throttle, the same for existing and unknown users', async () => {
      const crack = async (user: string, address: string, right: string | null): Promise<number[]> => {
        const statuses: number[] = [];
        for (const guess of ['123456', 'password', 'qwerty', 'letmein', right ?? 'secret']) {
          const c = await connect(address);
          const r = await c.registerWithDigest(`sip:${user}@example.test`, guess, { epid: 'svcrack' });
          statuses.push(r.status);
          if (r.status === 503) assert.ok(Number(getHeader(r, 'Retry-After')) > 0, 'Retry-After');
          c.destroy();
        }
        return statuses;
      };
      // Three wrong guesses are free (burst 3); then the user is locked at this address, the right
      // password included.
      const known = await crack('alice', '127.0.0.64', PASSWORDS.alice);
      const unknown = await crack('ghost', '127.0.0.65', null);
      assert.deepEqual(known, [403, 403, 403, 503, 503]);
      assert.deepEqual(unknown, known);
    });
  });
}
