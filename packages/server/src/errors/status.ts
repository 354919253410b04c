// The HTTP-like status of every domain error (errors.ts, PC-88). Two edges use it as is: the HTTP edge as
// the response status, and the XCCOS edge as `<resp code>` (Microsoft's server answers XCCOS commands with
// HTTP-like numbers, 200 = SUCCESS_OK). The SIP edge has its own mapper: SIP statuses mean other things.
import type { ChatErrorCode } from '@pchat/domain';

export const STATUS_OF: Readonly<Record<ChatErrorCode, number>> = {
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
