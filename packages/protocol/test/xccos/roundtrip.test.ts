// Property tests: whatever one end encodes, the other end decodes to the same value. The SDK and the
// server share this codec, so this is the "both ends agree by construction" guarantee.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  decodeCommandEnvelope,
  decodeServerEnvelope,
  encodeCommandEnvelope,
  encodeServerEnvelope,
  escapeAttr,
  escapeText,
  parseXml,
  hasIllegalXmlChar,
  stripIllegalXmlChars,
} from '../../src/xccos/index.js';
import { command, envid, serverItem, text } from './arbitraries.js';

test('commands: decode(encode(c)) = c for every command', () => {
  fc.assert(
    fc.property(envid, command, (id, c) => {
      assert.deepEqual(decodeCommandEnvelope(encodeCommandEnvelope(id, c)), { envid: id, command: c });
    }),
    { numRuns: 2000 },
  );
});

test('server envelopes: decode(encode(items)) = items for replies, notices and messages', () => {
  fc.assert(
    fc.property(envid, fc.array(serverItem, { minLength: 1, maxLength: 4 }), (id, items) => {
      assert.deepEqual(decodeServerEnvelope(encodeServerEnvelope(id, items)), { envid: id, items });
    }),
    { numRuns: 2000 },
  );
});

test('text and attribute escaping survive XML parsing exactly (CR, tabs, quotes, astral characters)', () => {
  fc.assert(
    fc.property(text, (s) => {
      const el = parseXml(`<a v="${escapeAttr(s)}">${escapeText(s)}</a>`);
      assert.equal(el.attrs.v, s);
      assert.equal(el.children.join(''), s);
    }),
    { numRuns: 3000 },
  );
  const el = parseXml(`<a v="${escapeAttr('a\r\n\tb"<&>')}">${escapeText('x\r\ny ]]> &')}</a>`);
  assert.equal(el.attrs.v, 'a\r\n\tb"<&>');
  assert.equal(el.children.join(''), 'x\r\ny ]]> &');
});

test('the encoder strips characters XML 1.0 cannot carry, so its output always parses', () => {
  assert.equal(escapeText('a\u0000b\u0007c\ud800d'), 'abcd');
  assert.equal(escapeAttr('\u0001x\uffff'), 'x');
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 30 }), (s) => {
      parseXml(`<a v="${escapeAttr(s)}">${escapeText(s)}</a>`);
    }),
    { numRuns: 2000 },
  );
});

test('the fast illegal-character scan agrees with the XML 1.0 Char production', () => {
  const charProduction = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 20 }), (s) => {
      assert.equal(hasIllegalXmlChar(s), charProduction.test(s), JSON.stringify(s));
      assert.equal(hasIllegalXmlChar(stripIllegalXmlChars(s)), false);
    }),
    { numRuns: 5000 },
  );
  for (const s of ['\ud800', '\udc00', 'a\ud800', '\udc00\ud800', '\uffff', '\ufffe'])
    assert.equal(hasIllegalXmlChar(s), true, JSON.stringify(s));
  for (const s of ['\ud83d\ude00', '\t\n\r', '\ue000\ufffd', ''])
    assert.equal(hasIllegalXmlChar(s), false, JSON.stringify(s));
});
