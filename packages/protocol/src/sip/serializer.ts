// Canonical output: start line, headers in order as stored, Content-Length recomputed from the
// UTF-8 byte length of the body (RFC 3261 §20.14), CRLF line ends, blank line, body.
import { headerKey } from './headers.js';
import type { SipMessage } from './message.js';

const encoder = new TextEncoder();

/** Byte length of a string in UTF-8, without encoding it. */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3; // BMP, or a lone surrogate (encoded as U+FFFD, 3 bytes)
  }
  return n;
}

/** The message as text. The Content-Length header is rewritten (or appended) to match the body. */
export function serializeMessageToString(msg: SipMessage): string {
  let out =
    msg.kind === 'request'
      ? msg.method + ' ' + msg.uri + ' SIP/2.0\r\n'
      : 'SIP/2.0 ' + msg.status + ' ' + msg.reason + '\r\n';
  const length = String(utf8Length(msg.body));
  let wroteLength = false;
  const hs = msg.headers;
  for (let i = 0; i < hs.length; i++) {
    const h = hs[i]!;
    if (headerKey(h.name) === 'content-length') {
      if (wroteLength) continue; // one Content-Length only
      out += h.name + ': ' + length + '\r\n';
      wroteLength = true;
    } else out += h.name + ': ' + h.value + '\r\n';
  }
  if (!wroteLength) out += 'Content-Length: ' + length + '\r\n';
  return out + '\r\n' + msg.body;
}

/** The message as UTF-8 bytes, ready for a socket. Serialize a broadcast once and reuse the bytes. */
export function serializeMessage(msg: SipMessage): Uint8Array {
  return encoder.encode(serializeMessageToString(msg));
}
