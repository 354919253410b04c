// Per-user and per-connection rate limits of the chat service (docs/security.md, "Bounded requests and
// limits"): commands, posts and body bytes per second, each a token bucket that holds `burstSeconds` of
// its rate. A user's sessions share the user's buckets (several clients cannot multiply the rate); a SIP
// connection's sessions share the connection's (a trusted application acts for many users on one
// connection, so its rates are set apart and higher). Over a bucket, the command is refused with
// LimitExceeded before it runs, and the words say how long to wait.
import { DomainError } from '@pchat/domain';

export interface RateLimit {
  commandsPerSecond: number;
  postsPerSecond: number;
  bytesPerSecond: number;
}

export interface ChatRateLimits {
  user: RateLimit;
  connection: RateLimit;
  /** A bucket holds this many seconds of its rate: the burst allowed after a quiet spell. */
  burstSeconds: number;
  /** Commands of one session waiting to run; past it a command is refused at once. */
  maxQueuedCommands: number;
}

export const DEFAULT_CHAT_RATE_LIMITS: ChatRateLimits = {
  user: { commandsPerSecond: 50, postsPerSecond: 10, bytesPerSecond: 1024 * 1024 },
  connection: { commandsPerSecond: 500, postsPerSecond: 200, bytesPerSecond: 8 * 1024 * 1024 },
  burstSeconds: 10,
  maxQueuedCommands: 200,
};

class Bucket {
  private tokens: number;
  private at: number;
  constructor(
    private readonly rate: number,
    private readonly capacity: number,
    now: number,
  ) {
    this.tokens = capacity;
    this.at = now;
  }

  private refill(now: number): void {
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.at) / 1000) * this.rate);
    this.at = now;
  }

  /** Seconds until `n` tokens are there (0 = there now); nothing is taken. */
  wait(n: number, now: number): number {
    this.refill(now);
    return this.tokens >= Math.min(n, this.capacity)
      ? 0
      : (Math.min(n, this.capacity) - this.tokens) / this.rate;
  }

  take(n: number): void {
    this.tokens -= n;
  }

  full(now: number): boolean {
    this.refill(now);
    return this.tokens >= this.capacity;
  }
}

interface Buckets {
  commands: Bucket;
  posts: Bucket;
  bytes: Bucket;
}

/** Counts what was refused, by what (the metrics read it). */
export type RateLimitHit = 'user' | 'connection' | 'queue';

export class RateLimiter {
  private readonly users = new Map<string, Buckets>();
  private readonly connections = new Map<string, Buckets>();
  private calls = 0;

  constructor(
    private readonly limits: ChatRateLimits,
    private readonly now: () => number,
    private readonly onHit: (by: RateLimitHit) => void = () => undefined,
  ) {}

  get maxQueued(): number {
    return this.limits.maxQueuedCommands;
  }

  /**
   * Admits one command of `bytes` body bytes (a post when `post`) for the user and the connection, or
   * throws LimitExceeded. Nothing is taken from any bucket when one of them refuses.
   */
  admit(user: string, connection: string | undefined, post: boolean, bytes: number): void {
    const now = this.now();
    if (++this.calls % 1024 === 0) this.prune(now);
    const u = this.buckets(this.users, user, this.limits.user, now);
    const c =
      connection === undefined
        ? null
        : this.buckets(this.connections, connection, this.limits.connection, now);
    for (const [by, b, limit] of [
      ['user', u, this.limits.user],
      ['connection', c, this.limits.connection],
    ] as const) {
      if (b === null) continue;
      const wait = Math.max(
        b.commands.wait(1, now),
        post ? b.posts.wait(1, now) : 0,
        b.bytes.wait(bytes, now),
      );
      if (wait > 0) {
        this.onHit(by);
        throw new DomainError(
          'LimitExceeded',
          `You are sending faster than this server accepts ${by === 'user' ? 'from one user' : 'on one connection'} (at most ${limit.postsPerSecond} posts, ${limit.commandsPerSecond} commands and ${limit.bytesPerSecond} bytes per second). Wait ${Math.max(1, Math.ceil(wait))} s and send again.`,
          { retryAfterSeconds: Math.max(1, Math.ceil(wait)) },
        );
      }
    }
    for (const b of c === null ? [u] : [u, c]) {
      b.commands.take(1);
      if (post) b.posts.take(1);
      b.bytes.take(bytes);
    }
  }

  /** A session's queue is full: the command is refused without waiting its turn. */
  queueFull(): DomainError {
    this.onHit('queue');
    return new DomainError(
      'LimitExceeded',
      `Too many of your commands are waiting to run (at most ${this.limits.maxQueuedCommands}). Wait for the answers before sending more.`,
    );
  }

  private buckets(map: Map<string, Buckets>, key: string, l: RateLimit, now: number): Buckets {
    let b = map.get(key);
    if (!b) {
      const s = this.limits.burstSeconds;
      b = {
        commands: new Bucket(l.commandsPerSecond, l.commandsPerSecond * s, now),
        posts: new Bucket(l.postsPerSecond, l.postsPerSecond * s, now),
        bytes: new Bucket(l.bytesPerSecond, l.bytesPerSecond * s, now),
      };
      map.set(key, b);
    }
    return b;
  }

  /** Forgets buckets that are full again: a quiet user costs no memory. */
  private prune(now: number): void {
    for (const map of [this.users, this.connections])
      for (const [k, b] of map)
        if (b.commands.full(now) && b.posts.full(now) && b.bytes.full(now)) map.delete(k);
  }
}
