// NTLMv2 response computation and verification, MS-NLMP §3.3.2. The server stores NT hashes
// (MD4 of the UTF-16LE password, §3.3.1 NTOWFv1), never passwords.
import { createHmac } from 'node:crypto';
import { AV_FLAG_MIC_PRESENT, AvId, decodeAvPairs, findAv, type AvPair } from './av-pairs.js';
import { concatBytes, readU32, utf16le } from './bytes.js';
import { NtlmError } from './errors.js';
import { md4 } from './md4.js';

export function hmacMd5(key: Uint8Array, ...data: Uint8Array[]): Uint8Array {
  const h = createHmac('md5', key);
  for (const d of data) h.update(d);
  return new Uint8Array(h.digest());
}

/** NT hash = MD4(UNICODE(password)) (MS-NLMP §3.3.1 NTOWFv1); what the account store keeps. */
export function ntHash(password: string): Uint8Array {
  return md4(utf16le(password));
}

/**
 * Uppercase(User) as NTOWFv2 needs it. COMPAT(pidgin-sipe): sipe upper-cases ASCII letters only
 * (g_ascii_toupper), Windows upper-cases per UTF-16 code unit. They differ only for non-ASCII names, so
 * the server tries both (see userUppercaseCandidates).
 */
export function asciiUpper(s: string): string {
  return s.replace(/[a-z]+/g, (m) => m.toUpperCase());
}

function perCodeUnitUpper(s: string): string {
  let out = '';
  for (const ch of s) {
    const u = ch.toUpperCase();
    out += u.length === ch.length ? u : ch; // no expansions (ß -> SS), as a per-character upcase table does
  }
  return out;
}

export function userUppercaseCandidates(user: string): string[] {
  const a = asciiUpper(user);
  const w = perCodeUnitUpper(user);
  return a === w ? [a] : [w, a];
}

/** NTOWFv2 = HMAC_MD5(NT hash, UNICODE(Uppercase(User) + UserDom)), MS-NLMP §3.3.2. */
export function ntowfv2FromHash(ntHashBytes: Uint8Array, upperUser: string, domain: string): Uint8Array {
  if (ntHashBytes.length !== 16) throw new NtlmError('InvalidInput', 'NT hash must be 16 bytes');
  return hmacMd5(ntHashBytes, utf16le(upperUser + domain));
}

export function ntowfv2(password: string, user: string, domain: string): Uint8Array {
  return ntowfv2FromHash(ntHash(password), asciiUpper(user), domain);
}

export interface Ntlmv2ResponseInput {
  readonly responseKeyNT: Uint8Array;
  readonly serverChallenge: Uint8Array;
  readonly clientChallenge: Uint8Array;
  /** 8-byte FILETIME (little-endian), MsvAvTimestamp from the CHALLENGE or the client's clock. */
  readonly timestamp: Uint8Array;
  /** TargetInfo as received (ServerName in §3.3.2), possibly extended by the client (MsvAvFlags...). */
  readonly targetInfo: Uint8Array;
}

export interface Ntlmv2Response {
  readonly ntChallengeResponse: Uint8Array;
  readonly lmChallengeResponse: Uint8Array;
  readonly ntProofStr: Uint8Array;
  readonly sessionBaseKey: Uint8Array;
}

/** NTLMv2_CLIENT_CHALLENGE "temp" of §3.3.2: 1, 1, Z(6), Time, ClientChallenge, Z(4), ServerName, Z(4). */
export function buildClientBlob(
  timestamp: Uint8Array,
  clientChallenge: Uint8Array,
  targetInfo: Uint8Array,
): Uint8Array {
  if (timestamp.length !== 8 || clientChallenge.length !== 8) {
    throw new NtlmError('InvalidInput', 'timestamp and client challenge must be 8 bytes each');
  }
  const head = new Uint8Array(28);
  head[0] = 1; // RespType
  head[1] = 1; // HiRespType
  head.set(timestamp, 8);
  head.set(clientChallenge, 16);
  return concatBytes(head, targetInfo, new Uint8Array(4));
}

/** ComputeResponse for NTLMv2, MS-NLMP §3.3.2 (ResponseKeyLM = ResponseKeyNT = NTOWFv2). */
export function computeNtlmv2Response(i: Ntlmv2ResponseInput): Ntlmv2Response {
  if (i.serverChallenge.length !== 8) throw new NtlmError('InvalidInput', 'server challenge must be 8 bytes');
  const temp = buildClientBlob(i.timestamp, i.clientChallenge, i.targetInfo);
  const ntProofStr = hmacMd5(i.responseKeyNT, i.serverChallenge, temp);
  const lm = concatBytes(hmacMd5(i.responseKeyNT, i.serverChallenge, i.clientChallenge), i.clientChallenge);
  return {
    ntChallengeResponse: concatBytes(ntProofStr, temp),
    lmChallengeResponse: lm,
    ntProofStr,
    sessionBaseKey: hmacMd5(i.responseKeyNT, ntProofStr),
  };
}

export interface ParsedClientBlob {
  readonly ntProofStr: Uint8Array;
  /** Everything after NTProofStr: the "temp" the proof was computed over. */
  readonly blob: Uint8Array;
  readonly timestamp: Uint8Array;
  readonly clientChallenge: Uint8Array;
  readonly avPairs: readonly AvPair[];
  /** MsvAvFlags bit 0x2: the AUTHENTICATE message carries a MIC. */
  readonly micPresent: boolean;
}

/** Splits an NtChallengeResponse into NTProofStr and NTLMv2_CLIENT_CHALLENGE (MS-NLMP §2.2.2.8, §2.2.2.7). */
export function parseNtlmv2Response(nt: Uint8Array): ParsedClientBlob {
  // 24 bytes is an NTLMv1 response; v2 is 16 + 28 + AV pairs (at least EOL) + 4.
  if (nt.length <= 24)
    throw new NtlmError('NotNtlmV2', `NtChallengeResponse of ${nt.length} bytes is not NTLMv2`);
  if (nt.length < 16 + 28 + 4)
    throw new NtlmError('Truncated', 'NTLMv2 response shorter than its fixed part');
  const blob = nt.slice(16);
  if (blob[0] !== 1 || blob[1] !== 1)
    throw new NtlmError('NotNtlmV2', 'NTLMv2 blob RespType/HiRespType is not 1/1');
  const avPairs = decodeAvPairs(blob.slice(28));
  const flagsAv = findAv(avPairs, AvId.MsvAvFlags);
  const avFlags = flagsAv && flagsAv.length === 4 ? readU32(flagsAv, 0) : 0;
  return {
    ntProofStr: nt.slice(0, 16),
    blob,
    timestamp: blob.slice(8, 16),
    clientChallenge: blob.slice(16, 24),
    avPairs,
    micPresent: (avFlags & AV_FLAG_MIC_PRESENT) !== 0,
  };
}
