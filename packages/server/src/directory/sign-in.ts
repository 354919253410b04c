// Sign-in with the directory password (docs/directory.md "Sign-in"): the user names itself the way it
// likes (SIP address, UPN, DOMAIN\sAMAccountName), the server binds to the directory as that user, and a
// success issues a short-lived token for the SIP registration. Failures count in the same throttle as every
// other sign-in (per claimed user and per address), and look the same whether the user exists or not.
import { resolvePrincipal, type Store, isDomainError, type User } from '@pchat/domain';
import type { FailureThrottle } from '../auth/throttle.js';
import type { SignInTokens } from './tokens.js';

export interface PasswordChecker {
  verifyPassword(dn: string, password: string): Promise<boolean>;
}

/** Syntactically valid, names no entry: the directory answers invalidCredentials after a real lookup. */
const DECOY_DN = 'cn=pchat-no-such-user,dc=invalid';

export type SignInOutcome =
  | { kind: 'ok'; uri: string; token: string; expiresAt: number }
  | { kind: 'failed' }
  | { kind: 'locked'; retryAfterSeconds: number };

export class DirectorySignIn {
  constructor(
    private readonly store: Store,
    private readonly checker: PasswordChecker,
    private readonly tokens: SignInTokens,
    private readonly throttle: FailureThrottle,
  ) {}

  async signIn(name: string, password: string, remoteAddress: string): Promise<SignInOutcome> {
    const user = await this.findUser(name);
    // The same account as the SIP registrar's (the SIP URI) and the same address: one budget per user.
    const key = { account: user?.uri ?? name.trim().toLowerCase(), address: remoteAddress };
    const locked = await this.throttle.admit(key);
    if (locked > 0) return { kind: 'locked', retryAfterSeconds: locked };
    // Unknown, disabled, gone or local users fail like a wrong password, after the same work: a bind
    // as a DN that names no one, so neither the answer nor its time tells whether the user exists.
    const usable = user !== null && user.dn !== undefined && !user.disabled && !user.gone;
    const dn = usable ? (user.dn as string) : DECOY_DN;
    const ok = (await this.checker.verifyPassword(dn, password)) && usable;
    if (!ok || user === null) {
      this.throttle.fail(key);
      return { kind: 'failed' };
    }
    this.throttle.succeed(key);
    const t = this.tokens.issue(user.uri);
    return { kind: 'ok', uri: user.uri, ...t };
  }

  private async findUser(name: string): Promise<User | null> {
    try {
      const p = await resolvePrincipal(this.store, name, { kinds: ['user'] });
      return p.kind === 'user' ? p : null;
    } catch (e) {
      if (isDomainError(e)) return null;
      throw e;
    }
  }
}
