// Protection at rest of the secret material that verifies sign-ins (docs/security.md, Stored secrets).
//
// What the server must keep to verify NTLM and Digest is password-equivalent: with an NT hash one can sign
// in over NTLM, with a Digest HA1 over Digest in that realm. pchat therefore never stores passwords, and
// stores these values sealed with AES-256-GCM under a key that lives outside the database (a file in the
// data directory, mode 0600). A stolen database dump or backup alone reveals nothing; an attacker who has
// both the database and the key file has what the server has. That is the trade-off every
// NTLM/Digest server makes (the protocols need the hash); see docs/security.md.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const VERSION = 'v1';

export class VaultError extends Error {
  override readonly name = 'VaultError';
}

export class CredentialVault {
  private constructor(private readonly key: Buffer) {}

  /** Loads the key file, creating it (32 random bytes, mode 0600) when it does not exist. */
  static openKeyFile(path: string): CredentialVault {
    if (!existsSync(path)) {
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      writeFileSync(path, randomBytes(32).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
    }
    const key = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
    if (key.length !== 32)
      throw new VaultError(`The credential key file ${path} is damaged: expected 32 bytes of base64.`);
    try {
      chmodSync(path, 0o600);
    } catch {
      // Best effort: a read-only mount keeps its own permissions.
    }
    return new CredentialVault(key);
  }

  /** For tests: a vault with a fresh random key that lives only in memory. */
  static ephemeral(): CredentialVault {
    return new CredentialVault(randomBytes(32));
  }

  seal(secret: Uint8Array): string {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([c.update(secret), c.final()]);
    return [VERSION, iv.toString('base64'), c.getAuthTag().toString('base64'), body.toString('base64')].join(
      '.',
    );
  }

  unseal(sealed: string): Buffer {
    const [version, iv, tag, body] = sealed.split('.');
    if (version !== VERSION || !iv || !tag || body === undefined)
      throw new VaultError('Unknown sealed credential format.');
    try {
      const d = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64'));
      d.setAuthTag(Buffer.from(tag, 'base64'));
      return Buffer.concat([d.update(Buffer.from(body, 'base64')), d.final()]);
    } catch {
      // Never echo the sealed value or key material.
      throw new VaultError(
        'A stored credential cannot be opened with this key file (wrong key, or tampered data).',
      );
    }
  }
}
