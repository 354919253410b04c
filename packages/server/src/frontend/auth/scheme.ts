// The authentication scheme plug-in point. Schemes are offered and tried in the configured order
// (`auth.schemes`): Digest and trusted-network today, NTLM (MS-SIPAE) next, beside them, through this
// same interface. A scheme never writes to the socket: it returns what the REGISTER answer should carry.
import type { SipHeader, SipRequest } from '@pchat/protocol';
import type { AuthMethod, ConnectionState } from '../connection.js';

export interface AuthRequestContext {
  request: SipRequest;
  state: ConnectionState;
  /** The address-of-record the request claims (REGISTER: To), lower-cased `sip:user@domain`. */
  aor: string;
  realm: string;
}

export type AuthOutcome =
  /** Credentials verified for `uri`; `headers` go on the success response (e.g. Authentication-Info). */
  | { kind: 'authenticated'; uri: string; method: AuthMethod; headers?: SipHeader[] }
  /** The handshake continues, or the nonce was stale: answer 401 with these headers. */
  | { kind: 'challenge'; headers: SipHeader[] }
  /** Wrong credentials. `user` is the claimed name (throttling key); the answer never says which part was wrong. */
  | { kind: 'failed'; user: string }
  /** This scheme has nothing to say about the request (no credentials of its kind). */
  | { kind: 'not-applicable' };

export interface AuthScheme {
  /** The `auth.schemes` name: 'digest', 'ntlm', 'trusted-network'. */
  readonly name: string;
  /** WWW-Authenticate values this scheme offers in a 401 (RFC 3261 §22.1), in preference order. */
  challenges(ctx: AuthRequestContext): string[];
  authenticate(ctx: AuthRequestContext): Promise<AuthOutcome>;
}
