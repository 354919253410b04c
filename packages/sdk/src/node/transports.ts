// SIP over TCP and TLS for Node (the `@pchat/sdk/node` subpath keeps node: imports out of
// the browser build). TLS with a client certificate is how a trusted application connects (mutual TLS,
// PC-87).
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions, type TLSSocket } from 'node:tls';
import {
  PersistentChatError,
  StreamSipTransport,
  type SipTransport,
  type SipTransportFactory,
} from '../index.js';

function splitHostPort(server: string, defaultPort: number): { host: string; port: number } {
  const m = /^\[?([^\]]+?)\]?(?::(\d+))?$/.exec(server.replace(/^sips?:/, '').replace(/;.*$/, ''));
  if (!m) throw new PersistentChatError('InvalidArgument', `"${server}" is not host:port.`);
  return { host: m[1]!, port: m[2] ? Number(m[2]) : defaultPort };
}

function wire(
  name: 'tcp' | 'tls',
  socket: Socket | TLSSocket,
  server: string,
  timeoutMs: number,
  readyEvent: 'connect' | 'secureConnect',
): Promise<SipTransport> {
  return new Promise((resolve, reject) => {
    let t: StreamSipTransport | null = null;
    const timer = setTimeout(() => {
      socket.destroy();
      reject(
        new PersistentChatError(
          'ConnectionFailed',
          `No ${name.toUpperCase()} connection to ${server} within ${timeoutMs} ms: check the address and that the server is running.`,
        ),
      );
    }, timeoutMs);
    socket.once(readyEvent, () => {
      clearTimeout(timer);
      socket.setNoDelay(true);
      socket.setKeepAlive(true, 15_000);
      t = new StreamSipTransport(
        name,
        { host: socket.localAddress ?? '127.0.0.1', port: socket.localPort ?? 0 },
        {
          write: (text) => {
            if (!socket.destroyed) socket.write(text);
          },
          end: () => socket.destroy(),
        },
      );
      socket.on('data', (chunk: Buffer) => t!.receive(chunk));
      resolve(t);
    });
    socket.on('error', (err) => {
      if (t === null) {
        clearTimeout(timer);
        const hint =
          name === 'tls' && /certificate|self.signed|CERT/i.test(err.message)
            ? ' The server certificate is not trusted: pass its CA as tlsTransport({ ca }).'
            : '';
        reject(
          new PersistentChatError(
            'ConnectionFailed',
            `${name.toUpperCase()} connection to ${server} failed: ${err.message}.${hint}`,
            { cause: err },
          ),
        );
      } else t.ended(err);
    });
    socket.on('close', () => t?.ended());
  });
}

/** SIP over TCP: `server` is `host:port` (default port 5060). */
export function tcpTransport(): SipTransportFactory {
  return {
    name: 'tcp',
    connect(server, { timeoutMs }) {
      const { host, port } = splitHostPort(server, 5060);
      return wire('tcp', netConnect({ host, port }), server, timeoutMs, 'connect');
    },
  };
}

/** TLS settings; `cert`/`key` make it mutual TLS (a trusted application's certificate). */
export interface TlsTransportOptions {
  /** CA certificate(s) that sign the server certificate (PEM). Default: Node's root store. */
  ca?: string | Buffer | Array<string | Buffer>;
  /** Client certificate (PEM) for mutual TLS. */
  cert?: string | Buffer;
  /** Its private key (PEM). */
  key?: string | Buffer;
  /** Name to verify in the server certificate (default: the host). */
  servername?: string;
  /** Default true. Set false only in tests. */
  rejectUnauthorized?: boolean;
}

/** SIP over TLS: `server` is `host:port` (default port 5061). */
export function tlsTransport(options: TlsTransportOptions = {}): SipTransportFactory {
  return {
    name: 'tls',
    connect(server, { timeoutMs }) {
      const { host, port } = splitHostPort(server, 5061);
      const sn = options.servername ?? (/^[\d.]+$|:/.test(host) ? undefined : host);
      const opts: ConnectionOptions = {
        host,
        port,
        ...(options.ca !== undefined ? { ca: options.ca } : {}),
        ...(options.cert !== undefined ? { cert: options.cert } : {}),
        ...(options.key !== undefined ? { key: options.key } : {}),
        ...(sn !== undefined ? { servername: sn } : {}),
        rejectUnauthorized: options.rejectUnauthorized ?? true,
      };
      const socket = tlsConnect(opts);
      return wire('tls', socket, server, timeoutMs, 'secureConnect');
    },
  };
}
