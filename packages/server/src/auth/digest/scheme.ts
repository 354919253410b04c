// SIP Digest as an authentication scheme of the front end (RFC 3261 §22.4, RFC 8760). One
// WWW-Authenticate per algorithm in the configured order (RFC 8760 §2.4: the preferred one first),
// qop="auth", HMAC-protected nonces with `stale=true` for expired ones, nonce-count replay checks.
// Unknown users get the same challenge and the same failure after the same work as wrong passwords: a
// pseudo HA1 derived from the node key stands in for the missing verifier, and digests are compared in
// constant time.
import { formatDigestChallenge, parseAuth, getHeaders, type SipAuth } from '@pchat/protocol';
import type { Store } from '@pchat/domain';
import type { AuthOutcome, AuthRequestContext, AuthScheme } from '../scheme.js';
import type { CredentialVault } from '../../credentials/vault.js';
import { loadVerifiers, type Verifiers } from '../../credentials/passwords.js';
import { digestResponse, readDigestCredentials, sameDigest, type DigestAlgorithm } from './digest.js';
import { NonceIssuer } from './nonce.js';
import { NonceCounts } from './nonce-counts.js';

export interface DigestSchemeOptions {
  store: Store;
  vault: CredentialVault;
  /** Offered in this order (default SHA-256 then MD5). */
  algorithms?: readonly DigestAlgorithm[];
  nonces?: NonceIssuer;
  /** Further verifiers of a user, tried after the stored password's: directory sign-in tokens. */
  extraVerifiers?: (uri: string) => readonly Verifiers[];
}

export class DigestScheme implements AuthScheme {
  readonly name = 'digest';
  private readonly algorithms: readonly DigestAlgorithm[];
  private readonly nonces: NonceIssuer;
  private readonly counts = new NonceCounts();
  constructor(private readonly opts: DigestSchemeOptions) {
    this.algorithms = opts.algorithms?.length ? opts.algorithms : ['SHA-256', 'MD5'];
    this.nonces = opts.nonces ?? new NonceIssuer();
  }

  challenges(ctx: AuthRequestContext, stale = false): string[] {
    // One nonce for all algorithms of one challenge: the client picks an algorithm, not a nonce.
    const nonce = this.nonces.issue(ctx.realm);
    return this.algorithms.map((algorithm) =>
      formatDigestChallenge({ realm: ctx.realm, nonce, algorithm, stale }),
    );
  }

  async authenticate(ctx: AuthRequestContext): Promise<AuthOutcome> {
    const auth = this.findCredentials(ctx);
    if (auth === null) return { kind: 'not-applicable' };
    const c = readDigestCredentials(auth);
    const claimed = userPart(ctx.aor);
    if (c === null) return { kind: 'failed', user: claimed };
    if (c.realm !== ctx.realm || c.algorithm === null || !this.algorithms.includes(c.algorithm))
      return { kind: 'failed', user: c.username };
    const nonceState = this.nonces.check(c.nonce, ctx.realm);
    if (nonceState === 'invalid') return { kind: 'failed', user: c.username };
    if (nonceState === 'stale') return this.staleChallenge(ctx);
    // RFC 8760 §2.2 requires qop; RFC 2069 clients without it are still answered (weaker: no nc).
    if (c.qop !== null) {
      if (c.qop !== 'auth' || c.nc === null || c.cnonce === null) return { kind: 'failed', user: c.username };
      if (!this.counts.accept(c.nonce, c.nc)) return this.staleChallenge(ctx);
    }
    // The Digest username is the user part of the SIP URI being registered (credentials/passwords.ts).
    const matchesAor = c.username.toLowerCase() === claimed;
    const stored = await loadVerifiers(this.opts.store, this.opts.vault, ctx.aor);
    const candidates = [
      ...(stored ? [stored] : []),
      ...(matchesAor ? (this.opts.extraVerifiers?.(ctx.aor) ?? []) : []),
    ].filter((v) => v.digest != null && v.digest.realm === ctx.realm);
    const known = matchesAor && candidates.length > 0;
    const ha1s = known
      ? candidates.map((v) => (c.algorithm === 'MD5' ? v.digest!.md5 : v.digest!.sha256))
      : [this.nonces.pseudoSecret(c.algorithm + ':' + c.username).slice(0, c.algorithm === 'MD5' ? 32 : 64)];
    let ok = false;
    for (const ha1 of ha1s) {
      const expected = digestResponse({
        algorithm: c.algorithm,
        ha1,
        method: ctx.request.method,
        uri: c.uri,
        nonce: c.nonce,
        qop: c.qop,
        nc: c.nc,
        cnonce: c.cnonce,
      });
      // Every candidate is compared (no early exit), in constant time each.
      if (sameDigest(expected, c.response)) ok = true;
    }
    if (ok && known) return { kind: 'authenticated', uri: ctx.aor, method: 'digest' };
    return { kind: 'failed', user: c.username.toLowerCase() };
  }

  private staleChallenge(ctx: AuthRequestContext): AuthOutcome {
    return {
      kind: 'challenge',
      headers: this.challenges(ctx, true).map((value) => ({ name: 'WWW-Authenticate', value })),
    };
  }

  /** The Digest credentials for our realm (RFC 3261 §22.4: a request may carry several). */
  private findCredentials(ctx: AuthRequestContext): SipAuth | null {
    let first: SipAuth | null = null;
    for (const v of getHeaders(ctx.request, 'Authorization')) {
      let a: SipAuth;
      try {
        a = parseAuth(v);
      } catch {
        continue;
      }
      if (a.scheme?.toLowerCase() !== 'digest') continue;
      if (a.params.get('realm') === ctx.realm) return a;
      first ??= a;
    }
    return first;
  }
}

function userPart(aor: string): string {
  const m = /^sips?:([^@;]+)@/i.exec(aor);
  return (m?.[1] ?? aor).toLowerCase();
}
