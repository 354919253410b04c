// Real-world vector: the NTLM handshake pidgin-sipe 1.25.0 performed against a loopback stub server (the
// same capture as packages/protocol/test/sip/fixtures/transcript-ntlm.txt; user alice@example.test,
// password "secret"). The stub's CHALLENGE has no MsvAvTimestamp and no Version; the
// client signed three messages after the AUTHENTICATE. Verifying those proves the NTLMv2 check, the key
// derivation, the signature input string and the MAC byte for byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAuthenticateMessage } from '../src/authenticate-message.js';
import { parseChallengeMessage } from '../src/challenge-message.js';
import { isNtlmError } from '../src/errors.js';
import { CONNECTIONLESS_REQUIRED_FLAGS, NegotiateFlag, hasFlags } from '../src/flags.js';
import { ntHash } from '../src/ntlmv2.js';
import { SecurityAssociation, type MessageSignatureFields } from '../src/security-association.js';
import { verifyAuthenticate } from '../src/server.js';
import { fieldsFromHeaders, parseAuthParams, type RawSignedHeaders } from '../src/sipae-headers.js';
import { signatureInputString } from '../src/sipae-signature.js';

const REALM = 'SIP Communications Service';
const TARGET = 'stub.example.test';
const CHALLENGE_B64 =
  'TlRMTVNTUAACAAAACAAIADAAAABVgpriASNFZ4mrze8AAAAAAAAAABAAEAA4AAAAUwBUAFUAQgACAAgAUwBUAFUAQgAAAAAA';
// Authorization header of the third REGISTER (CSeq 3), verbatim.
const AUTHORIZATION_3 =
  'NTLM qop="auth", opaque="ABCDEF01", realm="SIP Communications Service", targetname="stub.example.test", gssapi-data="TlRMTVNTUAADAAAAGAAYAHAAAABAAEAAiAAAAAAAAABIAAAAJAAkAEgAAAAEAAQAbAAAABAAEADIAAAAVYKYYgUBKAoAAAAPYQBsAGkAYwBlAEAAZQB4AGEAbQBwAGwAZQAuAHQAZQBzAHQAVgBNAAmoUi2CYc0Y9rcicbAc+ha0Q76b6ZnByT6thiU89SDtdLuOj2xgvEUBAQAAAAAAAAANk9wGet0BtEO+m+mZwckAAAAAAgAIAFMAVABVAEIAAAAAAAAAAACKnHps4W0/f2ygXK8k653m", version=4, crand="81d03d97", cnum="1", response="01000000E9B382956A6F06A764000000"';

interface Signed {
  readonly headers: RawSignedHeaders;
  readonly crand: string;
  readonly cnum: string;
  readonly response: string;
  readonly input: string;
}

const SIGNED: readonly Signed[] = [
  {
    headers: {
      callId: '61AFg870Ea94D0i0258m635Et653DbFD5Ax65F6x',
      cseq: '3 REGISTER',
      from: '<sip:alice@example.test>;tag=2439524537;epid=b34afb6ebb23',
      to: '<sip:alice@example.test>',
      requestMethod: 'REGISTER',
    },
    crand: '81d03d97',
    cnum: '1',
    response: '01000000E9B382956A6F06A764000000',
    input:
      '<NTLM><81d03d97><1><SIP Communications Service><stub.example.test><61AFg870Ea94D0i0258m635Et653DbFD5Ax65F6x>' +
      '<3><REGISTER><sip:alice@example.test><2439524537><sip:alice@example.test><><><><>',
  },
  {
    headers: {
      callId: '9AD1g24ECa8F0Ci061DmC5A1t2F32bE324xDDD4x',
      cseq: '1 SUBSCRIBE',
      from: '<sip:alice@example.test>;tag=407061070;epid=b34afb6ebb23',
      to: '<sip:alice@example.test>',
      expires: '0',
      requestMethod: 'SUBSCRIBE',
    },
    crand: '5c46b351',
    cnum: '2',
    response: '01000000FE615543A3C0DD3F64000000',
    input:
      '<NTLM><5c46b351><2><SIP Communications Service><stub.example.test><9AD1g24ECa8F0Ci061DmC5A1t2F32bE324xDDD4x>' +
      '<1><SUBSCRIBE><sip:alice@example.test><407061070><sip:alice@example.test><><><><0>',
  },
  {
    headers: {
      callId: '61AFg870Ea94D0i0258m635Et653DbFD5Ax65F6x',
      cseq: '4 REGISTER',
      from: '<sip:alice@example.test>;tag=3090229427;epid=b34afb6ebb23',
      to: '<sip:alice@example.test>',
      expires: '0',
      requestMethod: 'REGISTER',
    },
    crand: '7856466f',
    cnum: '3',
    response: '010000005D7B6EA4DEA19C4064000000',
    input:
      '<NTLM><7856466f><3><SIP Communications Service><stub.example.test><61AFg870Ea94D0i0258m635Et653DbFD5Ax65F6x>' +
      '<4><REGISTER><sip:alice@example.test><3090229427><sip:alice@example.test><><><><0>',
  },
];

const challenge = new Uint8Array(Buffer.from(CHALLENGE_B64, 'base64'));
const authParams = parseAuthParams(AUTHORIZATION_3);
const authenticate = parseAuthenticateMessage(
  new Uint8Array(Buffer.from(authParams.params.get('gssapi-data') ?? '', 'base64')),
);

function establish(password: string): SecurityAssociation {
  return SecurityAssociation.establish({
    pending: {
      opaque: 'ABCDEF01',
      message: challenge,
      serverChallenge: parseChallengeMessage(challenge).serverChallenge,
      createdAtMs: 0,
      gssapiData: CHALLENGE_B64,
    },
    authenticate,
    ntHash: ntHash(password),
    realm: REALM,
    targetname: TARGET,
    nowMs: 0,
  });
}

const messageFields = (s: Signed): MessageSignatureFields => {
  const {
    protocol: _p,
    rand: _r,
    num: _n,
    realm: _re,
    targetname: _t,
    ...rest
  } = fieldsFromHeaders(s.headers, {
    rand: s.crand,
    num: s.cnum,
    realm: REALM,
    targetname: TARGET,
  });
  return rest;
};

test('transcript: Authorization parameters parse', () => {
  assert.equal(authParams.scheme, 'NTLM');
  assert.equal(authParams.params.get('opaque'), 'ABCDEF01');
  assert.equal(authParams.params.get('version'), '4');
  assert.equal(authParams.params.get('crand'), '81d03d97');
  assert.equal(authParams.params.get('response'), '01000000E9B382956A6F06A764000000');
});

test('transcript: the stub CHALLENGE (48-byte header, no Version) parses', () => {
  const c = parseChallengeMessage(challenge);
  assert.equal(c.flags, 0xe29a8255);
  assert.equal(c.targetName, 'STUB');
  assert.equal(Buffer.from(c.serverChallenge).toString('hex'), '0123456789abcdef');
  assert.equal(c.version, undefined);
  assert.equal(c.targetInfoPairs.length, 1);
});

test('transcript: AUTHENTICATE fields as pidgin-sipe sends them', () => {
  assert.equal(authenticate.user, 'alice@example.test');
  assert.equal(authenticate.domain, '');
  assert.equal(authenticate.workstation, 'VM');
  assert.equal(authenticate.flags, 0x62988255);
  assert.ok(hasFlags(authenticate.flags, CONNECTIONLESS_REQUIRED_FLAGS | NegotiateFlag.NEGOTIATE_128));
  assert.equal(authenticate.lmChallengeResponse.length, 24);
  assert.equal(authenticate.ntChallengeResponse.length, 64);
  assert.equal(authenticate.encryptedRandomSessionKey.length, 16);
  assert.deepEqual(authenticate.version, { major: 5, minor: 1, build: 2600, revision: 15 });
  assert.equal(authenticate.micCandidate, undefined);
});

test('transcript: NTProofStr verifies with password "secret"', () => {
  const v = verifyAuthenticate({
    authenticate,
    challengeMessage: challenge,
    serverChallenge: parseChallengeMessage(challenge).serverChallenge,
    ntHash: ntHash('secret'),
  });
  assert.equal(v.user, 'alice@example.test');
  assert.equal(v.micVerified, false);
});

test('transcript: wrong passwords are rejected as AuthenticationFailed', () => {
  for (const pw of ['Secret', 'secret ', 'wrong', '']) {
    assert.throws(
      () => establish(pw),
      (e) => isNtlmError(e, 'AuthenticationFailed'),
      pw,
    );
  }
});

test('transcript: signature input strings match what the client signed', () => {
  for (const s of SIGNED) {
    const f = fieldsFromHeaders(s.headers, { rand: s.crand, num: s.cnum, realm: REALM, targetname: TARGET });
    assert.equal(signatureInputString(f), s.input);
  }
});

test('transcript: all three client signatures verify with the derived client keys', () => {
  const sa = establish('secret');
  for (const s of SIGNED) {
    assert.ok(sa.verifyClientMessage(messageFields(s), s), `cnum ${s.cnum}`);
    assert.equal(
      sa.signClientMessage(messageFields(s), s.crand, s.cnum),
      s.response,
      'we produce the same bytes',
    );
  }
  assert.equal(sa.highestCnum, 3);
});

test('transcript: tampering with any signed value breaks the signature', () => {
  const sa = establish('secret');
  const s = SIGNED[1] as Signed;
  const base = messageFields(s);
  const tampered: MessageSignatureFields[] = [
    { ...base, callId: `${base.callId}x` },
    { ...base, cseqNumber: '2' },
    { ...base, method: 'NOTIFY' },
    { ...base, fromUri: 'sip:mallory@example.test' },
    { ...base, fromTag: '407061071' },
    { ...base, toUri: 'sip:bob@example.test' },
    { ...base, toTag: 'x' },
    { ...base, pAssertedIdentitySip: 'sip:alice@example.test' },
    { ...base, pAssertedIdentityTel: 'tel:+1' },
    { ...base, expires: '3600' },
    { ...base, statusCode: 200 },
  ];
  for (const t of tampered) assert.equal(sa.verifyClientMessage(t, s), false, JSON.stringify(t));
  assert.equal(sa.verifyClientMessage(base, { ...s, crand: '5c46b352' }), false);
  assert.equal(sa.verifyClientMessage(base, { ...s, cnum: '3' }), false);
  assert.equal(
    sa.verifyClientMessage(base, { ...s, response: s.response.replace(/^01000000F/, '01000000E') }),
    false,
  );
  assert.equal(sa.verifyClientMessage(base, { ...s, response: 'not hex' }), false);
  assert.equal(
    sa.verifyClientMessage(base, { ...s, response: s.response.toLowerCase() }),
    true,
    'hex case does not matter',
  );
});
