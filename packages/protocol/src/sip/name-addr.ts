// name-addr / addr-spec with header parameters (RFC 3261 §20.10, §25.1): From, To, Contact,
// Route, Record-Route, Refer-To, P-Asserted-Identity.
import { SipParseError } from './errors.js';
import { isTokenChar, isWs, skipWs } from './chars.js';
import { clip, formatParams, quote, readParams, readQuoted, type SipParams } from './grammar.js';
import { parseUri, type SipUri } from './uri.js';

export interface SipNameAddr {
  /** Display name, unquoted and unescaped; null when absent. */
  displayName: string | null;
  uri: SipUri;
  /** Header parameters (`tag`, `epid`, `expires`, `q`, `+sip.instance`, ...). */
  params: SipParams;
  /** True when the URI was written inside angle brackets. */
  bracketed: boolean;
}

function bad(text: string, why: string): SipParseError {
  return new SipParseError('bad-name-addr', `malformed address "${clip(text)}": ${why}`);
}

/** Parses one name-addr or addr-spec with its parameters (one element of a list header). */
export function parseNameAddr(text: string): SipNameAddr {
  let i = skipWs(text, 0);
  let displayName: string | null = null;
  let lt = -1;
  if (text.charCodeAt(i) === 0x22) {
    try {
      const q = readQuoted(text, i, 'bad-name-addr');
      displayName = q.value;
      i = skipWs(text, q.end);
    } catch {
      throw bad(text, 'unterminated quoted display name');
    }
    if (text.charCodeAt(i) !== 0x3c) throw bad(text, 'a quoted display name must be followed by <URI>');
    lt = i;
  } else if (text.charCodeAt(i) === 0x3c) {
    lt = i;
  } else {
    // display-name = *(token LWS): read words; if '<' follows, they were the display name.
    let j = i;
    let lastWordEnd = i;
    while (j < text.length) {
      const ws = j;
      while (j < text.length && isTokenChar(text.charCodeAt(j))) j++;
      if (j === ws) break;
      lastWordEnd = j;
      j = skipWs(text, j);
    }
    if (j < text.length && text.charCodeAt(j) === 0x3c && lastWordEnd > i) {
      displayName = text.slice(i, lastWordEnd);
      lt = j;
    }
  }
  let uriText: string;
  let k: number;
  if (lt >= 0) {
    const gt = text.indexOf('>', lt);
    if (gt < 0) throw bad(text, 'missing ">"');
    uriText = text.slice(lt + 1, gt);
    if (uriText.length === 0 || isWs(uriText.charCodeAt(0)) || isWs(uriText.charCodeAt(uriText.length - 1)))
      throw bad(text, 'no spaces allowed inside <...>');
    k = gt + 1;
  } else {
    // addr-spec form: the URI ends at the first ';' (those params are header params, §20.10) and a
    // URI with '?' or ',' must be bracketed.
    let e = i;
    while (e < text.length && text.charCodeAt(e) !== 0x3b && !isWs(text.charCodeAt(e))) e++;
    uriText = text.slice(i, e);
    if (uriText.includes('?')) throw bad(text, 'a URI with headers ("?") must be enclosed in <...>');
    k = e;
  }
  let uri: SipUri;
  try {
    uri = parseUri(uriText);
  } catch (e) {
    throw bad(text, e instanceof Error ? e.message : 'bad URI');
  }
  const p = readParams(text, k, 'bad-name-addr');
  const end = skipWs(text, p.end);
  if (end !== text.length) throw bad(text, `unexpected "${text[end]}"`);
  return { displayName, uri, params: p.value, bracketed: lt >= 0 };
}

/** Parses every element of a list header value (Contact, Route, Record-Route). */
export function parseNameAddrList(values: readonly string[]): SipNameAddr[] {
  return values.map(parseNameAddr);
}

/** Formats as `"Name" <uri>;params` (always bracketed: safe whatever the URI holds). */
export function formatNameAddr(na: {
  displayName?: string | null;
  uri: string | SipUri;
  params?: ReadonlyMap<string, string | null>;
}): string {
  const uri = typeof na.uri === 'string' ? na.uri : na.uri.raw;
  const dn = na.displayName ? quote(na.displayName) + ' ' : '';
  return dn + '<' + uri + '>' + (na.params ? formatParams(na.params) : '');
}

/** The `tag` parameter of a From/To value, or null (cheap: no full parse). */
export function tagOf(value: string): string | null {
  return paramOf(value, 'tag');
}

/**
 * A header parameter of a name-addr value without building the whole structure: looks after the
 * closing '>' (or after the addr-spec) for `;name=value`. Returns null when absent or valueless.
 */
export function paramOf(value: string, name: string): string | null {
  const gt = value.lastIndexOf('>');
  const from = gt >= 0 ? gt + 1 : 0;
  try {
    const semi = value.indexOf(';', from);
    if (semi < 0) return null;
    return readParams(value, semi, 'bad-name-addr').value.get(name) ?? null;
  } catch {
    return null;
  }
}
