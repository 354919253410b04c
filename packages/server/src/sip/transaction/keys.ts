// Transaction matching keys (RFC 3261 §17.1.3 for client transactions, §17.2.3 for server
// transactions, with the RFC 2543 fallback for requests whose branch lacks the magic cookie).
import {
  BRANCH_COOKIE,
  getHeader,
  parseCSeq,
  parseVia,
  splitHeaderValue,
  tagOf,
  type SipMessage,
  type SipRequest,
} from '@pchat/protocol';

/** The top Via value of a message (first element of the first Via header). */
export function topVia(msg: SipMessage): string | undefined {
  const v = getHeader(msg, 'Via');
  if (v === undefined) return undefined;
  return splitHeaderValue(v)[0];
}

/**
 * Server transaction key. With an RFC 3261 branch: branch + sent-by + method (ACK matches its
 * INVITE). Without one (RFC 2543 peers) the request's identifying fields are combined.
 * COMPAT(pidgin-sipe): sipe sends in-dialog INFO/BYE/ACK with a Via that has no branch at all.
 */
export function serverKey(req: SipRequest, methodOverride?: string): string {
  const method = methodOverride ?? (req.method === 'ACK' ? 'INVITE' : req.method);
  const viaText = topVia(req) ?? '';
  const via = parseVia(viaText);
  if (via.branch !== null && via.branch.startsWith(BRANCH_COOKIE)) {
    return `${via.branch}|${via.host.toLowerCase()}:${via.port ?? ''}|${method}`;
  }
  // §17.2.3 fallback: Request-URI, To tag, From tag, Call-ID, CSeq number and top Via.
  // (An ACK for a non-2xx carries the To tag of the response, so it does not match here; over
  // reliable transports that only delays the end of the INVITE transaction until Timer H.)
  const cseq = parseCSeq(getHeader(req, 'CSeq') ?? '');
  return (
    `2543|${req.uri}|${tagOf(getHeader(req, 'To') ?? '') ?? ''}|${tagOf(getHeader(req, 'From') ?? '') ?? ''}|` +
    `${getHeader(req, 'Call-ID') ?? ''}|${cseq.seq}|${viaText}|${method}`
  );
}

/** Client transaction key of a response: top Via branch + CSeq method (§17.1.3). */
export function clientKeyOfResponse(msg: SipMessage): string | null {
  const v = topVia(msg);
  const c = getHeader(msg, 'CSeq');
  if (v === undefined || c === undefined) return null;
  const branch = parseVia(v).branch;
  if (branch === null) return null;
  return `${branch}|${parseCSeq(c).method}`;
}
