// Server side of connection-less NTLMv2 (MS-NLMP §3.2.5.1.2 as MS-SIPAE §3.2.5.1.2 uses it): check the
// AUTHENTICATE message against the CHALLENGE we sent and the account's stored NT hash, then derive keys.
import { constantTimeEqual } from './bytes.js';
import { NtlmError } from './errors.js';
import { CONNECTIONLESS_REQUIRED_FLAGS, hasFlags } from './flags.js';
import { msFromFileTime } from './av-pairs.js';
import { MIC_OFFSET, type ParsedAuthenticate } from './authenticate-message.js';
import { hmacMd5, ntowfv2FromHash, parseNtlmv2Response, userUppercaseCandidates } from './ntlmv2.js';
import { deriveSessionKeys, exportedSessionKey, keyExchangeKeyV2, type SessionKeys } from './session-keys.js';

export interface VerifyAuthenticateInput {
  readonly authenticate: ParsedAuthenticate;
  /** The exact CHALLENGE bytes we sent for this opaque (for the MIC) and its server challenge. */
  readonly challengeMessage: Uint8Array;
  readonly serverChallenge: Uint8Array;
  /** Stored NT hash of the account the caller resolved from authenticate.user / .domain. */
  readonly ntHash: Uint8Array;
  /** Defaults to CONNECTIONLESS_REQUIRED_FLAGS. */
  readonly requiredFlags?: number;
}

export interface VerifiedAuthenticate {
  readonly user: string;
  readonly domain: string;
  readonly workstation: string;
  /** NegotiateFlags from the AUTHENTICATE message: what both sides use from here on. */
  readonly flags: number;
  readonly keys: SessionKeys;
  /** Client's NTLMv2 blob time (ms since epoch); the caller may bound clock skew (MS-NLMP §3.2.5.1.2). */
  readonly clientTimestampMs: number;
  /** True when the client sent a MIC and it verified; false when it sent none (pidgin-sipe never does). */
  readonly micVerified: boolean;
}

/**
 * Throws NtlmError 'AuthenticationFailed' on a wrong password (NTProofStr mismatch) or a bad MIC,
 * 'MissingFlags' when the client did not negotiate what MS-SIPAE signing needs, and the structural
 * kinds (Truncated, NotNtlmV2, InvalidAvPairs...) for malformed responses.
 */
export function verifyAuthenticate(i: VerifyAuthenticateInput): VerifiedAuthenticate {
  const a = i.authenticate;
  const required = (i.requiredFlags ?? CONNECTIONLESS_REQUIRED_FLAGS) >>> 0;
  if (!hasFlags(a.flags, required)) {
    throw new NtlmError(
      'MissingFlags',
      `AUTHENTICATE flags 0x${a.flags.toString(16)} lack 0x${(required & (~a.flags >>> 0)).toString(16)}`,
    );
  }
  const v2 = parseNtlmv2Response(a.ntChallengeResponse);
  let responseKeyNT: Uint8Array | undefined;
  // COMPAT(pidgin-sipe): ASCII-only upper-casing of the user name; see userUppercaseCandidates.
  for (const upper of userUppercaseCandidates(a.user)) {
    const key = ntowfv2FromHash(i.ntHash, upper, a.domain);
    const proof = hmacMd5(key, i.serverChallenge, v2.blob); // NTProofStr, MS-NLMP §3.3.2
    if (constantTimeEqual(proof, v2.ntProofStr)) {
      responseKeyNT = key;
      break;
    }
  }
  if (!responseKeyNT) throw new NtlmError('AuthenticationFailed', 'NTLMv2 response does not verify');

  const sessionBaseKey = hmacMd5(responseKeyNT, v2.ntProofStr);
  const esk = exportedSessionKey(a.flags, keyExchangeKeyV2(sessionBaseKey), a.encryptedRandomSessionKey);

  let micVerified = false;
  if (v2.micPresent) {
    // Connection-less MIC = HMAC_MD5(ExportedSessionKey, CHALLENGE_MESSAGE || AUTHENTICATE_MESSAGE with a
    // zeroed MIC field); there is no NEGOTIATE message (MS-NLMP §3.2.5.1.2, §3.1.5.1.2).
    if (!a.micCandidate)
      throw new NtlmError('Truncated', 'MsvAvFlags announces a MIC but the fixed part has no room for it');
    const zeroed = new Uint8Array(a.raw);
    zeroed.fill(0, MIC_OFFSET, MIC_OFFSET + 16);
    const mic = hmacMd5(esk, i.challengeMessage, zeroed);
    if (!constantTimeEqual(mic, a.micCandidate))
      throw new NtlmError('AuthenticationFailed', 'MIC does not verify');
    micVerified = true;
  }

  return {
    user: a.user,
    domain: a.domain,
    workstation: a.workstation,
    flags: a.flags,
    keys: deriveSessionKeys(a.flags, esk),
    clientTimestampMs: msFromFileTime(v2.timestamp),
    micVerified,
  };
}
