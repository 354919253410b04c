// XCCOS `<resp code>` + text → PersistentChatError (PC-88). pchat writes `<Code>: <message>` in the text
// (the codec's formatRespText) so the code maps back exactly; other servers' numbers map by class.
import { parseRespText } from '@pchat/protocol';
import { PersistentChatError, type PersistentChatErrorCode } from '../errors.js';

function byNumber(code: number): PersistentChatErrorCode {
  if (code === 403) return 'ErrorPermission';
  if (code === 404) return 'NoSuchNode';
  if (code === 409) return 'DataCollision';
  if (code === 413) return 'LimitExceeded';
  if (code === 501) return 'MsgNotSupported';
  if (code === 503) return 'ServiceUnavailable';
  if (code >= 400 && code < 500) return 'InvalidArgument';
  return 'CommandFailed';
}

/** The error for a refused command (`operation` names it, e.g. `cmd:join`). */
export function commandError(code: number, text: string, operation: string): PersistentChatError {
  const parsed = parseRespText(text);
  const c: PersistentChatErrorCode = parsed.code ?? byNumber(code);
  const why = parsed.message;
  return new PersistentChatError(c, `${operation} refused (${code}): ${why || 'no reason given'}`, {
    xccosCode: code,
    operation,
  });
}
