// Deriving and storing what verifies a password, never the password itself (docs/security.md, Stored
// secrets).
import { createHash } from 'node:crypto';
import type { PrincipalUri, Store, StoredCredential } from '@pchat/domain';
import { md4 } from '@pchat/ntlm';
import type { CredentialVault } from './vault.js';

/** NT hash = MD4(UTF-16LE(password)) (MS-NLMP §3.3.1, NTOWFv1). */
export function ntHashOf(password: string): Buffer {
  return Buffer.from(md4(Buffer.from(password, 'utf16le')));
}

/**
 * Digest HA1 = H(username ":" realm ":" password) (RFC 8760 §2, RFC 7616 §3.4.2). The Digest username
 * pchat uses is the user part of the SIP URI (what sip.js and most SIP user agents send by default).
 */
export function digestHa1(
  username: string,
  realm: string,
  password: string,
  algorithm: 'md5' | 'sha256',
): string {
  return createHash(algorithm).update(`${username}:${realm}:${password}`, 'utf8').digest('hex');
}

export function digestUsernameOf(uri: PrincipalUri): string {
  const m = /^sips?:([^@;]+)@/i.exec(uri);
  if (!m?.[1]) throw new Error(`${uri} is not a SIP URI with a user part`);
  return m[1];
}

/** Derives every verifier for the password, seals them and stores them for the user. */
export async function setPassword(
  store: Store,
  vault: CredentialVault,
  uri: PrincipalUri,
  password: string,
  realm: string,
  now: number = Date.now(),
): Promise<void> {
  const username = digestUsernameOf(uri);
  const c: StoredCredential = {
    ntHash: vault.seal(ntHashOf(password)),
    digestHa1: {
      realm,
      md5: vault.seal(Buffer.from(digestHa1(username, realm, password, 'md5'), 'hex')),
      sha256: vault.seal(Buffer.from(digestHa1(username, realm, password, 'sha256'), 'hex')),
    },
    updatedOn: now,
  };
  await store.credentials.set(uri, c);
  // A new password ends the browser sessions signed in with the old one (docs/web.md).
  await store.webSessions.deleteForUser(uri);
}

/** The unsealed verifiers of a user, or null when the user has no password. */
export interface Verifiers {
  ntHash: Buffer | null;
  digest: { realm: string; md5: string; sha256: string } | null;
}

export async function loadVerifiers(
  store: Store,
  vault: CredentialVault,
  uri: PrincipalUri,
): Promise<Verifiers | null> {
  const c = await store.credentials.get(uri);
  if (!c) return null;
  return {
    ntHash: c.ntHash ? vault.unseal(c.ntHash) : null,
    digest: c.digestHa1
      ? {
          realm: c.digestHa1.realm,
          md5: vault.unseal(c.digestHa1.md5).toString('hex'),
          sha256: vault.unseal(c.digestHa1.sha256).toString('hex'),
        }
      : null,
  };
}
