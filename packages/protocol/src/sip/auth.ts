// Authentication headers: WWW-Authenticate / Authorization / Proxy-* (RFC 3261 §20.7, §25.1
// challenge and credentials) and Authentication-Info (§20.6), including Microsoft's
// `NTLM qop="auth", realm="SIP Communications Service", targetname="..", gssapi-data="..", version=4`
// (MS-SIPAE §2.2). MS-SIPAE signs and echoes parameters exactly as written, so the raw text of each
// value is kept beside the unquoted one.
import { SipParseError } from './errors.js';
import { isTokenChar, isWs, skipWs } from './chars.js';
import { clip, quote, readQuoted } from './grammar.js';

export interface SipAuthParam {
  /** Name as written. */
  name: string;
  /** Value with quotes removed and escapes resolved. */
  value: string;
  /** Value exactly as written (with its quotes when quoted). */
  raw: string;
  quoted: boolean;
}

export interface SipAuth {
  /** 'Digest', 'NTLM', 'Kerberos', 'TLS-DSK', ... as written; null when the value starts with a parameter (plain Authentication-Info). */
  scheme: string | null;
  /** Parameters in order. */
  list: SipAuthParam[];
  /** Lower-cased name -> unquoted value (first occurrence wins). */
  params: Map<string, string>;
}

function bad(text: string, why: string): SipParseError {
  return new SipParseError('bad-auth', `malformed authentication header "${clip(text)}": ${why}`);
}

/** Parses a challenge, credentials or Authentication-Info value. */
export function parseAuth(text: string): SipAuth {
  let i = skipWs(text, 0);
  let e = i;
  while (e < text.length && isTokenChar(text.charCodeAt(e))) e++;
  if (e === i) throw bad(text, 'expected a scheme or a parameter name');
  let scheme: string | null = null;
  const after = skipWs(text, e);
  if (text[after] !== '=') {
    scheme = text.slice(i, e);
    i = after;
  }
  const list: SipAuthParam[] = [];
  const params = new Map<string, string>();
  while (i < text.length) {
    i = skipWs(text, i);
    if (i >= text.length) break;
    const ns = i;
    while (i < text.length && isTokenChar(text.charCodeAt(i))) i++;
    if (i === ns) throw bad(text, `expected a parameter name at "${clip(text.slice(ns), 20)}"`);
    const name = text.slice(ns, i);
    i = skipWs(text, i);
    if (text[i] !== '=') throw bad(text, `parameter "${name}" needs "=value"`);
    i = skipWs(text, i + 1);
    let value: string;
    let raw: string;
    let quoted = false;
    if (text[i] === '"') {
      const q = readQuoted(text, i, 'bad-auth');
      value = q.value;
      raw = text.slice(i, q.end);
      quoted = true;
      i = q.end;
    } else {
      const vs = i;
      while (i < text.length && text[i] !== ',' && !isWs(text.charCodeAt(i))) i++;
      value = raw = text.slice(vs, i);
    }
    list.push({ name, value, raw, quoted });
    const key = name.toLowerCase();
    if (!params.has(key)) params.set(key, value);
    i = skipWs(text, i);
    if (i < text.length) {
      if (text[i] !== ',') throw bad(text, `expected "," after parameter "${name}"`);
      i++;
    }
  }
  return { scheme, list, params };
}

/**
 * Formats `Scheme a="x", b=y`. Each entry is [name, value, quoted?]; quoted defaults to true.
 * Pass scheme null for a scheme-less Authentication-Info.
 */
export function formatAuth(
  scheme: string | null,
  params: ReadonlyArray<readonly [string, string, boolean?]>,
): string {
  const body = params.map(([n, v, q]) => n + '=' + (q === false ? v : quote(v))).join(', ');
  return scheme === null ? body : scheme + ' ' + body;
}
