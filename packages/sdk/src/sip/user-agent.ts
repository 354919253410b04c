// A small SIP user agent client/server core for reliable transports (RFC 3261 §17 without
// retransmissions: TCP, TLS and WebSocket never need them, §17.1.1.1). Every request has its own explicit
// timeout and fails with a clear PersistentChatError; nothing waits silently (PC-82).
import {
  createAckForNonSuccess,
  createRequest,
  createResponse,
  generateBranch,
  generateTag,
  getHeader,
  parseVia,
  serializeMessageToString,
  type RequestInit as SipRequestInit,
  type SipMessage,
  type SipRequest,
  type SipResponse,
} from '@pchat/protocol';
import { PersistentChatError } from '../errors.js';
import type { SipTransport } from './transport.js';

/** Fields of a request the user agent completes (Via here; Max-Forwards and Content-Length by createRequest). */
export type OutgoingRequest = Omit<SipRequestInit, 'via' | 'maxForwards' | 'contact'>;

/** Per-request options. */
export interface RequestOptions {
  /** Milliseconds to wait for the final response. */
  timeoutMs: number;
  /** Named in the timeout error ("REGISTER", "join Lobby", ...). */
  operation?: string;
}

interface Pending {
  request: SipRequest;
  method: string;
  resolve: (r: SipResponse) => void;
  reject: (e: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

/** Handles an incoming request; returns the response to send (or null for none, e.g. ACK). */
export type RequestHandler = (req: SipRequest) => SipResponse | null | Promise<SipResponse | null>;

/** One SIP user agent bound to one transport connection. */
export class SipUserAgent {
  /** Called for requests from the server; default answers 501 (ACK: nothing). */
  onRequest: RequestHandler = (req) => (req.method === 'ACK' ? null : createResponse(req, 501));
  /** Called once when the connection ends. */
  onClosed: (error?: Error) => void = () => {};
  private readonly pending = new Map<string, Pending>();
  private closed = false;

  constructor(readonly transport: SipTransport) {
    transport.onMessage = (m) => this.receive(m);
    transport.onClose = (e) => this.ended(e);
  }

  /** True once the connection has ended. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** A Via value for a new client transaction on this connection. */
  via(branch = generateBranch()): string {
    const t = this.transport;
    return `SIP/2.0/${t.name.toUpperCase()} ${t.local.host}:${t.local.port};branch=${branch}`;
  }

  /** Builds a request with a fresh Via. */
  build(r: OutgoingRequest): SipRequest {
    return createRequest({ ...r, via: this.via() });
  }

  /** Sends a request and resolves with its final response (any status); rejects on timeout or connection loss. */
  send(req: SipRequest, opts: RequestOptions): Promise<SipResponse> {
    const op = opts.operation ?? req.method;
    if (this.closed)
      return Promise.reject(
        new PersistentChatError('ConnectionFailed', `${op}: the connection to the server is closed.`, {
          operation: op,
        }),
      );
    const via = getHeader(req, 'Via');
    const branch = via === undefined ? null : parseVia(via).branch;
    if (branch === null) throw new Error('request without a Via branch');
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(branch);
        reject(
          new PersistentChatError(
            'OperationTimeout',
            `${op}: no answer from the server within ${opts.timeoutMs} ms. The server may be overloaded or unreachable; retry, or raise the timeout.`,
            { operation: op },
          ),
        );
      }, opts.timeoutMs);
      this.pending.set(branch, { request: req, method: req.method, resolve, reject, timer });
      this.write(req);
    });
  }

  /** Sends a message without waiting (ACK, responses). */
  write(msg: SipMessage): void {
    if (!this.closed) this.transport.send(serializeMessageToString(msg));
  }

  /** Closes the connection; pending requests fail with ConnectionFailed. */
  close(): void {
    this.transport.close();
    this.ended();
  }

  private receive(m: SipMessage): void {
    if (m.kind === 'response') {
      const via = getHeader(m, 'Via');
      let branch: string | null;
      try {
        branch = via === undefined ? null : parseVia(via).branch;
      } catch {
        return;
      }
      if (branch === null || m.status < 200) return;
      const p = this.pending.get(branch);
      if (!p) return;
      this.pending.delete(branch);
      clearTimeout(p.timer);
      // RFC 3261 §17.1.1.3: a non-2xx final answer to INVITE is acknowledged within the transaction.
      if (p.method === 'INVITE' && m.status >= 300) this.write(createAckForNonSuccess(p.request, m));
      p.resolve(m);
      return;
    }
    void Promise.resolve()
      .then(() => this.onRequest(m))
      .then(
        (res) => {
          if (res) this.write(res);
        },
        () => {
          if (m.method !== 'ACK') this.write(createResponse(m, 500, undefined, [], { toTag: generateTag() }));
        },
      );
  }

  private ended(error?: Error): void {
    if (this.closed) return;
    this.closed = true;
    for (const [, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(
        new PersistentChatError(
          'ConnectionFailed',
          `${p.method}: the connection to the server was lost before the answer came${error ? ` (${error.message})` : ''}.`,
          { operation: p.method, ...(error ? { cause: error } : {}) },
        ),
      );
    }
    this.pending.clear();
    this.onClosed(error);
  }
}
