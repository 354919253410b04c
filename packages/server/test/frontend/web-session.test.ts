// Black-box web sessions on SIP over WebSocket (docs/web.md "Sessions and passwords"): a browser's
// handshake gets a fresh HttpOnly, SameSite=Strict cookie; a password sign-in on that connection binds it;
// a later handshake from the same origin with that cookie registers unchallenged, for that user only.
// A handshake from another origin (cross-site WebSocket hijacking) or without Origin gets nothing from the
// cookie, and a user locked by the sign-in throttle is refused with a live session too.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { WebSocket } from 'ws';
import {
  SipStreamFramer,
  getHeader,
  serializeMessageToString,
  type SipRequest,
  type SipResponse,
} from '@pchat/protocol';
import { PASSWORDS, startTestServer, type TestServer } from '../kit/server.js';
import { SipTestClient, digestAuthorization } from '../kit/sip-client.js';

const ALICE = 'sip:alice@example.test';

/** One SIP-over-WebSocket connection with the headers a browser would send on the handshake. */
class WsSip {
  private readonly framer = new SipStreamFramer({ validate: false });
  private readonly waiting: Array<(r: SipResponse) => void> = [];
  private cseq = 1;
  private readonly callId = randomBytes(8).toString('hex');
  private constructor(
    private readonly ws: WebSocket,
    readonly setCookie: string | null,
  ) {
    ws.on('message', (d: Buffer) => {
      for (const ev of this.framer.push(d))
        if (ev.type === 'message' && ev.message.kind === 'response') this.waiting.shift()?.(ev.message);
    });
  }

  static open(port: number, headers: Record<string, string>): Promise<WsSip> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/sip`, ['sip'], { headers });
      let setCookie: string | null = null;
      ws.on('upgrade', (res) => {
        const c = res.headers['set-cookie'];
        setCookie = c?.[0] ?? null;
      });
      ws.on('open', () => resolve(new WsSip(ws, setCookie)));
      ws.on('error', reject);
    });
  }

  register(aor: string, authorization?: string): Promise<SipResponse> {
    const req: SipRequest = {
      kind: 'request',
      method: 'REGISTER',
      uri: 'sip:example.test',
      headers: [
        { name: 'Via', value: `SIP/2.0/WS client.invalid;branch=z9hG4bK${randomBytes(6).toString('hex')}` },
        { name: 'Max-Forwards', value: '70' },
        { name: 'From', value: `<${aor}>;tag=${randomBytes(4).toString('hex')}` },
        { name: 'To', value: `<${aor}>` },
        { name: 'Call-ID', value: this.callId },
        { name: 'CSeq', value: `${this.cseq++} REGISTER` },
        { name: 'Contact', value: '<sip:client.invalid;transport=ws>' },
        ...(authorization ? [{ name: 'Authorization', value: authorization }] : []),
      ],
      body: '',
    };
    const p = new Promise<SipResponse>((r) => this.waiting.push(r));
    this.ws.send(serializeMessageToString(req));
    return p;
  }

  async registerWithDigest(aor: string, password: string): Promise<SipResponse> {
    const first = await this.register(aor);
    if (first.status !== 401) return first;
    return this.register(
      aor,
      digestAuthorization(first, {
        method: 'REGISTER',
        uri: 'sip:example.test',
        username: aor.slice(4).split('@')[0]!,
        password,
        algorithm: 'SHA-256',
      }),
    );
  }

  close(): void {
    this.ws.close();
  }
}

describe('web sessions on SIP over WebSocket', () => {
  let t: TestServer;
  let origin: string;
  let cookie: string;
  const open: WsSip[] = [];
  const connect = async (headers: Record<string, string>): Promise<WsSip> => {
    const c = await WsSip.open(t.httpPort, headers);
    open.push(c);
    return c;
  };
  before(async () => {
    t = await startTestServer({
      auth: {
        schemes: ['digest'],
        throttle: { burst: 2, refillSeconds: 3600, baseDelaySeconds: 600, maxDelaySeconds: 900 },
      },
    } as never);
    origin = `http://127.0.0.1:${t.httpPort}`;
  });
  after(async () => {
    for (const c of open) c.close();
    await t.close();
  });

  it('a browser handshake is issued an HttpOnly, SameSite=Strict cookie, bound by the password sign-in', async () => {
    const c = await connect({ Origin: origin });
    assert.ok(c.setCookie, 'Set-Cookie on the 101');
    assert.match(c.setCookie, /^pchat_session=[A-Za-z0-9_-]{43};/);
    assert.match(c.setCookie, /HttpOnly/);
    assert.match(c.setCookie, /SameSite=Strict/);
    assert.doesNotMatch(c.setCookie, /Secure/, 'plain http: the browser would drop a Secure cookie');
    const proxied = await connect({ Origin: origin, 'X-Forwarded-Proto': 'https' });
    assert.match(proxied.setCookie ?? '', /; Secure/, 'behind a TLS proxy the cookie is Secure');
    assert.equal((await c.registerWithDigest(ALICE, PASSWORDS.alice)).status, 200);
    cookie = c.setCookie.split(';')[0]!;
  });

  it('the cookie from the same origin registers that user without a challenge, and no other user', async () => {
    const again = await connect({ Origin: origin, Cookie: cookie });
    assert.equal(again.setCookie, null, 'a live session is not replaced');
    assert.equal((await again.register(ALICE)).status, 200);
    const asBob = await connect({ Origin: origin, Cookie: cookie });
    const r = await asBob.register('sip:bob@example.test');
    assert.equal(r.status, 401, 'bob is challenged: the session is alice’s');
  });

  it('is worth nothing from another origin or without one', async () => {
    const evil = await connect({ Origin: 'http://evil.example', Cookie: cookie });
    assert.equal(evil.setCookie, null);
    assert.equal((await evil.register(ALICE)).status, 401);
    const bare = await connect({ Cookie: cookie });
    assert.equal(bare.setCookie, null, 'non-browser clients get no cookie');
    assert.equal((await bare.register(ALICE)).status, 401);
  });

  it('an unbound or ended session signs nobody in, and the handshake gets a new cookie', async () => {
    const unbound = await connect({ Origin: origin });
    const token = unbound.setCookie!.split(';')[0]!;
    const tryIt = await connect({ Origin: origin, Cookie: token });
    assert.notEqual(tryIt.setCookie, null, 'a fresh cookie replaces one that names no session');
    assert.equal((await tryIt.register(ALICE)).status, 401);
    await t.server.store.webSessions.delete(cookie.split('=')[1]!);
    const ended = await connect({ Origin: origin, Cookie: cookie });
    assert.equal((await ended.register(ALICE)).status, 401);
  });

  it('a user locked by the sign-in throttle is refused with a live session too', async () => {
    const c = await connect({ Origin: origin });
    assert.equal((await c.registerWithDigest('sip:bob@example.test', PASSWORDS.bob)).status, 200);
    const bobCookie = c.setCookie!.split(';')[0]!;
    for (let i = 0; i < 3; i++) {
      const tcp = await SipTestClient.connect({ port: t.tcpPort });
      await tcp.registerWithDigest('sip:bob@example.test', `guess${i}`);
      tcp.destroy();
    }
    const locked = await connect({ Origin: origin, Cookie: bobCookie });
    const r = await locked.register('sip:bob@example.test');
    assert.equal(r.status, 503);
    assert.ok(Number(getHeader(r, 'Retry-After')) > 0);
  });
});
