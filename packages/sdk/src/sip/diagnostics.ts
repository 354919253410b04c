// Reading a refusal: SIP final status + `ms-diagnostics` (MS-SIPRE §2.2.4) → PersistentChatError. The
// server's diagnostic codes are stable (packages/server/src/frontend/diagnostics.ts, DIAG); Lync's 20010
// with 486 is the contact-object refusal (PC-82).
import { getHeader, type SipResponse } from '@pchat/protocol';
import { PersistentChatError, type PersistentChatErrorCode } from '../errors.js';

/** A parsed `ms-diagnostics` header value: `code;reason="...";source="...";component="..."`. */
export interface MsDiagnostics {
  code: number;
  reason?: string;
  source?: string;
  component?: string;
}

/** Parses `ms-diagnostics` (or `ms-diagnostics-public`); undefined when absent or unreadable. */
export function parseMsDiagnostics(value: string | undefined): MsDiagnostics | undefined {
  if (value === undefined) return undefined;
  const m = /^\s*(\d+)/.exec(value);
  if (!m) return undefined;
  const out: MsDiagnostics = { code: Number(m[1]) };
  for (const p of value.matchAll(/;\s*([A-Za-z-]+)\s*=\s*"([^"]*)"/g)) {
    const k = p[1]!.toLowerCase();
    if (k === 'reason') out.reason = p[2]!;
    else if (k === 'source') out.source = p[2]!;
    else if (k === 'component') out.component = p[2]!;
  }
  return out;
}

const BY_DIAG: Record<number, PersistentChatErrorCode> = {
  20010: 'NotEnabledByPolicy',
  20011: 'NotAUserPrincipal',
  20012: 'PrincipalDisabled',
  20013: 'NoSuchNode',
  20014: 'ErrorPermission',
  20015: 'ServiceUnavailable',
  20016: 'MsgNotSupported',
  1000: 'AuthenticationFailed',
  1001: 'LimitExceeded',
  1002: 'InvalidFlowOfOperations',
  1003: 'ErrorPermission',
  1004: 'ErrorPermission',
  1005: 'NoSuchPrincipal',
  1006: 'InvalidArgument',
  1007: 'InvalidArgument',
  1008: 'MsgNotSupported',
  1099: 'ServerError',
};

const HINT: Partial<Record<PersistentChatErrorCode, string>> = {
  NotEnabledByPolicy:
    'Ask an administrator to grant a Persistent Chat policy with EnablePersistentChat=$true to this user.',
  NotAUserPrincipal:
    'Persistent Chat endpoints must be owned by a user object: sign the endpoint in with the SIP address of a user, not of a trusted application contact.',
  PrincipalDisabled: 'Ask an administrator to enable the user.',
  NoSuchNode:
    'Check the chat server URI: use getProvisioningData().persistentChatConfiguration.defaultPersistentChatUri.',
  AuthenticationFailed:
    'Check the user name and password (or, for an ApplicationEndpoint, the trusted application certificate).',
  ServiceUnavailable: 'Retry later.',
};

function byStatus(status: number): PersistentChatErrorCode {
  if (status === 401 || status === 407) return 'AuthenticationFailed';
  if (status === 403) return 'ErrorPermission';
  if (status === 404) return 'NoSuchNode';
  if (status === 408) return 'OperationTimeout';
  if (status === 480 || status === 486 || status === 503) return 'ServiceUnavailable';
  if (status === 488 || status === 489 || status === 405 || status === 501) return 'MsgNotSupported';
  if (status >= 400 && status < 500) return 'InvalidArgument';
  return 'ServerError';
}

/** The typed error for a SIP final refusal of `operation` (a method or a description). */
export function errorFromResponse(res: SipResponse, operation: string): PersistentChatError {
  const diag = parseMsDiagnostics(
    getHeader(res, 'ms-diagnostics') ?? getHeader(res, 'ms-diagnostics-public'),
  );
  let code: PersistentChatErrorCode =
    diag !== undefined && BY_DIAG[diag.code] !== undefined ? BY_DIAG[diag.code]! : byStatus(res.status);
  // COMPAT(lync): Lync's Persistent Chat refused contact-owned endpoints with 486 + 20010 (PC-82).
  if (res.status === 486 && diag?.code === 20010) code = 'NotAUserPrincipal';
  const ra = getHeader(res, 'Retry-After');
  const retryAfter = ra !== undefined && /^\s*\d+/.test(ra) ? parseInt(ra, 10) : undefined;
  const why = diag?.reason ?? res.reason;
  const hint = HINT[code];
  const message = `${operation} refused: ${res.status} ${res.reason}${diag ? ` (ms-diagnostics ${diag.code})` : ''}: ${why}.${hint && !why.includes(hint) ? ' ' + hint : ''}`;
  return new PersistentChatError(code, message, {
    sipStatus: res.status,
    operation,
    ...(diag ? { diagnosticCode: diag.code } : {}),
    ...(diag?.reason !== undefined ? { diagnosticReason: diag.reason } : {}),
    ...(retryAfter !== undefined ? { retryAfter } : {}),
  });
}
