// RC4 stream cipher (ARCFOUR). Node 20's OpenSSL 3 refuses `rc4` without the legacy provider
// (ERR_OSSL_EVP_UNSUPPORTED); NTLM uses it for EncryptedRandomSessionKey (MS-NLMP §3.4.5.2 RC4K) and for the
// checksum in MAC (MS-NLMP §3.4.4.2). Encryption and decryption are the same operation.
import { NtlmError } from './errors.js';

export class Rc4 {
  private readonly s = new Uint8Array(256);
  private i = 0;
  private j = 0;

  constructor(key: Uint8Array) {
    if (key.length === 0) throw new NtlmError('InvalidInput', 'RC4 key must not be empty');
    const s = this.s;
    for (let k = 0; k < 256; k++) s[k] = k;
    let j = 0;
    for (let k = 0; k < 256; k++) {
      j = (j + (s[k] as number) + (key[k % key.length] as number)) & 0xff;
      const t = s[k] as number;
      s[k] = s[j] as number;
      s[j] = t;
    }
  }

  /** Transforms `data` with the running keystream (state carries over between calls, MS-NLMP §3.4.3). */
  update(data: Uint8Array): Uint8Array {
    const s = this.s;
    const out = new Uint8Array(data.length);
    let { i, j } = this;
    for (let n = 0; n < data.length; n++) {
      i = (i + 1) & 0xff;
      const si = s[i] as number;
      j = (j + si) & 0xff;
      const sj = s[j] as number;
      s[i] = sj;
      s[j] = si;
      out[n] = (data[n] as number) ^ (s[(si + sj) & 0xff] as number);
    }
    this.i = i;
    this.j = j;
    return out;
  }
}

/** One-shot RC4K(key, data), MS-NLMP §6 "RC4K". */
export function rc4(key: Uint8Array, data: Uint8Array): Uint8Array {
  return new Rc4(key).update(data);
}
