// The client side of SIP Digest (RFC 3261 §22.4, RFC 8760: SHA-256 preferred over MD5, qop=auth,
// response per RFC 7616 §3.4.1). Browser-safe: SHA-256 via SubtleCrypto, MD5 in plain TypeScript.
import { formatAuth, parseAuth, type SipAuth } from '@pchat/protocol';
import { md5Hex } from './md5.js';

/** The Digest algorithms the SDK answers, most preferred first (RFC 8760 §2.4). */
export const DIGEST_ALGORITHMS = ['SHA-256', 'MD5'] as const;
/** One of {@link DIGEST_ALGORITHMS}. */
export type DigestAlgorithm = (typeof DIGEST_ALGORITHMS)[number];

async function hash(alg: DigestAlgorithm, s: string): Promise<string> {
  if (alg === 'MD5') return md5Hex(s);
  const d = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(s)));
  let hex = '';
  for (const b of d) hex += b.toString(16).padStart(2, '0');
  return hex;
}

function randomHex(bytes: number): string {
  const a = new Uint8Array(bytes);
  globalThis.crypto.getRandomValues(a);
  return Array.from(a, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** A Digest challenge the SDK can answer. */
export interface DigestChallenge {
  realm: string;
  nonce: string;
  algorithm: DigestAlgorithm;
  qop: 'auth' | null;
  opaque: string | null;
  stale: boolean;
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
  for (const alg of DIGEST_ALGORITHMS) {
    for (const a of parsed) {
      if (a.scheme?.toLowerCase() !== 'digest') continue;
      const given = (a.params.get('algorithm') ?? 'MD5').toUpperCase();
      if (given !== alg) continue;
      const realm = a.params.get('realm');
      const nonce = a.params.get('nonce');
      if (realm === undefined || nonce === undefined) continue;
      const qops = (a.params.get('qop') ?? '').split(',').map((q) => q.trim());
      return {
        realm,
        nonce,
        algorithm: alg,
        qop: qops.includes('auth') ? 'auth' : null,
        opaque: a.params.get('opaque') ?? null,
        stale: a.params.get('stale')?.toLowerCase() === 'true',
      };
    }
  }
  return null;
}

/** Builds the `Authorization` value answering `c` for a request. `nc` counts uses of this nonce; `cnonce` is random unless given (tests). */
export async function digestAuthorization(
  c: DigestChallenge,
  i: { username: string; password: string; method: string; uri: string; nc: number; cnonce?: string },
): Promise<string> {
  const ha1 = await hash(c.algorithm, `${i.username}:${c.realm}:${i.password}`);
  const ha2 = await hash(c.algorithm, `${i.method}:${i.uri}`);
  const nc = i.nc.toString(16).padStart(8, '0');
  const cnonce = i.cnonce ?? randomHex(8);
  const response =
    c.qop === null
      ? await hash(c.algorithm, `${ha1}:${c.nonce}:${ha2}`)
      : await hash(c.algorithm, `${ha1}:${c.nonce}:${nc}:${cnonce}:${c.qop}:${ha2}`);
  const params: Array<readonly [string, string, boolean?]> = [
    ['username', i.username],
    ['realm', c.realm],
    ['nonce', c.nonce],
    ['uri', i.uri],
    ['response', response],
    ['algorithm', c.algorithm, false],
  ];
  if (c.qop !== null) params.push(['qop', c.qop, false], ['nc', nc, false], ['cnonce', cnonce]);
  if (c.opaque !== null) params.push(['opaque', c.opaque]);
  return formatAuth('Digest', params);
}
