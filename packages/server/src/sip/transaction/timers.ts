// RFC 3261 §17 timers for reliable transports: no retransmissions (A, E, G unused), Timer B/F/H
// = 64*T1 guard the ends, and Timers D, I, J, K are zero (§17.1.1.2, §17.2.1, §17.2.2).
export interface SipTimers {
  /** RTT estimate T1 (§17.1.1.1). Default 500 ms. */
  t1Ms: number;
}

export const DEFAULT_TIMERS: SipTimers = { t1Ms: 500 };

/** Timer B (INVITE) and Timer F (non-INVITE) client timeouts, and Timer H (wait for ACK). */
export function timeout64(t: SipTimers): number {
  return 64 * t.t1Ms;
}
