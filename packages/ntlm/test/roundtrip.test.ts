// Our client side against our server side: CHALLENGE -> AUTHENTICATE -> security association, then
// signed messages both ways, with and without a MIC, and the failure modes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseAuthenticateMessage } from '../src/authenticate-message.js';
import { AvId, decodeAvPairs, msFromFileTime } from '../src/av-pairs.js';
import {
  buildChallengeMessage,
  parseChallengeMessage,
  type ServerIdentity,
} from '../src/challenge-message.js';
import { createAuthenticateMessage } from './client.js';
import { isNtlmError } from '../src/errors.js';
import { NegotiateFlag, SERVER_CHALLENGE_FLAGS } from '../src/flags.js';
import { ntHash } from '../src/ntlmv2.js';
import {
  SECURITY_ASSOCIATION_LIFETIME_MS,
  SecurityAssociation,
  issueChallenge,
  type MessageSignatureFields,
} from '../src/security-association.js';
import { parseAuthParams } from '../src/sipae-headers.js';

const IDENTITY: ServerIdentity = {
  nbDomainName: 'EXAMPLE',
  nbComputerName: 'PCHAT01',
  dnsDomainName: 'example.test',
  dnsComputerName: 'pchat01.example.test',
};
const REALM = 'SIP Communications Service';
const TARGET = 'pchat01.example.test';
const NOW = Date.UTC(2026, 10, 21, 23, 0, 0);

function handshake(o: { password?: string; withMic?: boolean; user?: string; domain?: string } = {}) {
  const pending = issueChallenge({ identity: IDENTITY, nowMs: NOW });
  const client = createAuthenticateMessage({
    challenge: new Uint8Array(Buffer.from(pending.gssapiData, 'base64')),
    user: o.user ?? 'alice@example.test',
    domain: o.domain ?? '',
    workstation: 'LAPTOP',
    password: o.password ?? 'secret',
    withMic: o.withMic ?? false,
  });
  const authenticate = parseAuthenticateMessage(client.message);
  const server = SecurityAssociation.establish({
    pending,
    authenticate,
    ntHash: ntHash('secret'),
    realm: REALM,
    targetname: TARGET,
    nowMs: NOW,
  });
  const clientSa = SecurityAssociation.fromKeys({
    keys: client.keys,
    opaque: pending.opaque,
    user: 'alice@example.test',
    domain: '',
    realm: REALM,
    targetname: TARGET,
    nowMs: NOW,
  });
  return { pending, client, authenticate, server, clientSa };
}

const REGISTER: MessageSignatureFields = {
  callId: 'c0ffee@host',
  cseqNumber: '3',
  method: 'REGISTER',
  fromUri: 'sip:alice@example.test',
  fromTag: '12345',
  toUri: 'sip:alice@example.test',
  toTag: '',
};

test('CHALLENGE carries the connection-less flags, identity AV pairs, timestamp and version', () => {
  const pending = issueChallenge({ identity: IDENTITY, nowMs: NOW, opaque: 'ABCDEF01' });
  assert.equal(pending.opaque, 'ABCDEF01');
  const c = parseChallengeMessage(pending.message);
  assert.equal(c.flags, SERVER_CHALLENGE_FLAGS);
  for (const f of [
    'UNICODE',
    'NTLM',
    'ALWAYS_SIGN',
    'EXTENDED_SESSIONSECURITY',
    'TARGET_INFO',
    'SIGN',
    'DATAGRAM',
    'IDENTIFY',
    'KEY_EXCH',
  ] as const) {
    assert.ok(c.flags & NegotiateFlag[f], f);
  }
  assert.equal(c.targetName, 'EXAMPLE');
  assert.deepEqual(c.serverChallenge, pending.serverChallenge);
  assert.equal(c.serverChallenge.length, 8);
  const text = (id: number) =>
    Buffer.from(c.targetInfoPairs.find((p) => p.id === id)?.value ?? []).toString('utf16le');
  assert.equal(text(AvId.MsvAvNbDomainName), 'EXAMPLE');
  assert.equal(text(AvId.MsvAvNbComputerName), 'PCHAT01');
  assert.equal(text(AvId.MsvAvDnsDomainName), 'example.test');
  assert.equal(text(AvId.MsvAvDnsComputerName), 'pchat01.example.test');
  const ts = c.targetInfoPairs.find((p) => p.id === AvId.MsvAvTimestamp)?.value;
  assert.ok(ts);
  assert.equal(msFromFileTime(ts), NOW);
  assert.deepEqual(c.version, { major: 6, minor: 3, build: 9600, revision: 15 });
  // Two challenges never share a server challenge or an opaque.
  const other = issueChallenge({ identity: IDENTITY, nowMs: NOW });
  assert.notDeepEqual(other.serverChallenge, pending.serverChallenge);
  assert.notEqual(other.opaque, pending.opaque);
});

test('round trip: our AUTHENTICATE verifies; the blob echoes our timestamp; keys agree both ways', () => {
  const { server, clientSa, authenticate } = handshake();
  assert.equal(server.user, 'alice@example.test');
  assert.equal(server.workstation, 'LAPTOP');
  assert.equal(authenticate.flags & NegotiateFlag.NEGOTIATE_56, 0, '128 wins over 56');
  const blobPairs = decodeAvPairs(authenticate.ntChallengeResponse.slice(16 + 28));
  assert.ok(blobPairs.some((p) => p.id === AvId.MsvAvTimestamp));

  const response = clientSa.signClientMessage(REGISTER, 'ca33316e', '1');
  assert.match(response, /^01000000[0-9A-F]{16}64000000$/);
  assert.ok(server.verifyClientMessage(REGISTER, { crand: 'ca33316e', cnum: '1', response }));

  const ok200: MessageSignatureFields = { ...REGISTER, toTag: 'srv1', expires: '7200', statusCode: 200 };
  const signed = server.signServerMessage(ok200, '9616454F');
  assert.equal(signed.snum, '1');
  assert.ok(clientSa.verifyServerMessage(ok200, signed.srand, signed.snum, signed.rspauth));
  assert.equal(server.signServerMessage(ok200).snum, '2', 'snum advances per signed message');
  assert.equal(server.snum, 2);
});

test('Authentication-Info carries what pidgin-sipe reads back by substring search', () => {
  const { server } = handshake();
  const signed = server.signServerMessage({ ...REGISTER, statusCode: 200 });
  const p = parseAuthParams(signed.authenticationInfo);
  assert.equal(p.scheme, 'NTLM');
  assert.equal(p.params.get('rspauth'), signed.rspauth);
  assert.equal(p.params.get('srand'), signed.srand);
  assert.match(signed.srand, /^[0-9A-F]{8}$/);
  assert.equal(p.params.get('snum'), signed.snum);
  assert.equal(p.params.get('realm'), REALM);
  assert.equal(p.params.get('targetname'), TARGET);
  assert.equal(p.params.get('qop'), 'auth');
  assert.equal(p.params.get('opaque'), server.opaque);
  // sipe-sign.c takes the first `rand="` and `num="`: they must be srand's and snum's.
  const after = (k: string) =>
    signed.authenticationInfo.slice(signed.authenticationInfo.indexOf(k) + k.length).split('"')[0];
  assert.equal(after('rand="'), signed.srand);
  assert.equal(after('num="'), signed.snum);
});

test('round trip with a MIC (as Windows clients send): MIC verifies; a flipped MIC byte is refused', () => {
  const pending = issueChallenge({ identity: IDENTITY, nowMs: NOW });
  const client = createAuthenticateMessage({
    challenge: pending.message,
    user: 'alice',
    domain: 'EXAMPLE',
    workstation: 'LAPTOP',
    password: 'secret',
    withMic: true,
  });
  const parsed = parseAuthenticateMessage(client.message);
  assert.ok(parsed.micCandidate);
  const sa = SecurityAssociation.establish({
    pending,
    authenticate: parsed,
    ntHash: ntHash('secret'),
    realm: REALM,
    targetname: TARGET,
    nowMs: NOW,
  });
  assert.equal(sa.domain, 'EXAMPLE');
  const bad = new Uint8Array(client.message);
  bad[72] = (bad[72] as number) ^ 1;
  assert.throws(
    () =>
      SecurityAssociation.establish({
        pending,
        authenticate: parseAuthenticateMessage(bad),
        ntHash: ntHash('secret'),
        realm: REALM,
        targetname: TARGET,
        nowMs: NOW,
      }),
    (e) => isNtlmError(e, 'AuthenticationFailed'),
  );
  // The MIC binds the CHALLENGE too: the same AUTHENTICATE against another challenge fails.
  assert.throws(
    () =>
      SecurityAssociation.establish({
        pending: {
          ...pending,
          message: buildChallengeMessage({
            identity: IDENTITY,
            serverChallenge: pending.serverChallenge,
            timestampMs: NOW + 1,
          }).message,
        },
        authenticate: parsed,
        ntHash: ntHash('secret'),
        realm: REALM,
        targetname: TARGET,
        nowMs: NOW,
      }),
    (e) => isNtlmError(e, 'AuthenticationFailed'),
  );
});

test('wrong password, wrong user name or replay against another challenge: AuthenticationFailed', () => {
  assert.throws(
    () => handshake({ password: 'Secret' }),
    (e) => isNtlmError(e, 'AuthenticationFailed'),
  );
  const { client, pending } = handshake();
  const parsed = parseAuthenticateMessage(client.message);
  for (const forged of [
    { ...parsed, user: 'mallory@example.test' },
    { ...parsed, domain: 'EVIL' },
  ]) {
    assert.throws(
      () =>
        SecurityAssociation.establish({
          pending,
          authenticate: forged,
          ntHash: ntHash('secret'),
          realm: REALM,
          targetname: TARGET,
          nowMs: NOW,
        }),
      (e) => isNtlmError(e, 'AuthenticationFailed'),
    );
  }
  const other = issueChallenge({ identity: IDENTITY, nowMs: NOW });
  assert.throws(
    () =>
      SecurityAssociation.establish({
        pending: other,
        authenticate: parseAuthenticateMessage(client.message),
        ntHash: ntHash('secret'),
        realm: REALM,
        targetname: TARGET,
        nowMs: NOW,
      }),
    (e) => isNtlmError(e, 'AuthenticationFailed'),
  );
});

test('user name case: Uppercase(User) makes "ALICE" and "alice" equivalent (MS-NLMP §3.3.2)', () => {
  assert.equal(handshake({ user: 'ALICE@EXAMPLE.TEST' }).server.user, 'ALICE@EXAMPLE.TEST');
});

test('security association lifetime is 8 hours', () => {
  const { server } = handshake();
  assert.equal(server.expiresAtMs - server.establishedAtMs, SECURITY_ASSOCIATION_LIFETIME_MS);
  assert.equal(server.isExpired(NOW + SECURITY_ASSOCIATION_LIFETIME_MS - 1), false);
  assert.equal(server.isExpired(NOW + SECURITY_ASSOCIATION_LIFETIME_MS), true);
});

test('keys never show up in inspection or JSON', async () => {
  const { server } = handshake();
  const { inspect } = await import('node:util');
  const shown = inspect(server, { depth: 5 }) + JSON.stringify(server);
  assert.doesNotMatch(shown, /Signing|Sealing|keys/i);
});

test('any change to a signed field breaks a server signature (property)', () => {
  const { server, clientSa } = handshake();
  const fieldNames = [
    'callId',
    'cseqNumber',
    'method',
    'fromUri',
    'fromTag',
    'toUri',
    'toTag',
    'pAssertedIdentitySip',
    'pAssertedIdentityTel',
    'expires',
  ] as const;
  fc.assert(
    fc.property(
      fc.constantFrom(...fieldNames),
      fc.string({ minLength: 1, maxLength: 12 }).filter((s) => !s.includes('<') && !s.includes('>')),
      (name, junk) => {
        const base: MessageSignatureFields = { ...REGISTER, statusCode: 200 };
        const signed = server.signServerMessage(base);
        const changed = { ...base, [name]: `${base[name] ?? ''}${junk}` };
        assert.equal(clientSa.verifyServerMessage(changed, signed.srand, signed.snum, signed.rspauth), false);
        assert.equal(clientSa.verifyServerMessage(base, signed.srand, signed.snum, signed.rspauth), true);
      },
    ),
    { numRuns: 100 },
  );
});
