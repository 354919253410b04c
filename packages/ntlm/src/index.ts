// Public surface of the NTLM / MS-SIPAE core (docs/xccos.md §6.2). Pure functions and one state object;
// the registrar and the SIP front end build on these.
export { NtlmError, isNtlmError, NTLM_ERROR_KINDS, type NtlmErrorKind } from './errors.js';
export { md4 } from './md4.js';
export { rc4, Rc4 } from './rc4.js';
export { NegotiateFlag, CONNECTIONLESS_REQUIRED_FLAGS, SERVER_CHALLENGE_FLAGS, hasFlags } from './flags.js';
export {
  AvId,
  decodeAvPairs,
  encodeAvPairs,
  fileTimeFromMs,
  msFromFileTime,
  type AvPair,
} from './av-pairs.js';
export {
  buildChallengeMessage,
  parseChallengeMessage,
  type BuildChallengeOptions,
  type BuiltChallenge,
  type ParsedChallenge,
  type ServerIdentity,
} from './challenge-message.js';
export {
  buildAuthenticateMessage,
  parseAuthenticateMessage,
  type BuildAuthenticateOptions,
  type ParsedAuthenticate,
} from './authenticate-message.js';
export {
  ntHash,
  ntowfv2,
  ntowfv2FromHash,
  computeNtlmv2Response,
  parseNtlmv2Response,
  hmacMd5,
  type Ntlmv2Response,
  type Ntlmv2ResponseInput,
} from './ntlmv2.js';
export { deriveSessionKeys, exportedSessionKey, sealKey, signKey, type SessionKeys } from './session-keys.js';
export { essMac, essChecksum, datagramSealHandle } from './mac.js';
export { verifyAuthenticate, type VerifiedAuthenticate, type VerifyAuthenticateInput } from './server.js';
export {
  createAuthenticateMessage,
  type ClientAuthenticateInput,
  type ClientAuthenticateResult,
} from './client.js';
export {
  signatureInputString,
  signatureInputBytes,
  sipaeMac,
  sipaeSignatureHex,
  verifySipaeSignature,
  SIPAE_NTLM_SEQ_NUM,
  type HeaderEncoding,
  type SipaeKeyPair,
  type SipaeSignatureFields,
  type SipaeVersion,
} from './sipae-signature.js';
export {
  fieldsFromHeaders,
  formatAuthenticationInfo,
  pAssertedIdentityUris,
  parseAuthParams,
  tagOf,
  uriOf,
  type AuthParams,
  type AuthenticationInfoValues,
  type RawSignedHeaders,
  type SignatureContext,
} from './sipae-headers.js';
export {
  SecurityAssociation,
  issueChallenge,
  newOpaque,
  newRand,
  SECURITY_ASSOCIATION_LIFETIME_MS,
  CLIENT_REAUTH_MARGIN_MS,
  type ClientMessageVerdict,
  type ClientSignatureParams,
  type EstablishInput,
  type MessageSignatureFields,
  type PendingChallenge,
  type SignedServerMessage,
} from './security-association.js';
