// The transport seam : the SDK speaks SIP over any connection that delivers whole SIP
// messages. Browser builds get WebSocket (websocket.ts); Node gets TCP/TLS from `@pchat/sdk/node`.
import type { SipMessage } from '@pchat/protocol';

/** The SIP transport names as they appear in Via (RFC 3261 §18, RFC 7118 for WS/WSS). */
export type SipTransportName = 'tcp' | 'tls' | 'ws' | 'wss';

/** One open connection to a SIP server. */
export interface SipTransport {
  /** Which transport this is (Via and Contact use it). */
  readonly name: SipTransportName;
  /** The local address to put in Via/Contact (`host` may be a `.invalid` name on WebSocket, RFC 7118 §5.2). */
  readonly local: { host: string; port: number };
  /** Sends one serialized SIP message. */
  send(text: string): void;
  /** Sends a keep-alive (a double CRLF, RFC 5626 §3.5.1) so that idle connections stay open. */
  keepAlive(): void;
  /** Closes the connection; `onClose` is still called once. */
  close(): void;
  /** Set by the SDK: called for every complete message received. */
  onMessage: (message: SipMessage) => void;
  /** Set by the SDK: called once when the connection ends (error given when it failed). */
  onClose: (error?: Error) => void;
}

/** Connects to `server` (a transport-specific address: `host:port` or a `ws://` URL). */
export interface SipTransportFactory {
  /** The transport this factory opens. */
  readonly name: SipTransportName;
  /**
   * Opens a connection. Rejects with a PersistentChatError('ConnectionFailed') when the server cannot be
   * reached within `timeoutMs`.
   */
  connect(server: string, options: { timeoutMs: number }): Promise<SipTransport>;
}
