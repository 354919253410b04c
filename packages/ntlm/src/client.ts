// Client side of connection-less NTLMv2, as pidgin-sipe does it (sip-sec-ntlm.c) so our tests and the
// SDK can sign in like a Lync client: CHALLENGE in, AUTHENTICATE out, plus the session keys.
import { randomBytes } from 'node:crypto';
import { AV_FLAG_MIC_PRESENT, AvId, encodeAvPairs, fileTimeFromMs, findAv } from './av-pairs.js';
import { le32 } from './bytes.js';
import { parseChallengeMessage } from './challenge-message.js';
import { NtlmError } from './errors.js';
import { CONNECTIONLESS_REQUIRED_FLAGS, NegotiateFlag, hasFlags } from './flags.js';
import { buildAuthenticateMessage, MIC_OFFSET } from './authenticate-message.js';
import { NTLMSSP_REVISION_W2K3, type NtlmVersion } from './message-fields.js';
import { asciiUpper, computeNtlmv2Response, hmacMd5, ntHash as ntHashOf, ntowfv2FromHash } from './ntlmv2.js';
import { rc4 } from './rc4.js';
import { deriveSessionKeys, keyExchangeKeyV2, type SessionKeys } from './session-keys.js';

/** What pidgin-sipe will take from a CHALLENGE in connection-less mode. */
const CLIENT_CONNECTIONLESS_FLAGS =
  (CONNECTIONLESS_REQUIRED_FLAGS |
    NegotiateFlag.VERSION |
    NegotiateFlag.NEGOTIATE_128 |
    NegotiateFlag.NEGOTIATE_56 |
    NegotiateFlag.REQUEST_TARGET) >>>
  0;

export interface ClientAuthenticateInput {
  readonly challenge: Uint8Array;
  readonly user: string;
  readonly domain: string;
  readonly workstation: string;
  /** Either the password or its NT hash. */
  readonly password?: string;
  readonly ntHash?: Uint8Array;
  /** Deterministic test inputs; random / now when absent. */
  readonly clientChallenge?: Uint8Array;
  readonly randomSessionKey?: Uint8Array;
  readonly nowMs?: number;
  /** Raw 8-byte FILETIME for the blob when the CHALLENGE has no MsvAvTimestamp (replaying captures). */
  readonly timestamp?: Uint8Array;
  readonly version?: NtlmVersion;
  /** Add MsvAvFlags=MIC and a MIC, as Windows clients do; pidgin-sipe does not (default false). */
  readonly withMic?: boolean;
}

export interface ClientAuthenticateResult {
  readonly message: Uint8Array;
  readonly flags: number;
  readonly keys: SessionKeys;
}

export function createAuthenticateMessage(i: ClientAuthenticateInput): ClientAuthenticateResult {
  const ch = parseChallengeMessage(i.challenge);
  if (!hasFlags(ch.flags, CONNECTIONLESS_REQUIRED_FLAGS)) {
    throw new NtlmError(
      'MissingFlags',
      `CHALLENGE flags 0x${ch.flags.toString(16)} are not usable connection-less`,
    );
  }
  // MS-NLMP §3.1.5.1.2: keep what both support; 128 wins over 56 (§3.4.5.3).
  let flags = ((ch.flags & CLIENT_CONNECTIONLESS_FLAGS) | NegotiateFlag.REQUEST_TARGET) >>> 0;
  if (flags & NegotiateFlag.NEGOTIATE_128) flags = (flags & ~NegotiateFlag.NEGOTIATE_56) >>> 0;

  const nt = i.ntHash ?? (i.password !== undefined ? ntHashOf(i.password) : undefined);
  if (!nt) throw new NtlmError('InvalidInput', 'password or ntHash is required');
  const responseKeyNT = ntowfv2FromHash(nt, asciiUpper(i.user), i.domain);
  const timestamp =
    findAv(ch.targetInfoPairs, AvId.MsvAvTimestamp) ?? i.timestamp ?? fileTimeFromMs(i.nowMs ?? Date.now());
  const targetInfo = i.withMic
    ? encodeAvPairs([...ch.targetInfoPairs, { id: AvId.MsvAvFlags, value: le32(AV_FLAG_MIC_PRESENT) }])
    : ch.targetInfo;
  const r = computeNtlmv2Response({
    responseKeyNT,
    serverChallenge: ch.serverChallenge,
    clientChallenge: i.clientChallenge ?? new Uint8Array(randomBytes(8)),
    timestamp,
    targetInfo,
  });
  const kxkey = keyExchangeKeyV2(r.sessionBaseKey);
  let esk: Uint8Array = kxkey;
  let encryptedRandomSessionKey: Uint8Array = new Uint8Array(0);
  if (flags & NegotiateFlag.KEY_EXCH) {
    esk = i.randomSessionKey ?? new Uint8Array(randomBytes(16));
    encryptedRandomSessionKey = rc4(kxkey, esk);
  }
  const message = buildAuthenticateMessage({
    flags,
    lmChallengeResponse: r.lmChallengeResponse,
    ntChallengeResponse: r.ntChallengeResponse,
    domain: i.domain,
    user: i.user,
    workstation: i.workstation,
    encryptedRandomSessionKey,
    version: i.version ?? { major: 5, minor: 1, build: 2600, revision: NTLMSSP_REVISION_W2K3 }, // what sipe sends
    withMic: i.withMic ?? false,
  });
  if (i.withMic) message.set(hmacMd5(esk, i.challenge, message), MIC_OFFSET);
  return { message, flags, keys: deriveSessionKeys(flags, esk) };
}
