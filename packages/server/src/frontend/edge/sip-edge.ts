// The front end on the SIP layer (packages/server/src/sip: SipTransport for TCP/TLS/WebSocket with its
// per-connection limits, SipEndpoint for transactions and dialogs). Every method the front end serves is
// one entry of the endpoint's handler table; each request is answered through its server transaction
// with the transaction's To tag, and a 2xx to INVITE creates the dialog in the one DialogTable (shared
// with the front end) so that in-dialog requests (INFO, UPDATE, BYE, ACK) reach the chat routing; the SIP
// layer only lets a dialog's own connection use it.
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { headerKey, type SipResponse } from '@pchat/protocol';
import { SipTransport } from '../../sip/transport/index.js';
import type { SipConnectionLike, SipLogger } from '../../sip/transport/index.js';
import {
  SipEndpoint,
  type DialogTable,
  type SipDialog,
  type SipHandlerTable,
  type SipRequestContext,
} from '../../sip/transaction/index.js';
import type { FrontendConnection, PeerCertificateInfo } from '../connection.js';
import { ALLOWED_METHODS, type Frontend } from '../frontend.js';
import type { ConnectionLimits } from './limits.js';
import type { WebSessions } from '../../auth/web-session/sessions.js';

export interface SipEdgeOptions {
  host: string;
  tcpPort: number | null;
  tlsPort: number | null;
  tls?: { cert: Buffer; key: Buffer; ca: Buffer | null };
  limits: ConnectionLimits;
  /** Mount SIP over WebSocket (RFC 7118) at /sip on this HTTP server's upgrade. */
  httpServer: HttpServer | null;
  serverName: string;
  log: SipLogger;
  /** The dialog table the front end reads (FrontendContext.dialogs). */
  dialogs: DialogTable;
  /** The web session of a browser's WebSocket handshake (auth/web-session); left out, none. */
  webSessions?: WebSessions;
}

export interface SipEdge {
  addresses: Record<string, string>;
  ports: { tcp: number | null; tls: number | null };
  /** Open connections on every listener (metrics). */
  connectionCount(): number;
  close(): Promise<void>;
}

const COPIED = new Set(['via', 'from', 'to', 'call-id', 'cseq', 'content-length', 'content-type', 'contact']);

function peerCertificate(c: SipConnectionLike): PeerCertificateInfo | null {
  const t = c.identity.tls;
  if (t === null || t.subject === null) return null;
  return {
    authorized: t.authorized,
    subjectCN: t.subject.CN ?? null,
    sanDns: t.subjectAltNames.filter((s) => s.startsWith('DNS:')).map((s) => s.slice(4)),
  };
}

export async function startSipEdge(frontend: Frontend, o: SipEdgeOptions): Promise<SipEdge> {
  const adapters = new Map<string, FrontendConnection>();
  const adapt = (c: SipConnectionLike): FrontendConnection => {
    let a = adapters.get(c.identity.id);
    if (!a) {
      const id = c.identity;
      const fc: FrontendConnection = {
        id: id.id,
        transport: id.kind,
        remoteAddress: id.remoteAddress,
        remotePort: id.remotePort,
        localAddress: id.localAddress,
        localPort: id.localPort,
        peerCertificate: peerCertificate(c),
        webSession: id.webSession,
        send: (m) => c.send(m),
        get signed() {
          return frontend.state(fc).security !== null;
        },
        sendPrepared: (head, body) => c.sendParts(head, body),
        watchResponses: (callId, handler) =>
          c.watchResponses(callId, handler, frontend.state(fc).security === null),
        get bufferedAmount() {
          return c.bufferedAmount;
        },
        onceDrained: (listener) => c.onceDrained(listener),
        close: () => c.close('closed by the front end'),
        markSignedIn: () => c.markAuthenticated(),
      };
      a = fc;
      adapters.set(id.id, a);
    }
    return a;
  };

  const serve = async (sctx: SipRequestContext): Promise<void> => {
    const req = sctx.request;
    const res = await frontend.answer(adapt(sctx.connection), req, {
      toTag: sctx.transaction.toTag,
      requestId: sctx.requestId,
      dialog: sctx.dialog,
      acceptDialog: (r, data) => acceptInvite(sctx, r, data),
    });
    if (res === null || req.method === 'ACK') return;
    sctx.send(res);
  };
  const handlers: SipHandlerTable = {};
  for (const m of [...ALLOWED_METHODS.filter((x) => x !== 'CANCEL'), 'MESSAGE']) handlers[m] = serve;

  const endpoint = new SipEndpoint({
    handlers,
    allow: ALLOWED_METHODS,
    accept: ['application/sdp', 'text/plain'],
    supported: ['gruu-10'],
    // COMPAT(pidgin-sipe): never `RTC/6.x` or later, which flags the server as Skype for Business.
    serverName: o.serverName,
    log: o.log,
    dialogs: o.dialogs,
  });
  const transport = new SipTransport(
    {
      message: (m, c) => {
        // MS-SIPAE: on a signed connection a message reaches the transaction layer only once verified.
        const screened = frontend.screenIncoming(adapt(c), m);
        // Responses to requests sent outside the transaction layer (chat INFOs) go to their watcher.
        if (screened === null) {
          if (m.kind !== 'response' || !c.routeResponse(m)) endpoint.receive(m, c);
        } else if (screened.answer !== null) c.send(screened.answer);
      },
      // Every message we send, after it is final: signed when the connection has a security association.
      outgoing: (m, c) => frontend.signOutgoing(c.identity.id, m),
      close: (c) => {
        endpoint.connectionClosed(c);
        const a = adapters.get(c.identity.id);
        adapters.delete(c.identity.id);
        if (a) frontend.connectionClosed(a);
      },
    },
    {
      log: o.log,
      limits: { maxBodyBytes: o.limits.maxBodyBytes, maxHeaderBytes: o.limits.maxHeaderBytes },
      idleTimeoutMs: o.limits.idleTimeoutSeconds * 1000,
      maxConnections: o.limits.maxConnections,
      maxConnectionsPerIp: o.limits.maxConnectionsPerAddress,
      // Unset (null), the transport derives them from the idle timeout and the per-address cap.
      ...(o.limits.signInTimeoutSeconds !== null
        ? { signInTimeoutMs: o.limits.signInTimeoutSeconds * 1000 }
        : {}),
      ...(o.limits.maxUnauthenticatedPerAddress !== null
        ? { maxUnauthenticatedPerIp: o.limits.maxUnauthenticatedPerAddress }
        : {}),
    },
  );

  const addresses: Record<string, string> = {};
  const ports: SipEdge['ports'] = { tcp: null, tls: null };
  try {
    if (o.tcpPort !== null) {
      ports.tcp = (await transport.listenTcp(o.tcpPort, o.host)).port;
      addresses.sipTcp = `sip:${o.host}:${ports.tcp};transport=tcp`;
    }
    if (o.tlsPort !== null && o.tls) {
      ports.tls = (
        await transport.listenTls({
          host: o.host,
          port: o.tlsPort,
          cert: o.tls.cert,
          key: o.tls.key,
          ...(o.tls.ca ? { ca: o.tls.ca } : {}),
        })
      ).port;
      addresses.sipTls = `sip:${o.host}:${ports.tls};transport=tls`;
    }
  } catch (err) {
    await transport.close();
    throw err;
  }
  let onUpgrade: ((req: IncomingMessage, socket: Duplex, head: Buffer) => void) | null = null;
  if (o.httpServer) {
    const http = o.httpServer;
    onUpgrade = (req, socket, head) => {
      if (new URL(req.url ?? '/', 'http://x').pathname !== '/sip') return; // other paths belong to others
      const secure = (req.socket as { encrypted?: boolean }).encrypted === true;
      if (!o.webSessions) return transport.handleUpgrade(req, socket, head, secure);
      socket.on('error', () => undefined); // a peer gone while the session is looked up
      // Behind a TLS proxy the browser's page is https too: its cookie must then be Secure.
      const cookieSecure = secure || req.headers['x-forwarded-proto'] === 'https';
      o.webSessions.handshake(req.headers, cookieSecure).then(
        (session) => transport.handleUpgrade(req, socket, head, secure, session),
        (err: unknown) => {
          o.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'web session lookup failed');
          transport.handleUpgrade(req, socket, head, secure); // signs in with a password as before
        },
      );
    };
    http.on('upgrade', onUpgrade);
    const a = http.address();
    if (a && typeof a === 'object') addresses.sipWs = `ws://${a.address}:${a.port}/sip`;
  }
  return {
    addresses,
    ports,
    connectionCount: () => transport.connectionCount,
    close: async () => {
      if (onUpgrade) o.httpServer?.off('upgrade', onUpgrade);
      await transport.close();
    },
  };
}

/** A 2xx the front end built for an INVITE, sent through acceptDialog so the SIP layer owns the dialog. */
function acceptInvite(sctx: SipRequestContext, res: SipResponse, data: unknown): SipDialog {
  const contact = res.headers.find((h) => headerKey(h.name) === 'contact')?.value;
  const contentType = res.headers.find((h) => headerKey(h.name) === 'content-type')?.value;
  return sctx.acceptDialog(res.status, {
    headers: res.headers.filter((h) => !COPIED.has(headerKey(h.name))),
    ...(contact !== undefined ? { contact } : {}),
    ...(res.body ? { body: res.body } : {}),
    ...(contentType !== undefined ? { contentType } : {}),
    data,
  });
}
