// Shared pieces of the RFC 3261 §25.1 grammar: quoted-string (with quoted-pair escapes) and
// generic-param lists `*( SEMI generic-param )` with optional LWS around ';' and '='.
import { SipParseError, type SipParseErrorKind } from './errors.js';
import { isTokenChar, isWs, skipWs } from './chars.js';

export type SipParams = Map<string, string | null>;

export interface Scanned<T> {
  value: T;
  /** Index just past what was consumed. */
  end: number;
}

/** Reads a quoted-string starting at the opening quote; returns the unescaped content. */
export function readQuoted(
  s: string,
  i: number,
  kind: SipParseErrorKind = 'bad-quoted-string',
): Scanned<string> {
  // RFC 3261 §25.1: quoted-pair = "\" (%x00-09 / %x0B-0C / %x0E-7F)
  let out = '';
  let from = i + 1;
  for (let j = i + 1; j < s.length; j++) {
    const c = s.charCodeAt(j);
    if (c === 0x5c) {
      if (j + 1 >= s.length) break;
      out += s.slice(from, j);
      from = j + 1;
      j++;
    } else if (c === 0x22) {
      return { value: out + s.slice(from, j), end: j + 1 };
    }
  }
  throw new SipParseError(kind, `unterminated quoted string in "${clip(s)}": close the quote`);
}

/** Quotes a value for output, escaping '"' and '\' (RFC 3261 §25.1 quoted-pair). */
export function quote(value: string): string {
  let needs = false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0x22 || c === 0x5c) {
      needs = true;
      break;
    }
  }
  if (!needs) return '"' + value + '"';
  let out = '"';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    out += ch === '"' || ch === '\\' ? '\\' + ch : ch;
  }
  return out + '"';
}

/**
 * Parses `*( SEMI generic-param )` from index i. Stops (without consuming) at ',' or at any
 * character in `stop` outside a parameter. Names are lower-cased keys; quoted values are unquoted.
 */
export function readParams(s: string, i: number, kind: SipParseErrorKind, stop = ''): Scanned<SipParams> {
  const params: SipParams = new Map();
  for (;;) {
    i = skipWs(s, i);
    if (i >= s.length || s.charCodeAt(i) !== 0x3b /* ; */) return { value: params, end: i };
    i = skipWs(s, i + 1);
    const nameStart = i;
    while (i < s.length && isTokenChar(s.charCodeAt(i))) i++;
    if (i === nameStart)
      throw new SipParseError(kind, `empty parameter in "${clip(s)}": remove the stray ';'`);
    const name = s.slice(nameStart, i).toLowerCase();
    const j = skipWs(s, i);
    if (j < s.length && s.charCodeAt(j) === 0x3d /* = */) {
      i = skipWs(s, j + 1);
      if (i < s.length && s.charCodeAt(i) === 0x22) {
        const q = readQuoted(s, i, kind);
        params.set(name, q.value);
        i = q.end;
      } else {
        const vStart = i;
        while (i < s.length) {
          const c = s.charCodeAt(i);
          if (c === 0x3b || c === 0x2c || isWs(c) || stop.includes(s[i]!)) break;
          i++;
        }
        if (i === vStart)
          throw new SipParseError(kind, `parameter "${name}" has '=' but no value in "${clip(s)}"`);
        params.set(name, s.slice(vStart, i));
      }
    } else {
      params.set(name, null);
    }
  }
}

/** Serializes params as `;name=value` (quoting values that are not tokens-or-hosts). */
export function formatParams(params: ReadonlyMap<string, string | null>): string {
  let out = '';
  for (const [k, v] of params) {
    if (v === null) out += ';' + k;
    else out += ';' + k + '=' + (needsQuote(v) ? quote(v) : v);
  }
  return out;
}

function needsQuote(v: string): boolean {
  if (v.length === 0) return true;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    // token chars plus ':' '[' ']' for hosts and IPv6 references
    if (!(isTokenChar(c) || c === 0x3a || c === 0x5b || c === 0x5d)) return true;
  }
  return false;
}

/** Shortens input echoed into error messages (and keeps them one line). */
export function clip(s: string, max = 80): string {
  const t = s.length > max ? s.slice(0, max) + '...' : s;
  return t.replace(/[\r\n]/g, ' ');
}
