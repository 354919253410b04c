// Server nonces for SIP Digest (RFC 8760 §2.4, RFC 7616 §3.3 "nonce"): the issue time and 64 random bits,
// protected by an HMAC under a per-node key, so the server needs no table to tell its own fresh nonces
// from forged or expired ones. An expired but genuine nonce is answered with `stale=true` (RFC 7616 §3.3)
// so the client retries with the same password without asking its user.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const MAC_BYTES = 16;
const TS_BYTES = 6;
const RAND_BYTES = 8;

export type NonceCheck = 'valid' | 'stale' | 'invalid';

export class NonceIssuer {
  private readonly key: Buffer;
  constructor(
    /** Seconds a nonce is accepted for new authentications. */
    readonly lifetimeSeconds: number = 300,
    key?: Buffer,
    private readonly now: () => number = Date.now,
  ) {
    this.key = key ?? randomBytes(32);
  }

  issue(realm: string): string {
    const body = Buffer.alloc(TS_BYTES + RAND_BYTES);
    body.writeUIntBE(Math.floor(this.now() / 1000), 0, TS_BYTES);
    randomBytes(RAND_BYTES).copy(body, TS_BYTES);
    return Buffer.concat([body, this.mac(body, realm)]).toString('base64url');
  }

  check(nonce: string, realm: string): NonceCheck {
    if (nonce.length > 64) return 'invalid';
    const raw = Buffer.from(nonce, 'base64url');
    if (raw.length !== TS_BYTES + RAND_BYTES + MAC_BYTES) return 'invalid';
    const body = raw.subarray(0, TS_BYTES + RAND_BYTES);
    if (!timingSafeEqual(raw.subarray(TS_BYTES + RAND_BYTES), this.mac(body, realm))) return 'invalid';
    const issued = body.readUIntBE(0, TS_BYTES);
    const age = Math.floor(this.now() / 1000) - issued;
    return age < -5 || age > this.lifetimeSeconds ? 'stale' : 'valid';
  }

  /** A keyed value the Digest scheme uses to make a verifier for unknown users (same work, same answer). */
  pseudoSecret(label: string): string {
    return createHmac('sha256', this.key)
      .update('unknown-user\0' + label)
      .digest('hex');
  }

  private mac(body: Buffer, realm: string): Buffer {
    return createHmac('sha256', this.key)
      .update(body)
      .update('\0' + realm)
      .digest()
      .subarray(0, MAC_BYTES);
  }
}
