// The checks the SIP fuzzing applies to a message parseMessage accepted, shared by the bounded slice in
// the tests (test/sip/fuzz.test.ts) and the long runs of the bench (bench/fuzz-sip.ts).
import {
  SipParseError,
  getHeaderValues,
  parseAuth,
  parseCSeq,
  parseMessage,
  parseNameAddr,
  parseUri,
  parseVia,
  serializeMessage,
  type SipMessage,
} from '@pchat/protocol';

/** Runs `f`; a SipParseError is a refusal (null), anything else escapes. */
export function refusedOr<T>(f: () => T): T | null {
  try {
    return f();
  } catch (e) {
    if (e instanceof SipParseError) return null;
    throw e;
  }
}

/**
 * The structured parsers on every header they apply to, and the request URI: each may refuse with a
 * SipParseError; anything else escapes. Then the message must survive serialize → parse. Line limits are
 * relaxed for the re-parse: unfolding joins continuation lines, so a legal folded header can serialize to
 * one line above maxLineBytes.
 */
export function checkAccepted(m: SipMessage): void {
  for (const v of getHeaderValues(m, 'Via')) refusedOr(() => parseVia(v));
  for (const h of ['From', 'To', 'Contact', 'Route', 'Record-Route'])
    for (const v of getHeaderValues(m, h)) refusedOr(() => parseNameAddr(v));
  for (const h of ['Authorization', 'WWW-Authenticate', 'Proxy-Authorization', 'Authentication-Info'])
    for (const v of getHeaderValues(m, h)) refusedOr(() => parseAuth(v));
  for (const v of getHeaderValues(m, 'CSeq')) refusedOr(() => parseCSeq(v));
  if (m.kind === 'request') refusedOr(() => parseUri(m.uri));
  parseMessage(serializeMessage(m), { limits: { maxLineBytes: 1 << 24, maxHeaderBytes: 1 << 24 } });
}
