// Key derivation after NTLMv2: KXKEY, the exported session key, and SIGNKEY / SEALKEY
// (MS-NLMP §3.4.5.1-3.4.5.3). Everything here is secret: never log or print these values.
import { createHash } from 'node:crypto';
import { NtlmError } from './errors.js';
import { NegotiateFlag } from './flags.js';
import { rc4 } from './rc4.js';

export function md5(...data: Uint8Array[]): Uint8Array {
  const h = createHash('md5');
  for (const d of data) h.update(d);
  return new Uint8Array(h.digest());
}

// The magic constants include their terminating NUL (MS-NLMP §3.4.5.2, §3.4.5.3).
const magic = (s: string): Uint8Array => new Uint8Array(Buffer.from(`${s}\0`, 'latin1'));
const C2S_SIGN = magic('session key to client-to-server signing key magic constant');
const S2C_SIGN = magic('session key to server-to-client signing key magic constant');
const C2S_SEAL = magic('session key to client-to-server sealing key magic constant');
const S2C_SEAL = magic('session key to server-to-client sealing key magic constant');

/** KXKEY for NTLMv2 is the SessionBaseKey itself (MS-NLMP §3.4.5.1). */
export function keyExchangeKeyV2(sessionBaseKey: Uint8Array): Uint8Array {
  return new Uint8Array(sessionBaseKey);
}

/** Server side: ExportedSessionKey = RC4K(KeyExchangeKey, EncryptedRandomSessionKey) with KEY_EXCH,
 *  else the KeyExchangeKey (MS-NLMP §3.2.5.1.2). */
export function exportedSessionKey(
  flags: number,
  keyExchangeKey: Uint8Array,
  encryptedRandomSessionKey: Uint8Array,
): Uint8Array {
  if ((flags & NegotiateFlag.KEY_EXCH) === 0) return new Uint8Array(keyExchangeKey);
  if (encryptedRandomSessionKey.length !== 16) {
    throw new NtlmError(
      'InvalidInput',
      `KEY_EXCH needs a 16-byte EncryptedRandomSessionKey, got ${encryptedRandomSessionKey.length}`,
    );
  }
  return rc4(keyExchangeKey, encryptedRandomSessionKey);
}

export function signKey(esk: Uint8Array, direction: 'client-to-server' | 'server-to-client'): Uint8Array {
  return md5(esk, direction === 'client-to-server' ? C2S_SIGN : S2C_SIGN);
}

/** SEALKEY with extended session security: the ESK is cut to 16/7/5 bytes by 128/56/neither
 *  (MS-NLMP §3.4.5.3). Without ESS MS-SIPAE is not usable, so we refuse it. */
export function sealKey(
  flags: number,
  esk: Uint8Array,
  direction: 'client-to-server' | 'server-to-client',
): Uint8Array {
  if ((flags & NegotiateFlag.EXTENDED_SESSIONSECURITY) === 0) {
    throw new NtlmError('MissingFlags', 'sealing keys without EXTENDED_SESSIONSECURITY are not supported');
  }
  const len = flags & NegotiateFlag.NEGOTIATE_128 ? 16 : flags & NegotiateFlag.NEGOTIATE_56 ? 7 : 5;
  return md5(esk.slice(0, len), direction === 'client-to-server' ? C2S_SEAL : S2C_SEAL);
}

export interface SessionKeys {
  readonly clientSigningKey: Uint8Array;
  readonly clientSealingKey: Uint8Array;
  readonly serverSigningKey: Uint8Array;
  readonly serverSealingKey: Uint8Array;
}

export function deriveSessionKeys(flags: number, esk: Uint8Array): SessionKeys {
  return {
    clientSigningKey: signKey(esk, 'client-to-server'),
    clientSealingKey: sealKey(flags, esk, 'client-to-server'),
    serverSigningKey: signKey(esk, 'server-to-client'),
    serverSealingKey: sealKey(flags, esk, 'server-to-client'),
  };
}
