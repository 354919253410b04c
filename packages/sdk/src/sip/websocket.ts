// SIP over WebSocket (RFC 7118): one SIP message per WebSocket message, subprotocol `sip`. Uses the
// browser's WebSocket, or any constructor with the same shape (in Node 20: the `ws` package's).
import { parseMessage, type SipMessage } from '@pchat/protocol';
import { PersistentChatError } from '../errors.js';
import type { SipTransport, SipTransportFactory, SipTransportName } from './transport.js';

/** The part of the WebSocket API the SDK uses (browser WebSocket and `ws` both fit). */
export interface WebSocketLike {
  readonly readyState: number;
  binaryType: string;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: { code?: number; reason?: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
}

/** A WebSocket constructor (`globalThis.WebSocket`, or `ws`'s `WebSocket` in Node). */
export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => WebSocketLike;

/** Options of {@link webSocketTransport}. */
export interface WebSocketTransportOptions {
  /** The constructor to use; default `globalThis.WebSocket` (browsers, Node ≥ 22). */
  WebSocket?: WebSocketConstructor;
}

const decoder = new TextDecoder();

function dataToText(data: unknown): string {
  if (typeof data === 'string') return data;
  if (data instanceof ArrayBuffer) return decoder.decode(new Uint8Array(data));
  if (ArrayBuffer.isView(data)) return decoder.decode(data as Uint8Array);
  if (Array.isArray(data)) return data.map(dataToText).join('');
  return String(data);
}

/**
 * One WebSocket connection as the user agent sees it. A class, not an object literal: a minifier (esbuild,
 * in the web app's production build) drops a call like `t.onClose(err)` when `t` is a const object literal
 * whose `onClose` is an empty arrow, not seeing that the user agent replaces it — the bundled app then
 * never noticed a lost connection.
 */
class WebSocketConnection implements SipTransport {
  onMessage: (message: SipMessage) => void = () => {};
  onClose: (error?: Error) => void = () => {};

  constructor(
    readonly name: SipTransportName,
    readonly local: { host: string; port: number },
    private readonly io: { send(text: string): void; keepAlive(): void; close(): void },
  ) {}

  send(text: string): void {
    this.io.send(text);
  }

  keepAlive(): void {
    this.io.keepAlive();
  }

  close(): void {
    this.io.close();
  }
}

/**
 * The WebSocket transport: `server` is a `ws://` or `wss://` URL such as `wss://pchat.example.test/sip`
 * (pchat serves SIP over WebSocket at `/sip` on its HTTP port).
 */
export function webSocketTransport(options: WebSocketTransportOptions = {}): SipTransportFactory {
  return {
    name: 'wss',
    connect(server: string, { timeoutMs }): Promise<SipTransport> {
      const Ctor = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
      if (!Ctor) {
        return Promise.reject(
          new PersistentChatError(
            'ConnectionFailed',
            'No WebSocket implementation: pass one as webSocketTransport({ WebSocket }) (in Node 20: import { WebSocket } from "ws").',
          ),
        );
      }
      const secure = server.startsWith('wss:');
      return new Promise((resolve, reject) => {
        let ws: WebSocketLike;
        try {
          ws = new Ctor(server, 'sip');
        } catch (e) {
          reject(
            new PersistentChatError(
              'ConnectionFailed',
              `Cannot open a WebSocket to ${server}: ${(e as Error).message}`,
              { cause: e },
            ),
          );
          return;
        }
        ws.binaryType = 'arraybuffer';
        let open = false;
        const timer = setTimeout(() => {
          ws.close();
          reject(
            new PersistentChatError(
              'ConnectionFailed',
              `No WebSocket connection to ${server} within ${timeoutMs} ms: check the server address and that it is running.`,
            ),
          );
        }, timeoutMs);
        let closed = false;
        const t = new WebSocketConnection(
          secure ? 'wss' : 'ws',
          // RFC 7118 §5.2: the client's Via/Contact host is an invented `.invalid` name.
          { host: `${Math.random().toString(36).slice(2, 10)}.invalid`, port: secure ? 443 : 80 },
          {
            send: (text) => {
              if (!closed) ws.send(text);
            },
            keepAlive: () => {
              if (!closed) ws.send('\r\n\r\n');
            },
            close: () => {
              if (closed) return;
              ws.close(1000);
              end();
            },
          },
        );
        const end = (err?: Error): void => {
          if (closed) return;
          closed = true;
          t.onClose(err);
        };
        ws.onopen = () => {
          open = true;
          clearTimeout(timer);
          resolve(t);
        };
        ws.onerror = () => {
          if (!open) {
            clearTimeout(timer);
            reject(
              new PersistentChatError(
                'ConnectionFailed',
                `WebSocket connection to ${server} failed: check the URL (…/sip on the server's HTTP port) and that the server is running.`,
              ),
            );
          }
        };
        ws.onclose = (ev) => {
          if (!open) {
            clearTimeout(timer);
            reject(
              new PersistentChatError(
                'ConnectionFailed',
                `WebSocket connection to ${server} closed before it opened (code ${ev.code ?? '?'}).`,
              ),
            );
            return;
          }
          end(
            ev.code === 1000
              ? undefined
              : new Error(`WebSocket closed (code ${ev.code ?? '?'} ${ev.reason ?? ''})`),
          );
        };
        ws.onmessage = (ev) => {
          const text = dataToText(ev.data);
          if (text.trim() === '') return; // keep-alive
          try {
            t.onMessage(parseMessage(text));
          } catch {
            // A malformed message from the server is dropped (RFC 3261 §18.3 has no recovery on a message transport).
          }
        };
      });
    },
  };
}
