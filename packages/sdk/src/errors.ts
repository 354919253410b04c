// Typed errors (PC-88). One error class for everything the SDK reports, with a closed vocabulary of codes:
// Microsoft's PersistentChatErrorCode and pchat's refusal codes (one list, in @pchat/protocol, equal to the
// domain's) and the SDK's own transport/timeout codes. Every message says what happened and what to do.
import { PC88_ERROR_CODES, PCHAT_ERROR_CODES } from '@pchat/protocol';

/** PersistentChatErrorCode (PC-88), as the server sends it in `<resp>` text and SIP refusals. */
export const PC88_CODES = PC88_ERROR_CODES;

/** pchat's refusals of an endpoint (PC-82, PC-26, PC-36) and its extra domain codes. */
export const PCHAT_CODES = PCHAT_ERROR_CODES;

/** Failures the SDK detects itself (no server verdict). */
export const SDK_CODES = [
  /** A request got no answer within its timeout. */
  'OperationTimeout',
  /** The transport could not connect, or the connection was lost. */
  'ConnectionFailed',
  /** The registrar refused the credentials (or a trusted application is not trusted). */
  'AuthenticationFailed',
  /** The server (or the chat service) is not available now; `retryAfter` may say when to retry. */
  'ServiceUnavailable',
  /** The caller cancelled the operation (a file transfer job's cancel()). */
  'OperationCancelled',
] as const;

/** Every code a {@link PersistentChatError} can carry. */
export type PersistentChatErrorCode =
  (typeof PC88_CODES)[number] | (typeof PCHAT_CODES)[number] | (typeof SDK_CODES)[number];

const ALL_CODES: ReadonlySet<string> = new Set<string>([...PC88_CODES, ...PCHAT_CODES, ...SDK_CODES]);

/** True when `s` is one of the {@link PersistentChatErrorCode} values. */
export function isPersistentChatErrorCode(s: string): s is PersistentChatErrorCode {
  return ALL_CODES.has(s);
}

/** Where an error came from, for logs and support. */
export interface PersistentChatErrorDetails {
  /** SIP final status of the refused request, when there was one. */
  sipStatus?: number;
  /** The numeric `ms-diagnostics` code (MS-SIPRE §2.2.4), when the server sent one. */
  diagnosticCode?: number;
  /** The `ms-diagnostics` reason text. */
  diagnosticReason?: string;
  /** XCCOS `<resp code>` of a refused command. */
  xccosCode?: number;
  /** The XCCOS command id (`cmd:join`, ...) or SIP method that failed. */
  operation?: string;
  /** Seconds the server asked to wait (Retry-After). */
  retryAfter?: number;
  /** The underlying error, if any. */
  cause?: unknown;
}

/**
 * The one error type of the SDK (UCMA's PersistentChatException, CommandFailedException,
 * ChatServerConnectionException and OperationTimeoutException in one). Switch on `code`.
 */
export class PersistentChatError extends Error {
  override readonly name = 'PersistentChatError';
  /** Why it failed (PC-88 vocabulary plus pchat and SDK codes). */
  readonly code: PersistentChatErrorCode;
  /** SIP final status, when a SIP request was refused. */
  readonly sipStatus: number | undefined;
  /** `ms-diagnostics` code, when present. */
  readonly diagnosticCode: number | undefined;
  /** XCCOS `<resp code>`, when a chat command was refused. */
  readonly xccosCode: number | undefined;
  /** The command or method that failed. */
  readonly operation: string | undefined;
  /** Seconds to wait before retrying, when the server said. */
  readonly retryAfter: number | undefined;

  constructor(code: PersistentChatErrorCode, message: string, details: PersistentChatErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.sipStatus = details.sipStatus;
    this.diagnosticCode = details.diagnosticCode;
    this.xccosCode = details.xccosCode;
    this.operation = details.operation;
    this.retryAfter = details.retryAfter;
  }
}

/** True when `e` is a {@link PersistentChatError} (optionally with the given code). */
export function isPersistentChatError(e: unknown, code?: PersistentChatErrorCode): e is PersistentChatError {
  return e instanceof PersistentChatError && (code === undefined || e.code === code);
}
