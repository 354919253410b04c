// MS-NLMP §4.2 published test vectors: User "User", Domain "Domain", Password "Password",
// ServerChallenge 0123456789abcdef, ClientChallenge aa×8, RandomSessionKey 55×16, Time 0,
// TargetInfo = MsvAvNbDomainName "Domain", MsvAvNbComputerName "Server" (§4.2.1, §4.2.4).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AvId, avString, encodeAvPairs } from '../src/av-pairs.js';
import { NegotiateFlag } from '../src/flags.js';
import { essChecksum, essMac } from '../src/mac.js';
import { computeNtlmv2Response, ntHash, ntowfv2 } from '../src/ntlmv2.js';
import { Rc4, rc4 } from '../src/rc4.js';
import {
  deriveSessionKeys,
  exportedSessionKey,
  keyExchangeKeyV2,
  sealKey,
  signKey,
} from '../src/session-keys.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const bytes = (h: string): Uint8Array => new Uint8Array(Buffer.from(h.replace(/\s+/g, ''), 'hex'));

const SERVER_CHALLENGE = bytes('0123456789abcdef');
const CLIENT_CHALLENGE = bytes('aaaaaaaaaaaaaaaa');
const RANDOM_SESSION_KEY = bytes('55'.repeat(16));
const TIME = new Uint8Array(8);
const PLAINTEXT = new Uint8Array(Buffer.from('Plaintext', 'utf16le')); // §4.2.1: "P·l·a·i·n·t·e·x·t·"
// §4.2.4: KEY_EXCH, 56, 128, VERSION, TARGET_INFO, ESS, TARGET_TYPE_SERVER, ALWAYS_SIGN, NTLM, SEAL, SIGN, OEM, UNICODE
const V2_FLAGS = 0xe28a8233;
const TARGET_INFO = encodeAvPairs([
  avString(AvId.MsvAvNbDomainName, 'Domain'),
  avString(AvId.MsvAvNbComputerName, 'Server'),
]);

test('§4.2.4 flags value is the documented 33 82 8a e2', () => {
  const f =
    NegotiateFlag.KEY_EXCH |
    NegotiateFlag.NEGOTIATE_56 |
    NegotiateFlag.NEGOTIATE_128 |
    NegotiateFlag.VERSION |
    NegotiateFlag.TARGET_INFO |
    NegotiateFlag.EXTENDED_SESSIONSECURITY |
    NegotiateFlag.TARGET_TYPE_SERVER |
    NegotiateFlag.ALWAYS_SIGN |
    NegotiateFlag.NTLM |
    NegotiateFlag.SEAL |
    NegotiateFlag.SIGN |
    NegotiateFlag.OEM |
    NegotiateFlag.UNICODE;
  assert.equal(f >>> 0, V2_FLAGS);
});

test('§4.2.2.1.2 NTOWFv1("Password") = NT hash', () => {
  assert.equal(hex(ntHash('Password')), 'a4f49c406510bdcab6824ee7c30fd852');
});

test('§4.2.4.1.1 NTOWFv2("Password", "User", "Domain")', () => {
  assert.equal(hex(ntowfv2('Password', 'User', 'Domain')), '0c868a403bfd7a93a3001ef22ef02e3f');
});

test('§4.2.4.1.2 / §4.2.4.2 NTLMv2 response, LMv2 response, session base key, encrypted session key', () => {
  const r = computeNtlmv2Response({
    responseKeyNT: ntowfv2('Password', 'User', 'Domain'),
    serverChallenge: SERVER_CHALLENGE,
    clientChallenge: CLIENT_CHALLENGE,
    timestamp: TIME,
    targetInfo: TARGET_INFO,
  });
  assert.equal(hex(r.lmChallengeResponse), '86c35097ac9cec102554764a57cccc19aaaaaaaaaaaaaaaa');
  assert.equal(hex(r.ntProofStr), '68cd0ab851e51c96aabc927bebef6a1c');
  // The full NtChallengeResponse as it appears in the §4.2.4.3 AUTHENTICATE_MESSAGE.
  assert.equal(
    hex(r.ntChallengeResponse),
    '68cd0ab851e51c96aabc927bebef6a1c01010000000000000000000000000000aaaaaaaaaaaaaaaa00000000' +
      '02000c0044006f006d00610069006e0001000c005300650072007600650072000000000000000000',
  );
  assert.equal(hex(r.sessionBaseKey), '8de40ccadbc14a82f15cb0ad0de95ca3');
  const kx = keyExchangeKeyV2(r.sessionBaseKey);
  const encrypted = rc4(kx, RANDOM_SESSION_KEY);
  assert.equal(hex(encrypted), 'c5dad2544fc9799094ce1ce90bc9d03e');
  // Server side recovers the exported session key from the encrypted one (MS-NLMP §3.2.5.1.2).
  assert.deepEqual(exportedSessionKey(V2_FLAGS, kx, encrypted), RANDOM_SESSION_KEY);
});

test('§4.2.4.4 SIGNKEY / SEALKEY (client-to-server, 128-bit) and the sealed data', () => {
  assert.equal(hex(signKey(RANDOM_SESSION_KEY, 'client-to-server')), '4788dc861b4782f35d43fd98fe1a2d39');
  const seal = sealKey(V2_FLAGS, RANDOM_SESSION_KEY, 'client-to-server');
  assert.equal(hex(seal), '59f600973cc4960a25480a7c196e4c58');
  assert.equal(hex(rc4(seal, PLAINTEXT)), '54e50165bf1936dc996020c1811b0f06fb5f');
  const keys = deriveSessionKeys(V2_FLAGS, RANDOM_SESSION_KEY);
  assert.deepEqual(keys.clientSealingKey, seal);
  assert.notDeepEqual(keys.serverSigningKey, keys.clientSigningKey);
  assert.notDeepEqual(keys.serverSealingKey, keys.clientSealingKey);
});

test('§4.2.4.4 checksum and signature (connection-oriented: RC4 handle continues after sealing)', () => {
  const sign = signKey(RANDOM_SESSION_KEY, 'client-to-server');
  const seal = sealKey(V2_FLAGS, RANDOM_SESSION_KEY, 'client-to-server');
  assert.equal(hex(essChecksum(sign, 0, PLAINTEXT)), '70352851f2564309');
  const handle = new Rc4(seal);
  handle.update(PLAINTEXT); // SEAL encrypts the message first, then the checksum with the same handle
  assert.equal(
    hex(essMac({ signingKey: sign, seqNum: 0, message: PLAINTEXT, sealHandle: handle })),
    '010000007fb38ec5c55d497600000000',
  );
  // Without KEY_EXCH the checksum is not encrypted.
  assert.equal(
    hex(essMac({ signingKey: sign, seqNum: 0, message: PLAINTEXT })),
    '0100000070352851f256430900000000',
  );
});

test('SEALKEY key-length reduction for 56-bit and 40-bit (MS-NLMP §3.4.5.3)', () => {
  const ess = NegotiateFlag.EXTENDED_SESSIONSECURITY;
  const k128 = sealKey(ess | NegotiateFlag.NEGOTIATE_128, RANDOM_SESSION_KEY, 'server-to-client');
  const k56 = sealKey(ess | NegotiateFlag.NEGOTIATE_56, RANDOM_SESSION_KEY, 'server-to-client');
  const k40 = sealKey(ess, RANDOM_SESSION_KEY, 'server-to-client');
  assert.equal(new Set([hex(k128), hex(k56), hex(k40)]).size, 3);
  // Only the first 7 / 5 bytes of the key matter.
  const other = new Uint8Array(RANDOM_SESSION_KEY);
  other[10] = 0;
  assert.deepEqual(sealKey(ess | NegotiateFlag.NEGOTIATE_56, other, 'server-to-client'), k56);
  assert.deepEqual(sealKey(ess, other, 'server-to-client'), k40);
});
