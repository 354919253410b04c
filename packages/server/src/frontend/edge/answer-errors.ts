// Codec failures on a connection, answered in one place (ARCHITECTURE.md house style 1): a request that
// could be read far enough gets the codec's status with the reason in ms-diagnostics; a fatal framing
// error closes the connection after that answer.
import { createResponse, sipDiagnosticText, sipStatusForError, type SipParseError, type SipResponse } from '@pchat/protocol';
import { msDiagnostics } from '../diagnostics.js';

export function answerParseError(error: SipParseError, fqdn: string): SipResponse | null {
  const partial = error.partial;
  if (partial === undefined || partial.kind !== 'request' || partial.method === 'ACK') return null;
  const { status, reason } = sipStatusForError(error);
  return createResponse(partial, status, reason, [msDiagnostics(1100, sipDiagnosticText(error), fqdn, 'FrontEnd')]);
}
