// Seed corpora for the fuzzers: real SIP messages (RFC 4475 torture messages and the recorded sign-in
// transcripts) and XCCOS command envelopes of every command shape (encoded by the codec from the
// property-test arbitraries, so each command the server decodes is represented).
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { XCCOS_NS, encodeCommandEnvelope } from '../../src/index.js';
import { TORTURE } from '../sip/torture-fixtures.js';
import { command } from '../xccos/arbitraries.js';
import { corpus, type Corpus } from './mutate.js';

const enc = new TextEncoder();

export function sipCorpus(): Corpus {
  const seeds: Uint8Array[] = TORTURE.map((t) => t.bytes);
  for (const f of ['transcript-open.txt', 'transcript-ntlm.txt']) {
    const text = readFileSync(new URL(`../sip/fixtures/${f}`, import.meta.url), 'utf8');
    for (const block of text.split(/^=== .*$/m).slice(1)) {
      const t = block.replace(/^\n/, '').replace(/\n+$/, '');
      const blank = t.indexOf('\n\n');
      const head = (blank < 0 ? t : t.slice(0, blank)).split('\n').join('\r\n');
      seeds.push(enc.encode(head + '\r\n\r\n' + (blank < 0 ? '' : t.slice(blank + 2))));
    }
  }
  const tokens = [
    '\r\n',
    '\r\n\r\n',
    '\n',
    ' ',
    '\t',
    ':',
    ';',
    ',',
    '"',
    '\\',
    '<',
    '>',
    '@',
    '=',
    '%',
    '\x00',
    '\xff',
    'SIP/2.0',
    'Content-Length: ',
    'l: 99999999',
    'Via: ',
    ';branch=',
    '[',
    ']',
    '?',
    '&',
  ];
  return corpus(seeds, tokens, /\r\n/, [0x61, 0x20, 0x3b, 0x2c, 0x22, 0x0d, 0x0a, 0x3c]);
}

/** `count` command envelopes, the same ones for the same `seed`. */
export function xccosCorpus(count = 300, seed = 14): Corpus {
  const seeds = fc
    .sample(fc.tuple(fc.nat(), command), { numRuns: count, seed })
    .map(([id, c]) => enc.encode(encodeCommandEnvelope(id, c)));
  const tokens = [
    '<',
    '>',
    '</',
    '/>',
    '"',
    "'",
    '=',
    '&amp;',
    '&lt;',
    '&#0;',
    '&#x1F600;',
    '&unknown;',
    '<![CDATA[',
    ']]>',
    '<!--',
    '-->',
    '<!DOCTYPE x [<!ENTITY e "ee">]>',
    '<?xml version="1.0"?>',
    `xmlns="${XCCOS_NS}"`,
    ' xmlns="urn:other"',
    '<cmd id="cmd:join" seqid="1">',
    '<data>',
    '</data>',
    '<chanib>',
    '<grpchat>',
    'ma-chan://',
    'ma-cat://',
    'sip:',
    ' envid="18446744073709551616"',
    ' seqid="-1"',
    '\x00',
    '\xef\xbf\xbf',
    '\xed\xa0\x80',
  ];
  return corpus(seeds, tokens, /(?=<)/, [0x61, 0x3c, 0x3e, 0x26, 0x22, 0x20]);
}
