// Text-level helpers for MS-SIPAE headers: pidgin-sipe's rules for pulling the signed values out of raw
// header values, the NTLM auth-parameter list (read with the codec's parseAuth), and Authentication-Info.
import { parseAuth, type SipAuth } from '@pchat/protocol';
import { NtlmError } from './errors.js';
import type { SipaeSignatureFields } from './sipae-signature.js';

/** sipmsg_find_part_of_header(): text after `before` up to `after` (or the end); `''` if `before` is absent. */
function partOf(value: string, before: string | null, after: string | null): string {
  let start = 0;
  if (before !== null) {
    const i = value.indexOf(before);
    if (i < 0) return '';
    start = i + before.length;
  }
  if (after !== null) {
    const j = value.indexOf(after, start);
    if (j >= 0) return value.slice(start, j);
  }
  return value.slice(start);
}

/** URI between the first "<" and ">", empty without angle brackets (COMPAT(pidgin-sipe): sipe-sign.c). */
export function uriOf(nameAddr: string): string {
  return partOf(nameAddr, '<', '>');
}

/** The tag= parameter (";tag=" is matched case-sensitively, as sipe does), empty if none. */
export function tagOf(nameAddr: string): string {
  return partOf(nameAddr, ';tag=', ';');
}

/** P-Asserted-Identity (or P-Preferred-Identity) to its sip: and tel: URIs (MS-SIPAE §3.2.5.1.2). */
export function pAssertedIdentityUris(value: string): { sip?: string; tel?: string } {
  const v = value.trim();
  if (/^tel:/i.test(v)) return { tel: v };
  const out: { sip?: string; tel?: string } = {};
  for (const part of v.split(',')) {
    if (!part.includes('<')) continue;
    const uri = partOf(part, '<', '>');
    if (/^sip:/i.test(uri) && out.sip === undefined) out.sip = uri;
    else if (/^tel:/i.test(uri) && out.tel === undefined) out.tel = uri;
  }
  return out;
}

/** Raw header values of one message (first instance of each; undefined when absent). */
export interface RawSignedHeaders {
  readonly callId: string;
  readonly cseq: string;
  readonly from: string;
  readonly to: string;
  readonly pAssertedIdentity?: string;
  readonly pPreferredIdentity?: string;
  readonly expires?: string;
  /** Request method, or undefined for responses (then CSeq's method is used). */
  readonly requestMethod?: string;
  readonly statusCode?: number;
}

export interface SignatureContext {
  readonly rand: string;
  readonly num: string;
  readonly realm: string;
  readonly targetname: string;
  readonly protocol?: string;
}

/** Builds SipaeSignatureFields from raw header values with pidgin-sipe's extraction rules. */
export function fieldsFromHeaders(h: RawSignedHeaders, ctx: SignatureContext): SipaeSignatureFields {
  const cseq = h.cseq.trim();
  const sp = cseq.indexOf(' ');
  const cseqNumber = sp < 0 ? cseq : cseq.slice(0, sp);
  const cseqMethod = sp < 0 ? '' : cseq.slice(sp + 1).trim();
  const pai = h.pAssertedIdentity ?? h.pPreferredIdentity;
  const uris = pai !== undefined ? pAssertedIdentityUris(pai) : {};
  return {
    protocol: ctx.protocol ?? 'NTLM',
    rand: ctx.rand,
    num: ctx.num,
    realm: ctx.realm,
    targetname: ctx.targetname,
    callId: h.callId.trim(),
    cseqNumber,
    method: h.requestMethod ?? cseqMethod,
    fromUri: uriOf(h.from),
    fromTag: tagOf(h.from),
    toUri: uriOf(h.to),
    toTag: tagOf(h.to),
    ...(uris.sip !== undefined ? { pAssertedIdentitySip: uris.sip } : {}),
    ...(uris.tel !== undefined ? { pAssertedIdentityTel: uris.tel } : {}),
    ...(h.expires !== undefined ? { expires: h.expires.trim() } : {}),
    ...(h.statusCode !== undefined ? { statusCode: h.statusCode } : {}),
  };
}

export interface AuthParams {
  /** "NTLM", "Kerberos", "TLS-DSK"... as written. */
  readonly scheme: string;
  /** Parameter names lower-cased; quoted values unquoted. */
  readonly params: ReadonlyMap<string, string>;
}

/**
 * Parses `NTLM qop="auth", realm="...", gssapi-data="...", version=4, ...` (Authorization,
 * Proxy-Authorization, WWW-Authenticate, Authentication-Info) with the codec's auth-header grammar.
 */
export function parseAuthParams(value: string): AuthParams {
  let a: SipAuth;
  try {
    a = parseAuth(value);
  } catch {
    a = { scheme: null, list: [], params: new Map() };
  }
  if (a.scheme === null)
    throw new NtlmError(
      'InvalidInput',
      'malformed authentication parameters: expected "Scheme name=value, ..."',
    );
  return { scheme: a.scheme, params: a.params };
}

export interface AuthenticationInfoValues {
  readonly rspauth: string;
  readonly srand: string;
  readonly snum: string;
  readonly realm: string;
  readonly targetname: string;
  readonly opaque: string;
}

/**
 * Authentication-Info value for a signed server message (MS-SIPAE §2.2.4). COMPAT(pidgin-sipe): the
 * client reads srand/snum/realm/targetname for its own signature input back *from this header*, by
 * substring search for `rand="`, `num="`, `realm="`, `targetname="`; keep these exact spellings.
 */
export function formatAuthenticationInfo(v: AuthenticationInfoValues, protocol = 'NTLM'): string {
  return `${protocol} rspauth="${v.rspauth}", srand="${v.srand}", snum="${v.snum}", realm="${v.realm}", targetname="${v.targetname}", qop="auth", opaque="${v.opaque}"`;
}
