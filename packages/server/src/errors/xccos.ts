// The XCCOS edge's one error mapper (docs/architecture.md, house rule 4): DomainError → `resp code` + text,
// XccosError (codec refusal) → its suggested code, anything else → logged with an id and answered as a
// generic server error, never with its message.
import { randomUUID } from 'node:crypto';
import { isDomainError } from '@pchat/domain';
import { formatRespText, isXccosError, XCCOS_ERROR_RESP } from '@pchat/protocol';
import type { ChatLogger } from '../chat/types.js';
import { STATUS_OF } from './status.js';

export interface RespError {
  code: number;
  /** `<resp>` text: `<ErrorCode>: <message>` — the code first so the SDK can map it back (PC-88). */
  text: string;
}

export function mapErrorToResp(
  e: unknown,
  log: ChatLogger,
  context: Record<string, unknown> = {},
): RespError {
  if (isDomainError(e)) return { code: STATUS_OF[e.code], text: formatRespText(e.code, e.message) };
  if (isXccosError(e)) {
    const r = XCCOS_ERROR_RESP[e.kind];
    return { code: r.code, text: formatRespText(r.text, e.message) };
  }
  const errorId = randomUUID();
  log.error({ err: e, errorId, ...context }, 'chat command failed unexpectedly');
  return {
    code: 500,
    text: formatRespText(
      'ServerError',
      `the server failed unexpectedly. Report error id ${errorId} to the administrator.`,
    ),
  };
}
