// SIP Digest (RFC 3261 §22.4 with RFC 8760: SHA-256 beside MD5, qop=auth; RFC 7616 §3.4.1 for the
// response): the wire side and the computation, shared by the server (which checks) and the SDK (which
// answers). The hash function is passed in — node:crypto on the server, SubtleCrypto plus a small MD5 in
// the browser SDK — so this module stays free of platform code. A hash may be synchronous or return a
// Promise; the computations return the same kind.
import { formatAuth, type SipAuth } from './auth.js';

export type DigestAlgorithm = 'MD5' | 'SHA-256';

/** The algorithms pchat speaks, most preferred first (RFC 8760 §2.4). */
export const DIGEST_ALGORITHMS = ['SHA-256', 'MD5'] as const;

/** Lower-case hex of H(text) over the text's UTF-8 bytes. */
export type DigestHash<R extends string | Promise<string> = string | Promise<string>> = (
  algorithm: DigestAlgorithm,
  text: string,
) => R;

function then<R extends string | Promise<string>>(r: R, f: (s: string) => R): R {
  return (typeof r === 'string' ? f(r) : (r as Promise<string>).then(f)) as R;
}

/** HA1 = H(username ":" realm ":" password) (RFC 7616 §3.4.2). */
export function digestHa1<R extends string | Promise<string>>(
  hash: DigestHash<R>,
  algorithm: DigestAlgorithm,
  username: string,
  realm: string,
  password: string,
): R {
  return hash(algorithm, `${username}:${realm}:${password}`);
}

/** request-digest (RFC 7616 §3.4.1; the RFC 2069 form when qop is absent). */
export function digestResponse<R extends string | Promise<string>>(
  hash: DigestHash<R>,
  i: {
    algorithm: DigestAlgorithm;
    ha1: string;
    method: string;
    uri: string;
    nonce: string;
    qop: string | null;
    nc: string | null;
    cnonce: string | null;
  },
): R {
  return then(hash(i.algorithm, `${i.method}:${i.uri}`), (ha2) =>
    i.qop === null
      ? hash(i.algorithm, `${i.ha1}:${i.nonce}:${ha2}`)
      : hash(i.algorithm, `${i.ha1}:${i.nonce}:${i.nc ?? ''}:${i.cnonce ?? ''}:${i.qop}:${ha2}`),
  );
}

function algorithmOf(given: string | null | undefined): DigestAlgorithm | null {
  // RFC 7616 §3.4: no algorithm parameter means MD5.
  const a = (given ?? 'MD5').toUpperCase();
  return a === 'MD5' ? 'MD5' : a === 'SHA-256' ? 'SHA-256' : null;
}

/** Digest credentials as a client sent them (RFC 3261 §25.1 `credentials`). */
export interface DigestCredentials {
  username: string;
  realm: string;
  nonce: string;
  uri: string;
  response: string;
  algorithm: DigestAlgorithm | null;
  /** The algorithm as the client wrote it when it is not one pchat speaks. */
  unsupportedAlgorithm: string | null;
  qop: string | null;
  nc: string | null;
  cnonce: string | null;
  opaque: string | null;
}

/** Reads Digest credentials; null when the scheme is not Digest or a mandatory parameter is missing. */
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
  const algorithm = algorithmOf(alg);
  return {
    username,
    realm,
    nonce,
    uri,
    response: response.toLowerCase(),
    algorithm,
    unsupportedAlgorithm: algorithm === null ? (alg ?? null) : null,
    qop: p.get('qop') ?? null,
    nc: p.get('nc') ?? null,
    cnonce: p.get('cnonce') ?? null,
    opaque: p.get('opaque') ?? null,
  };
}

/** A Digest challenge a client can answer. */
export interface DigestChallenge {
  realm: string;
  nonce: string;
  algorithm: DigestAlgorithm;
  qop: 'auth' | null;
  opaque: string | null;
  stale: boolean;
}

/** The challenge value (`WWW-Authenticate`): one per algorithm, all with the same nonce. */
export function formatDigestChallenge(c: {
  realm: string;
  nonce: string;
  algorithm: DigestAlgorithm;
  stale?: boolean;
}): string {
  return formatAuth('Digest', [
    ['realm', c.realm],
    ['nonce', c.nonce],
    ['algorithm', c.algorithm, false],
    ['qop', 'auth'],
    ...(c.stale ? ([['stale', 'true', false]] as const) : []),
  ]);
}

/**
 * Picks the best challenge among parsed `WWW-Authenticate` values (the first of `preference` offered);
 * null when none is Digest with an algorithm we speak.
 */
export function pickDigestChallenge(
  challenges: readonly SipAuth[],
  preference: readonly DigestAlgorithm[] = DIGEST_ALGORITHMS,
): DigestChallenge | null {
  for (const alg of preference) {
    for (const a of challenges) {
      if (a.scheme?.toLowerCase() !== 'digest') continue;
      if (algorithmOf(a.params.get('algorithm')) !== alg) continue;
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

/** The `Authorization` value answering `c` with an already computed `response`. */
export function formatDigestCredentials(
  c: DigestChallenge,
  i: { username: string; uri: string; response: string; nc: string; cnonce: string },
): string {
  const params: Array<readonly [string, string, boolean?]> = [
    ['username', i.username],
    ['realm', c.realm],
    ['nonce', c.nonce],
    ['uri', i.uri],
    ['response', i.response],
    ['algorithm', c.algorithm, false],
  ];
  if (c.qop !== null) params.push(['qop', c.qop, false], ['nc', i.nc, false], ['cnonce', i.cnonce]);
  if (c.opaque !== null) params.push(['opaque', c.opaque]);
  return formatAuth('Digest', params);
}

/** The nonce count as sent: 8 hex digits (RFC 7616 §3.4). */
export function formatNonceCount(n: number): string {
  return n.toString(16).padStart(8, '0');
}
