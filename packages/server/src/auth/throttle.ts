// The one brute-force throttle every sign-in path shares: SIP REGISTER (Digest, NTLM), HTTP Basic on the
// admin API and the directory sign-in. Failed attempts are counted in token buckets under three keys:
// - the (account, address) pair: `burst` free failures, then a lock that doubles with every further
//   failure (base delay × 2^n, capped). Only that account from that address is locked.
// - the address, whatever account it names: `addressBurst` free failures, then the same doubling lock.
//   One address trying many accounts (a scanner, svcrack) locks itself, nobody else.
// - the account, from every address: a wider soft limit (`accountSoftBurst`) past which every attempt for
//   the account is slowed (up to `accountMaxSlowSeconds`), never refused. So nobody can lock a user (the
//   administrator included) out from every address by failing on purpose from elsewhere, and guessing one
//   account's password from many addresses still costs time per guess.
// A lock is checked before any verification, so a locked key is refused even with the right password, and
// the slowing happens before verification too, so its time tells nothing about the password. Accounts
// are keyed by the name the caller gave, so an unknown account is throttled exactly like a known one.

export interface ThrottleSettings {
  /** Free failures per (account, address) before that pair is locked. */
  burst: number;
  /** One failure is forgiven per this many seconds (every key). */
  refillSeconds: number;
  baseDelaySeconds: number;
  maxDelaySeconds: number;
  /** Free failures per address (any account) before the address is locked. */
  addressBurst: number;
  /** Free failures per account (any address) before attempts for it are slowed. */
  accountSoftBurst: number;
  /** Longest slowing of one attempt for an account over its soft limit. */
  accountMaxSlowSeconds: number;
}

export const DEFAULT_THROTTLE: ThrottleSettings = {
  burst: 5,
  refillSeconds: 60,
  baseDelaySeconds: 2,
  maxDelaySeconds: 900,
  addressBurst: 20,
  accountSoftBurst: 20,
  accountMaxSlowSeconds: 8,
};

/** One sign-in attempt: the account named (a SIP URI, or the name given when it resolves to nobody) and the remote address. */
export interface SignInKey {
  account: string;
  address: string;
}

/**
 * An HTTP sign-in refused before any verification because the throttle holds its key; the edge's error
 * mapper (errors/http.ts) answers it with 429 and Retry-After.
 */
export class SignInLocked extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`sign-in locked for ${retryAfterSeconds} s`);
  }
}

export type Admission = { kind: 'locked'; seconds: number } | { kind: 'go'; slowMs: number };

interface Bucket {
  tokens: number;
  updated: number;
  /** Failures past the burst, for the exponential delay. */
  over: number;
  lockedUntil: number;
}

const MAX_KEYS = 100_000;

const pairKey = (k: SignInKey) => `p:${k.account.toLowerCase()}|${k.address}`;
const addressKey = (k: SignInKey) => `a:${k.address}`;
const accountKey = (k: SignInKey) => `u:${k.account.toLowerCase()}`;

export class FailureThrottle {
  private readonly buckets = new Map<string, Bucket>();
  readonly settings: ThrottleSettings;
  constructor(
    settings: Partial<ThrottleSettings> = {},
    private readonly now: () => number = Date.now,
    /** Each sign-in refused (`locked`) or slowed (`slowed`) by admit(), for the metrics. */
    private readonly onHit: (kind: 'locked' | 'slowed') => void = () => undefined,
  ) {
    this.settings = { ...DEFAULT_THROTTLE, ...settings };
  }

  /** Before verifying anything: refused (locked pair or address) or let through, possibly slowed. */
  check(k: SignInKey): Admission {
    const t = this.now();
    let wait = 0;
    for (const key of [pairKey(k), addressKey(k)]) {
      const b = this.buckets.get(key);
      if (b && b.lockedUntil > t) wait = Math.max(wait, (b.lockedUntil - t) / 1000);
    }
    if (wait > 0) return { kind: 'locked', seconds: Math.max(1, Math.ceil(wait)) };
    const a = this.buckets.get(accountKey(k));
    if (a === undefined) return { kind: 'go', slowMs: 0 };
    this.refillBucket(a, t, this.settings.accountSoftBurst);
    if (a.tokens >= 1) return { kind: 'go', slowMs: 0 };
    const s = this.settings;
    return {
      kind: 'go',
      slowMs: Math.min(s.accountMaxSlowSeconds, s.baseDelaySeconds * 2 ** Math.min(a.over, 30)) * 1000,
    };
  }

  /**
   * check(), then waits out the slowing: resolves with the seconds the attempt must wait when it is
   * refused, else 0 once it may be verified.
   */
  async admit(k: SignInKey): Promise<number> {
    const first = this.check(k);
    if (first.kind === 'locked') {
      this.onHit('locked');
      return first.seconds;
    }
    if (first.slowMs === 0) return 0;
    this.onHit('slowed');
    await new Promise((r) => setTimeout(r, first.slowMs));
    const again = this.check(k);
    if (again.kind === 'locked') this.onHit('locked');
    return again.kind === 'locked' ? again.seconds : 0;
  }

  /** Records one failure; returns the lock it caused on the pair or the address in seconds (0: none). */
  fail(k: SignInKey): number {
    const t = this.now();
    const s = this.settings;
    const wait = Math.max(
      this.hardFail(pairKey(k), t, s.burst),
      this.hardFail(addressKey(k), t, s.addressBurst),
    );
    const a = this.bucket(accountKey(k), t, s.accountSoftBurst);
    if (a.tokens >= 1) a.tokens -= 1;
    else a.over++;
    return wait;
  }

  /** A successful sign-in forgives its pair (not the address, which may try many accounts; not the account's soft count). */
  succeed(k: SignInKey): void {
    this.buckets.delete(pairKey(k));
  }

  private hardFail(key: string, t: number, burst: number): number {
    const b = this.bucket(key, t, burst);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      if (b.tokens >= 1) return 0;
    }
    const s = this.settings;
    const delay = Math.min(s.maxDelaySeconds, s.baseDelaySeconds * 2 ** Math.min(b.over, 30));
    b.over++;
    b.lockedUntil = t + delay * 1000;
    return delay;
  }

  private bucket(key: string, t: number, burst: number): Bucket {
    let b = this.buckets.get(key);
    if (!b) {
      if (this.buckets.size >= MAX_KEYS) this.evict(t);
      b = { tokens: burst, updated: t, over: 0, lockedUntil: 0 };
      this.buckets.set(key, b);
      return b;
    }
    this.refillBucket(b, t, burst);
    return b;
  }

  private refillBucket(b: Bucket, t: number, burst: number): void {
    const gained = Math.floor((t - b.updated) / (this.settings.refillSeconds * 1000));
    if (gained > 0) {
      b.tokens = Math.min(burst, b.tokens + gained);
      b.updated += gained * this.settings.refillSeconds * 1000;
      if (b.tokens >= burst && b.lockedUntil <= t) b.over = 0;
    }
  }

  private evict(t: number): void {
    for (const [k, b] of this.buckets) if (b.lockedUntil <= t) this.buckets.delete(k);
    if (this.buckets.size >= MAX_KEYS) this.buckets.clear();
  }
}
