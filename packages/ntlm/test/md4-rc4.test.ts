// MD4 (RFC 1320) and RC4 implementations against published vectors and against hash-wasm.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { md4 as wasmMd4 } from 'hash-wasm';
import { md4 } from '../src/md4.js';
import { Rc4, rc4 } from '../src/rc4.js';
import { isNtlmError } from '../src/errors.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const ascii = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'));

test('MD4: RFC 1320 §A.5 test suite', () => {
  const suite: [string, string][] = [
    ['', '31d6cfe0d16ae931b73c59d7e0c089c0'],
    ['a', 'bde52cb31de33e46245e05fbdbd6fb24'],
    ['abc', 'a448017aaf21d8525fc10ae87aa6729d'],
    ['message digest', 'd9130a8164549fe818874806e1c7014b'],
    ['abcdefghijklmnopqrstuvwxyz', 'd79e1c308aa5bbcdeea8ed63df412da9'],
    ['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', '043f8582f241db351ce627e153e7f0e4'],
    [
      '12345678901234567890123456789012345678901234567890123456789012345678901234567890',
      'e33b4ddc9c38f2199c3e7b164fcc0536',
    ],
  ];
  for (const [input, digest] of suite) assert.equal(hex(md4(ascii(input))), digest, JSON.stringify(input));
});

test('MD4: padding boundaries (55, 56, 63, 64, 65 bytes) match hash-wasm', async () => {
  for (const n of [55, 56, 57, 63, 64, 65, 119, 120, 128, 1000]) {
    const data = new Uint8Array(n).map((_, i) => (i * 31 + 7) & 0xff);
    assert.equal(hex(md4(data)), await wasmMd4(data), `length ${n}`);
  }
});

test('MD4: agrees with hash-wasm on arbitrary inputs', async () => {
  await fc.assert(
    fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), async (data) => {
      assert.equal(hex(md4(data)), await wasmMd4(data));
    }),
    { numRuns: 200 },
  );
});

test('RC4: classic vectors', () => {
  assert.equal(hex(rc4(ascii('Key'), ascii('Plaintext'))), 'bbf316e8d940af0ad3');
  assert.equal(hex(rc4(ascii('Wiki'), ascii('pedia'))), '1021bf0420');
  assert.equal(hex(rc4(ascii('Secret'), ascii('Attack at dawn'))), '45a01f645fc35b383552544b9bf5');
});

test('RC4: stream state continues across update() calls and decrypts its own output', () => {
  fc.assert(
    fc.property(
      fc.uint8Array({ minLength: 1, maxLength: 32 }),
      fc.uint8Array({ maxLength: 200 }),
      fc.nat(200),
      (key, data, cut) => {
        const split = Math.min(cut, data.length);
        const h = new Rc4(key);
        const joined = new Uint8Array([...h.update(data.slice(0, split)), ...h.update(data.slice(split))]);
        assert.deepEqual(joined, rc4(key, data));
        assert.deepEqual(rc4(key, joined), data);
      },
    ),
  );
});

test('RC4: empty key is a named error', () => {
  assert.throws(
    () => rc4(new Uint8Array(0), ascii('x')),
    (e) => isNtlmError(e, 'InvalidInput'),
  );
});
