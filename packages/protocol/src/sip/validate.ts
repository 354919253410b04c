// Message-level checks after framing (RFC 3261 §8.1.1 mandatory headers, §8.2.2 and RFC 4475
// §3.1.2 / §3.3 refusals): a message that passes is safe for the transaction layer to match on.
import { SipParseError } from './errors.js';
import { headerKey, splitHeaderValue } from './headers.js';
import type { SipLimits } from './limits.js';
import type { SipMessage } from './message.js';
import { parseCSeq } from './cseq.js';
import { parseVia } from './via.js';
import { parseNameAddr } from './name-addr.js';
import { parseUri } from './uri.js';
import { isDigits } from './chars.js';

// Headers that may appear once only (§7.3.1: only list headers may be repeated), as bit flags.
const SINGLE = new Map<string, number>([
  ['call-id', 1],
  ['cseq', 2],
  ['from', 4],
  ['to', 8],
  ['max-forwards', 16],
  ['content-type', 32],
]);

/** Throws SipParseError with `partial` set to the message when it fails a mandatory check. */
export function validateMessage(msg: SipMessage, limits: SipLimits): void {
  try {
    check(msg, limits);
  } catch (e) {
    if (e instanceof SipParseError) e.partial = msg;
    throw e;
  }
}

function check(msg: SipMessage, limits: SipLimits): void {
  let via: string | undefined;
  let from: string | undefined;
  let to: string | undefined;
  let callId: string | undefined;
  let cseq: string | undefined;
  let maxForwards: string | undefined;
  let seen = 0;
  for (const h of msg.headers) {
    const k = headerKey(h.name);
    const bit = SINGLE.get(k);
    if (bit !== undefined) {
      if ((seen & bit) !== 0)
        throw new SipParseError('duplicate-header', `${h.name} appears more than once: send it once`, {
          header: h.name,
        });
      seen |= bit;
    }
    switch (k) {
      case 'via':
        if (h.value.indexOf(',') < 0) parseVia(h.value);
        else for (const v of splitHeaderValue(h.value)) parseVia(v);
        via ??= h.value;
        break;
      case 'from':
        from = h.value;
        break;
      case 'to':
        to = h.value;
        break;
      case 'call-id':
        callId = h.value;
        break;
      case 'cseq':
        cseq = h.value;
        break;
      case 'max-forwards':
        maxForwards = h.value;
        break;
    }
  }
  const missing =
    via === undefined
      ? 'Via'
      : from === undefined
        ? 'From'
        : to === undefined
          ? 'To'
          : callId === undefined
            ? 'Call-ID'
            : cseq === undefined
              ? 'CSeq'
              : null;
  if (missing !== null)
    throw new SipParseError('missing-header', `mandatory header ${missing} is missing (RFC 3261 §8.1.1)`, {
      header: missing,
    });
  if (callId!.length === 0 || callId!.includes(' '))
    throw new SipParseError('bad-header', 'Call-ID must be a non-empty word', { header: 'Call-ID' });
  const cs = parseCSeq(cseq!);
  if (msg.kind === 'request') {
    // From/To are checked on requests only: a response is matched to our own transaction by Via
    // and CSeq, and every delivered INFO costs a response parse (see lean.ts).
    parseNameAddr(from!);
    parseNameAddr(to!);
    // RFC 4475 §3.1.2.? mismatch01/02: the CSeq method must equal the request method.
    if (cs.method !== msg.method)
      throw new SipParseError(
        'bad-cseq',
        `CSeq method ${cs.method} does not match request method ${msg.method}`,
        { header: 'CSeq' },
      );
    const uri = parseUri(msg.uri);
    // §19.1.1: headers are not allowed in a SIP Request-URI (RFC 4475 escruri).
    if (uri.headers.size > 0) throw new SipParseError('bad-uri', 'the Request-URI must not carry "?headers"');
    if (maxForwards !== undefined && (!isDigits(maxForwards) || Number(maxForwards) > 255))
      throw new SipParseError(
        'bad-max-forwards',
        `Max-Forwards "${maxForwards.slice(0, 20)}" must be 0..255`,
        { header: 'Max-Forwards' },
      );
  }
  void limits;
}
