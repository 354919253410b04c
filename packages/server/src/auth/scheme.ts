// The authentication scheme plug-in point. Schemes are offered and tried in the configured order
// (`auth.schemes`): NTLM (MS-SIPAE), Digest and trusted-network, all through this same interface. A scheme never writes to the socket: it returns what the REGISTER answer should carry.
import type { SipHeader, SipMessage, SipRequest } from '@pchat/protocol';
import type { AuthMethod, ConnectionState } from '../frontend/connection.js';

export interface AuthRequestContext {
  request: SipRequest;
  state: ConnectionState;
  /** The address-of-record the request claims (REGISTER: To), lower-cased `sip:user@domain`. */
  aor: string;
  realm: string;
}

export type AuthOutcome =
  /** Credentials verified for `uri`; `headers` go on the success response (e.g. Authentication-Info). */
  | {
      kind: 'authenticated';
      uri: string;
      method: AuthMethod;
      headers?: SipHeader[];
      security?: MessageSecurity;
    }
  /** The handshake continues, or the nonce was stale: answer 401 with these headers. */
  | { kind: 'challenge'; headers: SipHeader[] }
  /**
   * Wrong credentials. `user` is the claimed name (throttling key); the answer never says which part was
   * wrong. Answered 403, or 401 with `challenge` when the scheme's clients read a 401 after a completed
   * handshake as the failure (NTLM: Lync, pidgin-sipe "Authentication failed").
   */
  | { kind: 'failed'; user: string; challenge?: SipHeader[] }
  /** This scheme has nothing to say about the request (no credentials of its kind). */
  | { kind: 'not-applicable' };

export interface AuthScheme {
  /** The `auth.schemes` name: 'digest', 'ntlm', 'trusted-network'. */
  readonly name: string;
  /** WWW-Authenticate values this scheme offers in a 401 (RFC 3261 §22.1), in preference order. */
  challenges(ctx: AuthRequestContext): string[];
  authenticate(ctx: AuthRequestContext): Promise<AuthOutcome>;
}

/** What a connection's MessageSecurity says about one message the client sent. */
export type IncomingVerdict =
  /** Signed correctly (and not a replay): serve it. */
  | { kind: 'ok' }
  /** A REGISTER that starts or continues a new sign-in handshake (re-authentication): the registrar judges it. */
  | { kind: 'handshake' }
  /** No usable signature (none, another or an expired association): 401 with these challenge headers. */
  | { kind: 'challenge'; headers: SipHeader[]; why: string }
  /** A signature that does not verify, or a replayed one: refused (403), logged. */
  | { kind: 'refused'; why: string };

/**
 * Per-connection message security (MS-SIPAE security association), set by a signing scheme on a successful
 * sign-in and kept in ConnectionState. The SIP edge puts every incoming message through `checkIncoming`
 * before the transaction layer sees it, and every outgoing message through `signOutgoing` (the transport's
 * outgoing hook) after it is final and before it is serialized.
 */
export interface MessageSecurity {
  readonly scheme: string;
  /** The user name the client authenticated with (for logs). */
  readonly user: string;
  checkIncoming(message: SipMessage, nowMs: number): IncomingVerdict;
  /** The message as it must go on the wire: the same message, or a copy carrying the signature. */
  signOutgoing(message: SipMessage): SipMessage;
  /** True when a REGISTER carries this scheme's handshake credentials (re-authentication on a signed-in connection). */
  isHandshake(request: SipRequest): boolean;
}
