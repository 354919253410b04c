// Replay protection for qop=auth (RFC 7616 §3.3 "nc"): each nonce's nonce-count must grow. Bounded:
// the oldest entries go first; a forgotten nonce still dies of old age in NonceIssuer.
export class NonceCounts {
  private readonly seen = new Map<string, number>();
  constructor(private readonly max = 50_000) {}

  /** True (and remembered) when nc is above the last count seen for this nonce. */
  accept(nonce: string, ncHex: string): boolean {
    if (!/^[0-9a-fA-F]{8}$/.test(ncHex)) return false;
    const nc = parseInt(ncHex, 16);
    const last = this.seen.get(nonce) ?? 0;
    if (nc <= last) return false;
    this.seen.delete(nonce);
    this.seen.set(nonce, nc);
    if (this.seen.size > this.max) {
      const oldest = this.seen.keys().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
    return true;
  }
}
