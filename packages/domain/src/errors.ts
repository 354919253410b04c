// One closed vocabulary of domain errors, aligned with the Persistent Chat SDK's
// PersistentChatErrorCode (PC-88). Every refusal in pchat is one of these codes; each edge
// (XCCOS `resp code`, SIP status + ms-diagnostics, HTTP status + JSON, CLI) maps them in exactly one place.

export const CHAT_ERROR_CODES = [
  'CannotGetParticipantList',
  'CommandFailed',
  'DatabaseConnection',
  'DataCollision',
  'DuplicateAddinName',
  'DuplicateRoomName',
  'ErrorPermission',
  'FileDownloadFailed',
  'FileUploadFailed',
  'InvalidArgument',
  'InvalidFlowOfOperations',
  'InvalidToken',
  'LimitExceeded',
  'MsgNotSupported',
  'NodeDisabled',
  'NodeHierarchyViolation',
  'NoSuchNode',
  'NoSuchPrincipal',
  'PresenterNotInMemList',
  'PrincipalsAlreadyDefined',
  'PrincipalsNotInScope',
  'ServerError',
  'UnableToCreateRoom',
  'UnknownServerError',
  'UserNotJoined',
  // pchat additions (not in PC-88), for refusals the SDK reported only as time-outs (PC-82):
  'NotEnabledByPolicy', // the user's effective CsPersistentChatPolicy has EnablePersistentChat=false (PC-36)
  'PrincipalDisabled', // a disabled user may not connect or join (PC-26)
  'NotAUserPrincipal', // endpoint owned by a contact object, not a user (PC-82)
  'DuplicateName', // a name clash other than rooms and add-ins (categories, policies, pools...)
  'NotEmpty', // e.g. removing a category that still has rooms (PC-43)
] as const;

export type ChatErrorCode = (typeof CHAT_ERROR_CODES)[number];

/**
 * A refusal the domain decided on. `message` says what went wrong and what to do, in words safe to show
 * to the caller (never secrets, never internal state of other principals). `details` carries structured
 * facts for the edges (e.g. the principals that were out of scope).
 */
export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly code: ChatErrorCode,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

export function isDomainError(e: unknown, code?: ChatErrorCode): e is DomainError {
  return e instanceof DomainError && (code === undefined || e.code === code);
}

export function fail(code: ChatErrorCode, message: string, details?: Record<string, unknown>): never {
  throw new DomainError(code, message, details);
}
