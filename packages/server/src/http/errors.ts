// The HTTP edge's one mapper from the domain error vocabulary (errors.ts, PC-88) to a status and a JSON
// body. Unexpected errors are logged with an id and answered as a generic server error, never with their
// message (docs/architecture.md, house rule 4).
import { randomUUID } from 'node:crypto';
import { isDomainError, type ChatErrorCode } from '@pchat/domain';
import { STATUS_OF } from '../errors/status.js';

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
}

export function mapErrorToHttp(e: unknown): MappedError {
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
