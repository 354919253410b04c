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

test('throttle: burst of free failures, then locks that double, forgiven by success', () => {
  let now = 0;
  const t = new FailureThrottle(
    { burst: 3, refillSeconds: 60, baseDelaySeconds: 2, maxDelaySeconds: 10 },
    () => now,
  );
  assert.equal(t.fail(['u']), 0);
  assert.equal(t.fail(['u']), 0);
  assert.equal(t.fail(['u']), 2);
  assert.equal(t.lockedFor(['u', 'other']), 2);
  now += 2_000;
  assert.equal(t.lockedFor(['u']), 0);
  assert.equal(t.fail(['u']), 4);
  now += 4_000;
  assert.equal(t.fail(['u']), 8);
  now += 8_000;
  assert.equal(t.fail(['u']), 10, 'capped');
  t.succeed('u');
  assert.equal(t.lockedFor(['u']), 0);
  assert.equal(t.fail(['u']), 0);
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
