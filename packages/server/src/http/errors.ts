// The HTTP edge's one mapper from the domain error vocabulary (errors.ts, PC-88) to a status and a JSON
// body. Unexpected errors are logged with an id and answered as a generic server error, never with their
// message (ARCHITECTURE.md house style 4).
import { randomUUID } from 'node:crypto';
import { isDomainError, type ChatErrorCode } from '@pchat/domain';

const STATUS: Record<ChatErrorCode, number> = {
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
  MsgNotSupported: 400,
  NodeDisabled: 409,
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

export interface HttpErrorBody {
  error: { code: ChatErrorCode | 'NotFound' | 'BadRequest' | 'Unauthorized'; message: string; details?: unknown; errorId?: string };
}

export interface MappedError {
  status: number;
  body: HttpErrorBody;
  /** Set for unexpected errors: the caller logs the original error under this id. */
  errorId?: string;
}

export function mapErrorToHttp(e: unknown): MappedError {
  if (isDomainError(e)) {
    const details = Object.keys(e.details).length ? e.details : undefined;
    return { status: STATUS[e.code], body: { error: { code: e.code, message: e.message, ...(details ? { details } : {}) } } };
  }
  const errorId = randomUUID();
  return {
    status: 500,
    errorId,
    body: {
      error: {
        code: 'ServerError',
        message: `The server failed unexpectedly. Report error id ${errorId} to the administrator; the server log has the details.`,
        errorId,
      },
    },
  };
}
