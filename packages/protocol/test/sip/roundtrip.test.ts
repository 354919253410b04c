// Property tests: serialize -> parse is the identity on generated messages (with Content-Length
// made exact), and the stream framer recovers the same messages wherever the stream is cut.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  SipStreamFramer,
  headerKey,
  parseMessage,
  serializeMessage,
  serializeMessageToString,
  utf8Length,
  type SipHeader,
  type SipMessage,
} from '@pchat/protocol';

const token = fc.stringMatching(/^[A-Za-z0-9\-.!%*_+`'~]{1,12}$/);
const host = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}(\.[a-z]{2,5}){0,2}$/);
// Header values: no CR/LF, no leading/trailing SP/HT (those are trimmed as LWS by design).
const valueChar = fc.oneof(
  fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)),
  fc.constantFrom(' ', '\t', 'é', '漢', '😀', '\u00a0'),
);
const value = fc
  .array(valueChar, { maxLength: 40 })
  .map((a) => a.join(''))
  .filter((v) => v === v.replace(/^[ \t]+|[ \t]+$/g, ''));
const RESERVED = new Set([
  'via',
  'from',
  'to',
  'call-id',
  'cseq',
  'content-length',
  'max-forwards',
  'content-type',
]);
const extraHeader = fc.record({ name: token, value }).filter((h) => !RESERVED.has(headerKey(h.name)));

const message: fc.Arbitrary<SipMessage> = fc
  .record({
    isRequest: fc.boolean(),
    method: token,
    user: token,
    host,
    status: fc.integer({ min: 100, max: 699 }),
    reason: fc.array(valueChar, { maxLength: 20 }).map((a) => a.join('')),
    branch: token,
    tag: token,
    callId: token,
    seq: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    extra: fc.array(extraHeader, { maxLength: 8 }),
    body: fc.oneof(fc.constant(''), fc.string({ unit: 'grapheme', maxLength: 200 })),
  })
  .map((r) => {
    const headers: SipHeader[] = [
      { name: 'Via', value: `SIP/2.0/TCP ${r.host}:5060;branch=z9hG4bK${r.branch}` },
      { name: 'From', value: `<sip:${r.user}@${r.host}>;tag=${r.tag}` },
      { name: 'To', value: `"${r.user}" <sip:${r.user}@${r.host}>` },
      { name: 'Call-ID', value: r.callId },
      { name: 'CSeq', value: `${r.seq} ${r.method}` },
      ...r.extra,
    ];
    return r.isRequest
      ? {
          kind: 'request' as const,
          method: r.method,
          uri: `sip:${r.user}@${r.host};transport=tcp`,
          headers,
          body: r.body,
        }
      : { kind: 'response' as const, status: r.status, reason: r.reason, headers, body: r.body };
  });

function withLength(m: SipMessage): SipMessage {
  return {
    ...m,
    headers: [
      ...m.headers.map((h) => ({ ...h })),
      { name: 'Content-Length', value: String(utf8Length(m.body)) },
    ],
  };
}

test('serialize -> parse returns the same message', () => {
  fc.assert(
    fc.property(message, (m) => {
      const parsed = parseMessage(serializeMessage(m));
      assert.deepEqual(parsed, withLength(m));
      assert.equal(serializeMessageToString(parsed), serializeMessageToString(m));
    }),
    { numRuns: 2000 },
  );
});

test('the framer yields the same messages wherever the byte stream is cut', () => {
  fc.assert(
    fc.property(
      fc.array(message, { minLength: 1, maxLength: 4 }),
      fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 20 }),
      fc.boolean(),
      (msgs, cuts, pings) => {
        const parts = msgs.map((m) => serializeMessage(m));
        const total = parts.reduce((n, p) => n + p.length + (pings ? 4 : 0), 0);
        const stream = new Uint8Array(total);
        let off = 0;
        for (const p of parts) {
          if (pings) {
            stream.set([13, 10, 13, 10], off);
            off += 4;
          }
          stream.set(p, off);
          off += p.length;
        }
        const framer = new SipStreamFramer();
        const got: SipMessage[] = [];
        let nPings = 0;
        let i = 0;
        let c = 0;
        while (i < stream.length) {
          const n = cuts[c++ % cuts.length]!;
          for (const e of framer.push(stream.slice(i, i + n))) {
            if (e.type === 'message') got.push(e.message);
            else if (e.type === 'ping') nPings++;
            else assert.fail(`unexpected ${e.type}`);
          }
          i += n;
        }
        assert.deepEqual(got, msgs.map(withLength));
        assert.equal(nPings, pings ? msgs.length : 0);
        assert.equal(framer.bufferedBytes, 0);
      },
    ),
    { numRuns: 500 },
  );
});
