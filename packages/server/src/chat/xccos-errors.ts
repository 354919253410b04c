// The XCCOS edge's one error mapper (ARCHITECTURE.md house style 4): DomainError → `resp code` + text,
// XccosError (codec refusal) → its suggested code, anything else → logged with an id and answered as a
// generic server error, never with its message.
import { randomUUID } from 'node:crypto';
import { isDomainError, type ChatErrorCode } from '@pchat/domain';
import { isXccosError, XCCOS_ERROR_RESP } from '@pchat/protocol';
import type { ChatLogger } from './types.js';

/** HTTP-like numbers, as the Microsoft server uses in `<resp code>` (200 = SUCCESS_OK). */
const RESP_CODE: Record<ChatErrorCode, number> = {
  CannotGetParticipantList: 409,
  CommandFailed: 500,
  DatabaseConnection: 503,
  DataCollision: 409,
  DuplicateAddinName: 409,
  DuplicateRoomName: 409,
  DuplicateName: 409,
  ErrorPermission: 403,
  FileDownloadFailed: 502,
  FileUploadFailed: 502,
  InvalidArgument: 400,
  InvalidFlowOfOperations: 409,
  InvalidToken: 401,
  LimitExceeded: 413,
  MsgNotSupported: 501,
  NodeDisabled: 403,
  NodeHierarchyViolation: 400,
  NoSuchNode: 404,
  NoSuchPrincipal: 404,
  NotAUserPrincipal: 403,
  NotEmpty: 409,
  NotEnabledByPolicy: 403,
  PresenterNotInMemList: 400,
  PrincipalDisabled: 403,
  PrincipalsAlreadyDefined: 409,
  PrincipalsNotInScope: 400,
  ServerError: 500,
  UnableToCreateRoom: 400,
  UnknownServerError: 500,
  UserNotJoined: 409,
};

export interface RespError {
  code: number;
  /** `<resp>` text: `<ErrorCode>: <message>` — the code first so the SDK can map it back (PC-88). */
  text: string;
}

export function mapErrorToResp(e: unknown, log: ChatLogger, context: Record<string, unknown> = {}): RespError {
  if (isDomainError(e)) return { code: RESP_CODE[e.code], text: `${e.code}: ${e.message}` };
  if (isXccosError(e)) {
    const r = XCCOS_ERROR_RESP[e.kind];
    return { code: r.code, text: `${r.text}: ${e.message}` };
  }
  const errorId = randomUUID();
  log.error({ err: e, errorId, ...context }, 'chat command failed unexpectedly');
  return { code: 500, text: `ServerError: the server failed unexpectedly. Report error id ${errorId} to the administrator.` };
}
