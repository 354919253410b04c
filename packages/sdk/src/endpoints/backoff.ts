// Capped exponential back-off with jitter for ApplicationEndpoint re-establishment (PC-87: it retries until
// service returns). "Full jitter" keeps a restarted server from being hit by every bot at the same instant.

/** Back-off settings in milliseconds. */
export interface BackoffSettings {
  /** First delay. Default 250. */
  initialMs: number;
  /** Cap. Default 30000. */
  maxMs: number;
}

/** Delay before attempt `n` (0-based): uniform in [cap/2, cap] with cap = min(max, initial·2ⁿ). */
export function backoffDelay(n: number, s: BackoffSettings, random: () => number = Math.random): number {
  const cap = Math.min(s.maxMs, s.initialMs * 2 ** Math.min(n, 30));
  return Math.round(cap / 2 + random() * (cap / 2));
}
