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
import type { ConnectionState, FrontendConnection, RequestIdentity } from './connection.js';
import type { FrontendContext } from './context.js';
import { DIAG, mapErrorToSip, refuse } from './diagnostics.js';
import { isRefusal, requestIdentity } from './identity.js';
import { handleRegister } from './registrar/register.js';
import { handleSubscribe, SUPPORTED_EVENTS } from './provisioning/subscribe.js';
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
  ): Promise<SipResponse | null>;
}

const HANDLERS: Record<string, Handler> = {
  REGISTER: { signedIn: false, run: (ctx, state, req, _id, tag) => handleRegister(ctx, state, req, tag) },
  OPTIONS: {
    signedIn: false,
    run: async (_ctx, _s, req, _id, tag) =>
      createResponse(req, 200, 'OK', capabilityHeaders(), { toTag: tag }),
  },
  SUBSCRIBE: { signedIn: true, run: (ctx, _s, req, id, tag) => handleSubscribe(ctx, req, id!, tag) },
  INVITE: { signedIn: true, run: (ctx, state, req, id, tag) => handleInvite(ctx, state, req, id!, tag) },
  // COMPAT(pidgin-sipe): SERVICE (roaming-self publications, ACLs) needs only a 200 (docs/xccos.md §5.4).
  SERVICE: {
    signedIn: true,
    run: async (_ctx, _s, req, _id, tag) => createResponse(req, 200, 'OK', [], { toTag: tag }),
  },
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

export class Frontend {
  private readonly states = new Map<string, ConnectionState>();
  private sweeper: NodeJS.Timeout | null = null;

  constructor(readonly ctx: FrontendContext) {
    this.sweeper = setInterval(() => ctx.bindings.sweep(), 30_000);
    this.sweeper.unref();
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
    transactionTag?: string,
  ): Promise<SipResponse | null> {
    const ctx = this.ctx;
    const state = this.state(conn);
    // §8.2.6.2: one To tag per answer (the transaction's, when the SIP layer chose it); requests inside a
    // dialog keep theirs.
    const toTag = tagOf(getHeader(req, 'To') ?? '') ?? transactionTag ?? generateTag();
    try {
      if (
        tagOf(getHeader(req, 'To') ?? '') !== null &&
        req.method !== 'REGISTER' &&
        req.method !== 'OPTIONS' &&
        req.method !== 'SUBSCRIBE'
      ) {
        return await this.inDialog(state, req);
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
      } else if (req.method === 'REGISTER' && getHeader(req, 'P-Asserted-Identity') !== undefined) {
        const id = await requestIdentity(ctx, state, req);
        if (isRefusal(id)) return createResponse(req, id.status, id.reason, id.headers, { toTag });
      }
      return await h.run(ctx, state, req, identity, toTag);
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

  /** Requests inside a dialog (RFC 3261 §12.2.2): to the chat service when it owns the dialog, else 481. */
  private async inDialog(state: ConnectionState, req: SipRequest): Promise<SipResponse | null> {
    const ctx = this.ctx;
    const callId = getHeader(req, 'Call-ID') ?? '';
    const local = tagOf(getHeader(req, 'To') ?? '') ?? '';
    const remote = tagOf(getHeader(req, 'From') ?? '') ?? '';
    const dialog = ctx.dialogs.find(callId, local, remote);
    if (!dialog || dialog.connectionId !== state.connection.id) {
      return req.method === 'ACK' ? null : createResponse(req, 481);
    }
    const a = await ctx.chat.onDialogRequest({
      request: req,
      connection: state.connection,
      dialog,
      fqdn: ctx.fqdn,
    });
    if (req.method === 'BYE') ctx.dialogs.remove(dialog);
    if (a === null || req.method === 'ACK') return null;
    return createResponse(req, a.status, a.reason, a.headers ?? [], {
      ...(a.body !== undefined ? { body: a.body } : {}),
      ...(a.contentType !== undefined ? { contentType: a.contentType } : {}),
    });
  }

  /** The connection closed: its registrations and dialogs end with it (connection-oriented, like Lync). */
  connectionClosed(conn: FrontendConnection): void {
    const ctx = this.ctx;
    this.states.delete(conn.id);
    const gone = ctx.bindings.removeConnection(conn.id);
    ctx.dialogs.removeConnection(conn.id);
    try {
      ctx.chat.onConnectionClosed(conn);
    } catch (err) {
      ctx.logger.error({ err, conn: conn.id }, 'chat service failed on connection close');
    }
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
        : 'Message refused: its signature does not match its content (MS-SIPAE)',
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
