// End-to-end (trusted applications without guesswork, PC-87): Request-CsCertificate through the real pchat
// bin issues a certificate for a trusted application pool from the server's development CA; an SDK
// ApplicationEndpoint presenting it over mutual TLS is trusted at once; one presenting a certificate of
// another CA is refused with the CA this server trusts and the setting that changes it (tls.caFile).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ApplicationEndpoint, CollaborationPlatform, isPersistentChatError } from '@pchat/sdk';
import { tlsTransport } from '@pchat/sdk/node';
import { makePki } from '../../../scripts/test-support/pki.js';
import { hostPort, parseOut, startKit, type Kit } from './helpers.js';

describe('Request-CsCertificate and the trusted application refusal', { timeout: 180_000 }, () => {
  let kit: Kit;
  let tls: string;
  const endpoint = async (cert: Buffer, key: Buffer) => {
    const platform = new CollaborationPlatform({
      mode: 'server',
      applicationName: 'cert-test',
      transport: tlsTransport({
        ca: readFileSync(join(kit.dir, 'tls', 'dev-cert.pem')),
        cert,
        key,
      }),
      timeouts: { requestMs: 5000 },
    });
    await platform.startup();
    return new ApplicationEndpoint(platform, {
      ownerUri: 'sip:bob@example.test',
      server: tls,
      backoff: { initialMs: 50, maxMs: 200 },
    });
  };
  before(async () => {
    kit = await startKit({ listen: { host: '127.0.0.1', httpPort: 0, sipTcpPort: null, sipTlsPort: 0 } });
    tls = hostPort(kit.server.addresses.sipTls);
    for (const args of [
      ['New-CsTrustedApplicationPool', '-Identity', 'bots.example.test'],
      [
        'New-CsTrustedApplication',
        '-ApplicationId',
        'Bot',
        '-TrustedApplicationPoolFqdn',
        'bots.example.test',
        '-Port',
        '6001',
      ],
    ]) {
      const r = await kit.pchat(args);
      assert.equal(r.code, 0, r.stderr);
    }
  });
  after(() => kit?.close());

  it('issues the certificate files; an application presenting them is trusted', async () => {
    const out = join(kit.dir, 'certs');
    const r = await kit.pchat([
      'Request-CsCertificate',
      '-New',
      '-Type',
      'Default',
      '-DomainName',
      'bots.example.test',
      '-Output',
      out,
      '-Json',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const rep = parseOut(r.stdout) as { issuer: string; certificateFile: string; privateKeyFile: string };
    assert.match(rep.issuer, /pchat development CA/);
    assert.ok(existsSync(join(out, 'bots.example.test.pem')) && existsSync(join(out, 'pchat-dev-ca.pem')));
    assert.equal(statSync(rep.privateKeyFile).mode & 0o777, 0o600, 'the key is readable by its owner only');
    const ep = await endpoint(readFileSync(rep.certificateFile), readFileSync(rep.privateKeyFile));
    try {
      await ep.establish();
      assert.equal(ep.state, 'Established');
    } finally {
      await ep.platform.shutdown();
    }
  });

  it('a certificate of another CA is refused with the CA this server trusts and tls.caFile', async () => {
    const other = makePki().issue('bots.example.test');
    const ep = await endpoint(other.cert, other.key);
    let err: unknown;
    try {
      await ep.establish();
    } catch (e) {
      err = e;
    } finally {
      await ep.platform.shutdown();
    }
    assert.ok(isPersistentChatError(err), String(err));
    assert.match(err.message, /not a trusted application/);
    assert.match(
      err.message,
      /not signed by the CA this server trusts, the development CA \(CN=pchat development CA/,
    );
    assert.match(err.message, /Request-CsCertificate/);
    assert.match(err.message, /tls\.caFile/);
  });
});
