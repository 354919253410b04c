// NTLM (MS-SIPAE, connection-less NTLMv2) as an authentication scheme of the front end, the way Lync Server
// 2013 and pidgin-sipe speak it (docs/xccos.md §6.2):
//   REGISTER                        → 401 WWW-Authenticate: NTLM realm, targetname, version=4
//   REGISTER gssapi-data=""         → 401 + opaque + gssapi-data=<CHALLENGE>  (pending challenge kept by opaque)
//   REGISTER gssapi-data=<AUTH...>  → verified with the user's NT hash; the security association (SA) is
//                                     bound to the connection (ConnectionState.security) and the 200 OK is
//                                     the first message signed with it.
// From then on every message the client sends must carry a valid signature with a rising cnum
// (NtlmMessageSecurity.checkIncoming) and every message the server sends is signed with Authentication-Info
// (NtlmMessageSecurity.signOutgoing, run by the transport's outgoing hook). Unknown users do the same work
// with a pseudo NT hash and fail the same way as wrong passwords.
import { createHmac, randomBytes } from 'node:crypto';
import {
  getHeader,
  getHeaders,
  headerKey,
  type SipHeader,
  type SipMessage,
  type SipRequest,
} from '@pchat/protocol';
import type { Store } from '@pchat/domain';
import type { CredentialVault } from '../credentials/vault.js';
import { loadVerifiers } from '../credentials/passwords.js';
import {
  SecurityAssociation,
  fieldsFromHeaders,
  isNtlmError,
  issueChallenge,
  parseAuthParams,
  parseAuthenticateMessage,
  type MessageSignatureFields,
  type PendingChallenge,
  type ServerIdentity,
} from '@pchat/ntlm';
import type {
  AuthOutcome,
  AuthRequestContext,
  AuthScheme,
  IncomingVerdict,
  MessageSecurity,
} from './scheme.js';

/** COMPAT(pidgin-sipe, Lync): version 4 of the signature input (To URI and P-Asserted-Identity included). */
const SIPAE_VERSION = 4;

export interface NtlmSchemeOptions {
  store: Store;
  vault: CredentialVault;
  realm: string;
  /** targetname of the challenge and of every signature: this node's FQDN. */
  targetname: string;
  /** Names in the CHALLENGE's TargetInfo (MsvAvNbDomainName is mandatory for pidgin-sipe). */
  identity: ServerIdentity;
  now?: () => number;
  /** How long a CHALLENGE waits for its AUTHENTICATE (default 60 s). */
  challengeTtlMs?: number;
  /** Pending challenges kept at most (oldest dropped first; default 10000). */
  maxPending?: number;
  /** Lifetime of a security association (default 8 h: pidgin-sipe re-authenticates at 8 h − 5 min). */
  lifetimeMs?: number;
  /** Bound on the client's NTLMv2 time against ours (default 15 min, MS-SIP §2.2.1 for NTLM). */
  maxClockSkewMs?: number;
}

interface Pending {
  readonly challenge: PendingChallenge;
  readonly connectionId: string;
  readonly expiresAt: number;
}

/** The NTLM Authorization / Proxy-Authorization parameters of a message (first NTLM one), or null. */
export function ntlmCredentials(m: SipMessage): ReadonlyMap<string, string> | null {
  for (const v of getHeaders(m, 'Authorization')) {
    try {
      const a = parseAuthParams(v);
      if (a.scheme.toLowerCase() === 'ntlm') return a.params;
    } catch {
      // not readable as NTLM parameters: not ours
    }
  }
  return null;
}

/** The values of a SIP message that its MS-SIPAE signature covers (raw header values, pidgin-sipe's rules). */
export function signatureFieldsOf(m: SipMessage): MessageSignatureFields {
  const pai = getHeader(m, 'P-Asserted-Identity');
  const ppi = getHeader(m, 'P-Preferred-Identity');
  const expires = getHeader(m, 'Expires');
  const f = fieldsFromHeaders(
    {
      callId: getHeader(m, 'Call-ID') ?? '',
      cseq: getHeader(m, 'CSeq') ?? '',
      from: getHeader(m, 'From') ?? '',
      to: getHeader(m, 'To') ?? '',
      ...(pai !== undefined ? { pAssertedIdentity: pai } : {}),
      ...(ppi !== undefined ? { pPreferredIdentity: ppi } : {}),
      ...(expires !== undefined ? { expires } : {}),
      ...(m.kind === 'request' ? { requestMethod: m.method } : { statusCode: m.status }),
    },
    { rand: '', num: '', realm: '', targetname: '' },
  );
  const { protocol: _p, rand: _r, num: _n, realm: _re, targetname: _t, ...rest } = f;
  return rest;
}

export class NtlmScheme implements AuthScheme {
  readonly name = 'ntlm';
  private readonly pending = new Map<string, Pending>();
  private readonly now: () => number;
  /** Per-process key for the pseudo NT hash of unknown users (never stored, never logged). */
  private readonly pseudoKey = randomBytes(32);

  constructor(private readonly o: NtlmSchemeOptions) {
    this.now = o.now ?? Date.now;
  }

  /** `NTLM realm="...", targetname="...", version=4` (the first leg; MS-SIPAE §2.2.2). */
  baseChallenge(): string {
    return `NTLM realm="${this.o.realm}", targetname="${this.o.targetname}", version=${SIPAE_VERSION}`;
  }

  challenges(): string[] {
    return [this.baseChallenge()];
  }

  /** Pending challenges waiting for their AUTHENTICATE (tests, metrics). */
  get pendingCount(): number {
    return this.pending.size;
  }

  async authenticate(ctx: AuthRequestContext): Promise<AuthOutcome> {
    const p = ntlmCredentials(ctx.request);
    if (p === null) return { kind: 'not-applicable' };
    const claimed = ctx.aor.replace(/^sips?:/i, '');
    if (p.get('realm') !== this.o.realm || p.get('targetname') !== this.o.targetname)
      return this.plainChallenge();
    const gssapi = p.get('gssapi-data');
    // A signed request without a handshake token: the client believes in an association we do not have.
    if (gssapi === undefined) return this.plainChallenge();
    if (gssapi === '') return this.challengeWithToken(ctx);

    const now = this.now();
    this.sweep(now);
    const opaque = p.get('opaque') ?? '';
    const entry = this.pending.get(opaque);
    // Single use: whatever happens next, this challenge is spent.
    if (entry) this.pending.delete(opaque);
    if (!entry || entry.connectionId !== ctx.state.connection.id || entry.expiresAt <= now) {
      // Unknown, expired or another connection's challenge: start over with a fresh CHALLENGE.
      return this.challengeWithToken(ctx);
    }

    let authenticate;
    try {
      authenticate = parseAuthenticateMessage(new Uint8Array(Buffer.from(gssapi, 'base64')));
    } catch (e) {
      if (isNtlmError(e)) return this.failed(claimed);
      throw e;
    }
    // pidgin-sipe sends the login as `user@domain` with an empty domain, or `DOMAIN\user` split in two.
    const name = authenticate.user.toLowerCase();
    const matches = name === claimed || name === claimed.split('@')[0];
    const verifiers = matches ? await loadVerifiers(this.o.store, this.o.vault, ctx.aor) : null;
    const known = verifiers?.ntHash != null;
    // Unknown users and name mismatches verify against a pseudo hash: same work, same failure.
    const ntHash = known
      ? verifiers.ntHash!
      : createHmac('sha256', this.pseudoKey).update(`nt:${claimed}`).digest().subarray(0, 16);
    let sa: SecurityAssociation;
    try {
      sa = SecurityAssociation.establish({
        pending: entry.challenge,
        authenticate,
        ntHash: new Uint8Array(ntHash),
        realm: this.o.realm,
        targetname: this.o.targetname,
        nowMs: now,
        version: SIPAE_VERSION,
        lifetimeMs: this.o.lifetimeMs ?? 8 * 60 * 60 * 1000,
        maxClockSkewMs: this.o.maxClockSkewMs ?? 15 * 60 * 1000,
      });
    } catch (e) {
      if (isNtlmError(e)) return this.failed(claimed);
      throw e;
    }
    if (!known) return this.failed(claimed);
    // The REGISTER carrying the AUTHENTICATE is already signed (cnum 1): check it with the new keys.
    const response = p.get('response');
    if (response !== undefined) {
      const v = sa.acceptClientMessage(signatureFieldsOf(ctx.request), {
        crand: p.get('crand') ?? '',
        cnum: p.get('cnum') ?? '',
        response,
      });
      if (v !== 'ok') return this.failed(claimed);
    }
    return {
      kind: 'authenticated',
      uri: ctx.aor,
      method: 'ntlm',
      security: new NtlmMessageSecurity(sa, this.baseChallenge()),
    };
  }

  /** Wrong password, unknown user, bad token: 401 with a fresh first-leg challenge (what Lync answers;
   *  pidgin-sipe reports "Authentication failed" for a 401 after its handshake completed). */
  private failed(user: string): AuthOutcome {
    return { kind: 'failed', user, challenge: [{ name: 'WWW-Authenticate', value: this.baseChallenge() }] };
  }

  private plainChallenge(): AuthOutcome {
    return { kind: 'challenge', headers: [{ name: 'WWW-Authenticate', value: this.baseChallenge() }] };
  }

  /** The second leg: a CHALLENGE message under a new opaque, kept for this connection until it expires. */
  private challengeWithToken(ctx: AuthRequestContext): AuthOutcome {
    const now = this.now();
    this.sweep(now);
    const max = this.o.maxPending ?? 10_000;
    while (this.pending.size >= max) {
      const oldest = this.pending.keys().next().value;
      if (oldest === undefined) break;
      this.pending.delete(oldest);
    }
    let challenge = issueChallenge({ identity: this.o.identity, nowMs: now });
    while (this.pending.has(challenge.opaque))
      challenge = issueChallenge({ identity: this.o.identity, nowMs: now });
    this.pending.set(challenge.opaque, {
      challenge,
      connectionId: ctx.state.connection.id,
      expiresAt: now + (this.o.challengeTtlMs ?? 60_000),
    });
    const value = `${this.baseChallenge()}, opaque="${challenge.opaque}", gssapi-data="${challenge.gssapiData}"`;
    return { kind: 'challenge', headers: [{ name: 'WWW-Authenticate', value }] };
  }

  /** Drops expired challenges (insertion order is expiry order: one TTL for all). */
  private sweep(now: number): void {
    for (const [k, v] of this.pending) {
      if (v.expiresAt > now) break;
      this.pending.delete(k);
    }
  }
}

/** One connection's MS-SIPAE security association, as the front end uses it. */
export class NtlmMessageSecurity implements MessageSecurity {
  readonly scheme = 'ntlm';

  constructor(
    private readonly sa: SecurityAssociation,
    private readonly challengeValue: string,
  ) {}

  get user(): string {
    return this.sa.domain ? `${this.sa.domain}\\${this.sa.user}` : this.sa.user;
  }

  get opaque(): string {
    return this.sa.opaque;
  }

  get expiresAtMs(): number {
    return this.sa.expiresAtMs;
  }

  isHandshake(request: SipRequest): boolean {
    if (request.method !== 'REGISTER') return false;
    const p = ntlmCredentials(request);
    return p !== null && p.has('gssapi-data');
  }

  checkIncoming(m: SipMessage, nowMs: number): IncomingVerdict {
    const p = ntlmCredentials(m);
    const challenge: SipHeader[] = [{ name: 'WWW-Authenticate', value: this.challengeValue }];
    if (p === null)
      return { kind: 'challenge', headers: challenge, why: 'the message carries no NTLM signature' };
    if (m.kind === 'request' && this.isHandshake(m)) return { kind: 'handshake' };
    if (p.has('gssapi-data')) return { kind: 'refused', why: 'an NTLM handshake token outside REGISTER' };
    if (
      p.get('opaque') !== this.sa.opaque ||
      p.get('realm') !== this.sa.realm ||
      p.get('targetname') !== this.sa.targetname
    ) {
      return {
        kind: 'challenge',
        headers: challenge,
        why: 'the signature names another security association',
      };
    }
    if (this.sa.isExpired(nowMs))
      return { kind: 'challenge', headers: challenge, why: 'the security association has expired' };
    const response = p.get('response');
    if (response === undefined)
      return { kind: 'refused', why: 'the NTLM credentials carry no response (signature)' };
    const v = this.sa.acceptClientMessage(signatureFieldsOf(m), {
      crand: p.get('crand') ?? '',
      cnum: p.get('cnum') ?? '',
      response,
    });
    if (v === 'ok') return { kind: 'ok' };
    return {
      kind: 'refused',
      why:
        v === 'replayed'
          ? `cnum ${p.get('cnum') ?? ''} is not above ${this.sa.highestCnum} (replayed message)`
          : 'the signature does not verify',
    };
  }

  signOutgoing(m: SipMessage): SipMessage {
    // MS-SIPAE §3.3.5: challenges are not signed (they carry no association yet, or start a new one).
    if (m.kind === 'response' && (m.status === 401 || m.status === 407)) return m;
    const headers = m.headers.filter((h) => headerKey(h.name) !== 'authentication-info');
    const signed = this.sa.signServerMessage(signatureFieldsOf(m));
    return { ...m, headers: [...headers, { name: 'Authentication-Info', value: signed.authenticationInfo }] };
  }
}
