// The front end (docs/architecture.md): registrar, authentication, in-band provisioning and routing of
// INVITEs to chat URIs, dispatched through one declarative table by method. Each entry states whether the
// connection must be signed in; the runner enforces that (and P-Asserted-Identity rules) before any
// handler runs, and maps anything a handler throws to one answer (500 with an error id).
import {
  createResponse,
  generateTag,
  getHeader,
  tagOf,
  type SipMessage,
  type SipRequest,
  type SipResponse,
} from '@pchat/protocol';
import type { SipDialog } from '../sip/transaction/index.js';
import type { ConnectionState, FrontendConnection, RequestIdentity, SipRequestSide } from './connection.js';
import type { FrontendContext } from './context.js';
import { DIAG, mapErrorToSip, refuse } from '../errors/sip.js';
import { isRefusal, requestIdentity } from './identity.js';
import { handleRegister } from './registrar/register.js';
import { handleSubscribe, SUPPORTED_EVENTS } from './provisioning/subscribe.js';
import { handlePresenceSubscribe, isPresenceEvent } from './presence/subscribe.js';
import { handleService } from './presence/service.js';
import type { ChatDialogData } from './routing/chat-router.js';
import { handleInvite } from './routing/invite.js';

export const ALLOWED_METHODS = [
  'REGISTER',
  'OPTIONS',
  'SUBSCRIBE',
  'INVITE',
  'ACK',
  'INFO',
  'UPDATE',
  'BYE',
  'CANCEL',
  'SERVICE',
];

interface Handler {
  /** The connection must be signed in (or be a trusted application). */
  signedIn: boolean;
  run(
    ctx: FrontendContext,
    state: ConnectionState,
    req: SipRequest,
    identity: RequestIdentity | null,
    toTag: string,
    sip: SipRequestSide,
  ): Promise<SipResponse | null>;
}

const HANDLERS: Record<string, Handler> = {
  REGISTER: { signedIn: false, run: (ctx, state, req, _id, tag) => handleRegister(ctx, state, req, tag) },
  OPTIONS: {
    signedIn: false,
    run: async (_ctx, _s, req, _id, tag) =>
      createResponse(req, 200, 'OK', capabilityHeaders(), { toTag: tag }),
  },
  SUBSCRIBE: {
    signedIn: true,
    run: (ctx, _s, req, id, tag, sip) => {
      const event = (getHeader(req, 'Event') ?? '').split(';')[0]!.trim();
      return isPresenceEvent(event)
        ? handlePresenceSubscribe(ctx, req, id!, tag, sip, event)
        : handleSubscribe(ctx, req, id!, tag);
    },
  },
  INVITE: {
    signedIn: true,
    run: (ctx, state, req, id, tag, sip) => handleInvite(ctx, state, req, id!, tag, sip),
  },
  // Category publication, contact list SOAP, access containers (presence/service.ts); others: a bare 200.
  SERVICE: { signedIn: true, run: (ctx, state, req, id, tag) => handleService(ctx, state, req, id!, tag) },
  // No pending server transactions exist (answers are immediate): nothing to cancel (RFC 3261 §9.2).
  CANCEL: { signedIn: false, run: async (_ctx, _s, req) => createResponse(req, 481) },
  MESSAGE: { signedIn: true, run: async (ctx, _s, req, _id, tag) => notACallServer(ctx, req, tag) },
};

function capabilityHeaders(): Array<{ name: string; value: string }> {
  return [
    { name: 'Allow', value: ALLOWED_METHODS.join(', ') },
    { name: 'Accept', value: 'application/sdp, text/plain' },
    { name: 'Supported', value: 'gruu-10' },
    { name: 'Allow-Events', value: SUPPORTED_EVENTS.join(',') },
  ];
}

function notACallServer(ctx: FrontendContext, req: SipRequest, toTag: string): SipResponse {
  const r = refuse(ctx.fqdn, {
    status: 480,
    code: DIAG.notACallServer,
    component: 'FrontEnd',
    reason: 'pchat is a Persistent Chat server, not an IM or call server',
  });
  return createResponse(req, r.status, r.reason, r.headers, { toTag });
}

/** A request handled without the SIP layer's help (no transaction tag, no dialog, cannot accept one). */
const NO_SIP: SipRequestSide = {
  dialog: null,
  acceptDialog: () => {
    throw new Error('no SIP transaction to accept a dialog on');
  },
};

function chatData(d: SipDialog): ChatDialogData | null {
  const data = d.data as Partial<ChatDialogData> | null;
  return data !== null && typeof data === 'object' && 'target' in data ? (data as ChatDialogData) : null;
}

/**
 * The context one request is served with: the same, except that its logger binds the correlation ids
 * (`conn`, `req`, `method`) to every line. The child logger is made only when something logs.
 */
function requestContext(
  ctx: FrontendContext,
  conn: string,
  req: string | undefined,
  method: string,
): FrontendContext {
  let child: FrontendContext['logger'] | null = null;
  return Object.create(ctx, {
    logger: {
      get: () => (child ??= ctx.logger.child({ conn, ...(req !== undefined ? { req } : {}), method })),
    },
  }) as FrontendContext;
}

export class Frontend {
  private readonly states = new Map<string, ConnectionState>();
  private sweeper: NodeJS.Timeout | null = null;

  constructor(readonly ctx: FrontendContext) {
    this.sweeper = setInterval(() => ctx.bindings.sweep(), 30_000);
    this.sweeper.unref();
    // The one tear-down path: however a dialog ends, the chat side hears of it here, once.
    ctx.dialogs.onTerminated((d, reason) => {
      const data = chatData(d);
      if (data === null) return;
      try {
        ctx.chat.onDialogEnded(data, d, reason);
      } catch (err) {
        ctx.logger.error({ err, callId: d.callId, reason }, 'chat routing failed on the end of a dialog');
      }
    });
  }

  /** The state of a connection (created on first use). */
  state(conn: FrontendConnection): ConnectionState {
    let s = this.states.get(conn.id);
    if (!s)
      this.states.set(
        conn.id,
        (s = { connection: conn, identity: null, trusted: null, trustChecked: false, security: null }),
      );
    return s;
  }

  /** Computes the answer to one request (null: none is due, e.g. ACK). Never throws. */
  async answer(
    conn: FrontendConnection,
    req: SipRequest,
    sip: SipRequestSide = NO_SIP,
  ): Promise<SipResponse | null> {
    const ctx = requestContext(this.ctx, conn.id, sip.requestId, req.method);
    const state = this.state(conn);
    // §8.2.6.2: one To tag per answer (the transaction's, when the SIP layer chose it); requests inside a
    // dialog keep theirs.
    const toTag = tagOf(getHeader(req, 'To') ?? '') ?? sip.toTag ?? generateTag();
    try {
      if (
        tagOf(getHeader(req, 'To') ?? '') !== null &&
        req.method !== 'REGISTER' &&
        req.method !== 'OPTIONS' &&
        req.method !== 'SUBSCRIBE'
      ) {
        return await this.inDialog(state, req, sip.dialog);
      }
      if (req.method === 'ACK') return null; // ACK for a non-2xx answer: absorbed (§17.2.1)
      const h = HANDLERS[req.method];
      if (!h) {
        return createResponse(
          req,
          405,
          'Method Not Allowed',
          [{ name: 'Allow', value: ALLOWED_METHODS.join(', ') }],
          { toTag },
        );
      }
      let identity: RequestIdentity | null = null;
      if (h.signedIn) {
        const id = await requestIdentity(ctx, state, req);
        if (isRefusal(id)) return createResponse(req, id.status, id.reason, id.headers, { toTag });
        if (id === null) {
          const r = refuse(ctx.fqdn, {
            status: 403,
            code: DIAG.notSignedIn,
            component: 'FrontEnd',
            reason: 'This connection has not signed in: send REGISTER first',
          });
          return createResponse(req, r.status, r.reason, r.headers, { toTag });
        }
        identity = id;
        if (req.method === 'INVITE' && id.assertedBy === null && !ctx.bindings.hasConnection(conn.id)) {
          // Signed in once is not enough: INVITE needs a live registration on this connection (an
          // un-REGISTER or an expired registration ends the right to open sessions, like Lync).
          const r = refuse(ctx.fqdn, {
            status: 403,
            code: DIAG.notRegistered,
            component: 'FrontEnd',
            reason:
              'This connection has no active registration (it un-REGISTERed or its registration expired): send REGISTER again before INVITE',
          });
          return createResponse(req, r.status, r.reason, r.headers, { toTag });
        }
      } else if (req.method === 'REGISTER' && getHeader(req, 'P-Asserted-Identity') !== undefined) {
        const id = await requestIdentity(ctx, state, req);
        if (isRefusal(id)) return createResponse(req, id.status, id.reason, id.headers, { toTag });
      }
      return await h.run(ctx, state, req, identity, toTag, sip);
    } catch (e) {
      const r = mapErrorToSip(e, ctx.fqdn, 'FrontEnd');
      if (r.errorId)
        ctx.logger.error(
          { err: e, errorId: r.errorId, method: req.method, conn: conn.id },
          'request failed unexpectedly',
        );
      return req.method === 'ACK' ? null : createResponse(req, r.status, r.reason, r.headers, { toTag });
    }
  }

  /**
   * Requests inside a dialog (RFC 3261 §12.2.2): to the chat routing when the dialog is a chat dialog of
   * this connection, else 481. The SIP layer matched the dialog on this connection before changing it; the
   * check is repeated here so that no path reaches a dialog of another connection. A BYE ends the dialog
   * in the SIP layer once it is answered (DialogTable.terminate, the one tear-down path).
   */
  private async inDialog(
    state: ConnectionState,
    req: SipRequest,
    dialog: SipDialog | null,
  ): Promise<SipResponse | null> {
    const ctx = this.ctx;
    const data = dialog === null ? null : chatData(dialog);
    if (dialog === null || data === null || dialog.connection.identity.id !== state.connection.id) {
      return req.method === 'ACK' ? null : createResponse(req, 481);
    }
    const a = await ctx.chat.onDialogRequest({
      request: req,
      connection: state.connection,
      dialog,
      data,
      fqdn: ctx.fqdn,
    });
    if (a === null || req.method === 'ACK') return null;
    return createResponse(req, a.status, a.reason, a.headers ?? [], {
      ...(a.body !== undefined ? { body: a.body } : {}),
      ...(a.contentType !== undefined ? { contentType: a.contentType } : {}),
    });
  }

  /** The connection closed: its registrations and dialogs end with it (connection-oriented, like Lync). */
  connectionClosed(conn: FrontendConnection): void {
    const ctx = this.ctx;
    const identity = this.states.get(conn.id)?.identity;
    this.states.delete(conn.id);
    const gone = ctx.bindings.removeConnection(conn.id);
    // Presence published over this connection ends with it, registered or not (docs/presence.md).
    if (identity) ctx.presence.presence.endpointGone(identity.uri, conn.id);
    if (gone.length)
      ctx.logger.debug({ conn: conn.id, bindings: gone.length }, 'registrations ended with their connection');
  }

  /**
   * Message security on the way in (MS-SIPAE): on a connection with a security association every message
   * must be signed. Returns null to let the message through, or what to do instead: answer (a request
   * other than ACK/CANCEL gets 401 with a fresh challenge, or 403 for a bad or replayed signature) or drop.
   */
  screenIncoming(conn: FrontendConnection, m: SipMessage): { answer: SipResponse | null } | null {
    const sec = this.states.get(conn.id)?.security;
    if (!sec) return null;
    const ctx = this.ctx;
    const v = sec.checkIncoming(m, ctx.now());
    if (v.kind === 'ok' || v.kind === 'handshake') return null;
    const what = m.kind === 'request' ? m.method : `${m.status} response`;
    const log = {
      conn: conn.id,
      remote: conn.remoteAddress,
      user: sec.user,
      message: what,
      cseq: getHeader(m, 'CSeq'),
      why: v.why,
    };
    const answerable = m.kind === 'request' && m.method !== 'ACK' && m.method !== 'CANCEL';
    if (v.kind === 'challenge') {
      ctx.logger.info(log, answerable ? 'unsigned message: challenged' : 'unsigned message dropped');
      if (!answerable) return { answer: null };
      return {
        answer: createResponse(m, 401, 'Unauthorized', v.headers, {
          toTag: tagOf(getHeader(m, 'To') ?? '') ?? generateTag(),
        }),
      };
    }
    // Tampered with, or replayed: never served. Logged without any signature material.
    ctx.logger.warn(log, 'message signature refused');
    if (!answerable) return { answer: null };
    const replay = v.why.includes('replayed');
    const r = refuse(ctx.fqdn, {
      status: 403,
      code: replay ? DIAG.replayedSignature : DIAG.badSignature,
      component: 'Authentication',
      reason: replay
        ? 'Message refused: its signature was already used (replayed cnum)'
        : 'Message refused: its signature does not match its content',
    });
    return {
      answer: createResponse(m, r.status, r.reason, r.headers, {
        toTag: tagOf(getHeader(m, 'To') ?? '') ?? generateTag(),
      }),
    };
  }

  /** Message security on the way out: the transport's outgoing hook, for every message of the connection. */
  signOutgoing(connectionId: string, m: SipMessage): SipMessage {
    const sec = this.states.get(connectionId)?.security;
    if (!sec) return m;
    try {
      return sec.signOutgoing(m);
    } catch (err) {
      this.ctx.logger.error({ err, conn: connectionId }, 'signing an outgoing message failed');
      return m;
    }
  }

  /** Signed-in identity of a connection (for the chat service and tests). */
  identityOf(connectionId: string): ConnectionState['identity'] {
    return this.states.get(connectionId)?.identity ?? null;
  }

  close(): void {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = null;
  }
}
