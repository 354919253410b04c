// The server-side checks the front end adds on top of the core: acceptClientMessage (signature, then cnum
// strictly rising, only accepted messages advance it) and the NTLMv2 clock-skew bound of establish().
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAuthenticateMessage } from '../src/authenticate-message.js';
import type { ServerIdentity } from '../src/challenge-message.js';
import { createAuthenticateMessage } from './client.js';
import { isNtlmError } from '../src/errors.js';
import { ntHash } from '../src/ntlmv2.js';
import {
  SecurityAssociation,
  issueChallenge,
  type MessageSignatureFields,
} from '../src/security-association.js';

const IDENTITY: ServerIdentity = {
  nbDomainName: 'EXAMPLE',
  nbComputerName: 'PCHAT01',
  dnsDomainName: 'example.test',
  dnsComputerName: 'pchat01.example.test',
};
const REALM = 'SIP Communications Service';
const TARGET = 'pchat01.example.test';
const NOW = Date.UTC(2026, 10, 21, 23, 0, 0);
const FIELDS: MessageSignatureFields = {
  callId: 'c1',
  cseqNumber: '2',
  method: 'SERVICE',
  fromUri: 'sip:alice@example.test',
  fromTag: 't1',
  toUri: 'sip:alice@example.test',
  toTag: '',
};

function pair(clientNowMs = NOW, serverNowMs = NOW, maxClockSkewMs?: number) {
  const pending = issueChallenge({ identity: IDENTITY, nowMs: clientNowMs });
  const client = createAuthenticateMessage({
    challenge: new Uint8Array(Buffer.from(pending.gssapiData, 'base64')),
    user: 'alice@example.test',
    domain: '',
    workstation: 'WS',
    password: 'secret',
  });
  const server = SecurityAssociation.establish({
    pending,
    authenticate: parseAuthenticateMessage(client.message),
    ntHash: ntHash('secret'),
    realm: REALM,
    targetname: TARGET,
    nowMs: serverNowMs,
    ...(maxClockSkewMs !== undefined ? { maxClockSkewMs } : {}),
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
  return { server, clientSa };
}

test('acceptClientMessage: ok, then the same cnum is a replay, a lower one too, a higher one is fine', () => {
  const { server, clientSa } = pair();
  const sig = (cnum: string, f = FIELDS) => ({
    crand: 'a1b2c3d4',
    cnum,
    response: clientSa.signClientMessage(f, 'a1b2c3d4', cnum),
  });
  assert.equal(server.acceptClientMessage(FIELDS, sig('1')), 'ok');
  assert.equal(server.acceptClientMessage(FIELDS, sig('3')), 'ok');
  assert.equal(server.acceptClientMessage(FIELDS, sig('3')), 'replayed');
  assert.equal(server.acceptClientMessage(FIELDS, sig('2')), 'replayed');
  assert.equal(server.highestCnum, 3);
  assert.equal(server.acceptClientMessage(FIELDS, sig('4')), 'ok');
});

test('acceptClientMessage: a bad signature is refused and does not advance cnum; junk cnum is refused', () => {
  const { server, clientSa } = pair();
  const good = clientSa.signClientMessage(FIELDS, 'a1b2c3d4', '5');
  assert.equal(
    server.acceptClientMessage(
      { ...FIELDS, fromTag: 'forged' },
      { crand: 'a1b2c3d4', cnum: '5', response: good },
    ),
    'bad-signature',
  );
  assert.equal(server.highestCnum, 0);
  assert.equal(server.acceptClientMessage(FIELDS, { crand: 'a1b2c3d4', cnum: '5', response: good }), 'ok');
  assert.equal(
    server.acceptClientMessage(FIELDS, { crand: 'a1b2c3d4', cnum: '6x', response: good }),
    'bad-signature',
  );
  assert.equal(
    server.acceptClientMessage(FIELDS, { crand: 'a1b2c3d4', cnum: '-7', response: good }),
    'bad-signature',
  );
});

test('establish: NTLMv2 time beyond maxClockSkewMs throws ClockSkew; within it, or unbounded, passes', () => {
  const hour = 3600_000;
  assert.throws(
    () => pair(NOW, NOW + 2 * hour, 15 * 60_000),
    (e) => isNtlmError(e, 'ClockSkew'),
  );
  assert.ok(pair(NOW, NOW + 10 * 60_000, 15 * 60_000).server);
  assert.ok(pair(NOW, NOW + 2 * hour).server);
});
