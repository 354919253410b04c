// What the SIP edge tells the layers above about a connection, and the knobs that bound it.
import type { LeanResponse, SipLimits, SipMessage, SipResponse } from '@pchat/protocol';

/** What a response watcher is told: status, Call-ID, CSeq number and method (no SipMessage is built). */
export type ResponseSummary = Pick<LeanResponse, 'status' | 'callId' | 'cseq' | 'method'>;

export type SipTransportKind = 'tcp' | 'tls' | 'ws' | 'wss';

export interface SipTlsIdentity {
  /** True when the client certificate chains to the configured CA. */
  authorized: boolean;
  authorizationError: string | null;
  /** Subject fields of the client certificate (CN, O, ...), or null when none was sent. */
  subject: Record<string, string> | null;
  /** subjectAltName entries as `DNS:host`, `URI:sip:...`, `IP Address:...`. */
  subjectAltNames: string[];
  /** SHA-256 fingerprint (colon hex) of the client certificate, or null. */
  fingerprint256: string | null;
}

export interface SipConnectionIdentity {
  /** Process-unique connection id, e.g. `tls-17`; safe to log. */
  id: string;
  kind: SipTransportKind;
  remoteAddress: string;
  remotePort: number;
  localAddress: string;
  localPort: number;
  /** Present on TLS and WSS connections when the TLS layer is ours. */
  tls: SipTlsIdentity | null;
  /** A browser's web session cookie presented (or issued) on the WebSocket handshake; null elsewhere. */
  webSession: { token: string; fresh: boolean } | null;
}

export interface SipConnectionLimits {
  /** Codec limits (header/body sizes). */
  limits: Partial<SipLimits>;
  /** Close a connection that sends nothing (not even a keep-alive) for this long. Default 10 min. */
  idleTimeoutMs: number;
  /** Close a connection whose started message does not complete in this time (slow loris). Default 30 s. */
  messageTimeoutMs: number;
  /** Unparsed bytes a connection may hold. Default: header + body limit + 64 KiB. */
  maxBufferedBytes: number;
  /**
   * Bytes a connection may have waiting to be sent (not yet taken by the peer). Past it the peer is not
   * reading, and the connection is closed rather than letting any sender (chat, presence NOTIFYs) grow
   * the server's memory without bound. Default 16 MiB: above every sender's own high-water mark.
   */
  maxOutboundBytes: number;
  /** Open connections overall. Default 20000. */
  maxConnections: number;
  /** Open connections per remote IP. Default 500 (whole enterprises sit behind one NAT). */
  maxConnectionsPerIp: number;
  /**
   * A connection not signed in (markAuthenticated) this long after it opened is closed, keep-alives or
   * not. 0: never. Default: idleTimeoutMs.
   */
  signInTimeoutMs: number;
  /**
   * Connections per remote IP not yet signed in. One more evicts the oldest of them; and when a cap
   * (overall or per IP) is reached, the oldest connection not signed in is evicted to make room rather
   * than a newcomer refused. So unauthenticated connections never lock out a sign-in. Default: maxConnectionsPerIp.
   */
  maxUnauthenticatedPerIp: number;
}

export interface SipLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export const silentLogger: SipLogger = { debug() {}, info() {}, warn() {}, error() {} };

/** Everything a transport reports upward. */
export interface SipTransportEvents {
  /** A parsed message arrived on the connection. */
  message(message: SipMessage, connection: SipConnectionLike): void;
  connection?(connection: SipConnectionLike): void;
  close?(connection: SipConnectionLike, reason: string): void;
  /**
   * The outgoing hook: sees every message sent as a SipMessage on any connection, after it is final and
   * just before it is serialized, and returns what goes on the wire (the same object or a changed copy).
   * This is where per-connection message security lives (MS-SIPAE: `Authentication-Info` on every server
   * message of a signed connection). Bytes passed pre-serialized to `send()` bypass it, so a connection
   * that signs must be sent messages, not bytes. Must not throw.
   */
  outgoing?(message: SipMessage, connection: SipConnectionLike): SipMessage;
}

/** The connection surface the transaction layer and the front end use. */
export interface SipConnectionLike {
  readonly identity: SipConnectionIdentity;
  readonly open: boolean;
  /** Bytes queued for this peer and not yet written to the kernel: drop slow receivers on this. */
  readonly bufferedAmount: number;
  /**
   * Sends a message (through the transport's `outgoing` hook, then serialized) or pre-serialized bytes
   * (as they are). Returns false when the connection is closed.
   */
  send(data: SipMessage | Uint8Array): boolean;
  /**
   * Sends one pre-serialized message given as a head (start line + headers + blank line, as text) and a
   * body (UTF-8 bytes shared between recipients). Bypasses the `outgoing` hook like bytes do: never use it
   * on a connection that signs. Returns false when the connection is closed.
   */
  sendParts(head: string, body: Uint8Array): boolean;
  /**
   * Responses on this connection whose Call-ID is `callId` go to `handler` instead of the transaction layer
   * (requests the server sent outside it: the chat fan-out's INFOs). `lean`: read them straight from the
   * bytes, without building a SipMessage; only for connections whose incoming messages need no check
   * (never on a signed connection: there the front end verifies the full message first, then calls
   * `routeResponse`). Returns the function that stops watching.
   */
  watchResponses(callId: string, handler: (response: ResponseSummary) => void, lean: boolean): () => void;
  /** Hands a full-parsed response to its watcher; false when none watches its Call-ID. */
  routeResponse(response: SipResponse): boolean;
  /**
   * Calls `listener` once, when what is queued for this peer has gone to the kernel (at once, on the next
   * turn, if nothing is queued). Never called once the connection is closed.
   */
  onceDrained(listener: () => void): void;
  /** Closes after flushing what is queued. */
  close(reason: string): void;
  /** True once the layer above marked the connection signed in. */
  readonly authenticated: boolean;
  /** The connection signed in: no sign-in deadline, no longer counted among (nor evicted as) unauthenticated ones. */
  markAuthenticated(): void;
}
