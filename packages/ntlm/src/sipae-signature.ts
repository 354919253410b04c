// MS-SIPAE message signatures for NTLM (MS-SIPAE §3.2.5.1.2 signature input, §3.4.6 / §3.2.5.2.2
// verification), with the MAC computed exactly as pidgin-sipe computes and checks it.
import { constantTimeEqual, fromHex, toHex } from './bytes.js';
import { NtlmError } from './errors.js';
import { datagramSealHandle, essMac } from './mac.js';

/**
 * The plain values one SIP message contributes to its signature; the SIP front end maps a parsed message
 * onto this (or use fieldsFromHeaders below, which applies pidgin-sipe's extraction rules).
 * Absent optional values sign as empty: "<>".
 */
export interface SipaeSignatureFields {
  /** Security protocol name; "NTLM" here. */
  readonly protocol?: string;
  /** crand (client messages) or srand (server messages): 8 hex digits. */
  readonly rand: string;
  /** cnum / snum, decimal. */
  readonly num: string;
  readonly realm: string;
  readonly targetname: string;
  readonly callId: string;
  /** The number part of CSeq, as text. */
  readonly cseqNumber: string;
  /** Request method; for responses the method from CSeq (MS-SIPAE §3.2.5.1.2). */
  readonly method: string;
  readonly fromUri: string;
  readonly fromTag: string;
  readonly toUri: string;
  readonly toTag: string;
  readonly pAssertedIdentitySip?: string;
  readonly pAssertedIdentityTel?: string;
  /** Value of the Expires header, verbatim. */
  readonly expires?: string;
  /** Responses only. */
  readonly statusCode?: number;
}

/** Authentication protocol version from the `version=` parameter; Lync 2013 and pidgin-sipe use 4. */
export type SipaeVersion = number;

/**
 * The signature input string. Version 3 and later (MS-SIPAE §3.2.5.1.2):
 * <protocol><rand><num><realm><targetname><Call-ID><CSeq number><method><From URI><From tag><To URI>
 * <To tag><PAI sip URI><PAI tel URI><Expires> then <status code> for responses.
 * Versions 1-2 (MS-SIP §3.1.4.2) have no To URI and no P-Asserted-Identity fields. Absent optional values
 * are "<>"; the status code is appended only for responses (no "<>" for requests). Values are used as
 * they appear in the message, case included.
 */
export function signatureInputString(f: SipaeSignatureFields, version: SipaeVersion = 4): string {
  const e = (s: string | undefined): string => `<${s ?? ''}>`;
  const head = [
    f.protocol ?? 'NTLM',
    f.rand,
    f.num,
    f.realm,
    f.targetname,
    f.callId,
    f.cseqNumber,
    f.method,
    f.fromUri,
    f.fromTag,
  ];
  const mid =
    version >= 3
      ? [f.toUri, f.toTag, f.pAssertedIdentitySip, f.pAssertedIdentityTel, f.expires]
      : [f.toTag, f.expires];
  const status = f.statusCode !== undefined ? e(String(f.statusCode)) : '';
  return [...head, ...mid].map(e).join('') + status;
}

/**
 * Header values as bytes. The signature covers bytes, so the codec must give us header text decoded the
 * same way it will be encoded on the wire: UTF-8 by default; pass 'latin1' if the codec keeps headers as
 * byte-preserving latin1 strings.
 */
export type HeaderEncoding = 'utf8' | 'latin1';

export function signatureInputBytes(
  f: SipaeSignatureFields,
  version: SipaeVersion = 4,
  encoding: HeaderEncoding = 'utf8',
): Uint8Array {
  return new Uint8Array(Buffer.from(signatureInputString(f, version), encoding));
}

/**
 * COMPAT(pidgin-sipe): sipe signs with NTLM sequence number 100 for every message, in both directions,
 * and never advances it (sip-sec-ntlm.c); cnum/snum are carried in the signature *input* instead.
 */
export const SIPAE_NTLM_SEQ_NUM = 100;

export interface SipaeKeyPair {
  readonly signingKey: Uint8Array;
  readonly sealingKey: Uint8Array;
}

/**
 * 16-byte MAC: 01000000 | RC4(MD5(sealKey || LE32(100)), HMAC_MD5(signKey, LE32(100) || input)[0..7])
 * | LE32(100) (MS-NLMP §3.4.4.2 with DATAGRAM and KEY_EXCH, as MS-SIPAE requires both).
 */
export function sipaeMac(keys: SipaeKeyPair, input: Uint8Array): Uint8Array {
  return essMac({
    signingKey: keys.signingKey,
    seqNum: SIPAE_NTLM_SEQ_NUM,
    message: input,
    sealHandle: datagramSealHandle(keys.sealingKey, SIPAE_NTLM_SEQ_NUM),
  });
}

/** Hex as it goes into response= / rspauth=; pidgin-sipe writes upper case and compares bytes. */
export function sipaeSignatureHex(keys: SipaeKeyPair, input: Uint8Array): string {
  return toHex(sipaeMac(keys, input), true);
}

/** Checks a received response= / rspauth= value (case-insensitive hex) in constant time. */
export function verifySipaeSignature(keys: SipaeKeyPair, input: Uint8Array, signatureHex: string): boolean {
  let given: Uint8Array;
  try {
    given = fromHex(signatureHex);
  } catch (e) {
    if (e instanceof NtlmError) return false;
    throw e;
  }
  if (given.length !== 16) return false;
  return constantTimeEqual(sipaeMac(keys, input), given);
}
