// Dialogs (RFC 3261 §12) as seen from the server side: created by a 2xx to INVITE or SUBSCRIBE
// (UAS, §12.1.1), identified by Call-ID + local tag + remote tag, carrying the route set, the
// remote target and both CSeq spaces.
import {
  createRequest,
  formatVia,
  generateBranch,
  getHeader,
  getHeaderValues,
  parseCSeq,
  parseNameAddr,
  tagOf,
  type SipHeader,
  type SipRequest,
} from '@pchat/protocol';
import type { SipConnectionLike } from '../transport/types.js';

export interface SipDialog {
  /** `callId;localTag;remoteTag` */
  readonly id: string;
  readonly callId: string;
  readonly localTag: string;
  readonly remoteTag: string;
  /** Our From/To header value (with our tag) for requests we send in this dialog. */
  readonly localUri: string;
  /** The peer's From/To header value (with its tag). */
  readonly remoteUri: string;
  /** Where requests in this dialog go: the peer's Contact URI (updated by target refreshes). */
  remoteTarget: string;
  /** Route set from Record-Route, in the order requests must use it (§12.1.1). */
  readonly routeSet: string[];
  /** Last CSeq number we used; the next request uses localSeq + 1. */
  localSeq: number;
  /** Last CSeq number received from the peer (null before any). */
  remoteSeq: number | null;
  /** The method that created the dialog. */
  readonly method: 'INVITE' | 'SUBSCRIBE';
  /** The connection the dialog lives on: in-dialog requests to the client go back over it. */
  connection: SipConnectionLike;
  state: 'confirmed' | 'terminated';
  /** Free slot for the layer above (session, user, room subscriptions...). */
  data: unknown;
}

export function dialogId(callId: string, localTag: string, remoteTag: string): string {
  return `${callId};${localTag};${remoteTag}`;
}

/** Builds the UAS-side dialog from the request and the tag we put in our 2xx (§12.1.1). */
export function dialogFromRequest(
  req: SipRequest,
  localTag: string,
  connection: SipConnectionLike,
  data: unknown,
): SipDialog {
  const callId = getHeader(req, 'Call-ID') ?? '';
  const from = getHeader(req, 'From') ?? '';
  const to = getHeader(req, 'To') ?? '';
  const remoteTag = tagOf(from) ?? '';
  const contact = getHeader(req, 'Contact');
  const remoteTarget =
    contact !== undefined
      ? parseNameAddr(getHeaderValues(req, 'Contact')[0]!).uri.raw
      : parseNameAddr(from).uri.raw;
  const cseq = parseCSeq(getHeader(req, 'CSeq') ?? '');
  return {
    id: dialogId(callId, localTag, remoteTag),
    callId,
    localTag,
    remoteTag,
    localUri: tagOf(to) === null ? `${to};tag=${localTag}` : to,
    remoteUri: from,
    remoteTarget,
    routeSet: getHeaderValues(req, 'Record-Route'),
    localSeq: 0,
    remoteSeq: cseq.seq,
    method: req.method === 'SUBSCRIBE' ? 'SUBSCRIBE' : 'INVITE',
    connection,
    state: 'confirmed',
    data,
  };
}

export interface InDialogRequestOptions {
  headers?: readonly SipHeader[];
  body?: string;
  contentType?: string;
}

/** A new request within the dialog (§12.2.1.1): next local CSeq, route set, remote target. */
export function createInDialogRequest(
  dialog: SipDialog,
  method: string,
  opts: InDialogRequestOptions = {},
): SipRequest {
  dialog.localSeq += 1;
  const c = dialog.connection.identity;
  const headers: SipHeader[] = dialog.routeSet.map((r) => ({ name: 'Route', value: r }));
  for (const h of opts.headers ?? []) headers.push(h);
  return createRequest({
    method,
    uri: dialog.remoteTarget,
    from: dialog.localUri,
    to: dialog.remoteUri,
    callId: dialog.callId,
    cseq: dialog.localSeq,
    via: ourVia(c.kind, c.localAddress, c.localPort),
    headers,
    ...(opts.body !== undefined ? { body: opts.body } : {}),
    ...(opts.contentType !== undefined ? { contentType: opts.contentType } : {}),
  });
}

/** Our top Via for a request leaving over a connection, with a fresh branch. */
export function ourVia(kind: string, address: string, port: number): string {
  const host = address.includes(':') ? `[${address}]` : address || 'pchat.invalid';
  return formatVia({
    transport: kind.toUpperCase(),
    host,
    port: port || null,
    params: new Map([['branch', generateBranch()]]),
  });
}
