// Brute-force protection for sign-in: failed attempts are counted per claimed user and per remote
// address in token buckets. A bucket holds `burst` free failures and refills one token every
// `refillSeconds`; once empty, every further failure doubles the lock-out (base delay × 2^n, capped).
// While a key is locked, sign-ins for it are refused before any verification (even with the right
// password), so guessing costs time whether or not the user exists.

export interface ThrottleSettings {
  burst: number;
  refillSeconds: number;
  baseDelaySeconds: number;
  maxDelaySeconds: number;
}

export const DEFAULT_THROTTLE: ThrottleSettings = {
  burst: 5,
  refillSeconds: 60,
  baseDelaySeconds: 2,
  maxDelaySeconds: 900,
};

interface Bucket {
  tokens: number;
  updated: number;
  /** Failures past the burst, for the exponential delay. */
  over: number;
  lockedUntil: number;
}

const MAX_KEYS = 100_000;

export class FailureThrottle {
  private readonly buckets = new Map<string, Bucket>();
  constructor(
    readonly settings: ThrottleSettings = DEFAULT_THROTTLE,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds to wait when any of the keys is locked, else 0. */
  lockedFor(keys: readonly string[]): number {
    const t = this.now();
    let wait = 0;
    for (const k of keys) {
      const b = this.buckets.get(k);
      if (b && b.lockedUntil > t) wait = Math.max(wait, (b.lockedUntil - t) / 1000);
    }
    return wait;
  }

  /** Records one failure on every key; returns the longest lock it caused (0 when still within the burst). */
  fail(keys: readonly string[]): number {
    const t = this.now();
    let wait = 0;
    for (const k of keys) {
      const b = this.refill(k, t);
      if (b.tokens >= 1) {
        b.tokens -= 1;
        if (b.tokens >= 1) continue;
      }
      const delay = Math.min(
        this.settings.maxDelaySeconds,
        this.settings.baseDelaySeconds * 2 ** Math.min(b.over, 30),
      );
      b.over++;
      b.lockedUntil = t + delay * 1000;
      wait = Math.max(wait, delay);
    }
    return wait;
  }

  /** A successful sign-in forgives the user's failures (not the address's: one address may try many users). */
  succeed(key: string): void {
    this.buckets.delete(key);
  }

  private refill(key: string, t: number): Bucket {
    let b = this.buckets.get(key);
    if (!b) {
      if (this.buckets.size >= MAX_KEYS) this.evict(t);
      b = { tokens: this.settings.burst, updated: t, over: 0, lockedUntil: 0 };
      this.buckets.set(key, b);
      return b;
    }
    const gained = Math.floor((t - b.updated) / (this.settings.refillSeconds * 1000));
    if (gained > 0) {
      b.tokens = Math.min(this.settings.burst, b.tokens + gained);
      b.updated += gained * this.settings.refillSeconds * 1000;
      if (b.tokens >= this.settings.burst && b.lockedUntil <= t) b.over = 0;
    }
    return b;
  }

  private evict(t: number): void {
    for (const [k, b] of this.buckets) if (b.lockedUntil <= t) this.buckets.delete(k);
    if (this.buckets.size >= MAX_KEYS) this.buckets.clear();
  }
}
