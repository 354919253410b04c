// The client side of SIP Digest: the codec (@pchat/protocol) reads the challenge, computes the response
// and writes the credentials; the SDK supplies the hash. Browser-safe: SHA-256 via SubtleCrypto, MD5 in
// plain TypeScript (SubtleCrypto has none; RFC 8760 keeps MD5 for old servers).
import {
  DIGEST_ALGORITHMS,
  digestHa1,
  digestResponse,
  formatDigestCredentials,
  formatNonceCount,
  parseAuth,
  pickDigestChallenge as pickChallenge,
  type DigestChallenge,
  type DigestHash,
  type SipAuth,
} from '@pchat/protocol';
import { md5Hex } from './md5.js';

export { DIGEST_ALGORITHMS, type DigestChallenge };
/** One of {@link DIGEST_ALGORITHMS}. */
export type DigestAlgorithm = (typeof DIGEST_ALGORITHMS)[number];

const browserHash: DigestHash<Promise<string>> = async (alg, s) => {
  if (alg === 'MD5') return md5Hex(s);
  const d = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(s)));
  let hex = '';
  for (const b of d) hex += b.toString(16).padStart(2, '0');
  return hex;
};

function randomHex(bytes: number): string {
  const a = new Uint8Array(bytes);
  globalThis.crypto.getRandomValues(a);
  return Array.from(a, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Picks the best challenge among `WWW-Authenticate` values (SHA-256 first); null when none is Digest with a known algorithm. */
export function pickDigestChallenge(values: readonly string[]): DigestChallenge | null {
  const parsed: SipAuth[] = [];
  for (const v of values) {
    try {
      parsed.push(parseAuth(v));
    } catch {
      // unreadable challenge: skipped
    }
  }
  return pickChallenge(parsed);
}

/** Builds the `Authorization` value answering `c` for a request. `nc` counts uses of this nonce; `cnonce` is random unless given (tests). */
export async function digestAuthorization(
  c: DigestChallenge,
  i: { username: string; password: string; method: string; uri: string; nc: number; cnonce?: string },
): Promise<string> {
  const ha1 = await digestHa1(browserHash, c.algorithm, i.username, c.realm, i.password);
  const nc = formatNonceCount(i.nc);
  const cnonce = i.cnonce ?? randomHex(8);
  const response = await digestResponse(browserHash, {
    algorithm: c.algorithm,
    ha1,
    method: i.method,
    uri: i.uri,
    nonce: c.nonce,
    qop: c.qop,
    nc,
    cnonce,
  });
  return formatDigestCredentials(c, { username: i.username, uri: i.uri, response, nc, cnonce });
}
