// NTLMSSP_MESSAGE_SIGNATURE with extended session security (MS-NLMP §2.2.2.9.1, §3.4.4.2):
// Version(4)=1 | Checksum(8) | SeqNum(4), Checksum = HMAC_MD5(SigningKey, SeqNum || Message)[0..7],
// RC4-encrypted with the sealing handle when KEY_EXCH was negotiated.
import { concatBytes, le32 } from './bytes.js';
import { hmacMd5 } from './ntlmv2.js';
import { Rc4 } from './rc4.js';
import { md5 } from './session-keys.js';

export function essChecksum(signingKey: Uint8Array, seqNum: number, message: Uint8Array): Uint8Array {
  return hmacMd5(signingKey, le32(seqNum), message).slice(0, 8);
}

/**
 * Connection-less (DATAGRAM) mode re-keys RC4 for every message:
 * SealingKey' = MD5(SealingKey || SeqNum), RC4Init(handle, SealingKey') (MS-NLMP §3.4.4.2, §3.4.3).
 * pidgin-sipe does the same with its 16-byte sealing key and sequence number 100.
 */
export function datagramSealHandle(sealingKey: Uint8Array, seqNum: number): Rc4 {
  return new Rc4(md5(sealingKey, le32(seqNum)));
}

export interface MacInput {
  readonly signingKey: Uint8Array;
  readonly seqNum: number;
  readonly message: Uint8Array;
  /** Present when KEY_EXCH was negotiated: encrypts the checksum. For connection-oriented use pass the
   *  running sealing handle (state continues); for DATAGRAM use datagramSealHandle(). */
  readonly sealHandle?: Rc4;
}

export function essMac(i: MacInput): Uint8Array {
  let checksum = essChecksum(i.signingKey, i.seqNum, i.message);
  if (i.sealHandle) checksum = i.sealHandle.update(checksum);
  return concatBytes(le32(1), checksum, le32(i.seqNum));
}
