// Test kit for the SIP edge: a server (transport + endpoint) on 127.0.0.1 port 0 and raw
// clients that speak bytes and read frames with the real codec.
import { connect as tcpConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SipStreamFramer, type SipMessage, type SipResponse } from '@pchat/protocol';
import { SipTransport, type SipTransportOptions } from '../../src/sip/transport/index.js';
import { SipEndpoint, type SipEndpointOptions } from '../../src/sip/transaction/index.js';

export interface Edge {
  transport: SipTransport;
  endpoint: SipEndpoint;
  close(): Promise<void>;
}

export function makeEdge(
  endpointOptions: SipEndpointOptions,
  transportOptions: SipTransportOptions = {},
): Edge {
  const endpoint = new SipEndpoint(endpointOptions);
  const transport = new SipTransport(
    { message: (m, c) => endpoint.receive(m, c), close: (c) => endpoint.connectionClosed(c) },
    transportOptions,
  );
  return { transport, endpoint, close: () => transport.close() };
}

/** A raw client: writes bytes, collects parsed messages, knows when the server closed. */
export class RawClient {
  readonly socket: Socket;
  readonly messages: SipMessage[] = [];
  pongs = 0;
  closed = false;
  private readonly framer = new SipStreamFramer({ validate: false }); // see answers to broken requests as they are
  private waiters: Array<() => void> = [];

  constructor(socket: Socket) {
    this.socket = socket;
    socket.on('data', (chunk: Buffer) => {
      // A lone CRLF from the server is a pong (RFC 5626); count it before the framer sees it.
      if (chunk.length === 2 && chunk[0] === 13 && chunk[1] === 10) this.pongs++;
      else
        for (const ev of this.framer.push(chunk)) if (ev.type === 'message') this.messages.push(ev.message);
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
    socket.on('error', () => undefined);
  }

  static tcp(port: number): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const s = tcpConnect({ host: '127.0.0.1', port }, () => resolve(new RawClient(s)));
      s.once('error', reject);
    });
  }

  static tls(port: number, options: ConnectionOptions = {}): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const s = tlsConnect({ host: '127.0.0.1', port, rejectUnauthorized: false, ...options }, () =>
        resolve(new RawClient(s)),
      );
      s.once('error', reject);
    });
  }

  write(data: string | Uint8Array): void {
    this.socket.write(data);
  }

  /** Resolves when `pred` holds (checked on every event); the test runner's timeout bounds it. */
  until(pred: () => boolean): Promise<void> {
    if (pred()) return Promise.resolve();
    return new Promise((resolve) => {
      const check = () => {
        if (pred()) resolve();
        else this.waiters.push(check);
      };
      this.waiters.push(check);
    });
  }

  async response(n = 1): Promise<SipResponse> {
    await this.until(() => this.messages.filter((m) => m.kind === 'response').length >= n || this.closed);
    const r = this.messages.filter((m) => m.kind === 'response')[n - 1];
    if (r === undefined || r.kind !== 'response') throw new Error('connection closed before the response');
    return r;
  }

  end(): void {
    this.socket.destroy();
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }
}

let counter = 0;
/** A SIP request as text with correct Content-Length. */
export function sipRequest(
  method: string,
  o: {
    callId?: string;
    cseq?: number;
    toTag?: string;
    fromTag?: string;
    body?: string;
    branch?: string;
    extra?: string;
    uri?: string;
  } = {},
): string {
  const body = o.body ?? '';
  return (
    `${method} ${o.uri ?? 'sip:ocschat@example.test'} SIP/2.0\r\n` +
    `Via: SIP/2.0/TCP 127.0.0.1:5999;branch=${o.branch ?? `z9hG4bKt${++counter}`}\r\n` +
    'Max-Forwards: 70\r\n' +
    `From: <sip:alice@example.test>;tag=${o.fromTag ?? 'alice1'};epid=e1\r\n` +
    `To: <sip:ocschat@example.test>${o.toTag ? `;tag=${o.toTag}` : ''}\r\n` +
    `Call-ID: ${o.callId ?? `call-${counter}`}\r\n` +
    `CSeq: ${o.cseq ?? 1} ${method}\r\n` +
    'Contact: <sip:alice@127.0.0.1:5999;transport=tcp>\r\n' +
    (o.extra ?? '') +
    `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
  );
}

export interface TestCert {
  cert: string;
  key: string;
  cleanup(): void;
}

/** A throwaway self-signed certificate made with the openssl CLI. */
export function makeCert(cn: string, san = `DNS:${cn}`): TestCert {
  const dir = mkdtempSync(join(tmpdir(), 'pchat-sip-cert-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      `/CN=${cn}/O=pchat test`,
      '-addext',
      `subjectAltName=${san}`,
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  return {
    cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
    key: readFileSync(join(dir, 'key.pem'), 'utf8'),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
