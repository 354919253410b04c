// The development CA (PC-87): in development (no tls.certFile and no tls.caFile configured) the SIP TLS
// listener trusts the client certificates this CA signs, and Request-CsCertificate issues certificates
// for trusted application pools from it. It lives under the data directory next to the development
// server certificate (tls/dev-ca.pem, tls/dev-ca.key, mode 0600), made with Debian's openssl CLI. In
// production the organisation's CA issues the certificates and tls.caFile names that CA (docs/cli.md).
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface DevCa {
  certFile: string;
  keyFile: string;
  cert: Buffer;
}

export interface IssuedCertificate {
  domainName: string;
  certificate: string;
  privateKey: string;
  /** The CA certificate (PEM) the server trusts for this certificate. */
  ca: string;
  issuer: string;
  notAfter: string;
  thumbprint: string;
}

function openssl(args: string[], what: string): void {
  try {
    execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (e) {
    const why = (e as { stderr?: Buffer }).stderr?.toString().trim() || (e as Error).message;
    throw new Error(`Cannot ${what} (is openssl installed?): ${why}`, { cause: e });
  }
}

/** `<dataDir>/tls/dev-ca.pem` and its key, created (RSA 2048, 10 years) when missing. */
export function ensureDevCa(dataDir: string): DevCa {
  const dir = join(dataDir, 'tls');
  const certFile = join(dir, 'dev-ca.pem');
  const keyFile = join(dir, 'dev-ca.key');
  if (!existsSync(certFile) || !existsSync(keyFile)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    openssl(
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-sha256',
        '-days',
        '3650',
        '-subj',
        '/CN=pchat development CA/O=pchat development',
        '-addext',
        'basicConstraints=critical,CA:TRUE',
        '-addext',
        'keyUsage=critical,keyCertSign,cRLSign',
        '-keyout',
        keyFile,
        '-out',
        certFile,
      ],
      `create the development CA in ${dir}`,
    );
  }
  return { certFile, keyFile, cert: readFileSync(certFile) };
}

/** The subject of a PEM certificate, for messages ("CN=pchat development CA, O=..."). */
export function subjectOf(pem: Buffer | string): string {
  try {
    return new X509Certificate(pem).subject.split('\n').join(', ');
  } catch {
    return 'an unreadable certificate';
  }
}

/** A certificate for a trusted application pool FQDN (CN and SAN), signed by the development CA. */
export function issueDevCertificate(ca: DevCa, domainName: string, days = 825): IssuedCertificate {
  const work = mkdtempSync(join(tmpdir(), 'pchat-cert-'));
  try {
    const base = join(work, 'c');
    openssl(
      [
        'req',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-sha256',
        '-subj',
        `/CN=${domainName}/O=pchat development`,
        '-keyout',
        `${base}.key`,
        '-out',
        `${base}.csr`,
      ],
      'create a certificate request',
    );
    // clientAuth: the application presents it to pchat; serverAuth: it may also listen (its own port).
    writeFileSync(
      `${base}.ext`,
      `subjectAltName=DNS:${domainName}\nextendedKeyUsage=clientAuth,serverAuth\n`,
    );
    openssl(
      [
        'x509',
        '-req',
        '-in',
        `${base}.csr`,
        '-CA',
        ca.certFile,
        '-CAkey',
        ca.keyFile,
        '-CAserial',
        `${base}.srl`,
        '-CAcreateserial',
        '-days',
        String(days),
        '-sha256',
        '-extfile',
        `${base}.ext`,
        '-out',
        `${base}.pem`,
      ],
      'sign the certificate with the development CA',
    );
    const certificate = readFileSync(`${base}.pem`, 'utf8');
    const x = new X509Certificate(certificate);
    return {
      domainName,
      certificate,
      privateKey: readFileSync(`${base}.key`, 'utf8'),
      ca: ca.cert.toString('utf8'),
      issuer: x.issuer.split('\n').join(', '),
      notAfter: new Date(x.validTo).toISOString(),
      thumbprint: x.fingerprint256.replace(/:/g, ''),
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
