import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CredentialVault, VaultError } from '../src/credentials/vault.js';
import { digestHa1, digestUsernameOf, ntHashOf } from '../src/credentials/passwords.js';

test('NT hash of "Password" matches MS-NLMP §4.2.2.1.1', () => {
  assert.equal(ntHashOf('Password').toString('hex'), 'a4f49c406510bdcab6824ee7c30fd852');
});

test('Digest HA1 is H(user:realm:password) (RFC 2617 §3.5 example)', () => {
  // RFC 2617's worked example: Mufasa / testrealm@host.com / Circle Of Life.
  assert.equal(
    digestHa1('Mufasa', 'testrealm@host.com', 'Circle Of Life', 'md5'),
    '939e7578ed9e3c518a452acee763bce9',
  );
  assert.equal(digestUsernameOf('sip:alice@example.test'), 'alice');
});

test('the vault seals and opens; a key file is created 0600 and reused', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pchat-vault-'));
  const keyFile = join(dir, 'secrets', 'credential.key');
  const v1 = CredentialVault.openKeyFile(keyFile);
  assert.equal(statSync(keyFile).mode & 0o777, 0o600);
  const sealed = v1.seal(Buffer.from('secret-hash'));
  assert.ok(
    !sealed.includes(Buffer.from('secret-hash').toString('base64')),
    'sealed text must not contain the plain value',
  );
  const v2 = CredentialVault.openKeyFile(keyFile);
  assert.equal(v2.unseal(sealed).toString(), 'secret-hash');
});

test('another key or tampered data is refused without revealing anything', () => {
  const sealed = CredentialVault.ephemeral().seal(Buffer.from('x'));
  assert.throws(() => CredentialVault.ephemeral().unseal(sealed), VaultError);
  const parts = sealed.split('.');
  const v = CredentialVault.ephemeral();
  assert.throws(() => v.unseal([parts[0], parts[1], parts[2], 'AAAA'].join('.')), VaultError);
  const dir = mkdtempSync(join(tmpdir(), 'pchat-vault-'));
  writeFileSync(join(dir, 'bad.key'), 'c2hvcnQ=\n');
  assert.throws(() => CredentialVault.openKeyFile(join(dir, 'bad.key')), /damaged/);
});
