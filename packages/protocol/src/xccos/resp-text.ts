// The text of a refused XCCOS reply: `<ErrorCode>: <message>` inside `<resp code="...">` (the element
// carries free text; pchat puts the PersistentChatErrorCode first so a client maps it back
// exactly, and the words after it say what went wrong and what to do). The codes are the one vocabulary
// of refusals: the domain's error codes equal this list (a test compares them), the SDK reads it here.

/** PersistentChatErrorCode (PC-88). */
export const PC88_ERROR_CODES = [
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
] as const;

/** pchat's additions (not in PC-88): refusals a Lync-era client saw only as time-outs. */
export const PCHAT_ERROR_CODES = [
  'NotEnabledByPolicy',
  'PrincipalDisabled',
  'NotAUserPrincipal',
  'DuplicateName',
  'NotEmpty',
] as const;

/** Every refusal code: the domain's error codes are exactly these. */
export const PERSISTENT_CHAT_ERROR_CODES = [...PC88_ERROR_CODES, ...PCHAT_ERROR_CODES] as const;

export type PersistentChatErrorCodeName = (typeof PERSISTENT_CHAT_ERROR_CODES)[number];

const KNOWN: ReadonlySet<string> = new Set<string>(PERSISTENT_CHAT_ERROR_CODES);

export function isPersistentChatErrorCodeName(s: string): s is PersistentChatErrorCodeName {
  return KNOWN.has(s);
}

/** `<ErrorCode>: <message>` */
export function formatRespText(code: string, message: string): string {
  return `${code}: ${message}`;
}

/**
 * Reads a reply text: the code when the text starts with a known one (`Code: message`), else null and
 * the whole text as the message (another server's words).
 */
export function parseRespText(text: string): { code: PersistentChatErrorCodeName | null; message: string } {
  const m = /^([A-Za-z]+):\s*(.*)$/s.exec(text);
  if (m && isPersistentChatErrorCodeName(m[1]!)) return { code: m[1], message: m[2]! };
  return { code: null, message: text };
}
