// Header lookup: case-insensitive names, compact forms (RFC 3261 §7.3.3, RFC 6665 §8.2.1 for
// o/u, RFC 3515 r, RFC 3892 b, RFC 4028 x), and splitting of comma-separated values (§7.3.1).
import type { SipHeader, SipMessage } from './message.js';
import { trimLws } from './chars.js';

const COMPACT: Record<string, string> = {
  i: 'call-id',
  m: 'contact',
  e: 'content-encoding',
  l: 'content-length',
  c: 'content-type',
  f: 'from',
  s: 'subject',
  k: 'supported',
  t: 'to',
  v: 'via',
  o: 'event',
  u: 'allow-events',
  r: 'refer-to',
  b: 'referred-by',
  x: 'session-expires',
  y: 'identity',
  n: 'identity-info',
  a: 'accept-contact',
  j: 'reject-contact',
  d: 'request-disposition',
};

// Names repeat endlessly (a few dozen distinct ones per deployment): memoize the canonical key.
const keyCache = new Map<string, string>();

/** The lookup key of a header name: lower case, compact form expanded. */
export function headerKey(name: string): string {
  let k = keyCache.get(name);
  if (k !== undefined) return k;
  const lower = name.toLowerCase();
  k = lower.length === 1 ? (COMPACT[lower] ?? lower) : lower;
  if (keyCache.size < 4096) keyCache.set(name, k);
  return k;
}

/** The first raw value of the named header, or undefined. */
export function getHeader(msg: { headers: readonly SipHeader[] }, name: string): string | undefined {
  const key = headerKey(name);
  const hs = msg.headers;
  for (let i = 0; i < hs.length; i++) {
    const h = hs[i]!;
    if (headerKey(h.name) === key) return h.value;
  }
  return undefined;
}

/** Every raw value (one per header line) of the named header, in order. */
export function getHeaders(msg: { headers: readonly SipHeader[] }, name: string): string[] {
  const key = headerKey(name);
  const out: string[] = [];
  for (const h of msg.headers) if (headerKey(h.name) === key) out.push(h.value);
  return out;
}

/** Every value of a comma-separated (list) header across all its lines, e.g. Via or Supported. */
export function getHeaderValues(msg: { headers: readonly SipHeader[] }, name: string): string[] {
  const out: string[] = [];
  for (const v of getHeaders(msg, name)) for (const part of splitHeaderValue(v)) out.push(part);
  return out;
}

export function hasHeader(msg: { headers: readonly SipHeader[] }, name: string): boolean {
  return getHeader(msg, name) !== undefined;
}

/** Replaces the first header of that name (keeping its position) and drops the others; appends if absent. */
export function setHeader(msg: SipMessage, name: string, value: string): void {
  const key = headerKey(name);
  let done = false;
  msg.headers = msg.headers.filter((h) => {
    if (headerKey(h.name) !== key) return true;
    if (done) return false;
    h.value = value;
    done = true;
    return true;
  });
  if (!done) msg.headers.push({ name, value });
}

export function addHeader(msg: SipMessage, name: string, value: string): void {
  msg.headers.push({ name, value });
}

export function removeHeader(msg: SipMessage, name: string): void {
  const key = headerKey(name);
  msg.headers = msg.headers.filter((h) => headerKey(h.name) !== key);
}

/**
 * Splits a header value on commas that are outside quoted strings, angle brackets and
 * parentheses (RFC 3261 §7.3.1). Empty elements are dropped; elements are trimmed.
 * Auth headers (Authorization, WWW-Authenticate, ...) are NOT lists: never split them.
 */
export function splitHeaderValue(value: string): string[] {
  const out: string[] = [];
  let start = 0;
  let inQuote = false;
  let angle = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (inQuote) {
      if (c === 0x5c)
        i++; // quoted-pair
      else if (c === 0x22) inQuote = false;
    } else if (c === 0x22) inQuote = true;
    else if (c === 0x3c) angle++;
    else if (c === 0x3e) {
      if (angle > 0) angle--;
    } else if (c === 0x2c && angle === 0) {
      const part = trimLws(value.slice(start, i));
      if (part.length > 0) out.push(part);
      start = i + 1;
    }
  }
  const last = trimLws(value.slice(start));
  if (last.length > 0) out.push(last);
  return out;
}
