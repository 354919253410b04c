// The SIP edge listeners: TCP, TLS (client certificates requested, judged per connection by a
// callback: trusted applications use mutual TLS) and WebSocket with the `sip` subprotocol
// (RFC 7118) in noServer mode, fed upgrades by the HTTP edge at `/sip`.
import { createServer as createTcpServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer, type TLSSocket, type TlsOptions } from 'node:tls';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { DEFAULT_SIP_LIMITS, type SipMessage } from '@pchat/protocol';
import { SipConnection, type ConnectionSink } from './connection.js';
import {
  silentLogger,
  type SipConnectionIdentity,
  type SipConnectionLike,
  type SipConnectionLimits,
  type SipLogger,
  type SipTlsIdentity,
  type SipTransportEvents,
  type SipTransportKind,
} from './types.js';

export interface SipTransportOptions extends Partial<SipConnectionLimits> {
  log?: SipLogger;
  /**
   * Judges a TLS client per connection (after the handshake). Return false to drop it.
   * Without a callback every client is accepted; certificates are requested but optional.
   */
  verifyTlsClient?: (identity: SipConnectionIdentity) => boolean;
}

export interface TlsListenOptions {
  host?: string;
  port: number;
  cert: string | Buffer;
  key: string | Buffer;
  /** CAs that client certificates must chain to for `identity.tls.authorized` to be true. */
  ca?: string | Buffer | Array<string | Buffer>;
  /** Extra node:tls options (ciphers, minVersion, ...). */
  tls?: TlsOptions;
}

export class SipTransport {
  private readonly limits: SipConnectionLimits;
  private readonly log: SipLogger;
  private readonly events: SipTransportEvents;
  private readonly verifyTlsClient: SipTransportOptions['verifyTlsClient'];
  private readonly servers: Server[] = [];
  private readonly wss: WebSocketServer;
  private readonly connections = new Set<SipConnection>();
  private readonly perIp = new Map<string, number>();
  /** Connections not signed in, oldest first (Sets keep insertion order): overall and per IP. */
  private readonly unauthenticated = new Set<SipConnection>();
  private readonly unauthenticatedByIp = new Map<string, Set<SipConnection>>();
  private nextId = 1;
  private readonly sink: ConnectionSink;

  constructor(events: SipTransportEvents, options: SipTransportOptions = {}) {
    const l = { ...DEFAULT_SIP_LIMITS, ...options.limits };
    const idleTimeoutMs = options.idleTimeoutMs ?? 10 * 60_000;
    const maxConnectionsPerIp = options.maxConnectionsPerIp ?? 500;
    this.limits = {
      limits: l,
      idleTimeoutMs,
      messageTimeoutMs: options.messageTimeoutMs ?? 30_000,
      maxBufferedBytes: options.maxBufferedBytes ?? l.maxHeaderBytes + l.maxBodyBytes + 64 * 1024,
      maxOutboundBytes: options.maxOutboundBytes ?? 16 * 1024 * 1024,
      maxConnections: options.maxConnections ?? 20_000,
      maxConnectionsPerIp,
      signInTimeoutMs: options.signInTimeoutMs ?? idleTimeoutMs,
      maxUnauthenticatedPerIp: options.maxUnauthenticatedPerIp ?? maxConnectionsPerIp,
    };
    this.log = options.log ?? silentLogger;
    this.events = events;
    this.verifyTlsClient = options.verifyTlsClient;
    this.sink = {
      message: (m: SipMessage, c: SipConnection) => this.events.message(m, c),
      closed: (c: SipConnection, reason: string) => this.release(c, reason),
      authenticated: (c: SipConnection) => this.forgetUnauthenticated(c),
      ...(events.outgoing ? { outgoing: events.outgoing } : {}),
    };
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: l.maxHeaderBytes + l.maxBodyBytes,
      // RFC 7118 §4.1: the `sip` subprotocol is mandatory.
      handleProtocols: (protocols) => (protocols.has('sip') ? 'sip' : false),
    });
    // The web session cookie goes on the 101 answer of the handshake that issued it.
    this.wss.on('headers', (headers: string[], req: IncomingMessage) => {
      const cookie = this.upgradeCookies.get(req);
      if (cookie !== undefined) headers.push(`Set-Cookie: ${cookie}`);
    });
  }

  private readonly upgradeCookies = new WeakMap<IncomingMessage, string>();

  /** Open connections (for metrics and tests). */
  get connectionCount(): number {
    return this.connections.size;
  }

  listenTcp(port: number, host = '0.0.0.0'): Promise<AddressInfo> {
    const server = createTcpServer((socket) => this.accept(socket, 'tcp', null));
    return this.listen(server, port, host);
  }

  listenTls(options: TlsListenOptions): Promise<AddressInfo> {
    const server = createTlsServer(
      {
        ...options.tls,
        cert: options.cert,
        key: options.key,
        ...(options.ca !== undefined ? { ca: options.ca } : {}),
        // Ask for a client certificate but let the callback decide per connection (MTLS for
        // trusted applications, plain TLS for users who authenticate with NTLM/TLS-DSK).
        requestCert: true,
        rejectUnauthorized: false,
      },
      (socket) => this.accept(socket, 'tls', tlsIdentity(socket)),
    );
    server.on('tlsClientError', (err) => this.log.debug({ err: err.message }, 'tls handshake failed'));
    return this.listen(server, options.port, options.host ?? '0.0.0.0');
  }

  /**
   * Hands an HTTP upgrade request to the SIP WebSocket endpoint. The HTTP edge calls this for
   * `GET /sip` with `Upgrade: websocket`. `secure` says whether the HTTP server is HTTPS (wss).
   */
  handleUpgrade(
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    secure = false,
    session: { token: string; fresh: boolean; setCookie: string | null } | null = null,
  ): void {
    const offered = String(req.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((s) => s.trim().toLowerCase());
    if (!offered.includes('sip')) {
      socket.end(
        'HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nOffer the "sip" WebSocket subprotocol (RFC 7118).\r\n',
      );
      return;
    }
    const raw = socket as Socket;
    if (!this.admit(raw.remoteAddress ?? '')) {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nRetry-After: 30\r\nConnection: close\r\n\r\n');
      return;
    }
    let attached = false;
    // A failed handshake never calls back: give the admission back when the socket goes away.
    raw.once('close', () => {
      if (attached) return;
      this.admitting--;
      this.decIp(raw.remoteAddress ?? '');
    });
    if (session?.setCookie) this.upgradeCookies.set(req, session.setCookie);
    this.wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      attached = true;
      const tls = secure && 'getPeerCertificate' in raw ? tlsIdentity(raw as TLSSocket) : null;
      this.attach(
        ws,
        raw,
        secure ? 'wss' : 'ws',
        tls,
        session && { token: session.token, fresh: session.fresh },
      );
    });
  }

  /** Closes listeners and every connection. */
  async close(): Promise<void> {
    for (const c of [...this.connections]) c.destroy('transport closing');
    await Promise.all(this.servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
    this.wss.close();
  }

  private listen(server: Server, port: number, host: string): Promise<AddressInfo> {
    this.servers.push(server);
    server.maxConnections = this.limits.maxConnections + 16; // the kernel-side backstop; our cap is admit()
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve(server.address() as AddressInfo);
      });
    });
  }

  /**
   * Connection caps (overall and per IP). Counts the connection when admitted. At a cap, the oldest
   * connection that has not signed in (overall, or from that IP) is evicted to make room: only signed-in
   * connections can make the node refuse a newcomer.
   */
  private admit(ip: string): boolean {
    if (this.connections.size + this.admitting >= this.limits.maxConnections)
      this.evictOldest(this.unauthenticated, 'the node is at its connection limit');
    if ((this.perIp.get(ip) ?? 0) >= this.limits.maxConnectionsPerIp)
      this.evictOldest(this.unauthenticatedByIp.get(ip), 'its address is at its connection limit');
    const n = this.perIp.get(ip) ?? 0;
    if (
      this.connections.size + this.admitting >= this.limits.maxConnections ||
      n >= this.limits.maxConnectionsPerIp
    ) {
      this.log.warn({ ip, open: this.connections.size, fromIp: n }, 'sip connection refused: cap reached');
      return false;
    }
    this.perIp.set(ip, n + 1);
    this.admitting++;
    return true;
  }

  /** Drops the oldest connection of `set` (not signed in); its release updates every count at once. */
  private evictOldest(set: Set<SipConnection> | undefined, why: string): void {
    const oldest = set?.values().next().value;
    if (oldest === undefined) return;
    this.log.info(
      { conn: oldest.identity.id, remote: oldest.identity.remoteAddress },
      'sip connection not signed in evicted',
    );
    oldest.destroy(`evicted before signing in: ${why}`);
  }

  private forgetUnauthenticated(c: SipConnection): void {
    if (!this.unauthenticated.delete(c)) return;
    const ip = c.identity.remoteAddress;
    const set = this.unauthenticatedByIp.get(ip);
    set?.delete(c);
    if (set?.size === 0) this.unauthenticatedByIp.delete(ip);
  }

  /** Admitted sockets not yet registered as connections (TLS verdict or WebSocket handshake pending). */
  private admitting = 0;

  private accept(socket: Socket, kind: SipTransportKind, tls: SipTlsIdentity | null): void {
    if (!this.admit(socket.remoteAddress ?? '')) {
      socket.destroy();
      return;
    }
    const identity = this.identity(socket, kind, tls);
    if (kind === 'tls' && this.verifyTlsClient && !this.verifyTlsClient(identity)) {
      this.log.info({ conn: identity.id, subject: tls?.subject?.CN }, 'tls client refused by policy');
      this.admitting--;
      this.decIp(identity.remoteAddress);
      socket.destroy();
      return;
    }
    this.admitting--;
    this.register(new SipConnection(identity, { kind: 'stream', socket }, this.limits, this.sink, this.log));
  }

  private attach(
    ws: WebSocket,
    socket: Socket,
    kind: SipTransportKind,
    tls: SipTlsIdentity | null,
    webSession: SipConnectionIdentity['webSession'],
  ): void {
    this.admitting--;
    const identity = { ...this.identity(socket, kind, tls), webSession };
    this.register(new SipConnection(identity, { kind: 'ws', ws, socket }, this.limits, this.sink, this.log));
  }

  private register(c: SipConnection): void {
    this.connections.add(c);
    // Every connection starts not signed in; past the per-IP budget for those, the oldest one goes.
    const ip = c.identity.remoteAddress;
    const same = this.unauthenticatedByIp.get(ip);
    if (same !== undefined && same.size >= this.limits.maxUnauthenticatedPerIp)
      this.evictOldest(same, 'too many connections from its address have not signed in');
    this.unauthenticated.add(c);
    let set = this.unauthenticatedByIp.get(ip);
    if (!set) this.unauthenticatedByIp.set(ip, (set = new Set()));
    set.add(c);
    this.log.debug({ conn: c.identity.id, remote: c.identity.remoteAddress }, 'sip connection open');
    this.events.connection?.(c);
  }

  private release(c: SipConnection, reason: string): void {
    if (!this.connections.delete(c)) return;
    this.forgetUnauthenticated(c);
    this.decIp(c.identity.remoteAddress);
    this.log.debug({ conn: c.identity.id, reason }, 'sip connection closed');
    this.events.close?.(c as SipConnectionLike, reason);
  }

  private decIp(ip: string): void {
    const n = (this.perIp.get(ip) ?? 1) - 1;
    if (n <= 0) this.perIp.delete(ip);
    else this.perIp.set(ip, n);
  }

  private identity(
    socket: Socket,
    kind: SipTransportKind,
    tls: SipTlsIdentity | null,
  ): SipConnectionIdentity {
    return {
      id: `${kind}-${this.nextId++}`,
      kind,
      remoteAddress: socket.remoteAddress ?? '',
      remotePort: socket.remotePort ?? 0,
      localAddress: socket.localAddress ?? '',
      localPort: socket.localPort ?? 0,
      tls,
      webSession: null,
    };
  }
}

function tlsIdentity(socket: TLSSocket): SipTlsIdentity {
  const cert = socket.getPeerCertificate();
  const has = cert && Object.keys(cert).length > 0;
  const subject: Record<string, string> | null =
    has && cert.subject ? flatten(cert.subject as unknown as Record<string, string | string[]>) : null;
  return {
    authorized: socket.authorized,
    authorizationError: socket.authorizationError ? String(socket.authorizationError) : null,
    subject,
    subjectAltNames: has && cert.subjectaltname ? cert.subjectaltname.split(',').map((s) => s.trim()) : [],
    fingerprint256: has ? cert.fingerprint256 : null,
  };
}

function flatten(o: Record<string, string | string[]>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(o)) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}
