// Reading a refusal: SIP final status + `ms-diagnostics` (MS-SIPRE §2.2.4) → PersistentChatError. The
// header's format and the server's stable diagnostic codes come from the codec (@pchat/protocol DIAG);
// Lync's 20010 with 486 is the contact-object refusal.
import { DIAG, getHeader, parseMsDiagnostics, type SipResponse } from '@pchat/protocol';
import { PersistentChatError, type PersistentChatErrorCode } from '../errors.js';

export type { MsDiagnostics } from '@pchat/protocol';
export { parseMsDiagnostics };

const BY_DIAG: Record<number, PersistentChatErrorCode> = {
  [DIAG.notEnabledByPolicy]: 'NotEnabledByPolicy',
  [DIAG.notAUserPrincipal]: 'NotAUserPrincipal',
  [DIAG.principalDisabled]: 'PrincipalDisabled',
  [DIAG.noSuchChatUri]: 'NoSuchNode',
  [DIAG.permission]: 'ErrorPermission',
  [DIAG.chatServiceUnavailable]: 'ServiceUnavailable',
  [DIAG.notACallServer]: 'MsgNotSupported',
  [DIAG.authFailed]: 'AuthenticationFailed',
  [DIAG.throttled]: 'LimitExceeded',
  [DIAG.notSignedIn]: 'InvalidFlowOfOperations',
  [DIAG.identityMismatch]: 'ErrorPermission',
  [DIAG.assertedIdentityRefused]: 'ErrorPermission',
  [DIAG.unknownUser]: 'NoSuchPrincipal',
  [DIAG.intervalTooBrief]: 'InvalidArgument',
  [DIAG.badRegister]: 'InvalidArgument',
  [DIAG.badEvent]: 'MsgNotSupported',
  [DIAG.notRegistered]: 'InvalidFlowOfOperations',
  [DIAG.serverError]: 'ServerError',
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
  // COMPAT(lync): Lync's Persistent Chat refused contact-owned endpoints with 486 + 20010
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
