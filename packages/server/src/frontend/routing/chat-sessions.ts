// The SIP side of chat sessions: the front end's ChatServiceRouter on top of the chat service (which knows
// only XCCOS). INVITE to a chat URI → open a session (refusals are DomainErrors, mapped by the front end to
// a final status + ms-diagnostics) whose state lives in the SIP dialog; INFO → the session's command runner
// (the 200 only acknowledges transport, MS-XCCOSIP); replies and broadcasts → in-dialog INFOs from the
// server; UPDATE → 200 (session refresh). However the dialog ends — BYE, the connection dropping, or the
// server ending it (slow receiver, a refused INFO, shutdown) — onDialogEnded ends the session, once.
import {
  createRequest,
  formatUri,
  formatVia,
  generateBranch,
  getHeader,
  infoHead,
  infoTemplate,
  paramOf,
  parseUri,
  type InfoTemplate,
  type SipHeader,
  type SipRequest,
} from '@pchat/protocol';
import type { SipDialog } from '../../sip/transaction/index.js';
import {
  DEFAULT_OUTBOUND_LIMITS,
  type ChatLogger,
  type ChatService,
  type ChatSessionHandle,
  type ChatSink,
  type CloseReason,
  type DialogKind,
} from '../../chat/index.js';
import type { FrontendConnection } from '../connection.js';
import { DIAG, refuse } from '../../errors/sip.js';
import {
  DIALOG_END,
  type ChatAnswer,
  type ChatDialogContext,
  type ChatDialogData,
  type ChatInviteAnswer,
  type ChatInviteContext,
  type ChatServiceRouter,
  type DialogSession,
} from './chat-router.js';

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

// COMPAT(pidgin-sipe): it sends text/plain and ignores the content type of ours.
const INFO_CONTENT_TYPE = 'text/plain';

/** The chat side of one SIP dialog, kept in the dialog (ChatDialogData.session). */
class ChatDialogSession implements DialogSession {
  handle: ChatSessionHandle | null = null;
  /** Set once the 2xx went out (bind). Our CSeq space is the dialog's (`localSeq`). */
  dialog: SipDialog | null = null;
  private endDialog: ((reason: string) => void) | null = null;
  ended = false;
  /** A drain listener is armed on the connection (at most one per dialog). */
  awaitingDrain = false;
  /** The fixed text of this dialog's INFOs, built on the first delivery (@pchat/protocol infoTemplate). */
  info: InfoTemplate | null = null;
  /** Stops routing this dialog's responses to onResponse. */
  unwatch: (() => void) | null = null;

  constructor(
    readonly connection: FrontendConnection,
    /** The URI the client INVITEd: our From (COMPAT(pidgin-sipe): it must equal the INVITEd URI). */
    readonly localUri: string,
    /** The user: our To. */
    readonly remoteUri: string,
    readonly contact: string,
    private readonly onFinish: (s: ChatDialogSession) => void,
  ) {}

  bind(dialog: SipDialog, end: (reason: string) => void): void {
    this.dialog = dialog;
    this.endDialog = end;
    if (this.ended) end('shutdown'); // the session ended before its 2xx went out: no dialog to keep
  }

  /** Ends the dialog from the server side (the caller sent the BYE); onDialogEnded follows. */
  end(reason: CloseReason): void {
    if (this.ended) return;
    if (this.endDialog) this.endDialog(reason);
    else this.finish(reason); // not bound yet: there is no dialog to end
  }

  /** The one place a session's SIP side is released. */
  finish(reason: CloseReason): void {
    if (this.ended) return;
    this.ended = true;
    this.unwatch?.();
    this.handle?.end(reason);
    this.onFinish(this);
  }
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

/** The session's close reason for why the SIP layer says the dialog ended. */
function closeReason(reason: string): CloseReason {
  if (reason === DIALOG_END.bye) return 'bye';
  if (reason === DIALOG_END.connectionClosed || reason === DIALOG_END.notAccepted) return 'connection-lost';
  const known: readonly string[] = ['bye', 'connection-lost', 'slow-consumer', 'shutdown', 'refused'];
  return known.includes(reason) ? (reason as CloseReason) : 'connection-lost';
}

export class ChatSipRouter implements ChatServiceRouter {
  private service: ChatService | null = null;
  private readonly live = new Set<ChatDialogSession>();
  private readonly sessionExpires: number;
  private readonly highWaterBytes: number;
  private gate: () => string | null = () => null;

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

  /**
   * The pool's gate (docs/pool.md): returns why this node may not open chat sessions now (not an active
   * server, or draining), naming a node that may; null = open.
   */
  setGate(gate: () => string | null): void {
    this.gate = gate;
  }

  /** Chat dialogs with a live session. */
  get dialogCount(): number {
    return this.live.size;
  }

  async onInvite(ctx: ChatInviteContext): Promise<ChatInviteAnswer> {
    const service = this.service;
    if (!service) return unavailable(ctx.fqdn);
    const closed = this.gate();
    if (closed !== null) return notHere(ctx.fqdn, closed);
    const req = ctx.request;
    const from = getHeader(req, 'From') ?? '';
    const callId = getHeader(req, 'Call-ID') ?? '';
    // The pool's own URI opens the chat dialog; the lookup URI and friendly endpoint contacts (PC-47) open
    // the legacy lookup dialog, which answers cmd:requri with the pool URI.
    const kind: DialogKind = ctx.target.kind === 'pool' ? 'chat' : 'lookup';
    const s = new ChatDialogSession(
      ctx.connection,
      ctx.target.uri,
      ctx.identity.uri,
      `<sip:${ctx.fqdn}:${ctx.connection.localPort};transport=${ctx.connection.transport}>`,
      (x) => this.live.delete(x),
    );
    const identity = {
      uri: ctx.identity.uri,
      epid: paramOf(from, 'epid') ?? '',
      dialogId: callId,
      connectionId: ctx.connection.id,
    };
    s.handle = await service.open(identity, this.sinkFor(s), kind, ctx.actor); // DomainError → the front end's refusal
    this.live.add(s);
    // Our INFOs have no client transaction: their responses come here, read lean (docs/chat-service.md).
    s.unwatch = ctx.connection.watchResponses(callId, (r) => this.onResponse(s, r.status, r.method));
    const host = ctx.connection.localAddress;
    return {
      status: 200,
      headers: [
        { name: 'Contact', value: s.contact },
        { name: 'Session-Expires', value: `${this.sessionExpires};refresher=uac` },
        { name: 'Supported', value: 'timer' },
      ],
      // An answer SDP for the `m=message` offer (optional for pidgin-sipe; Lync clients expect one).
      body: `v=0\r\no=- 0 0 IN IP4 ${host}\r\ns=session\r\nc=IN IP4 ${host}\r\nt=0 0\r\nm=message ${ctx.connection.localPort} sip ${ctx.target.uri}\r\n`,
      contentType: 'application/sdp',
      session: s,
    };
  }

  async onDialogRequest(ctx: ChatDialogContext): Promise<ChatAnswer | null> {
    const req = ctx.request;
    if (req.method === 'ACK') return null;
    const s = ctx.data.session;
    if (!(s instanceof ChatDialogSession) || s.ended || !s.handle) return { status: 481 };
    switch (req.method) {
      case 'INFO': {
        // Answered 200 at once; the XCCOS reply follows as our own INFO.
        s.handle
          .receive(req.body)
          .catch((err: unknown) =>
            this.opts.log.error(
              { err, conn: ctx.connection.id, callId: ctx.dialog.callId },
              'chat INFO failed',
            ),
          );
        return { status: 200 };
      }
      case 'UPDATE':
      case 'INVITE': // a re-INVITE refreshes the session like UPDATE does
        s.info = null; // a target refresh may have moved the remote target (RFC 3261 §12.2.2)
        return {
          status: 200,
          headers: [
            { name: 'Session-Expires', value: `${this.sessionExpires};refresher=uac` },
            { name: 'Contact', value: s.contact },
          ],
        };
      case 'BYE':
        return { status: 200 }; // the dialog (and with it the session) ends once this is answered
      default:
        return { status: 405, headers: [{ name: 'Allow', value: 'INVITE, ACK, INFO, UPDATE, BYE' }] };
    }
  }

  onDialogEnded(data: ChatDialogData, _dialog: SipDialog | null, reason: string): void {
    const s = data.session;
    if (!(s instanceof ChatDialogSession) || s.ended) return;
    s.finish(closeReason(reason));
  }

  /**
   * A final non-2xx to one of our INFOs means a delivery failed: the session ends (it would otherwise miss
   * messages silently). 481/408 say the dialog is gone at the client, so no BYE; anything else gets one.
   */
  private onResponse(s: ChatDialogSession, status: number, method: string): void {
    if (status < 300 || method !== 'INFO' || s.ended) return;
    this.opts.log.info(
      { conn: s.dialog?.connection.identity.id, callId: s.dialog?.callId, status },
      'chat INFO refused by the client: session ended',
    );
    if (status !== 481 && status !== 408)
      this.sendBye(s, [{ name: 'Reason', value: `SIP;cause=${status};text="INFO refused"` }]);
    s.end('connection-lost');
  }

  /**
   * Backpressure (a slow receiver is dropped, never slowing the room): over the high-water mark the sink
   * says so, and the session's bounded queue holds further bodies until the connection drains; past its
   * bounds the service ends the session as `slow-consumer`.
   */
  private backedUp(s: ChatDialogSession): boolean {
    if (s.connection.bufferedAmount <= this.highWaterBytes) return false;
    if (!s.awaitingDrain) {
      s.awaitingDrain = true;
      s.connection.onceDrained(() => {
        s.awaitingDrain = false;
        if (!s.ended) s.handle?.drained();
      });
    }
    return true;
  }

  private sinkFor(s: ChatDialogSession): ChatSink {
    return {
      send: (body: string) => {
        if (s.ended) return true;
        this.deliver(s, body);
        return !this.backedUp(s);
      },
      // Asking while over the mark arms the drain listener, so whatever the session queues is sent later.
      bufferedAmount: () => (this.backedUp(s) ? s.connection.bufferedAmount : 0),
      close: (reason: CloseReason, message: string) => {
        if (s.ended) return;
        this.sendBye(s, [{ name: 'Reason', value: `SIP;cause=200;text="${message.replace(/"/g, "'")}"` }]);
        s.end(reason);
      },
    };
  }

  /**
   * One INFO per delivery. Unsigned connections get the dialog's template (only branch, CSeq and length
   * change) and the broadcast's shared body bytes; a connection with an MS-SIPAE security association
   * keeps the SipMessage path, so the transport's outgoing hook signs it (docs/chat-service.md).
   */
  private deliver(s: ChatDialogSession, body: string): void {
    const d = s.dialog;
    if (d === null) return; // not accepted yet: nothing can be due before the 2xx
    const c = s.connection;
    if (c.signed) {
      c.send(this.request(s, d, 'INFO', body));
      return;
    }
    const t = (s.info ??= infoTemplate({
      remoteTarget: remoteTargetOf(d),
      via: formatVia({
        transport: c.transport.toUpperCase(),
        host: c.localAddress,
        port: c.localPort,
        params: new Map(),
      }),
      from: `<${s.localUri}>;tag=${d.localTag}`,
      to: `<${s.remoteUri}>;tag=${d.remoteTag}`,
      callId: d.callId,
      contact: s.contact,
      contentType: INFO_CONTENT_TYPE,
    }));
    const bytes = bodyBytes(body);
    c.sendPrepared(infoHead(t, generateBranch(), ++d.localSeq, bytes.length), bytes);
  }

  private sendBye(s: ChatDialogSession, headers: SipHeader[]): void {
    if (s.dialog !== null) s.connection.send(this.request(s, s.dialog, 'BYE', undefined, headers));
  }

  /** An in-dialog request from the server side (From = the chat URI with our tag, the dialog's CSeq). */
  private request(
    s: ChatDialogSession,
    d: SipDialog,
    method: 'INFO' | 'BYE',
    body?: string,
    headers: SipHeader[] = [],
  ): SipRequest {
    const c = s.connection;
    return createRequest({
      method,
      uri: remoteTargetOf(d),
      from: `<${s.localUri}>;tag=${d.localTag}`,
      to: `<${s.remoteUri}>;tag=${d.remoteTag}`,
      callId: d.callId,
      cseq: ++d.localSeq,
      via: formatVia({
        transport: c.transport.toUpperCase(),
        host: c.localAddress,
        port: c.localPort,
        params: new Map([['branch', generateBranch()]]),
      }),
      contact: s.contact,
      headers,
      ...(body === undefined ? {} : { body, contentType: INFO_CONTENT_TYPE }),
    });
  }
}

/** The dialog's remote target (the client's Contact, RFC 3261 §12.1.2), in canonical form. */
function remoteTargetOf(d: SipDialog): string {
  try {
    return formatUri(parseUri(d.remoteTarget));
  } catch {
    return d.remoteTarget;
  }
}

function unavailable(fqdn: string): ChatAnswer {
  return refuse(fqdn, {
    status: 503,
    code: DIAG.chatServiceUnavailable,
    component: 'PersistentChat',
    retryAfter: 300,
    reason: 'The Persistent Chat service is not running on this node',
  });
}

/** This node is not (or no longer) serving chat sessions for the pool; the reason names one that is. */
function notHere(fqdn: string, reason: string): ChatAnswer {
  return refuse(fqdn, {
    status: 503,
    code: DIAG.chatServiceUnavailable,
    component: 'PersistentChat',
    retryAfter: 5,
    reason,
  });
}
