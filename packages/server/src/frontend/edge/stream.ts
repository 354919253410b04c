// SIP over TCP and TLS (RFC 3261 §18.3: Content-Length framing on a byte stream; RFC 5626 §3.5.1 CRLF
// keep-alives) as front-end connections. Interim adapter: when the SIP layer's transports
// (packages/server/src/sip/transport) land, they feed the same Frontend API and this file goes.
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { SipStreamFramer, serializeMessage, type SipMessage } from '@pchat/protocol';
import type { FrontendConnection, PeerCertificateInfo, SipTransportName } from '../connection.js';
import type { Frontend } from '../frontend.js';
import { answerParseError } from './answer-errors.js';
import type { ConnectionLimits } from './limits.js';

let nextId = 1;

export function peerCertificateOf(socket: TLSSocket): PeerCertificateInfo | null {
  const cert = socket.getPeerCertificate();
  if (!cert || Object.keys(cert).length === 0) return null;
  const cn = cert.subject?.CN;
  const sanDns = (cert.subjectaltname ?? '').split(',').map((s) => s.trim()).filter((s) => s.startsWith('DNS:')).map((s) => s.slice(4));
  return { authorized: socket.authorized, subjectCN: typeof cn === 'string' ? cn : Array.isArray(cn) ? (cn[0] ?? null) : null, sanDns };
}

export function serveStream(frontend: Frontend, socket: Socket, transport: SipTransportName, limits: ConnectionLimits, onClose: () => void): FrontendConnection {
  const fqdn = frontend.ctx.fqdn;
  const log = frontend.ctx.logger;
  const framer = new SipStreamFramer({ limits: { maxBodyBytes: limits.maxBodyBytes, maxHeaderBytes: limits.maxHeaderBytes } });
  let closed = false;
  const conn: FrontendConnection = {
    id: `${transport}-${nextId++}`,
    transport,
    remoteAddress: socket.remoteAddress ?? '',
    remotePort: socket.remotePort ?? 0,
    localAddress: socket.localAddress ?? '',
    localPort: socket.localPort ?? 0,
    peerCertificate: transport === 'tls' ? peerCertificateOf(socket as TLSSocket) : null,
    send(message: SipMessage) {
      if (!closed && socket.writable) socket.write(serializeMessage(message));
    },
    close() {
      if (!closed) socket.end();
    },
  };
  // Requests of one connection are served in order (a REGISTER binds the identity the next one uses).
  let queue: Promise<void> = Promise.resolve();
  socket.setNoDelay(true);
  // Slow or silent peers: no complete message within the idle time closes the connection.
  socket.setTimeout(limits.idleTimeoutSeconds * 1000, () => {
    log.info({ conn: conn.id, remote: conn.remoteAddress }, 'closing an idle connection');
    socket.destroy();
  });
  socket.on('data', (chunk: Buffer) => {
    for (const ev of framer.push(chunk)) {
      if (ev.type === 'ping') {
        socket.write('\r\n'); // RFC 5626 §3.5.1 pong
      } else if (ev.type === 'message') {
        const m = ev.message;
        if (m.kind === 'request') queue = queue.then(() => frontend.handleRequest(conn, m)).catch((err) => log.error({ err, conn: conn.id }, 'request handling failed'));
        // Responses: no client transactions originate here yet (the chat service's INFOs are answered by
        // the client; nothing waits on those answers).
      } else if (ev.type === 'error') {
        const res = answerParseError(ev.error, fqdn);
        if (res) socket.write(serializeMessage(res));
        if (ev.error.fatal) {
          log.info({ conn: conn.id, kind: ev.error.kind }, 'closing a connection whose stream cannot be framed');
          socket.end();
          socket.destroySoon?.();
          setImmediate(() => socket.destroy());
          return;
        }
      }
    }
  });
  socket.on('error', () => {
    // EPIPE/ECONNRESET after the client left (pidgin-sipe closes without waiting): 'close' follows.
  });
  socket.on('close', () => {
    closed = true;
    frontend.connectionClosed(conn);
    onClose();
  });
  return conn;
}
