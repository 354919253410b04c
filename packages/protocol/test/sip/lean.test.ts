// The lean response reader (lean.ts) and the framer's leanResponse option.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SipStreamFramer, scanLeanResponse, type LeanResponse } from '../../src/sip/index.js';

const enc = (s: string) => new TextEncoder().encode(s);
const OK =
  'SIP/2.0 200 OK\r\nVia: SIP/2.0/TCP 127.0.0.1:5060;branch=z9hG4bKabc.1\r\nFrom: <sip:pchat@x>;tag=a\r\nTo: <sip:u@x>;tag=b\r\n' +
  'Call-ID: call-7\r\nCSeq: 12 INFO\r\nContent-Length: 0\r\n\r\n';

test('scanLeanResponse reads status, Call-ID, CSeq and Content-Length', () => {
  const b = enc(OK);
  assert.deepEqual(scanLeanResponse(b, 0, b.length), {
    status: 200,
    callId: 'call-7',
    cseq: 12,
    method: 'INFO',
    contentLength: 0,
  });
  const compact = enc(
    'SIP/2.0 481 Call Leg/Transaction Does Not Exist\r\nv: SIP/2.0/TCP h\r\ni:  c2 \r\ncseq:3   INFO\r\nl: 5\r\n\r\n',
  );
  assert.deepEqual(scanLeanResponse(compact, 0, compact.length), {
    status: 481,
    callId: 'c2',
    cseq: 3,
    method: 'INFO',
    contentLength: 5,
  });
});

test('scanLeanResponse gives null for what only the full parser should judge', () => {
  for (const head of [
    'INFO sip:x SIP/2.0\r\nCall-ID: a\r\nCSeq: 1 INFO\r\nContent-Length: 0\r\n\r\n', // a request
    'SIP/2.0 200 OK\r\nCall-ID: a\r\n b\r\nCSeq: 1 INFO\r\nContent-Length: 0\r\n\r\n', // folded
    'SIP/2.0 200 OK\r\nCall-ID: a\r\nCall-ID: b\r\nCSeq: 1 INFO\r\nContent-Length: 0\r\n\r\n', // duplicate
    'SIP/2.0 200 OK\r\nCSeq: 1 INFO\r\nContent-Length: 0\r\n\r\n', // no Call-ID
    'SIP/2.0 200 OK\r\nCall-ID: é\r\nCSeq: 1 INFO\r\nContent-Length: 0\r\n\r\n', // non-ASCII
    'SIP/2.0 2x0 OK\r\nCall-ID: a\r\nCSeq: 1 INFO\r\nContent-Length: 0\r\n\r\n',
  ]) {
    const b = enc(head);
    assert.equal(scanLeanResponse(b, 0, b.length), null, head);
  }
});

test('the framer consumes watched responses lean and parses the rest fully, in order', () => {
  const seen: string[] = [];
  const framer = new SipStreamFramer({
    leanResponse: (r: LeanResponse) => {
      seen.push(r.callId);
      return r.callId === 'call-7';
    },
  });
  const other = OK.replace('call-7', 'other');
  const withBody = 'SIP/2.0 500 Oops\r\nCall-ID: call-7\r\nCSeq: 13 INFO\r\nContent-Length: 4\r\n\r\nabcd';
  const stream = enc(OK + other + withBody + '\r\n\r\n');
  const events = [];
  for (let i = 0; i < stream.length; i += 7) events.push(...framer.push(stream.subarray(i, i + 7)));
  assert.deepEqual(
    events.map((e) => e.type),
    ['response', 'message', 'response', 'ping'],
  );
  const [a, b, c] = events;
  assert.ok(a?.type === 'response' && a.response.cseq === 12 && a.response.status === 200);
  assert.ok(b?.type === 'message' && b.message.kind === 'response');
  assert.ok(c?.type === 'response' && c.response.status === 500 && c.response.cseq === 13);
  assert.deepEqual(seen, ['call-7', 'other', 'call-7']);
});
