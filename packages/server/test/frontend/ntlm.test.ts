// Black-box: NTLM (MS-SIPAE) sign-in and message signing on the real front end over real TCP sockets, with
// our own Lync-style client (test/kit/ntlm-sip-client.ts, the ntlm core's client side): the
// three REGISTER legs, signed requests accepted, every server message (REGISTER 200, SUBSCRIBE 200, the
// INVITE 2xx built by acceptDialog, the chat service's own INFOs, refusals) carrying an Authentication-Info
// the client verifies, tampered and replayed messages refused and logged, wrong passwords and unknown
// users refused alike, pending challenges and security associations expiring, re-authentication.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import {
  decodeServerEnvelope,
  encodeCommandEnvelope,
  getHeader,
  getHeaders,
  tagOf,
  type SipMessage,
} from '@pchat/protocol';
import type { Store } from '@pchat/domain';
import { openStore } from '@pchat/storage';
import { loadConfig } from '../../src/config/load.js';
import type { PchatConfig } from '../../src/config/schema.js';
import { CredentialVault } from '../../src/credentials/vault.js';
import { createDemoDeployment } from '../../src/setup/demo.js';
import { startFrontend, type RunningFrontend } from '../../src/frontend/start.js';
import { createChatService, type ChatService } from '../../src/chat/index.js';
import { ChatSipRouter } from '../../src/frontend/routing/chat-sessions.js';
import { NtlmSipClient, REALM } from '../kit/ntlm-sip-client.js';

const PASSWORDS = { admin: 'admin-pw', alice: 'alice-pw', bob: 'bob-pw', carol: 'carol-pw', dave: 'dave-pw' };
const FQDN = 'fe1.example.test';
const HOUR = 3600_000;

interface Root {
  port: number;
  logs: Array<Record<string, unknown>>;
  rawLogs: string[];
  clock: { t: number };
  config: PchatConfig;
  close(): Promise<void>;
}

/** A test root like test/kit/server.ts, with a captured debug log and a settable clock. */
async function startRoot(auth: Record<string, unknown>, withChat: boolean): Promise<Root> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pchat-ntlm-'));
  const config = loadConfig({
    env: {},
    dataDir,
    overrides: {
      auth,
      listen: { host: '127.0.0.1', sipTcpPort: 0, sipTlsPort: null, httpPort: null },
      log: { level: 'silent' },
      frontend: { fqdn: FQDN },
    } as never,
  });
  const store: Store = await openStore({
    kind: 'sqlite',
    file: join(dataDir, 'pchat.db'),
    synchronous: 'NORMAL',
  });
  const vault = CredentialVault.ephemeral();
  await createDemoDeployment(
    { store, clock: { now: () => Date.now() }, ids: { uuid: () => randomUUID() } },
    { domain: config.domain, realm: config.auth.realm, vault, passwords: PASSWORDS },
  );
  const logs: Array<Record<string, unknown>> = [];
  const rawLogs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      const s = chunk.toString();
      rawLogs.push(s);
      for (const line of s.split('\n'))
        if (line.trim()) logs.push(JSON.parse(line) as Record<string, unknown>);
      cb();
    },
  });
  const logger = pino({ level: 'debug' }, sink);
  const clock = { t: Date.now() };
  let service: ChatService | null = null;
  const router = new ChatSipRouter({ log: pino({ level: 'silent' }) });
  if (withChat) {
    service = await createChatService({
      store,
      poolFqdn: 'pchat.example.test',
      logger: pino({ level: 'silent' }),
    });
    router.attach(service);
  }
  const sip: RunningFrontend = await startFrontend({
    config,
    store,
    vault,
    logger,
    httpServer: null,
    chat: router,
    now: () => clock.t,
  });
  return {
    port: sip.ports.tcp!,
    logs,
    rawLogs,
    clock,
    config,
    close: async () => {
      await sip.close();
      await service?.close();
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function diag(m: SipMessage): string {
  return getHeader(m, 'ms-diagnostics') ?? '';
}

/** Polls (never asserts on time) until `pred` holds. */
async function until<T>(f: () => T | undefined, what: string, tries = 500): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const v = f();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`never happened: ${what}`);
}

describe('NTLM sign-in and MS-SIPAE signing (black box)', () => {
  let root: Root;
  const clients: NtlmSipClient[] = [];
  const client = async (aor: string): Promise<NtlmSipClient> => {
    const c = await NtlmSipClient.connect(root.port, aor);
    clients.push(c);
    return c;
  };

  before(async () => {
    root = await startRoot({ schemes: ['ntlm', 'digest'] }, true);
  });
  after(async () => {
    for (const c of clients) c.destroy();
    await root.close();
  });

  it('defaults: schemes [digest, ntlm] with MD5 first (SIPp and sip.js answer the first), trusted-network off', () => {
    const d = loadConfig({ env: {}, dataDir: tmpdir() });
    assert.deepEqual(d.auth.schemes, ['digest', 'ntlm']);
    assert.deepEqual(d.auth.digestAlgorithms, ['MD5', 'SHA-256']);
    assert.deepEqual(d.auth.trustedNetworks, []);
  });

  it('the 401 offers NTLM first (realm, targetname = FQDN, version=4), then Digest', async () => {
    const c = await client('sip:alice@example.test');
    const { first } = await c.signIn('alice-pw');
    assert.equal(first.status, 401);
    const offers = getHeaders(first, 'WWW-Authenticate');
    assert.equal(offers[0], `NTLM realm="${REALM}", targetname="${FQDN}", version=4`);
    assert.ok(
      offers.slice(1).length >= 1 && offers.slice(1).every((v) => v.startsWith('Digest ')),
      offers.join(' | '),
    );
  });

  it('signs in: 401 with opaque + CHALLENGE, then a signed 200 OK; the connection acts as the user', async () => {
    const c = await client('sip:alice@example.test');
    const { second, final } = await c.signIn('alice-pw');
    assert.equal(second.status, 401);
    const ch = getHeaders(second, 'WWW-Authenticate').find((v) => v.includes('gssapi-data'));
    assert.match(
      ch ?? '',
      /^NTLM realm="SIP Communications Service", targetname="fe1\.example\.test", version=4, opaque="[0-9A-F]{8}", gssapi-data="[A-Za-z0-9+/=]+"$/,
    );
    assert.equal(getHeader(second, 'Authentication-Info'), undefined, '401s are never signed');
    assert.equal(final.status, 200, diag(final));
    assert.equal(c.verify(final), 'valid');
    assert.match(
      getHeader(final, 'Authentication-Info') ?? '',
      /^NTLM rspauth="[0-9A-F]{32}", srand="[0-9A-F]{8}", snum="1", realm="SIP Communications Service", targetname="fe1\.example\.test", qop="auth", opaque="[0-9A-F]{8}"$/,
    );
    assert.ok(
      root.logs.some(
        (l) => l.msg === 'connection signed in' && l.method === 'ntlm' && l.user === 'sip:alice@example.test',
      ),
    );
    // Signed requests are served: provisioning SUBSCRIBE and SERVICE.
    const sub = await c.request('SUBSCRIBE', 'sip:alice@example.test', {
      to: '<sip:alice@example.test>',
      headers: [
        { name: 'Event', value: 'vnd-microsoft-provisioning-v2' },
        { name: 'Accept', value: 'application/vnd-microsoft-roaming-provisioning-v2+xml' },
        { name: 'Expires', value: '0' },
      ],
    });
    assert.equal(sub.status, 200, diag(sub));
    assert.equal(c.verify(sub), 'valid');
    const svc = await c.request('SERVICE', 'sip:alice@example.test', { to: '<sip:alice@example.test>' });
    assert.equal(svc.status, 200);
    assert.equal(c.verify(svc), 'valid');
  });

  it("chat: the INVITE 2xx (acceptDialog) and the chat service's own INFOs are signed; every server message verifies", async () => {
    const c = await client('sip:bob@example.test');
    assert.equal((await c.signIn('bob-pw')).final.status, 200);
    const callId = `chat-${randomUUID()}`;
    const target = 'sip:ocschat@example.test';
    const inv = await c.request('INVITE', target, {
      callId,
      headers: [
        { name: 'Contact', value: `<sip:127.0.0.1:${c.localPort};transport=tcp>` },
        { name: 'Supported', value: 'ms-sender' },
        { name: 'Content-Type', value: 'application/sdp' },
      ],
      body: 'v=0\r\nm=message 5060 sip null\r\n',
    });
    assert.equal(inv.status, 200, diag(inv));
    assert.equal(
      c.verify(inv),
      'valid',
      'the 2xx built by acceptDialog carries a valid signature (To tag in place)',
    );
    const toTag = tagOf(getHeader(inv, 'To') ?? '') ?? '';
    assert.ok(toTag);
    const ack = c.build('ACK', target, { callId, to: `<${target}>;tag=${toTag}` });
    ack.headers = ack.headers.map((h) =>
      h.name === 'CSeq' ? { name: 'CSeq', value: `${getHeader(inv, 'CSeq')!.split(' ')[0]} ACK` } : h,
    );
    c.sendSigned(ack);
    const info = await c.request('INFO', target, {
      callId,
      to: `<${target}>;tag=${toTag}`,
      headers: [{ name: 'Content-Type', value: 'text/plain' }],
      body: encodeCommandEnvelope(1, { type: 'requri' }),
    });
    assert.equal(info.status, 200);
    const rpl = await until(
      () =>
        c.incoming.find(
          (r) =>
            r.method === 'INFO' &&
            decodeServerEnvelope(r.body).items.some((i) => i.kind === 'reply' && i.reply.type === 'requri'),
        ),
      'rpl:requri',
    );
    assert.equal(c.verify(rpl), 'valid', 'server-originated INFO signed');
    assert.ok(c.checked.length >= 4);
    assert.deepEqual(
      c.checked
        .filter((m) => m.signature !== 'valid')
        .map((m) => (m.message.kind === 'request' ? m.message.method : m.message.status)),
      [],
    );
    // snum rises by one per server message.
    const snums = c.checked.map((m) =>
      Number(/snum="(\d+)"/.exec(getHeader(m.message, 'Authentication-Info') ?? '')?.[1]),
    );
    assert.deepEqual(
      snums,
      snums.map((_, i) => snums[0]! + i),
    );
    // The client's signed 200s to the server's INFOs were accepted (no signature refusal logged).
    assert.ok(!root.logs.some((l) => l.msg === 'message signature refused' && l.user === 'bob@example.test'));
  });

  it('a tampered message (From tag or Call-ID changed after signing) is refused with 403 and logged without secrets', async () => {
    const c = await client('sip:carol@example.test');
    assert.equal((await c.signIn('carol-pw')).final.status, 200);
    const before = root.logs.length;
    const r1 = await c.request('SERVICE', 'sip:carol@example.test', {
      to: '<sip:carol@example.test>',
      tamper: (r) => {
        r.headers = r.headers.map((h) =>
          h.name === 'From' ? { name: 'From', value: h.value.replace(/;tag=[^;]+/, ';tag=forged') } : h,
        );
      },
    });
    assert.equal(r1.status, 403);
    assert.match(diag(r1), /^1009;reason="Message refused: its signature does not match its content/);
    assert.equal(c.verify(r1), 'valid', 'the refusal itself is signed');
    const r2 = await c.request('SERVICE', 'sip:carol@example.test', {
      to: '<sip:carol@example.test>',
      tamper: (r) => {
        r.headers = r.headers.map((h) =>
          h.name === 'Call-ID' ? { name: 'Call-ID', value: 'forged-call-id' } : h,
        );
      },
    });
    assert.equal(r2.status, 403);
    const refused = root.logs.slice(before).filter((l) => l.msg === 'message signature refused');
    assert.equal(refused.length, 2);
    assert.equal(refused[0]!.user, 'carol@example.test');
    assert.equal(refused[0]!.message, 'SERVICE');
    assert.equal(refused[0]!.level, 40);
    // Nothing secret in the log: no signature, no Authorization value, no password.
    const text = root.rawLogs.join('');
    for (const m of c.sent)
      for (const a of getHeaders(m, 'Authorization'))
        assert.ok(!text.includes(/response="([0-9A-F]+)"/.exec(a)?.[1] ?? '\u0000'));
    assert.ok(!text.includes('carol-pw'));
    // The connection stays usable with correctly signed requests.
    assert.equal(
      (await c.request('SERVICE', 'sip:carol@example.test', { to: '<sip:carol@example.test>' })).status,
      200,
    );
  });

  it('a request without a signature after sign-in gets 401 with a fresh NTLM challenge (unsigned)', async () => {
    const c = await client('sip:dave@example.test');
    assert.equal((await c.signIn('dave-pw')).final.status, 200);
    const r = await c.request('SERVICE', 'sip:dave@example.test', {
      to: '<sip:dave@example.test>',
      sign: false,
    });
    assert.equal(r.status, 401);
    assert.deepEqual(getHeaders(r, 'WWW-Authenticate'), [
      `NTLM realm="${REALM}", targetname="${FQDN}", version=4`,
    ]);
    assert.equal(getHeader(r, 'Authentication-Info'), undefined);
  });

  it('a replayed message (cnum not above the last) is refused with 403 (1010)', async () => {
    const c = await client('sip:admin@example.test');
    assert.equal((await c.signIn('admin-pw')).final.status, 200);
    assert.equal(
      (await c.request('SERVICE', 'sip:admin@example.test', { to: '<sip:admin@example.test>' })).status,
      200,
    );
    const original = c.sent[c.sent.length - 1]!;
    // The same signed request again, byte for byte except a new Via branch (not a retransmission).
    const replay = {
      ...original,
      headers: original.headers.map((h) =>
        h.name === 'Via'
          ? { name: 'Via', value: h.value.replace(/branch=[^;]+/, 'branch=z9hG4bKreplay') }
          : h,
      ),
    };
    const r = await c.sendRaw(replay);
    assert.equal(r.status, 403);
    assert.match(diag(r), /^1010;/);
    assert.ok(
      root.logs.some((l) => l.msg === 'message signature refused' && String(l.why).includes('replayed')),
    );
  });

  it('a wrong password is refused (401 after the handshake, as Lync does) with a clear ms-diagnostics and Warning; an unknown user looks the same', async () => {
    const wrong = await client('sip:alice@example.test');
    const a = await wrong.signIn('not-the-password');
    const unknown = await client('sip:nobody@example.test');
    const b = await unknown.signIn('whatever');
    assert.equal(a.final.status, 401);
    assert.equal(b.final.status, 401);
    assert.match(
      diag(a.final),
      /^1000;reason="Authentication failed: the user name or password is wrong";source="fe1\.example\.test";component="Authentication"$/,
    );
    assert.equal(
      getHeader(a.final, 'Warning'),
      '399 fe1.example.test "Authentication failed: the user name or password is wrong"',
    );
    assert.deepEqual(getHeaders(a.final, 'WWW-Authenticate'), [
      `NTLM realm="${REALM}", targetname="${FQDN}", version=4`,
    ]);
    assert.equal(diag(a.final), diag(b.final));
    assert.deepEqual(getHeaders(a.final, 'WWW-Authenticate'), getHeaders(b.final, 'WWW-Authenticate'));
    assert.equal(getHeader(a.final, 'Warning'), getHeader(b.final, 'Warning'));
    assert.equal(getHeader(a.final, 'Authentication-Info'), undefined);
    // The challenge legs are identical in shape for both.
    const shape = (v: string[]): string[] =>
      v.map((x) =>
        x
          .replace(/opaque="[^"]*"/, 'opaque=""')
          .replace(/gssapi-data="[^"]*"/, 'gssapi-data=""')
          .replace(/nonce="[^"]*"/, 'nonce=""'),
      );
    assert.deepEqual(
      shape(getHeaders(a.first, 'WWW-Authenticate')),
      shape(getHeaders(b.first, 'WWW-Authenticate')),
    );
    assert.deepEqual(
      shape(getHeaders(a.second, 'WWW-Authenticate')),
      shape(getHeaders(b.second, 'WWW-Authenticate')),
    );
    const fails = root.logs.filter((l) => l.msg === 'sign-in failed' && l.scheme === 'ntlm');
    assert.ok(fails.length >= 2);
  });

  it('an AUTHENTICATE for a challenge that expired gets a fresh CHALLENGE (new opaque), then signs in', async () => {
    const c = await client('sip:alice@example.test');
    // Drive the legs by hand around a clock jump.
    const first = await c.sendRaw(
      c.build('REGISTER', 'sip:example.test', { to: '<sip:alice@example.test>' }),
    );
    assert.equal(first.status, 401);
    const leg2 = await c.sendRaw(
      c.build('REGISTER', 'sip:example.test', {
        to: '<sip:alice@example.test>',
        headers: [
          {
            name: 'Authorization',
            value: `NTLM qop="auth", realm="${REALM}", targetname="${FQDN}", gssapi-data="", version=4`,
          },
        ],
      }),
    );
    const opaque1 = /opaque="([^"]+)"/.exec(getHeaders(leg2, 'WWW-Authenticate').join())?.[1];
    root.clock.t += 61_000;
    const stale = await c.sendRaw(
      c.build('REGISTER', 'sip:example.test', {
        to: '<sip:alice@example.test>',
        headers: [
          {
            name: 'Authorization',
            value: `NTLM qop="auth", opaque="${opaque1}", realm="${REALM}", targetname="${FQDN}", gssapi-data="TlRMTVNTUAADAAAA", version=4`,
          },
        ],
      }),
    );
    assert.equal(stale.status, 401);
    const opaque2 = /opaque="([^"]+)"/.exec(getHeaders(stale, 'WWW-Authenticate').join())?.[1];
    assert.ok(opaque2 && opaque2 !== opaque1, 'a new challenge under a new opaque');
    assert.equal((await c.signIn('alice-pw')).final.status, 200);
  });

  it('the security association expires after 8 h: signed requests are challenged; re-authentication on the same connection works', async () => {
    const c = await client('sip:bob@example.test');
    assert.equal((await c.signIn('bob-pw')).final.status, 200);
    root.clock.t += 8 * HOUR;
    const r = await c.request('SERVICE', 'sip:bob@example.test', { to: '<sip:bob@example.test>' });
    assert.equal(r.status, 401);
    // pidgin-sipe re-authenticates with a new handshake on the same connection.
    const again = await c.signIn('bob-pw');
    assert.equal(again.final.status, 200, diag(again.final));
    assert.equal(c.verify(again.final), 'valid', 'the 200 is signed with the new association');
    const ok = await c.request('SERVICE', 'sip:bob@example.test', { to: '<sip:bob@example.test>' });
    assert.equal(ok.status, 200);
    assert.equal(c.verify(ok), 'valid');
    assert.ok(root.logs.some((l) => l.msg === 'connection re-authenticated'));
  });
});

describe('NTLM sign-in throttling', () => {
  let root: Root;
  before(async () => {
    root = await startRoot(
      {
        schemes: ['ntlm'],
        throttle: { burst: 2, refillSeconds: 600, baseDelaySeconds: 60, maxDelaySeconds: 600 },
      },
      false,
    );
  });
  after(async () => root.close());

  it('repeated wrong passwords lock the user: 503 + Retry-After, even with the right password', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 2; i++) {
      const c = await NtlmSipClient.connect(root.port, 'sip:alice@example.test');
      statuses.push((await c.signIn('wrong')).final.status);
      c.destroy();
    }
    assert.deepEqual(statuses, [401, 401]); // burst 2: the second failure locks
    const c = await NtlmSipClient.connect(root.port, 'sip:alice@example.test');
    const r = await c.signIn('alice-pw');
    c.destroy();
    // Locked before any verification: the second leg (credentials present) already gets the 503.
    assert.equal(r.final.status, 503);
    assert.match(diag(r.final), /^1001;/);
    assert.ok(Number(getHeader(r.final, 'Retry-After')) >= 1);
  });
});
