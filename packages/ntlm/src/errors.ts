// Named error kinds for the NTLM / MS-SIPAE core. Messages describe the structure that was wrong, never
// a secret (password, hash, key, proof) and never the bytes of a token.

export const NTLM_ERROR_KINDS = [
  'Truncated', // a message or field ends before its declared length
  'BadSignature', // not "NTLMSSP\0" (MS-NLMP §2.2.1)
  'WrongMessageType', // MessageType is not the one expected here
  'OffsetOutOfRange', // a field's Len/Offset points outside the message (MS-NLMP §2.2)
  'InvalidAvPairs', // TargetInfo / NTLMv2_CLIENT_CHALLENGE AV pairs malformed (MS-NLMP §2.2.2.1)
  'MissingFlags', // the peer did not negotiate what connection-less MS-SIPAE needs
  'NotNtlmV2', // NtChallengeResponse is not an NTLMv2 response (we accept nothing older)
  'InvalidInput', // a caller-supplied value has the wrong size or shape
  'AuthenticationFailed', // NTProofStr or MIC did not verify (wrong password, or tampering)
  'InvalidHex', // a hex field (response=, rspauth=) is not 32 hex digits
  'ClockSkew', // the NTLMv2 blob's time is further from ours than allowed (MS-NLMP §3.2.5.1.2)
] as const;

export type NtlmErrorKind = (typeof NTLM_ERROR_KINDS)[number];

export class NtlmError extends Error {
  override readonly name = 'NtlmError';
  constructor(
    readonly kind: NtlmErrorKind,
    message: string,
  ) {
    super(message);
  }
}

export function isNtlmError(e: unknown, kind?: NtlmErrorKind): e is NtlmError {
  return e instanceof NtlmError && (kind === undefined || e.kind === kind);
}
