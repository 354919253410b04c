// The SIP message model (RFC 3261 §7). Headers stay in received order with the name as received
// and the raw, unfolded value: MS-SIPAE signatures are computed over raw header values, and a proxy
// must not reorder same-named headers (§7.3.1). Structured views (Via, CSeq, name-addr, ...) are
// parsed on demand from the raw values by the functions in the sibling files.

export interface SipHeader {
  /** The name exactly as received or as set (compact forms stay compact). */
  name: string;
  /** The value with surrounding whitespace trimmed and folded lines joined by one space. */
  value: string;
}

export interface SipRequest {
  readonly kind: 'request';
  method: string;
  /** The Request-URI as text; parse with `parseUri` when needed. */
  uri: string;
  headers: SipHeader[];
  /** The body decoded as UTF-8. `Content-Length` counts its UTF-8 bytes. */
  body: string;
}

export interface SipResponse {
  readonly kind: 'response';
  status: number;
  reason: string;
  headers: SipHeader[];
  body: string;
}

export type SipMessage = SipRequest | SipResponse;

export const SIP_VERSION = 'SIP/2.0';
