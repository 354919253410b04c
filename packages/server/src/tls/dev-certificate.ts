// A self-signed certificate for development (docs/architecture.md, Conventions: TLS material created for
// development lives under the data directory). Used when `tls.certFile` is null; created once with
// Debian's openssl CLI and reused on later starts. Production deployments configure their own pair.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface TlsMaterial {
  cert: Buffer;
  key: Buffer;
  certFile: string;
  keyFile: string;
  /** True when this call created the pair. */
  created: boolean;
}

/**
 * Returns `<dataDir>/tls/dev-cert.pem` and `dev-key.pem`, creating them (RSA 2048, 825 days, CN and SAN =
 * the host names given) when missing. Throws with openssl's message if openssl is not available.
 */
export function ensureDevCertificate(dataDir: string, hostNames: readonly string[]): TlsMaterial {
  const dir = join(dataDir, 'tls');
  const certFile = join(dir, 'dev-cert.pem');
  const keyFile = join(dir, 'dev-key.pem');
  let created = false;
  if (!existsSync(certFile) || !existsSync(keyFile)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const names = [...new Set(hostNames.filter(Boolean))];
    const cn = names[0] ?? 'localhost';
    const san = [...names.map((n) => (/^[\d.]+$|:/.test(n) ? `IP:${n}` : `DNS:${n}`)), 'IP:127.0.0.1'].join(
      ',',
    );
    try {
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-sha256',
          '-days',
          '825',
          '-subj',
          `/CN=${cn}/O=pchat development`,
          '-addext',
          `subjectAltName=${san}`,
          '-keyout',
          keyFile,
          '-out',
          certFile,
        ],
        { stdio: ['ignore', 'ignore', 'pipe'] },
      );
    } catch (e) {
      const why = (e as { stderr?: Buffer }).stderr?.toString().trim() || (e as Error).message;
      throw new Error(
        `Cannot create a development TLS certificate in ${dir} (is openssl installed?): ${why}. Set tls.certFile and tls.keyFile instead.`,
        { cause: e },
      );
    }
    created = true;
  }
  return { cert: readFileSync(certFile), key: readFileSync(keyFile), certFile, keyFile, created };
}
