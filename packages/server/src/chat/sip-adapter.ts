// The SIP adapter: the front end's ChatServiceRouter on top of the chat service.
// INVITE to a chat URI → open a session (refusals are DomainErrors, mapped by the front end to a final
// status + ms-diagnostics); INFO → the session's command runner (the 200 only acknowledges transport,
// docs/xccos.md §1); replies and broadcasts → in-dialog INFOs from the server; UPDATE → 200 (session
// refresh); BYE or a dropped connection → the session ends and parts from every room.
import {
  createRequest,
  formatVia,
  generateBranch,
  getHeader,
  paramOf,
  parseNameAddr,
  formatUri,
  tagOf,
  type SipHeader,
  type SipRequest,
} from '@pchat/protocol';
import type { FrontendConnection } from '../frontend/connection.js';
import type {
  ChatAnswer,
  ChatDialogContext,
  ChatInviteContext,
  ChatServiceRouter,
} from '../frontend/routing/chat-router.js';
import type { ChatService, ChatSessionHandle } from './service.js';
import type { DialogKind } from './session.js';
import { DEFAULT_OUTBOUND_LIMITS, type ChatLogger, type ChatSink, type CloseReason } from './types.js';

export interface ChatSipRouterOptions {
  log: ChatLogger;
  /** Offered in the 200 to the INVITE; pidgin-sipe refreshes with UPDATE every N−10 s. Default 1800. */
  sessionExpires?: number;
  /**
   * Bytes queued on a connection above which the sink reports backpressure (send() → false, then
   * handle.drained() once the connection drains). Keep it equal to the chat service's
   * `outbound.highWaterBytes`. Default: DEFAULT_OUTBOUND_LIMITS.highWaterBytes (1 MiB).
   */
  highWaterBytes?: number;
}

interface DialogState {
  key: string;
  connection: FrontendConnection;
  callId: string;
  localTag: string;
  remoteTag: string;
  /** The URI the client INVITEd: our From (COMPAT(pidgin-sipe): it must equal the INVITEd URI). */
  localUri: string;
  /** The user: our To. */
  remoteUri: string;
  /** The client's Contact: the Request-URI of our in-dialog requests (RFC 3261 §12.1.2). */
  remoteTarget: string;
  contact: string;
  cseq: number;
  handle: ChatSessionHandle | null;
  ended: boolean;
  /** A drain listener is armed on the connection (at most one per dialog). */
  awaitingDrain: boolean;
  /** The fixed text of this dialog's INFOs, built on the first delivery (see infoTemplate). */
  info: InfoTemplate | null;
  /** Stops routing this dialog's responses to onResponse. */
  unwatch: (() => void) | null;
}

/**
 * A dialog's INFO as three fixed strings around what changes per delivery (Via branch, CSeq number,
 * Content-Length): the same bytes, header for header, as serializeMessage(createRequest(...)) would give.
 */
export interface InfoTemplate {
  /** Start line + `Via: SIP/2.0/<T> host:port;branch=` */
  beforeBranch: string;
  /** `\r\nMax-Forwards: 70\r\nFrom: ...\r\nTo: ...\r\nCall-ID: ...\r\nCSeq: ` */
  beforeCSeq: string;
  /** ` INFO\r\nContact: ...\r\nContent-Type: text/plain\r\nContent-Length: ` */
  beforeLength: string;
}

export function infoTemplate(t: {
  remoteTarget: string;
  via: string;
  from: string;
  to: string;
  callId: string;
  contact: string;
}): InfoTemplate {
  return {
    beforeBranch: `INFO ${t.remoteTarget} SIP/2.0\r\nVia: ${t.via};branch=`,
    beforeCSeq: `\r\nMax-Forwards: 70\r\nFrom: ${t.from}\r\nTo: ${t.to}\r\nCall-ID: ${t.callId}\r\nCSeq: `,
    // COMPAT(pidgin-sipe): it sends text/plain, ignores ours
    beforeLength: ` INFO\r\nContact: ${t.contact}\r\nContent-Type: text/plain\r\nContent-Length: `,
  };
}

/** The head of one templated INFO (everything up to the body). */
export function infoHead(t: InfoTemplate, branch: string, cseq: number, bodyBytes: number): string {
  return t.beforeBranch + branch + t.beforeCSeq + cseq + t.beforeLength + bodyBytes + '\r\n\r\n';
}

// A broadcast hands the same string to every sink one after another (ChatSink): its UTF-8 bytes are
// encoded once and reused while the same string keeps coming.
let lastBody = '';
let lastBodyBytes: Uint8Array = new Uint8Array(0);
function bodyBytes(body: string): Uint8Array {
  if (body !== lastBody) {
    lastBodyBytes = Buffer.from(body, 'utf8');
    lastBody = body;
  }
  return lastBodyBytes;
}

const dialogKey = (callId: string, localTag: string, remoteTag: string): string =>
  `${callId}\n${localTag}\n${remoteTag}`;

export class ChatSipRouter implements ChatServiceRouter {
  private service: ChatService | null = null;
  private readonly dialogs = new Map<string, DialogState>();
  private readonly byConnection = new Map<string, Set<string>>();
  private readonly sessionExpires: number;
  private readonly highWaterBytes: number;

  constructor(private readonly opts: ChatSipRouterOptions) {
    this.sessionExpires = opts.sessionExpires ?? 1800;
    this.highWaterBytes = opts.highWaterBytes ?? DEFAULT_OUTBOUND_LIMITS.highWaterBytes;
  }

  /**
   * The composition root creates the router before the store is open (the front end needs it) and attaches
   * the chat service once it exists; until then INVITEs get 503 + ms-diagnostics, never a time-out.
   */
  attach(service: ChatService): void {
    this.service = service;
  }

  get dialogCount(): number {
    return this.dialogs.size;
  }

  async onInvite(ctx: ChatInviteContext): Promise<ChatAnswer> {
    const service = this.service;
    if (!service) return unavailable(ctx.fqdn);
    const req = ctx.request;
    const from = getHeader(req, 'From') ?? '';
    const callId = getHeader(req, 'Call-ID') ?? '';
    const remoteTag = tagOf(from) ?? '';
    // The pool's own URI opens the chat dialog; the lookup URI and friendly endpoint contacts (PC-47) open
    // the legacy lookup dialog, which answers cmd:requri with the pool URI (docs/xccos.md §5.5).
    const dialog: DialogKind = ctx.target.kind === 'pool' ? 'chat' : 'lookup';
    const transport = ctx.connection.transport;
    const d: DialogState = {
      key: dialogKey(callId, ctx.localTag, remoteTag),
      connection: ctx.connection,
      callId,
      localTag: ctx.localTag,
      remoteTag,
      localUri: ctx.target.uri,
      remoteUri: ctx.identity.uri,
      remoteTarget: remoteTargetOf(req),
      contact: `<sip:${ctx.fqdn}:${ctx.connection.localPort};transport=${transport}>`,
      cseq: 0,
      handle: null,
      ended: false,
      awaitingDrain: false,
      info: null,
      unwatch: null,
    };
    const identity = { uri: ctx.identity.uri, epid: paramOf(from, 'epid') ?? '', dialogId: callId };
    d.handle = await service.open(identity, this.sinkFor(d), dialog, ctx.actor); // DomainError → the front end's refusal
    this.dialogs.set(d.key, d);
    // Our INFOs have no client transaction: their responses come here, read lean (bench/README.md, "How to
    // measure well").
    d.unwatch = ctx.connection.watchResponses(callId, (r) => this.onResponse(d, r.status, r.method));
    let keys = this.byConnection.get(ctx.connection.id);
    if (!keys) this.byConnection.set(ctx.connection.id, (keys = new Set()));
    keys.add(d.key);
    const host = ctx.connection.localAddress;
    return {
      status: 200,
      headers: [
        { name: 'Contact', value: d.contact },
        { name: 'Session-Expires', value: `${this.sessionExpires};refresher=uac` },
        { name: 'Supported', value: 'timer' },
      ],
      // An answer SDP for the `m=message` offer (optional for pidgin-sipe; Lync clients expect one).
      body: `v=0\r\no=- 0 0 IN IP4 ${host}\r\ns=session\r\nc=IN IP4 ${host}\r\nt=0 0\r\nm=message ${ctx.connection.localPort} sip ${ctx.target.uri}\r\n`,
      contentType: 'application/sdp',
    };
  }

  async onDialogRequest(ctx: ChatDialogContext): Promise<ChatAnswer | null> {
    const req = ctx.request;
    const d = this.dialogs.get(dialogKey(ctx.dialog.callId, ctx.dialog.localTag, ctx.dialog.remoteTag));
    if (req.method === 'ACK') return null;
    if (!d || d.ended || !d.handle) return { status: 481 };
    switch (req.method) {
      case 'INFO': {
        // Answered 200 at once; the XCCOS reply follows as our own INFO.
        d.handle
          .receive(req.body)
          .catch((err: unknown) => this.opts.log.error({ err, callId: d.callId }, 'chat INFO failed'));
        return { status: 200 };
      }
      case 'UPDATE':
      case 'INVITE': // a re-INVITE refreshes the session like UPDATE does
        return {
          status: 200,
          headers: [
            { name: 'Session-Expires', value: `${this.sessionExpires};refresher=uac` },
            { name: 'Contact', value: d.contact },
          ],
        };
      case 'BYE':
        this.end(d, 'bye');
        return { status: 200 };
      default:
        return { status: 405, headers: [{ name: 'Allow', value: 'INVITE, ACK, INFO, UPDATE, BYE' }] };
    }
  }

  onConnectionClosed(connection: FrontendConnection): void {
    const keys = this.byConnection.get(connection.id);
    if (!keys) return;
    this.byConnection.delete(connection.id);
    for (const k of keys) {
      const d = this.dialogs.get(k);
      if (d) this.end(d, 'connection-lost');
    }
  }

  /**
   * A final non-2xx to one of our INFOs means a delivery failed: the session ends (it would otherwise miss
   * messages silently). 481/408 say the dialog is gone at the client, so no BYE; anything else gets one.
   */
  private onResponse(d: DialogState, status: number, method: string): void {
    if (status < 300 || method !== 'INFO' || d.ended) return;
    this.opts.log.info({ callId: d.callId, status }, 'chat INFO refused by the client: session ended');
    if (status === 481 || status === 408) this.end(d, 'connection-lost');
    else {
      d.connection.send(
        this.request(d, 'BYE', undefined, [
          { name: 'Reason', value: `SIP;cause=${status};text="INFO refused"` },
        ]),
      );
      this.end(d, 'connection-lost');
    }
  }

  private end(d: DialogState, reason: CloseReason): void {
    if (d.ended) return;
    d.ended = true;
    d.unwatch?.();
    d.handle?.end(reason);
    this.dialogs.delete(d.key);
    this.byConnection.get(d.connection.id)?.delete(d.key);
  }

  /**
   * Backpressure (PC-08: a slow receiver is dropped, never slowing the room): over the high-water mark the
   * sink says so, and the session's bounded queue (outbound.ts) holds further bodies until the connection
   * drains; past its bounds the service ends the session as `slow-consumer`.
   */
  private backedUp(d: DialogState): boolean {
    if (d.connection.bufferedAmount <= this.highWaterBytes) return false;
    if (!d.awaitingDrain) {
      d.awaitingDrain = true;
      d.connection.onceDrained(() => {
        d.awaitingDrain = false;
        if (!d.ended) d.handle?.drained();
      });
    }
    return true;
  }

  private sinkFor(d: DialogState): ChatSink {
    return {
      send: (body: string) => {
        if (d.ended) return true;
        this.deliver(d, body);
        return !this.backedUp(d);
      },
      // Asking while over the mark arms the drain listener, so whatever the session queues is sent later.
      bufferedAmount: () => (this.backedUp(d) ? d.connection.bufferedAmount : 0),
      close: (reason: CloseReason, message: string) => {
        if (d.ended) return;
        d.connection.send(
          this.request(d, 'BYE', undefined, [
            { name: 'Reason', value: `SIP;cause=200;text="${message.replace(/"/g, "'")}"` },
          ]),
        );
        this.end(d, reason);
      },
    };
  }

  /**
   * One INFO per delivery. Unsigned connections get the dialog's template (only branch, CSeq and length
   * change) and the broadcast's shared body bytes; a connection with an MS-SIPAE security association
   * keeps the SipMessage path, so the transport's outgoing hook signs it (docs/chat-service.md).
   */
  private deliver(d: DialogState, body: string): void {
    const c = d.connection;
    if (c.signed) {
      c.send(this.request(d, 'INFO', body));
      return;
    }
    const t = (d.info ??= infoTemplate({
      remoteTarget: d.remoteTarget,
      via: formatVia({
        transport: c.transport.toUpperCase(),
        host: c.localAddress,
        port: c.localPort,
        params: new Map(),
      }),
      from: `<${d.localUri}>;tag=${d.localTag}`,
      to: `<${d.remoteUri}>;tag=${d.remoteTag}`,
      callId: d.callId,
      contact: d.contact,
    }));
    const bytes = bodyBytes(body);
    c.sendPrepared(infoHead(t, generateBranch(), ++d.cseq, bytes.length), bytes);
  }

  /** An in-dialog request from the server side (From = the chat URI with our tag, server CSeq). */
  private request(
    d: DialogState,
    method: 'INFO' | 'BYE',
    body?: string,
    headers: SipHeader[] = [],
  ): SipRequest {
    const c = d.connection;
    return createRequest({
      method,
      uri: d.remoteTarget,
      from: `<${d.localUri}>;tag=${d.localTag}`,
      to: `<${d.remoteUri}>;tag=${d.remoteTag}`,
      callId: d.callId,
      cseq: ++d.cseq,
      via: formatVia({
        transport: c.transport.toUpperCase(),
        host: c.localAddress,
        port: c.localPort,
        params: new Map([['branch', generateBranch()]]),
      }),
      contact: d.contact,
      headers,
      ...(body === undefined ? {} : { body, contentType: 'text/plain' }), // COMPAT(pidgin-sipe): it sends text/plain, ignores ours
    });
  }
}

function remoteTargetOf(req: SipRequest): string {
  const contact = getHeader(req, 'Contact');
  if (contact) {
    try {
      return formatUri(parseNameAddr(contact).uri);
    } catch {
      // fall through to the From URI
    }
  }
  try {
    return formatUri(parseNameAddr(getHeader(req, 'From') ?? '').uri);
  } catch {
    return req.uri;
  }
}

function unavailable(fqdn: string): ChatAnswer {
  return {
    status: 503,
    reason: 'Service Unavailable',
    headers: [
      { name: 'Retry-After', value: '300' },
      {
        name: 'ms-diagnostics',
        value: `20015;reason="The Persistent Chat service is not running on this node";source="${fqdn}";component="PersistentChat"`,
      },
    ],
  };
}
