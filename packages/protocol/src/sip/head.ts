// Locating and splitting the header section (RFC 3261 §7): shared by the whole-message parser and
// the stream framer. Works on bytes so Content-Length (which counts bytes, §20.14) stays exact.
import { SipParseError } from './errors.js';
import { isToken, trimLws } from './chars.js';
import { headerKey } from './headers.js';
import type { SipLimits } from './limits.js';
import type { SipHeader, SipMessage } from './message.js';
import { clip } from './grammar.js';

// Fatal: header text is UTF-8 (RFC 3261 §25.1 TEXT-UTF8) and MS-SIPAE signs raw header values, so
// a lossy decode (U+FFFD substitution) would silently change what gets verified.
const utf8 = new TextDecoder('utf-8', { fatal: true });

export interface HeadScan {
  /** Index just past the blank line ending the headers, or -1 when not yet complete. */
  end: number;
  /** Where to resume scanning when more bytes arrive. */
  resume: number;
  /** Start of the line being received (pass back on resume so line lengths stay exact). */
  lineStart: number;
}

/**
 * Finds the blank line ending the header section starting at `start`, scanning from `from`
 * (`lineStart`: where the line containing `from` began). Accepts CRLF CRLF and, leniently,
 * bare LF line ends. Enforces line and header-section limits. Linear over repeated calls.
 */
export function scanHead(
  buf: Uint8Array,
  start: number,
  from: number,
  end: number,
  limits: SipLimits,
  lineStart = from,
): HeadScan {
  let i = from;
  for (;;) {
    const lf = buf.indexOf(0x0a, i);
    if (lf < 0 || lf >= end) {
      if (end - lineStart > limits.maxLineBytes)
        throw new SipParseError(
          'line-too-long',
          `a header line exceeds ${limits.maxLineBytes} bytes: shorten it`,
          { fatal: true },
        );
      if (end - start > limits.maxHeaderBytes)
        throw new SipParseError(
          'header-too-long',
          `the header section exceeds ${limits.maxHeaderBytes} bytes`,
          { fatal: true },
        );
      return { end: -1, resume: end, lineStart };
    }
    if (lf - lineStart > limits.maxLineBytes)
      throw new SipParseError(
        'line-too-long',
        `a header line exceeds ${limits.maxLineBytes} bytes: shorten it`,
        { fatal: true },
      );
    if (lf + 1 - start > limits.maxHeaderBytes)
      throw new SipParseError(
        'header-too-long',
        `the header section exceeds ${limits.maxHeaderBytes} bytes`,
        { fatal: true },
      );
    // An empty line ("\n" or "\r\n") right after this LF ends the header section.
    if (lf + 1 < end && buf[lf + 1] === 0x0a) return { end: lf + 2, resume: lf + 2, lineStart: lf + 2 };
    if (lf + 2 < end && buf[lf + 1] === 0x0d && buf[lf + 2] === 0x0a)
      return { end: lf + 3, resume: lf + 3, lineStart: lf + 3 };
    // Not decidable yet: look at this LF again when more bytes come.
    if (lf + 2 >= end && (lf + 1 >= end || buf[lf + 1] === 0x0d))
      return { end: -1, resume: lf, lineStart: lf };
    lineStart = lf + 1;
    i = lf + 1;
  }
}

export interface SplitHead {
  startLine: string;
  headers: SipHeader[];
}

/** Decodes and splits a complete header section into the start line and unfolded headers. */
export function splitHead(buf: Uint8Array, start: number, end: number, limits: SipLimits): SplitHead {
  let text: string;
  try {
    text = utf8.decode(buf.subarray(start, end));
  } catch {
    throw new SipParseError('bad-header', 'the header section is not valid UTF-8: send UTF-8 text');
  }
  const headers: SipHeader[] = [];
  let pos = 0;
  let startLine: string | null = null;
  let last: SipHeader | null = null;
  while (pos < text.length) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0) nl = text.length;
    const lineEnd = nl > pos && text.charCodeAt(nl - 1) === 0x0d ? nl - 1 : nl;
    const line = text.slice(pos, lineEnd);
    pos = nl + 1;
    if (line.length === 0) break; // the blank line
    if (startLine === null) {
      startLine = line;
      continue;
    }
    const c0 = line.charCodeAt(0);
    if (c0 === 0x20 || c0 === 0x09) {
      // RFC 3261 §7.3.1: a line starting with whitespace continues the previous header.
      if (last === null) throw new SipParseError('bad-header', 'a continuation line comes before any header');
      const cont = trimLws(line);
      if (cont.length > 0) last.value = last.value.length > 0 ? last.value + ' ' + cont : cont;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0)
      throw new SipParseError('bad-header', `header line "${clip(line)}" has no name before ":"`);
    const name = trimLws(line.slice(0, colon));
    if (!isToken(name)) throw new SipParseError('bad-header', `header name "${clip(name)}" is not a token`);
    last = { name, value: trimLws(line.slice(colon + 1)) };
    headers.push(last);
    if (headers.length > limits.maxHeaders)
      throw new SipParseError('too-many-headers', `more than ${limits.maxHeaders} headers`, { fatal: true });
  }
  if (startLine === null) throw new SipParseError('bad-start-line', 'empty message');
  return { startLine, headers };
}

/**
 * The Content-Length of a header list: null when absent, -1 when malformed (§20.14: 1*DIGIT).
 * Differing repeated values are an error (RFC 4475 §3.1.2.? mcl01).
 */
export function contentLengthOf(headers: readonly SipHeader[]): number | null {
  let found: number | null = null;
  for (const h of headers) {
    if (headerKey(h.name) !== 'content-length') continue;
    const v = h.value;
    let n = 0;
    if (v.length === 0 || v.length > 15) return -1;
    for (let i = 0; i < v.length; i++) {
      const c = v.charCodeAt(i);
      if (c < 0x30 || c > 0x39) return -1;
      n = n * 10 + (c - 0x30);
    }
    if (found !== null && found !== n)
      throw new SipParseError(
        'duplicate-header',
        `Content-Length appears twice with different values (${found}, ${n})`,
        { fatal: true },
      );
    found = n;
  }
  return found;
}

/** Builds the message from its start line (throws bad-start-line / bad-version / bad-status-code). */
export function messageFromHead(head: SplitHead, limits: SipLimits): SipMessage {
  const line = head.startLine;
  if (line.length > 4 && (line.charCodeAt(0) | 0x20) === 0x73 && line.slice(0, 4).toUpperCase() === 'SIP/') {
    // Status-Line = SIP-Version SP Status-Code SP Reason-Phrase (§7.2)
    const sp = line.indexOf(' ');
    if (sp < 0) throw new SipParseError('bad-start-line', `status line "${clip(line)}" has no status code`);
    checkVersion(line.slice(0, sp), line);
    let i = sp + 1;
    const ds = i;
    while (i < line.length && line.charCodeAt(i) >= 0x30 && line.charCodeAt(i) <= 0x39) i++;
    if (i - ds !== 3 || (i < line.length && line.charCodeAt(i) !== 0x20))
      throw new SipParseError('bad-status-code', `status code in "${clip(line)}" must be 3 digits`);
    const status = Number(line.slice(ds, i));
    if (status < 100 || status > 699)
      throw new SipParseError('bad-status-code', `status code ${status} is outside 100..699`);
    return { kind: 'response', status, reason: line.slice(i + 1), headers: head.headers, body: '' };
  }
  // Request-Line = Method SP Request-URI SP SIP-Version (§7.1): exactly single spaces.
  const sp1 = line.indexOf(' ');
  const sp2 = line.lastIndexOf(' ');
  if (sp1 <= 0 || sp2 === sp1)
    throw new SipParseError('bad-start-line', `request line "${clip(line)}" must be "METHOD uri SIP/2.0"`);
  const method = line.slice(0, sp1);
  const uri = line.slice(sp1 + 1, sp2);
  if (!isToken(method)) throw new SipParseError('bad-start-line', `method "${clip(method)}" is not a token`);
  if (uri.length === 0 || uri.includes(' ') || uri.includes('\t'))
    throw new SipParseError(
      'bad-start-line',
      `request line "${clip(line)}" must separate its three parts by single spaces`,
    );
  try {
    checkVersion(line.slice(sp2 + 1), line);
  } catch (e) {
    // Readable enough to answer 505 (§8.2.2 is silent; RFC 4475 badvers expects 505).
    if (e instanceof SipParseError && e.kind === 'bad-version')
      e.partial = { kind: 'request', method, uri, headers: head.headers, body: '' };
    throw e;
  }
  if (uri.length > limits.maxUriBytes)
    throw new SipParseError('uri-too-long', `Request-URI longer than ${limits.maxUriBytes}`);
  return { kind: 'request', method, uri, headers: head.headers, body: '' };
}

function checkVersion(v: string, line: string): void {
  if (v === 'SIP/2.0' || v.toUpperCase() === 'SIP/2.0') return;
  const m = /^SIP\/\d+\.\d+$/i.test(v);
  if (m) throw new SipParseError('bad-version', `version ${clip(v, 20)} is not supported: use SIP/2.0`);
  throw new SipParseError('bad-start-line', `start line "${clip(line)}" must end with SIP/2.0`);
}
