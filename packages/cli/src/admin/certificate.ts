// Request-CsCertificate on the CLI side (PC-87): asks the server for a development certificate for a
// trusted application pool FQDN and writes it where the application reads it: <Output>/<fqdn>.pem, the
// private key <fqdn>.key (mode 0600) and the CA that signed it, pchat-dev-ca.pem.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { request, type Connection } from './client.js';
import { print } from './format.js';
import type { Parsed } from './params.js';

interface Issued {
  domainName: string;
  certificate?: string;
  privateKey?: string;
  ca?: string;
  issuer?: string;
  notAfter?: string;
  thumbprint?: string;
}

export async function runCertificate(conn: Connection, p: Parsed): Promise<number> {
  const v = p.values;
  const whatIf = p.common.WhatIf === true;
  const out = resolve(String(v.output ?? '.'));
  const reply = (await request(conn, 'POST', '/v1/certificates', whatIf ? { whatIf: true } : {}, {
    domainName: v.domainName,
    ...(v.validityDays !== undefined ? { validityDays: v.validityDays } : {}),
  })) as { result: Issued; target: string };
  if (whatIf) {
    process.stdout.write(
      `What if: Performing the operation "Request-CsCertificate" on target "${reply.target}".\n`,
    );
    return 0;
  }
  const c = reply.result;
  mkdirSync(out, { recursive: true });
  const certFile = join(out, `${c.domainName}.pem`);
  const keyFile = join(out, `${c.domainName}.key`);
  const caFile = join(out, 'pchat-dev-ca.pem');
  writeFileSync(certFile, c.certificate ?? '');
  writeFileSync(keyFile, c.privateKey ?? '', { mode: 0o600 });
  chmodSync(keyFile, 0o600);
  writeFileSync(caFile, c.ca ?? '');
  print(
    {
      domainName: c.domainName,
      issuer: c.issuer,
      notAfter: c.notAfter,
      thumbprint: c.thumbprint,
      certificateFile: certFile,
      privateKeyFile: keyFile,
      caFile,
    },
    p.common.Json === true,
  );
  return 0;
}
