// What the front end needs to know about the transport connection a request arrived on. Lync
// authenticates connections, not messages: after a successful REGISTER every later request on the same
// connection is authorised as that identity (MS-SIPAE §3.1 "security association" per connection), so
// the identity lives here, beside the socket it belongs to.
import type { LeanResponse, SipMessage, SipResponse } from '@pchat/protocol';
import type { SipDialog } from '../sip/transaction/index.js';
import type { MessageSecurity } from '../auth/scheme.js';

export type SipTransportName = 'tcp' | 'tls' | 'ws' | 'wss';

/** The peer certificate of a TLS connection, as far as the front end needs it (trusted applications). */
export interface PeerCertificateInfo {
  /** True when the chain verified against the configured CA (`tls.caFile`). */
  authorized: boolean;
  subjectCN: string | null;
  /** DNS names from subjectAltName. */
  sanDns: string[];
}

/** One transport connection as seen by the front end; the transport layer provides it. */
export interface FrontendConnection {
  /** Unique per node for the life of the process. */
  readonly id: string;
  readonly transport: SipTransportName;
  readonly remoteAddress: string;
  readonly remotePort: number;
  readonly localAddress: string;
  readonly localPort: number;
  /** Present on TLS/WSS connections whose peer sent a certificate. */
  readonly peerCertificate: PeerCertificateInfo | null;
  /**
   * A browser's web session token from the WebSocket handshake (docs/web.md "Sessions and passwords"):
   * `fresh` when this server issued it on that handshake (bound to the user at the first password
   * sign-in), else it named a live session. Null on other connections.
   */
  readonly webSession: { token: string; fresh: boolean } | null;
  /** Queues a message on this connection (serialized by the transport). False once the connection is closed. */
  send(message: SipMessage): boolean;
  /**
   * True when the connection has a message-security association (MS-SIPAE, NTLM): every message must then
   * go through `send` (the transport's outgoing hook signs it), never `sendPrepared`.
   */
  readonly signed: boolean;
  /**
   * Fast path for pre-serialized messages (the chat fan-out's templated INFOs): `head` is the start line and
   * headers up to and including the blank line, `body` the UTF-8 body (shared between recipients). Skips
   * the outgoing hook: only for connections that are not `signed`. False once the connection is closed.
   */
  sendPrepared(head: string, body: Uint8Array): boolean;
  /**
   * Responses whose Call-ID is `callId` go to `handler` (the chat dialog's INFOs have no client
   * transaction): read lean from the bytes on unsigned stream connections, after signature checks on
   * signed ones. Returns the function that stops watching.
   */
  watchResponses(
    callId: string,
    handler: (response: Pick<LeanResponse, 'status' | 'callId' | 'cseq' | 'method'>) => void,
  ): () => void;
  /** Bytes queued for this peer and not yet handed to the kernel: the slow-receiver signal. */
  readonly bufferedAmount: number;
  /** Calls `listener` once when the queued bytes have drained (never after the connection closed). */
  onceDrained(listener: () => void): void;
  /** Closes the connection (the transport then reports it closed). */
  close(): void;
  /**
   * The connection signed in (a REGISTER succeeded) or proved to be a trusted application: the transport
   * stops its sign-in deadline and no longer counts it among the unauthenticated connections it may evict.
   */
  markSignedIn(): void;
}

/** How the connection's identity was established. */
export type AuthMethod = 'digest' | 'ntlm' | 'trusted-network' | 'trusted-application' | 'web-session';

/** Owner of an endpoint: Persistent Chat refuses contact-owned endpoints at once (PC-82). */
export type OwnerKind = 'user' | 'contact';

/** The identity a connection was signed in as (set by a successful REGISTER). */
export interface ConnectionIdentity {
  /** Address-of-record, lower-cased: `sip:alice@example.test`. */
  uri: string;
  ownerKind: OwnerKind;
  method: AuthMethod;
}

/**
 * The trusted application a connection proved to be (mutual TLS, PC-87): it may register
 * application endpoints and act for any user with P-Asserted-Identity.
 */
export interface TrustedPeer {
  applicationId: string;
  poolFqdn: string;
}

/** Per-connection state the front end keeps. */
export interface ConnectionState {
  readonly connection: FrontendConnection;
  identity: ConnectionIdentity | null;
  /** null: not trusted (or not yet looked up: see `trustChecked`). */
  trusted: TrustedPeer | null;
  trustChecked: boolean;
  /** Set by a signing scheme (NTLM / MS-SIPAE) on sign-in: every later message in and out is signed. */
  security: MessageSecurity | null;
}

/** Who a request acts as: the connection's identity, or the asserted one on a trusted connection. */
export interface RequestIdentity {
  uri: string;
  ownerKind: OwnerKind;
  /** Set when a trusted application asserted this identity (P-Asserted-Identity, RFC 3325). */
  assertedBy: TrustedPeer | null;
  method: AuthMethod;
}

/** What the SIP layer tells the front end about one request: its transaction's To tag and its dialog. */
export interface SipRequestSide {
  /** The server transaction's To tag (RFC 3261 §8.2.6.2), for answers outside a dialog. */
  toTag?: string;
  /** The SIP layer's id of this request (`req` in the log). */
  requestId?: string;
  /** The dialog an in-dialog request belongs to, matched on this very connection; null outside one. */
  dialog: SipDialog | null;
  /**
   * Sends `response` (a 2xx the front end built for an INVITE) and creates the dialog holding `data`
   * (UAS, RFC 3261 §12.1.1). Throws when the request was already answered (a CANCEL got there first).
   */
  acceptDialog(response: SipResponse, data: unknown): SipDialog;
}
