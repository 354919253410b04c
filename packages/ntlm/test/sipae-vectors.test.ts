// MS-SIPAE signature vectors from a recorded Office Communicator 2007 R2 <-> OCS 2007 R2 NTLMv2 exchange
// (published as test data with pidgin-sipe, sip-sec-ntlm-tests.c): user COSMO\User, password "Pa$$word",
// authentication protocol version 4; plus the version-2 and P-Asserted-Identity input-string examples
// from the same suite.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAuthenticateMessage } from '../src/authenticate-message.js';
import { parseChallengeMessage } from '../src/challenge-message.js';
import { createAuthenticateMessage } from './client.js';
import { computeNtlmv2Response, ntHash, ntowfv2 } from '../src/ntlmv2.js';
import { rc4 } from '../src/rc4.js';
import { verifyAuthenticate } from '../src/server.js';
import { fieldsFromHeaders, parseAuthParams } from '../src/sipae-headers.js';
import {
  signatureInputBytes,
  signatureInputString,
  sipaeSignatureHex,
  verifySipaeSignature,
} from '../src/sipae-signature.js';

const bytes = (h: string): Uint8Array => new Uint8Array(Buffer.from(h, 'hex'));
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex').toUpperCase();

const TYPE2 =
  '4E544C4D53535000020000000000000038000000F38298E2DD1BAAF4E7E218D1000000000000000096009600380000000502CE0E0000000F' +
  '02000A0043004F0053004D004F000100180043004F0053004D004F002D004F00430053002D00520032000400160063006F0073006D006F00' +
  '2E006C006F00630061006C000300300063006F0073006D006F002D006F00630073002D00720032002E0063006F0073006D006F002E006C00' +
  '6F00630061006C000500160063006F0073006D006F002E006C006F00630061006C0000000000';
const TYPE3 =
  '4E544C4D53535000030000001800180072000000C600C6008A0000000A000A00480000000800080052000000180018005A000000100010005' +
  '0010000558298620502CE0E0000000F43004F0053004D004F00550073006500720043004F0053004D004F002D004F00430053002D005200' +
  '3200A1E92EFE4E078BF7C5C0049ACC6166C2D6AE875CB0FDAA418DC0C800AE76ECA606D2B9FBEBD04731010100000000000059519A1727B9' +
  'CA01D6AE875CB0FDAA410000000002000A0043004F0053004D004F000100180043004F0053004D004F002D004F00430053002D0052003200' +
  '0400160063006F0073006D006F002E006C006F00630061006C000300300063006F0073006D006F002D006F00630073002D00720032002E00' +
  '63006F0073006D006F002E006C006F00630061006C000500160063006F0073006D006F002E006C006F00630061006C000000000000000000' +
  '31CB739E1CA80A498591E8AE797115E4';
const REALM = 'SIP Communications Service';
const TARGET = 'cosmo-ocs-r2.cosmo.local';

const REQUEST_INPUT =
  '<NTLM><13317733><1><SIP Communications Service><cosmo-ocs-r2.cosmo.local><4037df9284354df39065195bd57a4b14><3>' +
  '<REGISTER><sip:user@cosmo.local><3e49177a52><sip:user@cosmo.local><><><><>';
const REQUEST_SIG = '0100000029618e9651b65a7764000000';
const RESPONSE_INPUT =
  '<NTLM><9616454F><1><SIP Communications Service><cosmo-ocs-r2.cosmo.local><4037df9284354df39065195bd57a4b14><3>' +
  '<REGISTER><sip:user@cosmo.local><3e49177a52><sip:user@cosmo.local><5E61CCD925D17E043D9A74835A88F664><><><7200><200>';
const RESPONSE_SIG = '01000000E615438A917661BE64000000';

function keys() {
  const t2 = bytes(TYPE2);
  const v = verifyAuthenticate({
    authenticate: parseAuthenticateMessage(bytes(TYPE3)),
    challengeMessage: t2,
    serverChallenge: parseChallengeMessage(t2).serverChallenge,
    ntHash: ntHash('Pa$$word'),
  });
  return v.keys;
}

test('OC 2007 R2: our client reproduces the AUTHENTICATE message byte for byte', () => {
  const ch = parseChallengeMessage(bytes(TYPE2));
  const clientChallenge = bytes('D6AE875CB0FDAA41');
  const timestamp = bytes('59519A1727B9CA01');
  const r = computeNtlmv2Response({
    responseKeyNT: ntowfv2('Pa$$word', 'User', 'COSMO'),
    serverChallenge: ch.serverChallenge,
    clientChallenge,
    timestamp,
    targetInfo: ch.targetInfo,
  });
  const randomSessionKey = rc4(r.sessionBaseKey, bytes('31CB739E1CA80A498591E8AE797115E4'));
  const out = createAuthenticateMessage({
    challenge: bytes(TYPE2),
    user: 'User',
    domain: 'COSMO',
    workstation: 'COSMO-OCS-R2',
    password: 'Pa$$word',
    clientChallenge,
    timestamp,
    randomSessionKey,
    version: { major: 5, minor: 2, build: 3790, revision: 0x0f },
  });
  assert.equal(hex(out.message), TYPE3);
  assert.equal(out.flags, 0x62988255);
});

test('OC 2007 R2: server accepts the recorded AUTHENTICATE and derives the keys that sign both directions', () => {
  const k = keys();
  const client = { signingKey: k.clientSigningKey, sealingKey: k.clientSealingKey };
  const server = { signingKey: k.serverSigningKey, sealingKey: k.serverSealingKey };
  const req = new Uint8Array(Buffer.from(REQUEST_INPUT));
  const rsp = new Uint8Array(Buffer.from(RESPONSE_INPUT));
  assert.equal(sipaeSignatureHex(client, req), REQUEST_SIG.toUpperCase());
  assert.ok(verifySipaeSignature(client, req, REQUEST_SIG));
  assert.equal(sipaeSignatureHex(server, rsp), RESPONSE_SIG);
  assert.ok(verifySipaeSignature(server, rsp, RESPONSE_SIG));
  // Keys are direction-bound: the client keys do not verify the server's signature.
  assert.equal(verifySipaeSignature(client, rsp, RESPONSE_SIG), false);
});

test('OC 2007 R2: signature input strings from the raw headers (request and 200 OK)', () => {
  const auth = parseAuthParams(
    'NTLM qop="auth", realm="SIP Communications Service", opaque="2BDBAC9D", targetname="cosmo-ocs-r2.cosmo.local", version=4, gssapi-data="x", crand="13317733", cnum="1", response="0100000029618e9651b65a7764000000"',
  );
  const request = fieldsFromHeaders(
    {
      callId: '4037df9284354df39065195bd57a4b14',
      cseq: '3 REGISTER',
      from: '<sip:user@cosmo.local>;tag=3e49177a52;epid=c8ca638a15',
      to: '<sip:user@cosmo.local>',
      requestMethod: 'REGISTER',
    },
    {
      rand: auth.params.get('crand') ?? '',
      num: auth.params.get('cnum') ?? '',
      realm: REALM,
      targetname: TARGET,
    },
  );
  assert.equal(signatureInputString(request), REQUEST_INPUT);

  const info = parseAuthParams(
    'NTLM rspauth="01000000E615438A917661BE64000000", srand="9616454F", snum="1", opaque="2BDBAC9D", qop="auth", targetname="cosmo-ocs-r2.cosmo.local", realm="SIP Communications Service"',
  );
  const response = fieldsFromHeaders(
    {
      callId: '4037df9284354df39065195bd57a4b14',
      cseq: '3 REGISTER',
      from: '"User"<sip:user@cosmo.local>;tag=3e49177a52;epid=c8ca638a15',
      to: '<sip:user@cosmo.local>;tag=5E61CCD925D17E043D9A74835A88F664',
      expires: '7200',
      statusCode: 200,
    },
    {
      rand: info.params.get('srand') ?? '',
      num: info.params.get('snum') ?? '',
      realm: REALM,
      targetname: TARGET,
    },
  );
  assert.equal(signatureInputString(response), RESPONSE_INPUT);
  assert.ok(
    verifySipaeSignature(
      { signingKey: keys().serverSigningKey, sealingKey: keys().serverSealingKey },
      signatureInputBytes(response),
      info.params.get('rspauth') ?? '',
    ),
  );
});

test('version 4 input with P-Asserted-Identity: a 180 Ringing signs CSeq method and keeps the URI as written', () => {
  const f = fieldsFromHeaders(
    {
      callId: '41CEg82ECa0AC8i3DD7mE673t9CF4b19DAxF780x',
      cseq: '1 INVITE',
      from: '"Sender"<sip:sender@company.com>;tag=2420628112;epid=54392f1bbf01',
      to: '"recipient"<sip:recipient@company.com>;tag=7aee15546a;epid=3102EB8BD1',
      pAssertedIdentity: '"recipient"<SIP:recipient@company.com>',
      statusCode: 180,
    },
    { rand: '1B6D47A1', num: '11', realm: REALM, targetname: 'LOC-COMPANYT-FE03.COMPANY.COM' },
  );
  assert.equal(
    signatureInputString(f),
    '<NTLM><1B6D47A1><11><SIP Communications Service><LOC-COMPANYT-FE03.COMPANY.COM><41CEg82ECa0AC8i3DD7mE673t9CF4b19DAxF780x>' +
      '<1><INVITE><sip:sender@company.com><2420628112><sip:recipient@company.com><7aee15546a><SIP:recipient@company.com><><><180>',
  );
});

test('version 2 input has no To URI and no P-Asserted-Identity fields (OCS 2007 example)', () => {
  const f = fieldsFromHeaders(
    {
      callId: '8592g5DCBa1694i5887m0D0Bt2247b3F38xAE9Fx',
      cseq: '3 REGISTER',
      from: '"Gabriel Burt"<sip:gabriel@ocs.provo.novell.com>;tag=2947328781;epid=1234567890',
      to: '<sip:gabriel@ocs.provo.novell.com>;tag=B816D65C2300A32CFA6D371F2AF537FD',
      expires: '900',
      statusCode: 200,
    },
    { rand: '0878F41B', num: '1', realm: REALM, targetname: 'ocs1.ocs.provo.novell.com' },
  );
  assert.equal(
    signatureInputString(f, 2),
    '<NTLM><0878F41B><1><SIP Communications Service><ocs1.ocs.provo.novell.com><8592g5DCBa1694i5887m0D0Bt2247b3F38xAE9Fx>' +
      '<3><REGISTER><sip:gabriel@ocs.provo.novell.com><2947328781><B816D65C2300A32CFA6D371F2AF537FD><900><200>',
  );
});
