// Size limits applied while parsing and framing. Defaults are generous for Lync traffic (roaming
// and provisioning bodies run to tens of KiB) while bounding what one peer can make us buffer.

export interface SipLimits {
  /** Bytes of start line + headers + blank line. */
  maxHeaderBytes: number;
  /** Header fields (after unfolding). */
  maxHeaders: number;
  /** Bytes of one physical line. */
  maxLineBytes: number;
  /** Bytes of body (the Content-Length value). */
  maxBodyBytes: number;
  /** Characters of the Request-URI (RFC 3261 §21.4.12, 414). */
  maxUriBytes: number;
}

export const DEFAULT_SIP_LIMITS: Readonly<SipLimits> = Object.freeze({
  maxHeaderBytes: 64 * 1024,
  maxHeaders: 100,
  maxLineBytes: 8 * 1024,
  maxBodyBytes: 1024 * 1024,
  maxUriBytes: 4096,
});

export function resolveLimits(partial?: Partial<SipLimits>): SipLimits {
  return partial ? { ...DEFAULT_SIP_LIMITS, ...partial } : DEFAULT_SIP_LIMITS;
}
