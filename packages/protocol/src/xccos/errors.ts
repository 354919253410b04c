// Named failure kinds of the XCCOS codec (docs/architecture.md, house rule 1): the session loop maps each
// kind to a correlated error reply or a disconnect in one place; the codec never throws anonymously.

export type XccosErrorKind =
  | 'not-xml' // the body is not well-formed XML 1.0 (or has a second root, or an illegal character)
  | 'doctype-forbidden' // a DOCTYPE or ENTITY declaration: refused before parsing (billion laughs, XXE)
  | 'too-large' // body longer than the configured limit, or nested too deeply
  | 'not-xccos' // well-formed, but the root is not <xccos xmlns="urn:parlano:xml:ns:xccos">
  | 'bad-envelope' // <xccos> without a usable envid/ver, or with no payload element
  | 'unknown-command' // a <cmd id> this codec does not know (still carries commandId + envid)
  | 'missing-argument' // a required element or attribute is absent
  | 'bad-argument' // present but malformed (number, boolean, timestamp, enum value)
  | 'bad-uri'; // a room/category/user URI that does not have the expected form

export interface XccosErrorContext {
  /** The client's envelope id, when it could be read: lets the server correlate an error reply. */
  envid?: string;
  /** The command id (`cmd:join`, `grpchat`, ...) when it could be read. */
  commandId?: string;
}

export class XccosError extends Error {
  override readonly name = 'XccosError';
  readonly kind: XccosErrorKind;
  envid: string | undefined;
  commandId: string | undefined;

  constructor(kind: XccosErrorKind, message: string, context: XccosErrorContext = {}) {
    super(message);
    this.kind = kind;
    this.envid = context.envid;
    this.commandId = context.commandId;
  }
}

export function isXccosError(e: unknown): e is XccosError {
  return e instanceof XccosError;
}

/**
 * A suggested XCCOS `resp code` for each failure kind, for the server's one error mapper. The codes
 * follow the HTTP-like numbers the Microsoft server uses in `<resp code>` (200 = SUCCESS_OK).
 */
export const XCCOS_ERROR_RESP: Readonly<Record<XccosErrorKind, { code: number; text: string }>> = {
  'not-xml': { code: 400, text: 'ERR_BAD_REQUEST' },
  'doctype-forbidden': { code: 400, text: 'ERR_BAD_REQUEST' },
  'too-large': { code: 413, text: 'ERR_TOO_LARGE' },
  'not-xccos': { code: 400, text: 'ERR_BAD_REQUEST' },
  'bad-envelope': { code: 400, text: 'ERR_BAD_REQUEST' },
  'unknown-command': { code: 501, text: 'ERR_NOT_IMPLEMENTED' },
  'missing-argument': { code: 400, text: 'ERR_MISSING_ARGUMENT' },
  'bad-argument': { code: 400, text: 'ERR_BAD_ARGUMENT' },
  'bad-uri': { code: 400, text: 'ERR_BAD_URI' },
};
