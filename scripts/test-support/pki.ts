// A throw-away PKI made with the openssl CLI: a CA, client certificates signed by it, and a self-signed
// impostor, for the mutual TLS tests (trusted applications). Test support shared across packages.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Pki {
  dir: string;
  caFile: string;
  ca: Buffer;
  /** A certificate signed by the CA with this CN (and the same name as SAN DNS). */
  issue(cn: string): { cert: Buffer; key: Buffer };
  /** A self-signed certificate with this CN (not trusted). */
  selfSigned(cn: string): { cert: Buffer; key: Buffer };
}

function openssl(args: string[]): void {
  execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

export function makePki(): Pki {
  const dir = mkdtempSync(join(tmpdir(), 'pchat-pki-'));
  const caKey = join(dir, 'ca.key');
  const caFile = join(dir, 'ca.pem');
  openssl([
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-sha256',
    '-days',
    '2',
    '-subj',
    '/CN=pchat test CA',
    '-keyout',
    caKey,
    '-out',
    caFile,
  ]);
  let n = 0;
  return {
    dir,
    caFile,
    ca: readFileSync(caFile),
    issue(cn) {
      const base = join(dir, `c${n++}`);
      openssl([
        'req',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-sha256',
        '-subj',
        `/CN=${cn}`,
        '-keyout',
        `${base}.key`,
        '-out',
        `${base}.csr`,
      ]);
      writeFileSync(`${base}.ext`, `subjectAltName=DNS:${cn}\nextendedKeyUsage=clientAuth,serverAuth\n`);
      openssl([
        'x509',
        '-req',
        '-in',
        `${base}.csr`,
        '-CA',
        caFile,
        '-CAkey',
        caKey,
        '-CAcreateserial',
        '-days',
        '2',
        '-sha256',
        '-extfile',
        `${base}.ext`,
        '-out',
        `${base}.pem`,
      ]);
      return { cert: readFileSync(`${base}.pem`), key: readFileSync(`${base}.key`) };
    },
    selfSigned(cn) {
      const base = join(dir, `s${n++}`);
      openssl([
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-sha256',
        '-days',
        '2',
        '-subj',
        `/CN=${cn}`,
        '-keyout',
        `${base}.key`,
        '-out',
        `${base}.pem`,
      ]);
      return { cert: readFileSync(`${base}.pem`), key: readFileSync(`${base}.key`) };
    },
  };
}
