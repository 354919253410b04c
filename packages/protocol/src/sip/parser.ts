// Whole-message parse (RFC 3261 §7, §18.3 for datagram-style framing, RFC 7118 §5: one WebSocket
// message carries exactly one SIP message).
import { SipParseError } from './errors.js';
import { resolveLimits, type SipLimits } from './limits.js';
import type { SipMessage } from './message.js';
import { contentLengthOf, messageFromHead, scanHead, splitHead } from './head.js';
import { validateMessage } from './validate.js';

const utf8 = new TextDecoder('utf-8');
const encoder = new TextEncoder();

export interface ParseOptions {
  limits?: Partial<SipLimits>;
  /** Run the mandatory-header checks of validate.ts (default true). */
  validate?: boolean;
}

/**
 * Parses one complete message. Bytes after the body (beyond Content-Length) are ignored as
 * §18.3 prescribes for datagrams; a missing Content-Length means "the body is the rest".
 * Throws SipParseError on every failure.
 */
export function parseMessage(input: Uint8Array | string, options: ParseOptions = {}): SipMessage {
  const limits = resolveLimits(options.limits);
  const buf = typeof input === 'string' ? encoder.encode(input) : input;
  let start = 0;
  // §7.5: CRLFs before the start line are ignored.
  while (start < buf.length && (buf[start] === 0x0d || buf[start] === 0x0a)) start++;
  if (start >= buf.length) throw new SipParseError('bad-start-line', 'empty message');
  const scan = scanHead(buf, start, start, buf.length, limits);
  const headEnd = scan.end < 0 ? buf.length : scan.end;
  const head = readHead(buf, start, headEnd, limits);
  if (head.message === null) throw head.startLineError!;
  const available = buf.length - headEnd;
  if (head.contentLength === null)
    return finishBody(head.message, buf, headEnd, available, limits, options.validate !== false);
  if (head.contentLength > available)
    throw new SipParseError(
      'content-length-mismatch',
      `Content-Length ${head.contentLength} exceeds the ${available} body bytes present`,
      { partial: head.message },
    );
  return finishBody(head.message, buf, headEnd, head.contentLength, limits, options.validate !== false);
}

export interface ReadHead {
  /** null when the start line is malformed (then `startLineError` says why). */
  message: SipMessage | null;
  startLineError: SipParseError | null;
  /** null when the header is absent. */
  contentLength: number | null;
}

/**
 * Splits the head, reads Content-Length and the start line. Framing errors are thrown `fatal`;
 * a bad start line is returned (not thrown) so a stream can skip the message by its length.
 */
export function readHead(buf: Uint8Array, start: number, headEnd: number, limits: SipLimits): ReadHead {
  const head = splitHead(buf, start, headEnd, limits);
  const cl = contentLengthOf(head.headers);
  if (cl === -1)
    throw new SipParseError('bad-content-length', 'Content-Length must be a non-negative integer', {
      header: 'Content-Length',
      fatal: true,
    });
  let message: SipMessage;
  try {
    message = messageFromHead(head, limits);
  } catch (e) {
    if (!(e instanceof SipParseError)) throw e;
    return { message: null, startLineError: e, contentLength: cl };
  }
  if (cl !== null && cl > limits.maxBodyBytes)
    throw new SipParseError(
      'body-too-large',
      `body of ${cl} bytes exceeds the limit of ${limits.maxBodyBytes}`,
      { fatal: true, partial: message },
    );
  return { message, startLineError: null, contentLength: cl };
}

/** Attaches the body (decoded as UTF-8) and runs validation. */
export function finishBody(
  msg: SipMessage,
  buf: Uint8Array,
  bodyStart: number,
  bodyLen: number,
  limits: SipLimits,
  validate: boolean,
): SipMessage {
  if (bodyLen > limits.maxBodyBytes)
    throw new SipParseError(
      'body-too-large',
      `body of ${bodyLen} bytes exceeds the limit of ${limits.maxBodyBytes}`,
      { partial: msg },
    );
  if (bodyLen > 0) msg.body = utf8.decode(buf.subarray(bodyStart, bodyStart + bodyLen));
  if (validate) validateMessage(msg, limits);
  return msg;
}
