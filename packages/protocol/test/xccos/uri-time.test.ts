import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  parseRoomUri,
  formatRoomUri,
  isRoomUri,
  parseCategoryUri,
  formatCategoryUri,
  checkUserUri,
  formatXccosTime,
  parseXccosTime,
  XccosError,
} from '../../src/xccos/index.js';

const kind = (k: string) => (e: unknown) => e instanceof XccosError && e.kind === k;

test('room URIs split into domain and value as pidgin-sipe does (value = everything after the third slash)', () => {
  assert.deepEqual(parseRoomUri('ma-chan://example.test/room1'), { domain: 'example.test', value: 'room1' });
  assert.deepEqual(parseRoomUri('ma-chan://d.test/a/b'), { domain: 'd.test', value: 'a/b' });
  assert.equal(formatRoomUri({ domain: 'example.test', value: 'room1' }), 'ma-chan://example.test/room1');
  assert.equal(isRoomUri('ma-chan://d.test/x'), true);
  for (const bad of [
    'ma-chan://d.test',
    'ma-chan://d.test/',
    'ma-chan:///x',
    'ma-cat://d.test/x',
    'sip:a@b',
    'ma-chan://d test/x',
    'ma-chan://d.test/a b',
  ]) {
    assert.equal(isRoomUri(bad), false, bad);
    assert.throws(() => parseRoomUri(bad), kind('bad-uri'));
  }
  assert.throws(() => formatRoomUri({ domain: 'd.test', value: '' }), kind('bad-uri'));
});

test('category URIs', () => {
  assert.deepEqual(parseCategoryUri('ma-cat://d.test/3ea3a5a8-ef36'), {
    domain: 'd.test',
    value: '3ea3a5a8-ef36',
  });
  assert.equal(formatCategoryUri({ domain: 'd.test', value: 'g' }), 'ma-cat://d.test/g');
  assert.throws(() => parseCategoryUri('ma-chan://d.test/g'), kind('bad-uri'));
});

test('user URIs', () => {
  assert.equal(checkUserUri('sip:alice@example.test'), 'sip:alice@example.test');
  assert.throws(() => checkUserUri('alice@example.test'), kind('bad-uri'));
  assert.throws(() => checkUserUri('sip:alice'), kind('bad-uri'));
});

test('timestamps: pidgin-sipe form out, fractional seconds accepted in', () => {
  assert.equal(formatXccosTime(new Date('2026-11-21T22:21:58Z')), '2026-11-21T22:21:58Z');
  assert.equal(formatXccosTime(new Date('2026-11-21T22:21:58.120Z')), '2026-11-21T22:21:58.120Z');
  assert.equal(parseXccosTime('2010-09-14T14:26:17.6206356Z').toISOString(), '2010-09-14T14:26:17.620Z');
  assert.equal(parseXccosTime('2020-01-01T10:00:00Z').toISOString(), '2020-01-01T10:00:00.000Z');
  for (const bad of [
    '2020-01-01 10:00:00Z',
    '2020-01-01T10:00:00',
    '2020-01-01T10:00:00+01:00',
    '2020-13-01T00:00:00Z',
    '2020-02-30T00:00:00Z',
    '2020-01-01T24:00:00Z',
    '',
  ]) {
    assert.throws(() => parseXccosTime(bad), kind('bad-argument'), bad);
  }
  assert.throws(() => formatXccosTime(new Date(NaN)), kind('bad-argument'));
});
