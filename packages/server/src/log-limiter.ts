// Repeated identical warnings are rate-limited in the log: a peer that makes the server warn on every
// request (a flood of refused connections, bad signatures, a failing directory) must not be able to fill
// the disk or drown everything else. Per message text and level (warn and above), the first
// `burst` lines of each `windowMs` are written; the rest are counted, and the next line written for that
// message carries `suppressed: <n>` (the count since the last written one). A quiet message's count is
// written as one summary line when its window ends, so nothing is lost silently.

export interface LogLimits {
  /** Lines of one identical warning written per window. */
  burst: number;
  windowMs: number;
}

export const DEFAULT_LOG_LIMITS: LogLimits = { burst: 5, windowMs: 60_000 };

interface Slot {
  windowStart: number;
  written: number;
  suppressed: number;
  level: number;
  msg: string;
}

/** Keys kept at most; past it the oldest windows are forgotten (their counts are written first). */
const MAX_KEYS = 1_000;

export class WarningLimiter {
  private readonly slots = new Map<string, Slot>();
  constructor(
    private readonly limits: LogLimits = DEFAULT_LOG_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Decides one line: null to drop it, else the suppressed count to attach (0: none). `flush` receives
   * summaries of windows that ended with lines dropped.
   */
  admit(
    level: number,
    msg: string,
    flush: (s: { level: number; msg: string; suppressed: number }) => void,
  ): number | null {
    const t = this.now();
    const key = `${level}|${msg}`;
    const s = this.slots.get(key);
    if (s !== undefined && t - s.windowStart >= this.limits.windowMs) {
      // A new window: this line is written and carries what the last window dropped.
      const carried = s.suppressed;
      s.windowStart = t;
      s.written = 1;
      s.suppressed = 0;
      return carried;
    }
    if (s === undefined) {
      if (this.slots.size >= MAX_KEYS) this.sweep(t, flush, true);
      this.slots.set(key, { windowStart: t, written: 1, suppressed: 0, level, msg });
      return 0;
    }
    if (s.written < this.limits.burst) {
      s.written++;
      return 0;
    }
    s.suppressed++;
    return null;
  }

  /** Writes the counts of ended windows (called on a timer) and forgets quiet messages. */
  sweep(
    t: number,
    flush: (s: { level: number; msg: string; suppressed: number }) => void,
    evictAll = false,
  ): void {
    for (const [k, s] of this.slots) {
      if (!evictAll && t - s.windowStart < this.limits.windowMs) continue;
      if (s.suppressed > 0) flush({ level: s.level, msg: s.msg, suppressed: s.suppressed });
      this.slots.delete(k);
    }
  }
}
