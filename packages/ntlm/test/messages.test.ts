// NTLM message parsing: named errors for every malformed structure, and no other kind of throw.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildAuthenticateMessage, parseAuthenticateMessage } from '../src/authenticate-message.js';
import { decodeAvPairs, encodeAvPairs } from '../src/av-pairs.js';
import { buildChallengeMessage, parseChallengeMessage } from '../src/challenge-message.js';
import { createAuthenticateMessage } from './client.js';
import { isNtlmError, NtlmError, type NtlmErrorKind } from '../src/errors.js';
import { NegotiateFlag, SERVER_CHALLENGE_FLAGS } from '../src/flags.js';
import { ntHash, parseNtlmv2Response } from '../src/ntlmv2.js';
import { verifyAuthenticate } from '../src/server.js';
import { parseAuthParams, pAssertedIdentityUris, tagOf, uriOf } from '../src/sipae-headers.js';

const IDENTITY = {
  nbDomainName: 'EXAMPLE',
  nbComputerName: 'PCHAT01',
  dnsDomainName: 'example.test',
  dnsComputerName: 'pchat01.example.test',
};
const kind = (k: NtlmErrorKind) => (e: unknown) => isNtlmError(e, k);

function sample() {
  const ch = buildChallengeMessage({
    identity: IDENTITY,
    timestampMs: 0,
    serverChallenge: new Uint8Array(8).fill(1),
  });
  const auth = createAuthenticateMessage({
    challenge: ch.message,
    user: 'alice',
    domain: 'EXAMPLE',
    workstation: 'WS',
    password: 'secret',
  });
  return { ch, auth };
}

const setU32 = (b: Uint8Array, at: number, v: number) =>
  new DataView(b.buffer, b.byteOffset).setUint32(at, v, true);
const setU16 = (b: Uint8Array, at: number, v: number) =>
  new DataView(b.buffer, b.byteOffset).setUint16(at, v, true);

test('signature, type and length checks', () => {
  const { ch, auth } = sample();
  assert.throws(() => parseChallengeMessage(ch.message.slice(0, 10)), kind('Truncated'));
  assert.throws(() => parseChallengeMessage(ch.message.slice(0, 40)), kind('Truncated'));
  const badSig = new Uint8Array(ch.message);
  badSig[0] = 0x41;
  assert.throws(() => parseChallengeMessage(badSig), kind('BadSignature'));
  assert.throws(() => parseChallengeMessage(auth.message), kind('WrongMessageType'));
  assert.throws(() => parseAuthenticateMessage(ch.message), kind('WrongMessageType'));
  assert.throws(() => parseAuthenticateMessage(auth.message.slice(0, 60)), kind('Truncated'));
});

test('field offsets and lengths outside the message', () => {
  const { ch, auth } = sample();
  const c = new Uint8Array(ch.message);
  setU32(c, 44, c.length); // TargetInfo offset at the very end
  assert.throws(() => parseChallengeMessage(c), kind('OffsetOutOfRange'));
  const a = new Uint8Array(auth.message);
  setU16(a, 20, 0xffff); // NtChallengeResponse length
  assert.throws(() => parseAuthenticateMessage(a), kind('OffsetOutOfRange'));
  const b = new Uint8Array(auth.message);
  setU32(b, 40, 0xfffffff0); // UserName offset
  assert.throws(() => parseAuthenticateMessage(b), kind('OffsetOutOfRange'));
  const overlap = new Uint8Array(auth.message);
  setU32(overlap, 32, 8); // DomainName offset inside the fixed header
  assert.throws(() => parseAuthenticateMessage(overlap), kind('OffsetOutOfRange'));
  const odd = new Uint8Array(auth.message);
  setU16(odd, 36, 3); // UserName of odd length with UNICODE
  assert.throws(() => parseAuthenticateMessage(odd), kind('Truncated'));
});

test('AV pairs: missing EOL and overrun are InvalidAvPairs', () => {
  assert.throws(() => decodeAvPairs(new Uint8Array([2, 0, 2, 0, 0x41, 0])), kind('InvalidAvPairs'));
  assert.throws(() => decodeAvPairs(new Uint8Array([2, 0, 9, 0, 0x41, 0])), kind('InvalidAvPairs'));
  const enc = encodeAvPairs([{ id: 2, value: new Uint8Array([0x41, 0]) }]);
  assert.deepEqual(decodeAvPairs(enc), [{ id: 2, value: new Uint8Array([0x41, 0]) }]);
});

test('NTLMv1 and malformed NTLMv2 responses are refused by name', () => {
  assert.throws(() => parseNtlmv2Response(new Uint8Array(24)), kind('NotNtlmV2'));
  assert.throws(() => parseNtlmv2Response(new Uint8Array(40)), kind('Truncated'));
  const notV2 = new Uint8Array(16 + 28 + 8); // RespType 0
  assert.throws(() => parseNtlmv2Response(notV2), kind('NotNtlmV2'));
  const { ch, auth } = sample();
  const parsed = parseAuthenticateMessage(auth.message);
  const v1 = { ...parsed, ntChallengeResponse: new Uint8Array(24) };
  assert.throws(
    () =>
      verifyAuthenticate({
        authenticate: v1,
        challengeMessage: ch.message,
        serverChallenge: ch.serverChallenge,
        ntHash: ntHash('secret'),
      }),
    kind('NotNtlmV2'),
  );
});

test('flags: server refuses an AUTHENTICATE without DATAGRAM/KEY_EXCH; client refuses a poor CHALLENGE', () => {
  const { ch, auth } = sample();
  const parsed = parseAuthenticateMessage(auth.message);
  const weak = { ...parsed, flags: parsed.flags & ~NegotiateFlag.KEY_EXCH };
  assert.throws(
    () =>
      verifyAuthenticate({
        authenticate: weak,
        challengeMessage: ch.message,
        serverChallenge: ch.serverChallenge,
        ntHash: ntHash('secret'),
      }),
    kind('MissingFlags'),
  );
  const poor = buildChallengeMessage({
    identity: IDENTITY,
    flags: SERVER_CHALLENGE_FLAGS & ~NegotiateFlag.DATAGRAM,
  });
  assert.throws(
    () =>
      createAuthenticateMessage({
        challenge: poor.message,
        user: 'a',
        domain: '',
        workstation: 'w',
        password: 'p',
      }),
    kind('MissingFlags'),
  );
  assert.throws(
    () =>
      buildAuthenticateMessage({
        flags: 0,
        lmChallengeResponse: new Uint8Array(0),
        ntChallengeResponse: new Uint8Array(0),
        domain: '',
        user: '',
        workstation: '',
        encryptedRandomSessionKey: new Uint8Array(0),
      }),
    kind('MissingFlags'),
  );
});

test('errors never carry secrets', () => {
  const { ch, auth } = sample();
  try {
    verifyAuthenticate({
      authenticate: parseAuthenticateMessage(auth.message),
      challengeMessage: ch.message,
      serverChallenge: ch.serverChallenge,
      ntHash: ntHash('other'),
    });
    assert.fail('expected a failure');
  } catch (e) {
    assert.ok(e instanceof NtlmError);
    assert.equal(e.kind, 'AuthenticationFailed');
    const h = Buffer.from(ntHash('other')).toString('hex');
    assert.ok(!e.message.includes(h) && !e.message.includes('other') && !e.message.includes('secret'));
  }
});

test('fuzz: parsers throw only NtlmError on arbitrary bytes and mutations', () => {
  const { ch, auth } = sample();
  const onlyNamed = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      if (!(e instanceof NtlmError)) throw e;
    }
  };
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 200 }), (b) => {
      onlyNamed(() => parseChallengeMessage(b));
      onlyNamed(() => parseAuthenticateMessage(b));
      onlyNamed(() => decodeAvPairs(b));
      onlyNamed(() => parseNtlmv2Response(b));
    }),
    { numRuns: 300 },
  );
  fc.assert(
    fc.property(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.boolean(), (pos, val, which) => {
      const src = which ? ch.message : auth.message;
      const m = new Uint8Array(src);
      m[pos % m.length] = val;
      onlyNamed(() => (which ? parseChallengeMessage(m) : parseAuthenticateMessage(m)));
      if (!which) {
        onlyNamed(() =>
          verifyAuthenticate({
            authenticate: parseAuthenticateMessage(m),
            challengeMessage: ch.message,
            serverChallenge: ch.serverChallenge,
            ntHash: ntHash('secret'),
          }),
        );
      }
    }),
    { numRuns: 500 },
  );
});

test('header helpers follow pidgin-sipe extraction rules', () => {
  assert.equal(uriOf('"Bob" <sip:bob@x>;tag=1'), 'sip:bob@x');
  assert.equal(uriOf('sip:bob@x;tag=1'), '');
  assert.equal(tagOf('<sip:bob@x>;tag=abc;epid=9'), 'abc');
  assert.equal(tagOf('<sip:bob@x>;tag=abc'), 'abc');
  assert.equal(tagOf('<sip:bob@x>'), '');
  assert.deepEqual(pAssertedIdentityUris('tel:+14085264000'), { tel: 'tel:+14085264000' });
  assert.deepEqual(
    pAssertedIdentityUris('"Lunch, Lucas" <sip:llucas@cisco.com>,<tel:+420123456;ext=88463>'),
    {
      sip: 'sip:llucas@cisco.com',
      tel: 'tel:+420123456;ext=88463',
    },
  );
  const p = parseAuthParams('NTLM realm="SIP Communications Service", targetname="t", version=4');
  assert.equal(p.params.get('version'), '4');
  assert.equal(parseAuthParams('NTLM').params.size, 0);
  assert.throws(() => parseAuthParams('NTLM realm'), kind('InvalidInput'));
});
