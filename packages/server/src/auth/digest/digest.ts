// SIP Digest on the server: the codec's computation (@pchat/protocol) with node:crypto as its hash, and a
// constant-time comparison. The server holds HA1 = H(username:realm:password) per algorithm, never the
// password.
import { createHash, timingSafeEqual } from 'node:crypto';
import {
  digestHa1,
  digestResponse as codecDigestResponse,
  type DigestAlgorithm,
  type DigestHash,
} from '@pchat/protocol';

export {
  DIGEST_ALGORITHMS,
  readDigestCredentials,
  type DigestAlgorithm,
  type DigestCredentials,
} from '@pchat/protocol';

/** H(text) in lower-case hex with node:crypto. */
export const nodeDigestHash: DigestHash<string> = (alg, s) =>
  createHash(alg === 'MD5' ? 'md5' : 'sha256')
    .update(s, 'utf8')
    .digest('hex');

export function digestHa1Hex(
  alg: DigestAlgorithm,
  username: string,
  realm: string,
  password: string,
): string {
  return digestHa1(nodeDigestHash, alg, username, realm, password);
}

/** request-digest (RFC 7616 §3.4.1) with node:crypto. */
export function digestResponse(i: Parameters<typeof codecDigestResponse>[1]): string {
  return codecDigestResponse(nodeDigestHash, i);
}

/** Constant-time comparison of two hex digests (different lengths compare unequal, still in constant time). */
export function sameDigest(a: string, b: string): boolean {
  const x = Buffer.from(a.padEnd(64, '0').slice(0, 64), 'utf8');
  const y = Buffer.from(b.padEnd(64, '0').slice(0, 64), 'utf8');
  return timingSafeEqual(x, y) && a.length === b.length;
}
