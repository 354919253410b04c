// The /v1 trusted application pool routes (New/Get/Remove-CsTrustedApplicationPool, PC-87): HTTP
// statuses of the refusals (404 unknown pool, 409 NotEmpty, 409 duplicate), ?whatIf as a dry run, that a
// pool record never makes a TLS peer trusted (only its applications do), and that the in-server
// Test-CsPersistentChatMessage route is gone (the CLI signs in over SIP now).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { RunningServer } from '../../src/index.js';
import { startAdminKit, type AdminKit } from './support.js';
import { matchTrustedApplication } from '../../src/frontend/trusted/trusted-peer.js';

describe('admin API: trusted application pools', () => {
  let kit: AdminKit;
  let server: RunningServer;
  const call = (...a: Parameters<AdminKit['call']>) => kit.call(...a);

  before(async () => {
    kit = await startAdminKit('pchat-admin-tap-');
    ({ server } = kit);
  });
  after(() => kit.close());

  it('POST ?whatIf validates and rolls back; POST creates; GET lists; 409 on a duplicate', async () => {
    let r = await call('POST', '/v1/trusted-application-pools?whatIf=true', {
      identity: 'bots.example.test',
    });
    assert.equal(r.status, 200);
    assert.equal(r.body?.whatIf, true);
    assert.deepEqual((await call('GET', '/v1/trusted-application-pools')).body, []);
    r = await call('POST', '/v1/trusted-application-pools', {
      identity: 'bots.example.test',
      computerFqdn: ['b1.example.test'],
      treatAsAuthenticated: false,
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual((r.body?.result as { computers: string[] }).computers, ['b1.example.test']);
    r = await call('POST', '/v1/trusted-application-pools', { identity: 'BOTS.example.test' });
    assert.equal(r.status, 409);
    assert.equal(r.body?.error?.code, 'DuplicateName');
    r = await call('POST', '/v1/trusted-application-pools', {
      identity: 'x.example.test',
      registrar: 'nopool.example.test',
    });
    assert.equal(r.status, 404);
    assert.match(r.body?.error?.message ?? '', /No pool nopool\.example\.test exists to act as -Registrar/);
  });

  it('applications need the pool (404); a pool with applications is NotEmpty (409); a pool record trusts nobody', async () => {
    let r = await call('POST', '/v1/trusted-applications', {
      applicationId: 'Bot',
      trustedApplicationPoolFqdn: 'nopool.example.test',
      port: 6001,
    });
    assert.equal(r.status, 404);
    assert.equal(r.body?.error?.code, 'NoSuchNode');
    const cert = { authorized: true, subjectCN: 'bots.example.test', sanDns: [] as string[] };
    assert.equal(
      matchTrustedApplication(cert as never, await server.store.topology.listTrustedApplications()),
      null,
      'the pool alone makes no connection trusted',
    );
    r = await call('POST', '/v1/trusted-applications', {
      applicationId: 'Bot',
      trustedApplicationPoolFqdn: 'bots.example.test',
      port: 6001,
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(
      matchTrustedApplication(cert as never, await server.store.topology.listTrustedApplications())?.id,
      'Bot',
    );
    r = await call('DELETE', '/v1/trusted-application-pools?identity=bots.example.test');
    assert.equal(r.status, 409);
    assert.equal(r.body?.error?.code, 'NotEmpty');
    assert.match(r.body?.error?.message ?? '', /still has 1 trusted application \(Bot\)\. Remove it first/);
    r = await call('DELETE', '/v1/trusted-applications?identity=bots.example.test/urn:application:bot');
    assert.equal(r.status, 200);
    r = await call('DELETE', '/v1/trusted-application-pools?identity=bots.example.test&whatIf=true');
    assert.equal(r.body?.whatIf, true);
    assert.equal(
      ((await call('GET', '/v1/trusted-application-pools')).body as unknown as unknown[]).length,
      1,
    );
    r = await call('DELETE', '/v1/trusted-application-pools?identity=bots.example.test');
    assert.equal(r.status, 200);
    r = await call('GET', '/v1/trusted-application-pools?identity=bots.example.test');
    assert.equal(r.status, 404);
  });

  it('the in-server Test-CsPersistentChatMessage route is gone', async () => {
    const r = await call('POST', '/v1/test-message', {
      senderSipAddress: 'sip:alice@example.test',
      receiverSipAddress: 'sip:bob@example.test',
    });
    assert.equal(r.status, 404);
  });
});
