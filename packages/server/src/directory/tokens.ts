// Short-lived sign-in tokens for directory users (docs/directory.md "Sign-in"). Digest and NTLM need the
// password or its hash, which an LDAP directory never reveals; so the directory password is checked once
// over HTTPS by an LDAP bind, and the client then registers with a token as its Digest (or NTLM) password.
// The token is 256 random bits: a captured Digest exchange cannot be guessed back to it, and it is worth
// nothing after `ttl`. Only its verifiers are kept, in memory, never the token itself.
import { randomBytes } from 'node:crypto';
import type { PrincipalUri } from '@pchat/domain';
import { digestHa1, digestUsernameOf, ntHashOf, type Verifiers } from '../credentials/passwords.js';

interface Issued {
  verifiers: Verifiers;
  expiresAt: number;
}

/** Live tokens per user are capped: a client signing in again and again cannot grow the table. */
const MAX_PER_USER = 5;
const MAX_USERS = 100_000;

export class SignInTokens {
  private readonly byUser = new Map<PrincipalUri, Issued[]>();
  constructor(
    private readonly realm: string,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** A new token for the user; the caller hands it to the client and forgets it. */
  issue(uri: PrincipalUri): { token: string; expiresAt: number } {
    const token = randomBytes(32).toString('base64url');
    const username = digestUsernameOf(uri);
    const verifiers: Verifiers = {
      ntHash: ntHashOf(token),
      digest: {
        realm: this.realm,
        md5: digestHa1(username, this.realm, token, 'md5'),
        sha256: digestHa1(username, this.realm, token, 'sha256'),
      },
    };
    const expiresAt = this.now() + this.ttlMs;
    const key = uri.toLowerCase();
    const live = this.live(key);
    live.push({ verifiers, expiresAt });
    if (!this.byUser.has(key) && this.byUser.size >= MAX_USERS) this.sweep();
    this.byUser.set(key, live.slice(-MAX_PER_USER));
    return { token, expiresAt };
  }

  /** Verifiers of the user's live tokens (tried after the stored password's). */
  verifiersOf(uri: PrincipalUri): Verifiers[] {
    return this.live(uri.toLowerCase()).map((i) => i.verifiers);
  }

  /** A disabled or gone user's tokens stop working at once. */
  revoke(uri: PrincipalUri): void {
    this.byUser.delete(uri.toLowerCase());
  }

  private live(key: PrincipalUri): Issued[] {
    const t = this.now();
    return (this.byUser.get(key) ?? []).filter((i) => i.expiresAt > t);
  }

  private sweep(): void {
    const t = this.now();
    for (const [k, list] of this.byUser) if (!list.some((i) => i.expiresAt > t)) this.byUser.delete(k);
  }
}
