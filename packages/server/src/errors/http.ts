// The HTTP edge's one mapper from the domain error vocabulary (PC-88) to a status and a JSON body, and of
// Fastify's own refusals of a request (schema validation, unreadable or oversized bodies), matched by
// their error code in one table. Unexpected errors are logged with an id and answered as a generic server
// error, never with their message.
import { randomUUID } from 'node:crypto';
import { errorCodes, type FastifyError } from 'fastify';
import { isDomainError, type ChatErrorCode } from '@pchat/domain';
import { SignInLocked } from '../auth/throttle.js';
import { STATUS_OF } from './status.js';

export interface HttpErrorBody {
  error: {
    code: ChatErrorCode | 'NotFound' | 'BadRequest' | 'Unauthorized';
    message: string;
    details?: unknown;
    errorId?: string;
  };
}

export interface MappedError {
  status: number;
  body: HttpErrorBody;
  /** Set for unexpected errors: the caller logs the original error under this id. */
  errorId?: string;
  /** Response headers the refusal needs (Retry-After). */
  headers?: Record<string, string>;
}

/** Fastify's refusals that are the caller's mistake, by error code: the code the body carries. */
const FASTIFY_REFUSALS: Partial<Record<keyof typeof errorCodes, HttpErrorBody['error']['code']>> = {
  // Schema validation: the message names the field and what is wrong with it.
  FST_ERR_VALIDATION: 'InvalidArgument',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'BadRequest',
  FST_ERR_CTP_INVALID_JSON_BODY: 'BadRequest',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'BadRequest',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BadRequest',
  FST_ERR_CTP_BODY_TOO_LARGE: 'BadRequest',
  FST_ERR_INVALID_URL: 'BadRequest',
};

function fastifyRefusal(e: unknown): MappedError | null {
  if (!(e instanceof Error)) return null;
  const f = e as Partial<FastifyError>;
  const code =
    typeof f.code === 'string' && Object.hasOwn(errorCodes, f.code)
      ? FASTIFY_REFUSALS[f.code as keyof typeof errorCodes]
      : undefined;
  if (code === undefined) return null;
  const status =
    typeof f.statusCode === 'number' && f.statusCode >= 400 && f.statusCode < 500 ? f.statusCode : 400;
  return { status, body: { error: { code, message: e.message } } };
}

export function mapErrorToHttp(e: unknown): MappedError {
  const refused = fastifyRefusal(e);
  if (refused) return refused;
  // Every HTTP sign-in the shared throttle holds (RFC 6585 §4, 429 with Retry-After, RFC 9110 §10.2.3): the
  // same answer whatever the password and whoever is named.
  if (e instanceof SignInLocked)
    return {
      status: 429,
      headers: { 'Retry-After': String(e.retryAfterSeconds) },
      body: {
        error: {
          code: 'LimitExceeded',
          message: `Too many failed sign-in attempts: wait ${e.retryAfterSeconds} seconds before trying again.`,
        },
      },
    };
  if (isDomainError(e)) {
    const details = Object.keys(e.details).length ? e.details : undefined;
    return {
      status: STATUS_OF[e.code],
      body: { error: { code: e.code, message: e.message, ...(details ? { details } : {}) } },
    };
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
