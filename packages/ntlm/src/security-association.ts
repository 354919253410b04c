// One signed MS-SIPAE session (MS-SIPAE §3.2.1: security association): keys, opaque id, lifetime and
// the server's snum counter. Pure state, no I/O, no clock of its own (callers pass `nowMs`).
import { randomBytes } from 'node:crypto';
import { toHex } from './bytes.js';
import { buildChallengeMessage, type ServerIdentity } from './challenge-message.js';
import { NtlmError } from './errors.js';
import type { ParsedAuthenticate } from './authenticate-message.js';
import { verifyAuthenticate } from './server.js';
import type { SessionKeys } from './session-keys.js';
import { formatAuthenticationInfo } from './sipae-headers.js';
import {
  sipaeSignatureHex,
  signatureInputBytes,
  verifySipaeSignature,
  type HeaderEncoding,
  type SipaeSignatureFields,
  type SipaeVersion,
} from './sipae-signature.js';

/** Lifetime we grant a security association. COMPAT(pidgin-sipe): the client re-authenticates on its
 *  own after 8 h minus 5 min, so the server must keep accepting until 8 h (docs/xccos.md §6.2). */
export const SECURITY_ASSOCIATION_LIFETIME_MS = 8 * 60 * 60 * 1000;
export const CLIENT_REAUTH_MARGIN_MS = 5 * 60 * 1000;

/** What the registrar keeps between the 401 carrying the CHALLENGE and the AUTHENTICATE. */
export interface PendingChallenge {
  readonly opaque: string;
  readonly message: Uint8Array;
  readonly serverChallenge: Uint8Array;
  readonly createdAtMs: number;
  /** base64 of `message`, for gssapi-data="..." in WWW-Authenticate. */
  readonly gssapiData: string;
}

export function newOpaque(): string {
  return toHex(new Uint8Array(randomBytes(4)), true); // 8 hex digits, like Lync's opaque="2BDBAC9D"
}

export function newRand(): string {
  return toHex(new Uint8Array(randomBytes(4)), true); // srand: 8 hex digits
}

export function issueChallenge(o: {
  identity: ServerIdentity;
  nowMs: number;
  opaque?: string;
  serverChallenge?: Uint8Array;
}): PendingChallenge {
  const built = buildChallengeMessage({
    identity: o.identity,
    timestampMs: o.nowMs,
    ...(o.serverChallenge ? { serverChallenge: o.serverChallenge } : {}),
  });
  return {
    opaque: o.opaque ?? newOpaque(),
    message: built.message,
    serverChallenge: built.serverChallenge,
    createdAtMs: o.nowMs,
    gssapiData: Buffer.from(built.message).toString('base64'),
  };
}

/** Fields of a message that the association fills in itself (rand, num, realm, targetname, protocol). */
export type MessageSignatureFields = Omit<
  SipaeSignatureFields,
  'rand' | 'num' | 'realm' | 'targetname' | 'protocol'
>;

export interface ClientSignatureParams {
  readonly crand: string;
  readonly cnum: string;
  /** response="..." from Authorization: 32 hex digits. */
  readonly response: string;
}

export interface SignedServerMessage {
  /** Complete Authentication-Info header value. */
  readonly authenticationInfo: string;
  readonly rspauth: string;
  readonly srand: string;
  readonly snum: string;
}

export interface EstablishInput {
  readonly pending: PendingChallenge;
  readonly authenticate: ParsedAuthenticate;
  readonly ntHash: Uint8Array;
  readonly realm: string;
  readonly targetname: string;
  readonly nowMs: number;
  readonly version?: SipaeVersion;
  readonly lifetimeMs?: number;
  readonly headerEncoding?: HeaderEncoding;
  /**
   * Bound on |client blob time − nowMs| (MS-NLMP §3.2.5.1.2 MaxLifetime; MS-SIP: 15 min for NTLM).
   * Unbounded when absent. Throws NtlmError 'ClockSkew' beyond it.
   */
  readonly maxClockSkewMs?: number;
}

/** Outcome of acceptClientMessage. */
export type ClientMessageVerdict = 'ok' | 'bad-signature' | 'replayed';

export class SecurityAssociation {
  readonly #keys: SessionKeys; // secret: private field, so util.inspect / JSON never show it
  #snum = 0;
  #highestCnum = 0;

  private constructor(
    keys: SessionKeys,
    readonly opaque: string,
    readonly user: string,
    readonly domain: string,
    readonly workstation: string,
    readonly realm: string,
    readonly targetname: string,
    readonly version: SipaeVersion,
    readonly establishedAtMs: number,
    readonly expiresAtMs: number,
    readonly headerEncoding: HeaderEncoding,
  ) {
    this.#keys = keys;
  }

  /** Verifies the AUTHENTICATE (throws NtlmError, see verifyAuthenticate) and opens the association. */
  static establish(i: EstablishInput): SecurityAssociation {
    const v = verifyAuthenticate({
      authenticate: i.authenticate,
      challengeMessage: i.pending.message,
      serverChallenge: i.pending.serverChallenge,
      ntHash: i.ntHash,
    });
    if (i.maxClockSkewMs !== undefined && Math.abs(v.clientTimestampMs - i.nowMs) > i.maxClockSkewMs) {
      throw new NtlmError(
        'ClockSkew',
        `the client's NTLMv2 time is more than ${Math.round(i.maxClockSkewMs / 1000)} s away from the server's`,
      );
    }
    return SecurityAssociation.fromKeys({
      keys: v.keys,
      opaque: i.pending.opaque,
      user: v.user,
      domain: v.domain,
      workstation: v.workstation,
      realm: i.realm,
      targetname: i.targetname,
      nowMs: i.nowMs,
      ...(i.version !== undefined ? { version: i.version } : {}),
      ...(i.lifetimeMs !== undefined ? { lifetimeMs: i.lifetimeMs } : {}),
      ...(i.headerEncoding !== undefined ? { headerEncoding: i.headerEncoding } : {}),
    });
  }

  /** For tests and for a client-side association built from createAuthenticateMessage's keys. */
  static fromKeys(o: {
    keys: SessionKeys;
    opaque: string;
    user: string;
    domain: string;
    workstation?: string;
    realm: string;
    targetname: string;
    nowMs: number;
    version?: SipaeVersion;
    lifetimeMs?: number;
    headerEncoding?: HeaderEncoding;
  }): SecurityAssociation {
    return new SecurityAssociation(
      o.keys,
      o.opaque,
      o.user,
      o.domain,
      o.workstation ?? '',
      o.realm,
      o.targetname,
      o.version ?? 4,
      o.nowMs,
      o.nowMs + (o.lifetimeMs ?? SECURITY_ASSOCIATION_LIFETIME_MS),
      o.headerEncoding ?? 'utf8',
    );
  }

  isExpired(nowMs: number): boolean {
    return nowMs >= this.expiresAtMs;
  }

  /** Last snum used in a server signature (0 before the first). */
  get snum(): number {
    return this.#snum;
  }

  /** Highest cnum seen in a verified client signature (pidgin-sipe counts 1, 2, 3...). */
  get highestCnum(): number {
    return this.#highestCnum;
  }

  /** Signature input for a message signed by the client, with its crand/cnum. */
  clientInput(fields: MessageSignatureFields, crand: string, cnum: string): Uint8Array {
    return signatureInputBytes(this.#complete(fields, crand, cnum), this.version, this.headerEncoding);
  }

  /**
   * Checks response= of a client message (request or response) with the client-to-server keys.
   * Does not enforce cnum ordering; it records the highest cnum seen.
   */
  verifyClientMessage(fields: MessageSignatureFields, p: ClientSignatureParams): boolean {
    const ok = this.#verify(fields, p);
    const n = Number.parseInt(p.cnum, 10);
    if (ok && Number.isSafeInteger(n) && n > this.#highestCnum) this.#highestCnum = n;
    return ok;
  }

  /**
   * verifyClientMessage with replay protection, for a server: the signature must verify *and* cnum must be
   * a decimal above every cnum accepted before on this association (pidgin-sipe counts 1, 2, 3... over
   * requests and responses alike, in the order it sends them; one connection keeps that order). Only an
   * accepted message advances the counter.
   */
  acceptClientMessage(fields: MessageSignatureFields, p: ClientSignatureParams): ClientMessageVerdict {
    if (!/^\d{1,15}$/.test(p.cnum)) return 'bad-signature';
    if (!this.#verify(fields, p)) return 'bad-signature';
    const n = Number(p.cnum);
    if (n <= this.#highestCnum) return 'replayed';
    this.#highestCnum = n;
    return 'ok';
  }

  #verify(fields: MessageSignatureFields, p: ClientSignatureParams): boolean {
    const k = this.#keys;
    return verifySipaeSignature(
      { signingKey: k.clientSigningKey, sealingKey: k.clientSealingKey },
      this.clientInput(fields, p.crand, p.cnum),
      p.response,
    );
  }

  /** Signs a server message (request or response) with the server-to-client keys; advances snum. */
  signServerMessage(fields: MessageSignatureFields, srand: string = newRand()): SignedServerMessage {
    this.#snum += 1;
    const snum = String(this.#snum);
    const k = this.#keys;
    const input = signatureInputBytes(this.#complete(fields, srand, snum), this.version, this.headerEncoding);
    const rspauth = sipaeSignatureHex(
      { signingKey: k.serverSigningKey, sealingKey: k.serverSealingKey },
      input,
    );
    return {
      rspauth,
      srand,
      snum,
      authenticationInfo: formatAuthenticationInfo({
        rspauth,
        srand,
        snum,
        realm: this.realm,
        targetname: this.targetname,
        opaque: this.opaque,
      }),
    };
  }

  /** Client-side counterpart (SDK / tests): sign as the client would, verify server messages. */
  signClientMessage(fields: MessageSignatureFields, crand: string, cnum: string): string {
    const k = this.#keys;
    return sipaeSignatureHex(
      { signingKey: k.clientSigningKey, sealingKey: k.clientSealingKey },
      this.clientInput(fields, crand, cnum),
    );
  }

  verifyServerMessage(fields: MessageSignatureFields, srand: string, snum: string, rspauth: string): boolean {
    const k = this.#keys;
    const input = signatureInputBytes(this.#complete(fields, srand, snum), this.version, this.headerEncoding);
    return verifySipaeSignature(
      { signingKey: k.serverSigningKey, sealingKey: k.serverSealingKey },
      input,
      rspauth,
    );
  }

  #complete(fields: MessageSignatureFields, rand: string, num: string): SipaeSignatureFields {
    return { ...fields, protocol: 'NTLM', rand, num, realm: this.realm, targetname: this.targetname };
  }
}
