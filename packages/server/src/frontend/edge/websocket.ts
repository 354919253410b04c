// SIP over WebSocket (RFC 7118): the `sip` subprotocol, one SIP message per WebSocket message, mounted
// at /sip on the HTTP server's upgrade. Interim adapter like stream.ts.
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { parseMessage, serializeMessageToString, isSipParseError, type SipMessage } from '@pchat/protocol';
import type { FrontendConnection } from '../connection.js';
import type { Frontend } from '../frontend.js';
import { answerParseError } from './answer-errors.js';
import type { ConnectionLimits } from './limits.js';

let nextId = 1;

export interface WebSocketMount {
  close(): Promise<void>;
}

export function mountSipWebSocket(frontend: Frontend, server: HttpServer, limits: ConnectionLimits, path = '/sip'): WebSocketMount {
  const log = frontend.ctx.logger;
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: limits.maxBodyBytes + limits.maxHeaderBytes,
    // RFC 7118 §4.1: the subprotocol is "sip".
    handleProtocols: (protocols) => (protocols.has('sip') ? 'sip' : false),
  });
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const url = (req.url ?? '').split('?')[0];
    if (url !== path) return; // other upgrade handlers may own other paths
    wss.handleUpgrade(req, socket, head, (ws) => serveWebSocket(frontend, ws, req, limits, log));
  };
  server.on('upgrade', onUpgrade);
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.off('upgrade', onUpgrade);
        for (const c of wss.clients) c.terminate();
        wss.close(() => resolve());
      }),
  };
}

function serveWebSocket(frontend: Frontend, ws: WebSocket, req: IncomingMessage, limits: ConnectionLimits, log: Frontend['ctx']['logger']): void {
  const secure = (req.socket as { encrypted?: boolean }).encrypted === true;
  const conn: FrontendConnection = {
    id: `ws-${nextId++}`,
    transport: secure ? 'wss' : 'ws',
    remoteAddress: req.socket.remoteAddress ?? '',
    remotePort: req.socket.remotePort ?? 0,
    localAddress: req.socket.localAddress ?? '',
    localPort: req.socket.localPort ?? 0,
    peerCertificate: null,
    send(message: SipMessage) {
      if (ws.readyState === ws.OPEN) ws.send(serializeMessageToString(message));
    },
    close() {
      ws.close(1000);
    },
  };
  let queue: Promise<void> = Promise.resolve();
  let idle = setTimeout(() => ws.terminate(), limits.idleTimeoutSeconds * 1000);
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    clearTimeout(idle);
    idle = setTimeout(() => ws.terminate(), limits.idleTimeoutSeconds * 1000);
    const text = isBinary ? data : data.toString('utf8');
    if (text.length === 0 || (typeof text === 'string' && text.trim() === '')) return; // keep-alive
    let m: SipMessage;
    try {
      m = parseMessage(text, { limits: { maxBodyBytes: limits.maxBodyBytes, maxHeaderBytes: limits.maxHeaderBytes } });
    } catch (e) {
      if (!isSipParseError(e)) throw e;
      const res = answerParseError(e, frontend.ctx.fqdn);
      if (res) conn.send(res);
      return;
    }
    if (m.kind === 'request') {
      const req = m;
      queue = queue.then(() => frontend.handleRequest(conn, req)).catch((err) => log.error({ err, conn: conn.id }, 'request handling failed'));
    }
  });
  ws.on('error', () => {});
  ws.on('close', () => {
    clearTimeout(idle);
    frontend.connectionClosed(conn);
  });
}
