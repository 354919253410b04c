// SIP Digest computations (RFC 3261 §22.4 with RFC 8760: SHA-256 beside MD5, qop=auth; RFC 7616 §3.4.1
// for the response). The server holds HA1 = H(username:realm:password) per algorithm, never the password.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { SipAuth } from '@pchat/protocol';

export type DigestAlgorithm = 'MD5' | 'SHA-256';

export const DIGEST_ALGORITHMS: readonly DigestAlgorithm[] = ['SHA-256', 'MD5'];

export interface DigestCredentials {
  username: string;
  realm: string;
  nonce: string;
  uri: string;
  response: string;
  algorithm: DigestAlgorithm | null;
  /** The algorithm as the client wrote it when it is one pchat does not support. */
  unsupportedAlgorithm: string | null;
  qop: string | null;
  nc: string | null;
  cnonce: string | null;
  opaque: string | null;
}

/** Reads Digest credentials (RFC 3261 §25.1 `credentials`); null when a mandatory parameter is missing. */
export function readDigestCredentials(auth: SipAuth): DigestCredentials | null {
  if (auth.scheme === null || auth.scheme.toLowerCase() !== 'digest') return null;
  const p = auth.params;
  const username = p.get('username');
  const realm = p.get('realm');
  const nonce = p.get('nonce');
  const uri = p.get('uri');
  const response = p.get('response');
  if (
    username === undefined ||
    realm === undefined ||
    nonce === undefined ||
    uri === undefined ||
    response === undefined
  )
    return null;
  const alg = p.get('algorithm');
  // RFC 7616 §3.4: no algorithm parameter means MD5.
  const normalized =
    alg === undefined
      ? 'MD5'
      : alg.toUpperCase() === 'MD5'
        ? 'MD5'
        : alg.toUpperCase() === 'SHA-256'
          ? 'SHA-256'
          : null;
  return {
    username,
    realm,
    nonce,
    uri,
    response: response.toLowerCase(),
    algorithm: normalized,
    unsupportedAlgorithm: normalized === null ? (alg ?? null) : null,
    qop: p.get('qop') ?? null,
    nc: p.get('nc') ?? null,
    cnonce: p.get('cnonce') ?? null,
    opaque: p.get('opaque') ?? null,
  };
}

function h(alg: DigestAlgorithm, s: string): string {
  return createHash(alg === 'MD5' ? 'md5' : 'sha256')
    .update(s, 'utf8')
    .digest('hex');
}

export function digestHa1Hex(
  alg: DigestAlgorithm,
  username: string,
  realm: string,
  password: string,
): string {
  return h(alg, `${username}:${realm}:${password}`);
}

/** request-digest (RFC 7616 §3.4.1; RFC 2069 form when qop is absent). */
export function digestResponse(i: {
  algorithm: DigestAlgorithm;
  ha1: string;
  method: string;
  uri: string;
  nonce: string;
  qop: string | null;
  nc: string | null;
  cnonce: string | null;
}): string {
  const ha2 = h(i.algorithm, `${i.method}:${i.uri}`);
  return i.qop === null
    ? h(i.algorithm, `${i.ha1}:${i.nonce}:${ha2}`)
    : h(i.algorithm, `${i.ha1}:${i.nonce}:${i.nc ?? ''}:${i.cnonce ?? ''}:${i.qop}:${ha2}`);
}

/** Constant-time comparison of two hex digests (different lengths compare unequal, still in constant time). */
export function sameDigest(a: string, b: string): boolean {
  const x = Buffer.from(a.padEnd(64, '0').slice(0, 64), 'utf8');
  const y = Buffer.from(b.padEnd(64, '0').slice(0, 64), 'utf8');
  return timingSafeEqual(x, y) && a.length === b.length;
}
