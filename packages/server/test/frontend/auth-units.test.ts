// Unit tests with a fake clock: nonce expiry (stale) and the failure throttle's exponential lock-out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NonceIssuer } from '../../src/auth/digest/nonce.js';
import { NonceCounts } from '../../src/auth/digest/nonce-counts.js';
import { digestHa1Hex, digestResponse, sameDigest } from '../../src/auth/digest/digest.js';
import { FailureThrottle } from '../../src/auth/throttle.js';
import { NetworkList } from '../../src/auth/trusted-network.js';

test('nonces: valid, then stale after their lifetime; forged or other-realm nonces are invalid', () => {
  let now = 1_000_000_000;
  const n = new NonceIssuer(300, undefined, () => now);
  const nonce = n.issue('r');
  assert.equal(n.check(nonce, 'r'), 'valid');
  assert.equal(n.check(nonce, 'other'), 'invalid');
  const raw = Buffer.from(nonce, 'base64url');
  raw[3] = raw[3]! ^ 1;
  assert.equal(n.check(raw.toString('base64url'), 'r'), 'invalid');
  now += 301_000;
  assert.equal(n.check(nonce, 'r'), 'stale');
});

test('nonce counts must grow', () => {
  const c = new NonceCounts();
  assert.ok(c.accept('n', '00000001'));
  assert.ok(!c.accept('n', '00000001'));
  assert.ok(c.accept('n', '00000002'));
  assert.ok(!c.accept('n', 'zz'));
});

test('RFC 7616 §3.9.1 example: SHA-256 and MD5 responses', () => {
  // username "Mufasa", realm "http-auth@example.org", password "Circle of Life".
  const common = {
    method: 'GET',
    uri: '/dir/index.html',
    nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
    qop: 'auth',
    nc: '00000001',
    cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
  };
  const ha1 = (alg: 'MD5' | 'SHA-256') =>
    digestHa1Hex(alg, 'Mufasa', 'http-auth@example.org', 'Circle of Life');
  assert.equal(
    digestResponse({ ...common, algorithm: 'MD5', ha1: ha1('MD5') }),
    '8ca523f5e9506fed4657c9700eebdbec',
  );
  assert.equal(
    digestResponse({ ...common, algorithm: 'SHA-256', ha1: ha1('SHA-256') }),
    '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1',
  );
  assert.ok(sameDigest('abc', 'abc'));
  assert.ok(!sameDigest('abc', 'abd'));
  assert.ok(!sameDigest('abc', 'abcd'));
});

test('throttle: per (user, address) pair a burst of free failures, then locks that double, forgiven by success', () => {
  let now = 0;
  const t = new FailureThrottle(
    { burst: 3, refillSeconds: 60, baseDelaySeconds: 2, maxDelaySeconds: 10, addressBurst: 100 },
    () => now,
  );
  const k = { account: 'sip:u@x', address: '10.0.0.1' };
  assert.equal(t.fail(k), 0);
  assert.equal(t.fail(k), 0);
  assert.equal(t.fail(k), 2);
  assert.deepEqual(t.check(k), { kind: 'locked', seconds: 2 });
  assert.equal(t.check({ ...k, address: '10.0.0.2' }).kind, 'go', 'another address is not locked');
  now += 2_000;
  assert.equal(t.check(k).kind, 'go');
  assert.equal(t.fail(k), 4);
  now += 4_000;
  assert.equal(t.fail(k), 8);
  now += 8_000;
  assert.equal(t.fail(k), 10, 'capped');
  t.succeed(k);
  assert.equal(t.check(k).kind, 'go');
  assert.equal(t.fail(k), 0);
});

test('throttle: an address trying many users locks itself only', () => {
  const t = new FailureThrottle({ burst: 3, addressBurst: 4, baseDelaySeconds: 5 }, () => 0);
  for (let i = 0; i < 3; i++) assert.equal(t.fail({ account: `sip:u${i}@x`, address: 'scanner' }), 0);
  assert.equal(t.fail({ account: 'sip:u9@x', address: 'scanner' }), 5);
  assert.deepEqual(t.check({ account: 'sip:admin@x', address: 'scanner' }), { kind: 'locked', seconds: 5 });
  assert.equal(t.check({ account: 'sip:admin@x', address: 'office' }).kind, 'go');
});

test('throttle: failures for one user from many addresses slow its sign-ins, never lock them', () => {
  let now = 0;
  const t = new FailureThrottle(
    { burst: 3, accountSoftBurst: 4, baseDelaySeconds: 2, accountMaxSlowSeconds: 6, refillSeconds: 60 },
    () => now,
  );
  for (let i = 0; i < 4; i++) t.fail({ account: 'sip:admin@x', address: `bot${i}` });
  const home = { account: 'sip:admin@x', address: 'office' };
  assert.deepEqual(t.check(home), { kind: 'go', slowMs: 2_000 });
  for (let i = 0; i < 20; i++) t.fail({ account: 'sip:admin@x', address: `bot${i}` });
  assert.deepEqual(t.check(home), { kind: 'go', slowMs: 6_000 }, 'capped, still admitted');
  assert.equal(t.check({ account: 'sip:admin@X', address: 'office' }).kind, 'go');
  now += 60_000 * 24;
  assert.deepEqual(t.check(home), { kind: 'go', slowMs: 0 }, 'refilled');
});

test('trusted networks: CIDR ranges, IPv4-mapped IPv6, bad entries named', () => {
  const n = new NetworkList(['127.0.0.1/32', '10.0.0.0/8', '::1']);
  assert.ok(n.contains('127.0.0.1'));
  assert.ok(n.contains('::ffff:10.1.2.3'));
  assert.ok(n.contains('::1'));
  assert.ok(!n.contains('127.0.0.2'));
  assert.ok(!new NetworkList([]).contains('127.0.0.1'));
  assert.throws(() => new NetworkList(['10.0.0.0/33']), /10\.0\.0\.0\/33/);
  assert.throws(() => new NetworkList(['nope']), /"nope"/);
});
