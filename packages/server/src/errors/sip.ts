// The SIP edge's one mapper: domain error codes and the front end's own refusals become a SIP status plus
// an `ms-diagnostics` header that says why and what to do (the header's format and its codes live in
// @pchat/protocol, which the SDK reads them with). Unexpected errors become 500 with an error id, never
// their message: a refusal must never look like a hang, nor leak internals.
import { randomUUID } from 'node:crypto';
import {
  DIAG,
  PresenceCodecError,
  formatMsDiagnostics,
  reasonPhrase,
  type DiagComponent,
  type SipHeader,
} from '@pchat/protocol';
import { DomainError, isDomainError, type ChatErrorCode } from '@pchat/domain';
import { SignInLocked } from '../auth/throttle.js';

/** A refusal ready for the wire: status, reason phrase, headers (ms-diagnostics and maybe Retry-After). */
export interface SipRefusal {
  status: number;
  reason: string;
  headers: SipHeader[];
  /** Set for unexpected errors: log the original error under this id. */
  errorId?: string;
}

export { DIAG, diagText, type DiagComponent } from '@pchat/protocol';

export function msDiagnostics(
  code: number,
  reason: string,
  source: string,
  component: DiagComponent,
): SipHeader {
  return { name: 'ms-diagnostics', value: formatMsDiagnostics({ code, reason, source, component }) };
}

export interface RefuseInit {
  status: number;
  code: number;
  reason: string;
  component: DiagComponent;
  /** Seconds; adds Retry-After (RFC 3261 §20.33). */
  retryAfter?: number;
  phrase?: string;
  extra?: SipHeader[];
}

/** The front end's own refusals (auth, registrar, routing) in one shape. */
export function refuse(source: string, r: RefuseInit): SipRefusal {
  const headers: SipHeader[] = [msDiagnostics(r.code, r.reason, source, r.component)];
  if (r.retryAfter !== undefined)
    headers.push({ name: 'Retry-After', value: String(Math.max(1, Math.ceil(r.retryAfter))) });
  if (r.extra) headers.push(...r.extra);
  return { status: r.status, reason: r.phrase ?? reasonPhrase(r.status), headers };
}

const DOMAIN: Record<ChatErrorCode, { status: number; code: number }> = {
  NotEnabledByPolicy: { status: 403, code: DIAG.notEnabledByPolicy },
  NotAUserPrincipal: { status: 403, code: DIAG.notAUserPrincipal },
  PrincipalDisabled: { status: 403, code: DIAG.principalDisabled },
  NoSuchPrincipal: { status: 404, code: DIAG.noSuchChatUri },
  NoSuchNode: { status: 404, code: DIAG.noSuchChatUri },
  ErrorPermission: { status: 403, code: DIAG.permission },
  PrincipalsNotInScope: { status: 403, code: DIAG.permission },
  InvalidToken: { status: 403, code: DIAG.authFailed },
  DatabaseConnection: { status: 503, code: DIAG.chatServiceUnavailable },
  LimitExceeded: { status: 503, code: DIAG.domainOther },
  InvalidArgument: { status: 400, code: DIAG.domainOther },
  MsgNotSupported: { status: 488, code: DIAG.domainOther },
  InvalidFlowOfOperations: { status: 400, code: DIAG.domainOther },
  NodeDisabled: { status: 403, code: DIAG.domainOther },
  CannotGetParticipantList: { status: 500, code: DIAG.domainOther },
  CommandFailed: { status: 500, code: DIAG.domainOther },
  DataCollision: { status: 409 as number, code: DIAG.domainOther },
  DuplicateAddinName: { status: 400, code: DIAG.domainOther },
  DuplicateRoomName: { status: 400, code: DIAG.domainOther },
  DuplicateName: { status: 400, code: DIAG.domainOther },
  FileDownloadFailed: { status: 500, code: DIAG.domainOther },
  FileUploadFailed: { status: 500, code: DIAG.domainOther },
  NodeHierarchyViolation: { status: 400, code: DIAG.domainOther },
  NotEmpty: { status: 400, code: DIAG.domainOther },
  PresenterNotInMemList: { status: 400, code: DIAG.domainOther },
  PrincipalsAlreadyDefined: { status: 400, code: DIAG.domainOther },
  ServerError: { status: 500, code: DIAG.serverError },
  UnableToCreateRoom: { status: 400, code: DIAG.domainOther },
  UnknownServerError: { status: 500, code: DIAG.serverError },
  UserNotJoined: { status: 400, code: DIAG.domainOther },
};

/**
 * Maps anything thrown while serving a SIP request. DomainErrors keep their (caller-safe) message;
 * anything else becomes 500 with an error id (the caller logs the error under it).
 */
export function mapErrorToSip(
  e: unknown,
  source: string,
  component: DiagComponent = 'PersistentChat',
): SipRefusal {
  // A sign-in the shared throttle holds: the same answer whoever is named (the HTTP edge answers 429).
  if (e instanceof SignInLocked) {
    const wait = Math.max(1, Math.ceil(e.retryAfterSeconds));
    return refuse(source, {
      status: 503,
      code: DIAG.throttled,
      component,
      retryAfter: wait,
      reason: `Too many failed sign-in attempts: wait ${wait} seconds before trying again`,
    });
  }
  // A presence or contact list body the codec cannot read is the client's mistake, like an invalid argument.
  const known = e instanceof PresenceCodecError ? new DomainError('InvalidArgument', e.message) : e;
  if (isDomainError(known)) {
    const m = DOMAIN[known.code];
    // 409 is not a SIP status: collisions are retried by the client, so 500 with the reason.
    const status = m.status === 409 ? 500 : m.status;
    const retry = m.status === 503 ? { retryAfter: 30 } : {};
    return refuse(source, { status, code: m.code, reason: known.message, component, ...retry });
  }
  const errorId = randomUUID();
  const r = refuse(source, {
    status: 500,
    code: DIAG.serverError,
    reason: `The server failed unexpectedly. Report error id ${errorId} to the administrator; the server log has the details.`,
    component,
    phrase: 'Server Internal Error',
  });
  return { ...r, errorId };
}
