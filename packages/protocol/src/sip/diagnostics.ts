// `ms-diagnostics` (MS-SIPRE §2.2.4): the header a refusal carries to say why, written by the server and read
// by the SDK. Value: `code;reason="...";source="<fqdn>"` plus Lync's `component="..."`. The numeric codes
// are pchat's vocabulary, stable so that administrators can search for them; 20010 is the code Lync's
// Persistent Chat server used for provisioning refusals.
import { readParams, quote } from './grammar.js';

export const DIAG = {
  notEnabledByPolicy: 20010,
  notAUserPrincipal: 20011,
  principalDisabled: 20012,
  noSuchChatUri: 20013,
  permission: 20014,
  chatServiceUnavailable: 20015,
  notACallServer: 20016,
  domainOther: 20099,
  authFailed: 1000,
  throttled: 1001,
  notSignedIn: 1002,
  identityMismatch: 1003,
  assertedIdentityRefused: 1004,
  unknownUser: 1005,
  intervalTooBrief: 1006,
  badRegister: 1007,
  badEvent: 1008,
  badSignature: 1009,
  replayedSignature: 1010,
  notRegistered: 1011,
  serverError: 1099,
} as const;

export type DiagCode = (typeof DIAG)[keyof typeof DIAG];

export type DiagComponent = 'PersistentChat' | 'Registrar' | 'Authentication' | 'FrontEnd';

/** A parsed `ms-diagnostics` value. */
export interface MsDiagnostics {
  code: number;
  reason?: string;
  source?: string;
  component?: string;
}

/** Text safe inside the header's quoted strings: no quotes, backslashes or controls; bounded. */
export function diagText(s: string): string {
  let out = '';
  for (let i = 0; i < s.length && out.length < 400; i++) {
    const c = s.charCodeAt(i);
    out += c < 0x20 || c === 0x22 || c === 0x5c || c === 0x7f ? ' ' : s[i];
  }
  return out;
}

/** The header value. Reason and source are cleaned with diagText (the header must stay one readable line). */
export function formatMsDiagnostics(d: {
  code: number;
  reason: string;
  source: string;
  component: string;
}): string {
  return `${d.code};reason=${quote(diagText(d.reason))};source=${quote(diagText(d.source))};component=${quote(d.component)}`;
}

/** Parses an `ms-diagnostics` (or `ms-diagnostics-public`) value; undefined when absent or unreadable. */
export function parseMsDiagnostics(value: string | undefined): MsDiagnostics | undefined {
  if (value === undefined) return undefined;
  const m = /^\s*(\d+)/.exec(value);
  if (!m) return undefined;
  const out: MsDiagnostics = { code: Number(m[1]) };
  let params: Map<string, string | null>;
  try {
    params = readParams(value, m[0].length, 'bad-params').value;
  } catch {
    return out; // the code alone is still worth having
  }
  const reason = params.get('reason');
  const source = params.get('source');
  const component = params.get('component');
  if (typeof reason === 'string') out.reason = reason;
  if (typeof source === 'string') out.source = source;
  if (typeof component === 'string') out.component = component;
  return out;
}
