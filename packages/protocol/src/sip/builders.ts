// Building requests and responses (RFC 3261 §8.1.1 for requests, §8.2.6 for responses) and the
// random identifiers they need (§8.1.1.7 branch, §19.3 tags and Call-IDs).
import { getHeader, headerKey, splitHeaderValue } from './headers.js';
import type { SipHeader, SipRequest, SipResponse } from './message.js';
import { tagOf } from './name-addr.js';
import { BRANCH_COOKIE } from './via.js';
import { reasonPhrase } from './reasons.js';

function randomHex(bytes: number): string {
  const a = new Uint8Array(bytes);
  globalThis.crypto.getRandomValues(a);
  let s = '';
  for (let i = 0; i < a.length; i++) s += a[i]!.toString(16).padStart(2, '0');
  return s;
}

// RFC 3261 §8.1.1.7: a branch must be unique across space and time for all requests sent by the UA. A
// random 64-bit prefix per process plus a counter is (the prefix tells processes apart, the counter the
// requests of one process), and costs no entropy per request: the fan-out sends one INFO per delivery.
let branchPrefix = '';
let branchCounter = 0;

/** A branch with the RFC 3261 magic cookie: a random 64-bit prefix per process and a counter (base 36). */
export function generateBranch(): string {
  if (branchPrefix === '' || branchCounter >= Number.MAX_SAFE_INTEGER) {
    branchPrefix = BRANCH_COOKIE + randomHex(8) + '.';
    branchCounter = 0;
  }
  return branchPrefix + (branchCounter++).toString(36);
}

/** A From/To tag: 64 random bits (§19.3 asks for at least 32). */
export function generateTag(): string {
  return randomHex(8);
}

/** A Call-ID: 128 random bits, optionally `@host`. */
export function generateCallId(host?: string): string {
  return randomHex(16) + (host ? '@' + host : '');
}

export interface ResponseOptions {
  /** Tag to add to To when the request's To has none (§8.2.6.2). */
  toTag?: string;
  body?: string;
  /** Sets Content-Type when a body is given. */
  contentType?: string;
}

const COPIED = new Set(['via', 'from', 'to', 'call-id', 'cseq']);

/**
 * A response to `request`: Via (all, in order), From, To, Call-ID and CSeq copied (§8.2.6.2),
 * then `extraHeaders`. Works on partial requests (missing headers are simply not copied) so a
 * parse error can still be answered.
 */
export function createResponse(
  request: SipRequest,
  status: number,
  reason?: string,
  extraHeaders: readonly SipHeader[] = [],
  options: ResponseOptions = {},
): SipResponse {
  const headers: SipHeader[] = [];
  for (const h of request.headers) {
    const k = headerKey(h.name);
    if (!COPIED.has(k)) continue;
    if (k === 'to' && options.toTag !== undefined && status > 100 && tagOf(h.value) === null) {
      headers.push({ name: 'To', value: h.value + ';tag=' + options.toTag });
    } else headers.push({ name: canonicalName(k), value: h.value });
  }
  for (const h of extraHeaders) headers.push({ name: h.name, value: h.value });
  if (options.body !== undefined && options.contentType !== undefined)
    headers.push({ name: 'Content-Type', value: options.contentType });
  headers.push({ name: 'Content-Length', value: '0' });
  return {
    kind: 'response',
    status,
    reason: reason ?? reasonPhrase(status),
    headers,
    body: options.body ?? '',
  };
}

const CANONICAL: Record<string, string> = {
  via: 'Via',
  from: 'From',
  to: 'To',
  'call-id': 'Call-ID',
  cseq: 'CSeq',
};
function canonicalName(key: string): string {
  return CANONICAL[key] ?? key;
}

export interface RequestInit {
  method: string;
  /** Request-URI. */
  uri: string;
  /** Full header values, e.g. `<sip:alice@example.test>;tag=abc`. */
  from: string;
  to: string;
  callId: string;
  cseq: number;
  /** Top Via value; e.g. `SIP/2.0/TLS host:5061;branch=z9hG4bK...` (build with `formatVia`). */
  via: string;
  maxForwards?: number;
  contact?: string;
  headers?: readonly SipHeader[];
  body?: string;
  contentType?: string;
}

/** A request with the §8.1.1 mandatory headers in the conventional order. */
export function createRequest(init: RequestInit): SipRequest {
  const headers: SipHeader[] = [
    { name: 'Via', value: init.via },
    { name: 'Max-Forwards', value: String(init.maxForwards ?? 70) },
    { name: 'From', value: init.from },
    { name: 'To', value: init.to },
    { name: 'Call-ID', value: init.callId },
    { name: 'CSeq', value: init.cseq + ' ' + init.method },
  ];
  if (init.contact !== undefined) headers.push({ name: 'Contact', value: init.contact });
  for (const h of init.headers ?? []) headers.push({ name: h.name, value: h.value });
  if (init.body !== undefined && init.contentType !== undefined)
    headers.push({ name: 'Content-Type', value: init.contentType });
  headers.push({ name: 'Content-Length', value: '0' });
  return { kind: 'request', method: init.method, uri: init.uri, headers, body: init.body ?? '' };
}

/** Call-ID of a message (cheap accessor used by transaction and dialog matching). */
export function callIdOf(msg: { headers: readonly SipHeader[] }): string | undefined {
  return getHeader(msg, 'call-id');
}

/**
 * The ACK for a non-2xx final response to an INVITE (RFC 3261 §17.1.1.3): part of the INVITE's client
 * transaction, so Request-URI, top Via, From, Call-ID, CSeq number and Route come from the INVITE as sent,
 * and only To (with the tag the response set) from the response. (The ACK for a 2xx is a new request in
 * the dialog, §13.2.2.4, sent to the remote target.)
 */
export function createAckForNonSuccess(invite: SipRequest, response: SipResponse): SipRequest {
  const get = (m: SipRequest | SipResponse, n: string): string => getHeader(m, n) ?? '';
  const routes = invite.headers.filter((h) => headerKey(h.name) === 'route');
  return createRequest({
    method: 'ACK',
    uri: invite.uri,
    via: splitHeaderValue(get(invite, 'Via'))[0] ?? '',
    from: get(invite, 'From'),
    to: get(response, 'To'),
    callId: get(invite, 'Call-ID'),
    cseq: parseInt(get(invite, 'CSeq'), 10),
    headers: routes,
  });
}
