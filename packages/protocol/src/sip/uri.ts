// SIP/SIPS URI parse and format (RFC 3261 §19.1). Other schemes (tel:, ma-chan:, urn:, ...) are
// kept opaque: the codec does not know them, and Persistent Chat channel URIs are opaque.
import { SipParseError } from './errors.js';
import { clip } from './grammar.js';

export interface SipUri {
  /** Lower-cased scheme: 'sip', 'sips', 'tel', 'ma-chan', ... */
  scheme: string;
  /** User part as written (escapes kept), or null. */
  user: string | null;
  password: string | null;
  /** Host as written (IPv6 references keep their brackets); '' for opaque schemes. */
  host: string;
  port: number | null;
  /** URI parameters (`transport`, `maddr`, `lr`, `ms-opaque`, `gr`, ...), lower-cased names. */
  params: Map<string, string | null>;
  /** URI headers after '?', values as written. */
  headers: Map<string, string>;
  /** Everything after `scheme:` for schemes other than sip/sips; null for sip/sips. */
  opaque: string | null;
  /** The text the URI was parsed from. */
  raw: string;
}

function isSchemeChar(c: number, first: boolean): boolean {
  const alpha = (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
  if (first) return alpha;
  return alpha || (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e;
}

function bad(text: string, why: string): SipParseError {
  return new SipParseError('bad-uri', `malformed URI "${clip(text)}": ${why}`);
}

/** Parses an absolute URI. Throws SipParseError('bad-uri') on malformed input. */
export function parseUri(text: string): SipUri {
  let i = 0;
  while (i < text.length && isSchemeChar(text.charCodeAt(i), i === 0)) i++;
  if (i === 0 || i >= text.length || text.charCodeAt(i) !== 0x3a)
    throw bad(text, 'expected scheme followed by ":"');
  for (let j = 0; j < text.length; j++) {
    const c = text.charCodeAt(j);
    // RFC 3261 §25.1: no LWS, controls, '<', '>' or '"' inside a URI.
    if (c <= 0x20 || c === 0x7f || c === 0x3c || c === 0x3e || c === 0x22)
      throw bad(text, 'contains a space, control, quote or angle bracket');
  }
  const scheme = text.slice(0, i).toLowerCase();
  const rest = text.slice(i + 1);
  if (scheme !== 'sip' && scheme !== 'sips') {
    if (rest.length === 0) throw bad(text, 'empty after scheme');
    return {
      scheme,
      user: null,
      password: null,
      host: '',
      port: null,
      params: new Map(),
      headers: new Map(),
      opaque: rest,
      raw: text,
    };
  }
  // The host cannot contain '@' but the user part may contain '?', ';', '/' (user-unreserved), so
  // userinfo ends at the LAST '@'.
  // COMPAT(pidgin-sipe): `sip:alice@example.test@127.0.0.1` (an unescaped '@' in the user part) is
  // accepted with user "alice@example.test".
  const at = rest.lastIndexOf('@');
  let user: string | null = null;
  let password: string | null = null;
  let hp = rest;
  if (at >= 0) {
    const userinfo = rest.slice(0, at);
    if (userinfo.length === 0) throw bad(text, 'empty user part before "@"');
    const colon = userinfo.indexOf(':');
    if (colon >= 0) {
      user = userinfo.slice(0, colon);
      password = userinfo.slice(colon + 1);
    } else user = userinfo;
    hp = rest.slice(at + 1);
  }
  let k = 0;
  let host: string;
  if (hp.charCodeAt(0) === 0x5b) {
    const close = hp.indexOf(']');
    if (close < 0) throw bad(text, 'unterminated IPv6 reference');
    host = hp.slice(0, close + 1);
    k = close + 1;
  } else {
    while (k < hp.length) {
      const c = hp.charCodeAt(k);
      const ok =
        (c >= 0x30 && c <= 0x39) ||
        (c >= 0x41 && c <= 0x5a) ||
        (c >= 0x61 && c <= 0x7a) ||
        c === 0x2d ||
        c === 0x2e ||
        c === 0x5f;
      if (!ok) break;
      k++;
    }
    host = hp.slice(0, k);
  }
  if (host.length === 0) throw bad(text, 'missing host');
  let port: number | null = null;
  if (k < hp.length && hp.charCodeAt(k) === 0x3a) {
    const ps = ++k;
    while (k < hp.length && hp.charCodeAt(k) >= 0x30 && hp.charCodeAt(k) <= 0x39) k++;
    if (k === ps || k - ps > 5) throw bad(text, 'port must be 1 to 5 digits');
    port = Number(hp.slice(ps, k));
    if (port > 65535) throw bad(text, 'port above 65535');
  }
  const params = new Map<string, string | null>();
  const headers = new Map<string, string>();
  while (k < hp.length && hp.charCodeAt(k) === 0x3b) {
    let e = k + 1;
    while (e < hp.length && hp.charCodeAt(e) !== 0x3b && hp.charCodeAt(e) !== 0x3f) e++;
    const p = hp.slice(k + 1, e);
    const eq = p.indexOf('=');
    const name = (eq >= 0 ? p.slice(0, eq) : p).toLowerCase();
    if (name.length === 0) throw bad(text, 'empty URI parameter');
    params.set(name, eq >= 0 ? p.slice(eq + 1) : null);
    k = e;
  }
  if (k < hp.length && hp.charCodeAt(k) === 0x3f) {
    for (const pair of hp.slice(k + 1).split('&')) {
      const eq = pair.indexOf('=');
      if (eq <= 0) throw bad(text, `URI header "${clip(pair, 20)}" needs name=value`);
      headers.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    k = hp.length;
  }
  if (k !== hp.length) throw bad(text, `unexpected "${hp[k]}" after host`);
  return { scheme, user, password, host, port, params, headers, opaque: null, raw: text };
}

/** Formats a URI from its parts (not from `raw`). */
export function formatUri(uri: SipUri): string {
  if (uri.opaque !== null) return uri.scheme + ':' + uri.opaque;
  let out = uri.scheme + ':';
  if (uri.user !== null) out += uri.user + (uri.password !== null ? ':' + uri.password : '') + '@';
  out += uri.host;
  if (uri.port !== null) out += ':' + uri.port;
  for (const [k, v] of uri.params) out += ';' + k + (v === null ? '' : '=' + v);
  let first = true;
  for (const [k, v] of uri.headers) {
    out += (first ? '?' : '&') + k + '=' + v;
    first = false;
  }
  return out;
}

/** `user@host` of a sip/sips URI (the address-of-record form used for identities), lower-cased host. */
export function uriAddress(uri: SipUri): string {
  if (uri.opaque !== null) return uri.scheme + ':' + uri.opaque;
  return uri.scheme + ':' + (uri.user !== null ? uri.user + '@' : '') + uri.host.toLowerCase();
}
