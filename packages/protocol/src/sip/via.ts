// Via (RFC 3261 §20.42, §18.2.1 received, RFC 3581 rport). LWS is allowed around '/' and ':'
// (SLASH and COLON in §25.1), which the RFC 4475 wsinv message exercises.
import { SipParseError } from './errors.js';
import { isTokenChar, skipWs } from './chars.js';
import { clip, formatParams, readParams, type SipParams } from './grammar.js';

export interface SipVia {
  /** Upper-cased transport: 'TCP', 'TLS', 'UDP', 'WS', 'WSS', ... */
  transport: string;
  host: string;
  port: number | null;
  params: SipParams;
  branch: string | null;
  received: string | null;
  /** RFC 3581: `rport` present without value (the client asks for it) is 'requested'. */
  rport: number | 'requested' | null;
}

/** The RFC 3261 §8.1.1.7 magic cookie that marks a branch as globally unique. */
export const BRANCH_COOKIE = 'z9hG4bK';

function bad(text: string, why: string): SipParseError {
  return new SipParseError('bad-via', `malformed Via "${clip(text)}": ${why}`, { header: 'Via' });
}

function readToken(s: string, i: number): number {
  while (i < s.length && isTokenChar(s.charCodeAt(i))) i++;
  return i;
}

/** Parses one via-parm (one element of the comma-separated Via list). */
export function parseVia(text: string): SipVia {
  let i = skipWs(text, 0);
  let e = readToken(text, i);
  if (text.slice(i, e).toUpperCase() !== 'SIP') throw bad(text, 'protocol must be SIP');
  i = skipWs(text, e);
  if (text[i] !== '/') throw bad(text, 'expected "/" after SIP');
  i = skipWs(text, i + 1);
  e = readToken(text, i);
  if (text.slice(i, e) !== '2.0') throw bad(text, 'version must be 2.0');
  i = skipWs(text, e);
  if (text[i] !== '/') throw bad(text, 'expected "/" before the transport');
  i = skipWs(text, i + 1);
  e = readToken(text, i);
  if (e === i) throw bad(text, 'missing transport');
  const transport = text.slice(i, e).toUpperCase();
  i = skipWs(text, e);
  let host: string;
  if (text[i] === '[') {
    const close = text.indexOf(']', i);
    if (close < 0) throw bad(text, 'unterminated IPv6 reference');
    host = text.slice(i, close + 1);
    i = close + 1;
  } else {
    e = i;
    while (e < text.length) {
      const c = text.charCodeAt(e);
      const ok =
        (c >= 0x30 && c <= 0x39) ||
        (c >= 0x41 && c <= 0x5a) ||
        (c >= 0x61 && c <= 0x7a) ||
        c === 0x2d ||
        c === 0x2e ||
        c === 0x5f;
      if (!ok) break;
      e++;
    }
    host = text.slice(i, e);
    i = e;
  }
  if (host.length === 0) throw bad(text, 'missing sent-by host');
  let port: number | null = null;
  const j = skipWs(text, i);
  if (text[j] === ':') {
    i = skipWs(text, j + 1);
    e = i;
    while (e < text.length && text.charCodeAt(e) >= 0x30 && text.charCodeAt(e) <= 0x39) e++;
    if (e === i || e - i > 5 || Number(text.slice(i, e)) > 65535) throw bad(text, 'bad port');
    port = Number(text.slice(i, e));
    i = e;
  }
  let params: SipParams;
  try {
    const p = readParams(text, i, 'bad-via');
    params = p.value;
    i = skipWs(text, p.end);
  } catch (err) {
    throw bad(text, err instanceof Error ? err.message : 'bad parameters');
  }
  if (i !== text.length) throw bad(text, `unexpected "${text[i]}"`);
  const rp = params.get('rport');
  let rport: SipVia['rport'] = null;
  if (rp === null) rport = 'requested';
  else if (rp !== undefined) {
    const n = Number(rp);
    if (!Number.isInteger(n) || n < 0 || n > 65535) throw bad(text, 'rport must be a port number');
    rport = n;
  }
  return {
    transport,
    host,
    port,
    params,
    branch: params.get('branch') ?? null,
    received: params.get('received') ?? null,
    rport,
  };
}

/** Formats a via-parm from its parts (branch/received/rport are taken from `params`). */
export function formatVia(via: Pick<SipVia, 'transport' | 'host' | 'port' | 'params'>): string {
  return (
    'SIP/2.0/' +
    via.transport +
    ' ' +
    via.host +
    (via.port !== null ? ':' + via.port : '') +
    formatParams(via.params)
  );
}
