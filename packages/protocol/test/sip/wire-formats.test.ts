// The wire formats server and SDK share through the codec: ms-diagnostics, the XCCOS reply text, Digest
// (with a synchronous and an asynchronous hash) and the ACK of a refused INVITE.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  DIAG,
  createAckForNonSuccess,
  createRequest,
  createResponse,
  digestHa1,
  digestResponse,
  formatDigestChallenge,
  formatDigestCredentials,
  formatMsDiagnostics,
  formatRespText,
  getHeader,
  parseAuth,
  parseMsDiagnostics,
  parseRespText,
  pickDigestChallenge,
  readDigestCredentials,
  type DigestHash,
} from '@pchat/protocol';

test('ms-diagnostics: format then parse gives the fields back; quotes and controls cannot break the header', () => {
  const v = formatMsDiagnostics({
    code: DIAG.notEnabledByPolicy,
    reason: 'not "enabled"\r\nby policy',
    source: 'fe1.example.test',
    component: 'PersistentChat',
  });
  assert.equal(
    v,
    '20010;reason="not  enabled   by policy";source="fe1.example.test";component="PersistentChat"',
  );
  assert.deepEqual(parseMsDiagnostics(v), {
    code: 20010,
    reason: 'not  enabled   by policy',
    source: 'fe1.example.test',
    component: 'PersistentChat',
  });
  // Another server's header: escaped quotes inside the reason, extra parameters, odd spacing.
  assert.deepEqual(parseMsDiagnostics('2 ; reason="say \\"hi\\"" ; x=1;source="a"'), {
    code: 2,
    reason: 'say "hi"',
    source: 'a',
  });
  assert.deepEqual(parseMsDiagnostics('1002;reason="unterminated'), { code: 1002 });
  assert.equal(parseMsDiagnostics('garbage'), undefined);
  assert.equal(parseMsDiagnostics(undefined), undefined);
});

test('XCCOS reply text: Code: message, read back; unknown words are the message', () => {
  const t = formatRespText('NoSuchNode', 'The room ma-chan://x/1 does not exist: check the URI.');
  assert.deepEqual(parseRespText(t), {
    code: 'NoSuchNode',
    message: 'The room ma-chan://x/1 does not exist: check the URI.',
  });
  assert.deepEqual(parseRespText('Error: something'), { code: null, message: 'Error: something' });
  assert.deepEqual(parseRespText('SUCCESS_OK'), { code: null, message: 'SUCCESS_OK' });
});

const nodeHash: DigestHash<string> = (alg, s) =>
  createHash(alg === 'MD5' ? 'md5' : 'sha256')
    .update(s, 'utf8')
    .digest('hex');
const asyncHash: DigestHash<Promise<string>> = async (alg, s) => nodeHash(alg, s);

test('Digest: RFC 7616 §3.9.1 vectors with a synchronous and an asynchronous hash', async () => {
  const common = {
    method: 'GET',
    uri: '/dir/index.html',
    nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
    qop: 'auth',
    nc: '00000001',
    cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
  };
  const want = {
    MD5: '8ca523f5e9506fed4657c9700eebdbec',
    'SHA-256': '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1',
  } as const;
  for (const algorithm of ['MD5', 'SHA-256'] as const) {
    const ha1 = digestHa1(nodeHash, algorithm, 'Mufasa', 'http-auth@example.org', 'Circle of Life');
    assert.equal(digestResponse(nodeHash, { ...common, algorithm, ha1 }), want[algorithm]);
    const ha1Async = await digestHa1(
      asyncHash,
      algorithm,
      'Mufasa',
      'http-auth@example.org',
      'Circle of Life',
    );
    assert.equal(await digestResponse(asyncHash, { ...common, algorithm, ha1: ha1Async }), want[algorithm]);
  }
});

test('Digest: challenge → pick → credentials → read, the server reads what the client wrote', () => {
  const challenges = (['MD5', 'SHA-256'] as const).map((algorithm) =>
    parseAuth(formatDigestChallenge({ realm: 'pchat', nonce: 'n1', algorithm })),
  );
  const c = pickDigestChallenge(challenges);
  assert.deepEqual(c, {
    realm: 'pchat',
    nonce: 'n1',
    algorithm: 'SHA-256',
    qop: 'auth',
    opaque: null,
    stale: false,
  });
  const value = formatDigestCredentials(c!, {
    username: 'alice',
    uri: 'sip:example.test',
    response: 'ABC',
    nc: '00000001',
    cnonce: 'cn',
  });
  const read = readDigestCredentials(parseAuth(value));
  assert.equal(read?.username, 'alice');
  assert.equal(read?.algorithm, 'SHA-256');
  assert.equal(read?.response, 'abc');
  assert.equal(read?.qop, 'auth');
  assert.equal(pickDigestChallenge(challenges, ['MD5'])?.algorithm, 'MD5');
  assert.equal(pickDigestChallenge([parseAuth('NTLM realm="x"')]), null);
});

test('ACK for a refused INVITE: Request-URI, Via, From, CSeq and Route of the INVITE; To of the response (RFC 3261 §17.1.1.3)', () => {
  const invite = createRequest({
    method: 'INVITE',
    uri: 'sip:pchat@example.test',
    from: '<sip:alice@example.test>;tag=a1',
    to: '<sip:someone-else@example.test>',
    callId: 'c1',
    cseq: 7,
    via: 'SIP/2.0/TCP 10.0.0.1:5060;branch=z9hG4bKx1',
    headers: [{ name: 'Route', value: '<sip:proxy.example.test;lr>' }],
  });
  const refused = createResponse(invite, 403, undefined, [], { toTag: 'srv' });
  const ack = createAckForNonSuccess(invite, refused);
  assert.equal(ack.method, 'ACK');
  assert.equal(ack.uri, 'sip:pchat@example.test', 'the INVITE Request-URI, not the To URI');
  assert.equal(getHeader(ack, 'Via'), 'SIP/2.0/TCP 10.0.0.1:5060;branch=z9hG4bKx1');
  assert.equal(getHeader(ack, 'To'), '<sip:someone-else@example.test>;tag=srv');
  assert.equal(getHeader(ack, 'From'), '<sip:alice@example.test>;tag=a1');
  assert.equal(getHeader(ack, 'CSeq'), '7 ACK');
  assert.equal(getHeader(ack, 'Route'), '<sip:proxy.example.test;lr>');
});
