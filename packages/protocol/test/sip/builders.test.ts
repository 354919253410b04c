import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  createRequest,
  createResponse,
  formatAuth,
  generateBranch,
  getHeader,
  getHeaders,
  parseAuth,
  parseMessage,
  parseNameAddr,
  parseVia,
  serializeMessageToString,
  splitHeaderValue,
  headerKey,
  setHeader,
  type SipRequest,
} from '@pchat/protocol';

const INVITE = parseMessage(
  'INVITE sip:ocschat@example.test SIP/2.0\r\nVia: SIP/2.0/TLS 10.0.0.1:5061;branch=z9hG4bKa\r\nVia: SIP/2.0/TCP 10.0.0.2;branch=z9hG4bKb\r\n' +
    'Max-Forwards: 70\r\nFrom: "Alice" <sip:alice@example.test>;tag=t1;epid=e1\r\nt: <sip:ocschat@example.test>\r\ni: call-1\r\n' +
    'CSeq: 7 INVITE\r\nContact: <sip:alice@10.0.0.1:5061;transport=tls>\r\nContent-Length: 0\r\n\r\n',
) as SipRequest;

test('createResponse copies Via (all, in order), From, To, Call-ID, CSeq and adds the To tag (RFC 3261 §8.2.6)', () => {
  const r = createResponse(
    INVITE,
    200,
    undefined,
    [{ name: 'Contact', value: '<sip:ocschat@example.test>' }],
    { toTag: 'srv1', body: 'v=0', contentType: 'application/sdp' },
  );
  assert.equal(r.reason, 'OK');
  assert.deepEqual(getHeaders(r, 'Via'), [
    'SIP/2.0/TLS 10.0.0.1:5061;branch=z9hG4bKa',
    'SIP/2.0/TCP 10.0.0.2;branch=z9hG4bKb',
  ]);
  assert.equal(getHeader(r, 'From'), '"Alice" <sip:alice@example.test>;tag=t1;epid=e1');
  assert.equal(parseNameAddr(getHeader(r, 'To')!).params.get('tag'), 'srv1');
  assert.equal(getHeader(r, 'Call-ID'), 'call-1');
  assert.equal(getHeader(r, 'CSeq'), '7 INVITE');
  assert.equal(getHeader(r, 'Max-Forwards'), undefined);
  const text = serializeMessageToString(r);
  assert.ok(text.startsWith('SIP/2.0 200 OK\r\n'));
  assert.ok(text.includes('Content-Length: 3\r\n\r\nv=0'));
  assert.deepEqual(
    parseMessage(text),
    r.kind === 'response'
      ? { ...r, headers: r.headers.map((h) => (h.name === 'Content-Length' ? { ...h, value: '3' } : h)) }
      : r,
  );
});

test('createResponse keeps an existing To tag and never tags a 100', () => {
  const tagged = {
    ...INVITE,
    headers: INVITE.headers.map((h) =>
      headerKey(h.name) === 'to' ? { ...h, value: h.value + ';tag=x' } : h,
    ),
  };
  assert.equal(
    parseNameAddr(getHeader(createResponse(tagged, 200, 'OK', [], { toTag: 'y' }), 'To')!).params.get('tag'),
    'x',
  );
  assert.equal(
    parseNameAddr(getHeader(createResponse(INVITE, 100, undefined, [], { toTag: 'y' }), 'To')!).params.get(
      'tag',
    ),
    undefined,
  );
});

test('createRequest builds a parseable request', () => {
  const r = createRequest({
    method: 'INFO',
    uri: 'sip:alice@example.test',
    from: '<sip:ocschat@example.test>;tag=s1',
    to: '<sip:alice@example.test>;tag=t1',
    callId: 'call-1',
    cseq: 3,
    via: `SIP/2.0/TLS 10.0.0.9:5061;branch=${generateBranch()}`,
    body: '<xccos/>',
    contentType: 'text/plain',
  });
  const p = parseMessage(serializeMessageToString(r)) as SipRequest;
  assert.equal(p.method, 'INFO');
  assert.equal(p.body, '<xccos/>');
  assert.equal(getHeader(p, 'Content-Length'), '8');
  assert.ok(generateBranch().startsWith('z9hG4bK'));
});

test('generateBranch: magic cookie, a token, unique (per-process random prefix + counter, §8.1.1.7)', () => {
  const seen = new Set<string>();
  for (let i = 0; i < 10_000; i++) {
    const b = generateBranch();
    assert.match(b, /^z9hG4bK[0-9a-f]{16}\.[0-9a-z]+$/);
    seen.add(b);
  }
  assert.equal(seen.size, 10_000);
  const v = parseVia(`SIP/2.0/TCP h:5060;branch=${generateBranch()}`);
  assert.ok(v.branch?.startsWith('z9hG4bK'));
});

test('setHeader replaces in place and drops duplicates', () => {
  const m = parseMessage(serializeMessageToString(INVITE)) as SipRequest;
  setHeader(m, 'Via', 'SIP/2.0/TCP h;branch=z9hG4bKc');
  assert.deepEqual(getHeaders(m, 'v'), ['SIP/2.0/TCP h;branch=z9hG4bKc']);
  assert.equal(m.headers[0]!.name, 'Via');
});

test('splitHeaderValue respects quotes and angle brackets', () => {
  assert.deepEqual(splitHeaderValue('"a, b" <sip:x@y;p=1,2>;q=1, <sip:z@w> ,,'), [
    '"a, b" <sip:x@y;p=1,2>;q=1',
    '<sip:z@w>',
  ]);
});

test('formatAuth and parseAuth agree (NTLM and scheme-less Authentication-Info)', () => {
  const v = formatAuth('NTLM', [
    ['qop', 'auth'],
    ['realm', 'SIP Communications Service'],
    ['version', '4', false],
    ['rspauth', 'a"b'],
  ]);
  assert.equal(v, 'NTLM qop="auth", realm="SIP Communications Service", version=4, rspauth="a\\"b"');
  const p = parseAuth(v);
  assert.equal(p.params.get('rspauth'), 'a"b');
  const info = parseAuth('rspauth="abc", srand=12ab, snum="1"');
  assert.equal(info.scheme, null);
  assert.equal(info.params.get('srand'), '12ab');
  assert.equal(
    parseAuth('Digest username="bob", realm="x", nonce="n", uri="sip:x", response="r"').params.get(
      'username',
    ),
    'bob',
  );
});

test('invalid UTF-8 in the header section is refused (raw values must stay exact for signatures)', () => {
  const head = new TextEncoder().encode(
    'OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/TCP h;branch=z9hG4bKx\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:a@b>\r\nCall-ID: x\r\nCSeq: 1 OPTIONS\r\nX-Bad: ',
  );
  const wire = new Uint8Array([...head, 0xff, 0xfe, 0x0d, 0x0a, 0x0d, 0x0a]);
  assert.throws(
    () => parseMessage(wire),
    (e: unknown) => e instanceof Error && (e as { kind?: string }).kind === 'bad-header',
  );
});
