// The front end's SIP listeners: TCP and TLS (mutual TLS optional: `requestCert` with the trusted
// applications' CA, `rejectUnauthorized: false` so that users without certificates still connect; the
// front end decides per connection, STACK.md §8). Connection caps in total and per remote address.
import { createServer as createTcpServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer, type TLSSocket } from 'node:tls';
import type { AddressInfo } from 'node:net';
import type { Frontend } from '../frontend.js';
import type { SipTransportName } from '../connection.js';
import type { ConnectionLimits } from './limits.js';
import { serveStream } from './stream.js';

export interface ListenOptions {
  host: string;
  tcpPort: number | null;
  tlsPort: number | null;
  tls?: { cert: Buffer; key: Buffer; ca: Buffer | null };
  limits: ConnectionLimits;
}

export interface SipListeners {
  /** e.g. { sipTcp: 'sip:127.0.0.1:5060;transport=tcp' }. */
  addresses: Record<string, string>;
  ports: { tcp: number | null; tls: number | null };
  close(): Promise<void>;
}

class ConnectionCounter {
  private total = 0;
  private readonly perAddress = new Map<string, number>();
  constructor(private readonly limits: ConnectionLimits) {}
  admit(address: string): boolean {
    const n = this.perAddress.get(address) ?? 0;
    if (this.total >= this.limits.maxConnections || n >= this.limits.maxConnectionsPerAddress) return false;
    this.total++;
    this.perAddress.set(address, n + 1);
    return true;
  }
  release(address: string): void {
    this.total--;
    const n = (this.perAddress.get(address) ?? 1) - 1;
    if (n <= 0) this.perAddress.delete(address);
    else this.perAddress.set(address, n);
  }
}

export async function startSipListeners(frontend: Frontend, opts: ListenOptions): Promise<SipListeners> {
  const counter = new ConnectionCounter(opts.limits);
  const servers: Server[] = [];
  const sockets = new Set<Socket>();
  const addresses: Record<string, string> = {};
  const ports: SipListeners['ports'] = { tcp: null, tls: null };
  const log = frontend.ctx.logger;

  const accept = (socket: Socket, transport: SipTransportName): void => {
    const addr = socket.remoteAddress ?? '';
    if (!counter.admit(addr)) {
      log.warn({ remote: addr, transport }, 'connection refused: too many connections');
      socket.destroy();
      return;
    }
    sockets.add(socket);
    serveStream(frontend, socket, transport, opts.limits, () => {
      sockets.delete(socket);
      counter.release(addr);
    });
  };

  const listen = (server: Server, port: number): Promise<number> =>
    new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, opts.host, () => {
        server.off('error', reject);
        resolve((server.address() as AddressInfo).port);
      });
    });

  try {
    if (opts.tcpPort !== null) {
      const tcp = createTcpServer((s) => accept(s, 'tcp'));
      servers.push(tcp);
      ports.tcp = await listen(tcp, opts.tcpPort);
      addresses.sipTcp = `sip:${opts.host}:${ports.tcp};transport=tcp`;
    }
    if (opts.tlsPort !== null && opts.tls) {
      const tls = createTlsServer(
        {
          cert: opts.tls.cert,
          key: opts.tls.key,
          ...(opts.tls.ca ? { ca: opts.tls.ca, requestCert: true } : {}),
          rejectUnauthorized: false,
        },
        (s: TLSSocket) => accept(s, 'tls'),
      );
      tls.on('tlsClientError', () => {}); // a failed handshake is the peer's problem; nothing to serve
      servers.push(tls);
      ports.tls = await listen(tls, opts.tlsPort);
      addresses.sipTls = `sip:${opts.host}:${ports.tls};transport=tls`;
    }
  } catch (err) {
    for (const s of servers) s.close();
    throw err;
  }

  return {
    addresses,
    ports,
    close: async () => {
      for (const s of sockets) s.destroy();
      await Promise.all(
        servers.map((s) => new Promise<void>((resolve) => {
          s.close(() => resolve());
        })),
      ).then(() => undefined, () => undefined);
    },
  };
}
