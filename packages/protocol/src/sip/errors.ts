// Named failure kinds of the SIP codec (docs/architecture.md, house rule 1: codec failures are named error
// kinds, never anonymous throws) and the status a server answers with for each.
import type { SipMessage } from './message.js';

export type SipParseErrorKind =
  | 'bad-start-line'
  | 'bad-version'
  | 'bad-status-code'
  | 'bad-header'
  | 'header-too-long'
  | 'line-too-long'
  | 'too-many-headers'
  | 'body-too-large'
  | 'missing-content-length'
  | 'bad-content-length'
  | 'content-length-mismatch'
  | 'duplicate-header'
  | 'missing-header'
  | 'bad-uri'
  | 'uri-too-long'
  | 'unsupported-uri-scheme'
  | 'bad-cseq'
  | 'bad-via'
  | 'bad-name-addr'
  | 'bad-quoted-string'
  | 'bad-params'
  | 'bad-auth'
  | 'bad-max-forwards'
  | 'bad-extension';

export interface SipParseErrorInit {
  /** The header the failure is in, as received (for the diagnostics text). */
  header?: string;
  /** True when the stream can no longer be framed: the connection must be closed. */
  fatal?: boolean;
  /** The message as far as it was readable (start line and headers): enough to build an answer. */
  partial?: SipMessage;
}

export class SipParseError extends Error {
  override readonly name = 'SipParseError';
  readonly kind: SipParseErrorKind;
  readonly header: string | undefined;
  fatal: boolean;
  partial: SipMessage | undefined;
  constructor(kind: SipParseErrorKind, message: string, init: SipParseErrorInit = {}) {
    // Refusing hostile input must stay cheap: a stack trace says nothing about the peer's bytes,
    // so V8 engines skip capturing one (stackTraceLimit is a no-op elsewhere).
    const E = Error as { stackTraceLimit?: number };
    const limit = E.stackTraceLimit;
    if (limit !== undefined) E.stackTraceLimit = 0;
    super(message);
    if (limit !== undefined) E.stackTraceLimit = limit;
    this.kind = kind;
    this.header = init.header;
    this.fatal = init.fatal ?? false;
    this.partial = init.partial;
  }
}

export function isSipParseError(e: unknown): e is SipParseError {
  return e instanceof SipParseError;
}

export interface SipErrorAnswer {
  status: number;
  reason: string;
}

// RFC 3261 §21 for the codes; 513 covers every "message too big to process" case that is not the
// body (§21.5.14), 413 the body (§21.4.11), 414 a long Request-URI (§21.4.12).
const ANSWERS: Record<SipParseErrorKind, SipErrorAnswer> = {
  'bad-start-line': { status: 400, reason: 'Bad Request: malformed start line' },
  'bad-version': { status: 505, reason: 'Version Not Supported: only SIP/2.0 is spoken' },
  'bad-status-code': { status: 400, reason: 'Bad Request: malformed status code' },
  'bad-header': { status: 400, reason: 'Bad Request: malformed header' },
  'header-too-long': { status: 513, reason: 'Message Too Large: header section too long' },
  'line-too-long': { status: 513, reason: 'Message Too Large: header line too long' },
  'too-many-headers': { status: 513, reason: 'Message Too Large: too many headers' },
  'body-too-large': { status: 413, reason: 'Request Entity Too Large' },
  'missing-content-length': { status: 400, reason: 'Bad Request: Content-Length is required on a stream' },
  'bad-content-length': { status: 400, reason: 'Bad Request: malformed Content-Length' },
  'content-length-mismatch': { status: 400, reason: 'Bad Request: body shorter than Content-Length' },
  'duplicate-header': { status: 400, reason: 'Bad Request: single-valued header repeated' },
  'missing-header': { status: 400, reason: 'Bad Request: mandatory header missing' },
  'bad-uri': { status: 400, reason: 'Bad Request: malformed URI' },
  'uri-too-long': { status: 414, reason: 'Request-URI Too Long' },
  'unsupported-uri-scheme': { status: 416, reason: 'Unsupported URI Scheme' },
  'bad-cseq': { status: 400, reason: 'Bad Request: malformed CSeq' },
  'bad-via': { status: 400, reason: 'Bad Request: malformed Via' },
  'bad-name-addr': { status: 400, reason: 'Bad Request: malformed From/To/Contact address' },
  'bad-quoted-string': { status: 400, reason: 'Bad Request: unterminated quoted string' },
  'bad-params': { status: 400, reason: 'Bad Request: malformed parameters' },
  'bad-auth': { status: 400, reason: 'Bad Request: malformed authentication header' },
  'bad-max-forwards': { status: 400, reason: 'Bad Request: Max-Forwards must be 0..255' },
  'bad-extension': { status: 420, reason: 'Bad Extension' },
};

/** The status and reason a server answers a request that failed to parse with this error. */
export function sipStatusForError(error: SipParseError): SipErrorAnswer {
  return ANSWERS[error.kind];
}

/** A one-line diagnostic suitable for a `Warning` or `ms-diagnostics` reason text. */
export function sipDiagnosticText(error: SipParseError): string {
  // Quotes and control characters would break the quoted-string they end up in.
  let out = '';
  const m = error.message;
  for (let i = 0; i < m.length && out.length < 200; i++) {
    const c = m.charCodeAt(i);
    out += c < 0x20 || c === 0x22 || c === 0x5c || c === 0x7f ? ' ' : m[i];
  }
  return out;
}
