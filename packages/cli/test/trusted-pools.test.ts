// End-to-end: New/Get/Remove-CsTrustedApplicationPool and New-CsTrustedApplication on a pool (PC-87)
// through the real pchat bin: defaults, -WhatIf, refusals (unknown pool, unknown registrar or site,
// duplicate pool, port taken, a pool that still has applications), and that a pool
// is not an application (Get-CsTrustedApplication, the front end's certificate match).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startKit, type Kit } from './helpers.js';

interface PoolView {
  identity: string;
  poolFqdn: string;
  registrar: string;
  siteId: string | null;
  computers: string[];
  throttleAsServer: boolean;
  treatAsAuthenticated: boolean;
  applications: string[];
}

describe('trusted application pools', () => {
  let kit: Kit;
  before(async () => {
    kit = await startKit();
  });
  after(() => kit.close());

  it('New with -WhatIf changes nothing; New with defaults; Get by identity, filter and all', async () => {
    let r = await kit.pchat(['New-CsTrustedApplicationPool', '-Identity', 'bots.example.test', '-WhatIf']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      /What if: Performing the operation "New-CsTrustedApplicationPool" on target "bots\.example\.test"/,
    );
    assert.match(r.stdout, /Registrar\s+: Registrar:pchat\.example\.test/);
    assert.deepEqual(await kit.json(['Get-CsTrustedApplicationPool']), []);

    r = await kit.pchat(['New-CsTrustedApplicationPool', 'bots.example.test', '-PassThru']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Identity\s+: TrustedApplicationPool:bots\.example\.test/);
    const [p] = (await kit.json([
      'Get-CsTrustedApplicationPool',
      '-Identity',
      'TrustedApplicationPool:bots.example.test',
    ])) as PoolView[];
    assert.deepEqual(p, {
      identity: 'TrustedApplicationPool:bots.example.test',
      poolFqdn: 'bots.example.test',
      registrar: 'Registrar:pchat.example.test',
      siteId: null,
      computers: ['bots.example.test'],
      throttleAsServer: true,
      treatAsAuthenticated: true,
      applications: [],
    });
    r = await kit.pchat([
      'New-CsTrustedApplicationPool',
      '-Identity',
      'apps.example.test',
      '-Registrar',
      'pchat.example.test',
      '-ComputerFqdn',
      'app1.example.test,app2.example.test',
      '-TreatAsAuthenticated',
      '$false',
      '-ThrottleAsServer:$false',
      '-OutboundOnly',
      '$true',
      '-AudioPortStart',
      '5000',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const all = (await kit.json(['Get-CsTrustedApplicationPool'])) as PoolView[];
    assert.deepEqual(
      all.map((x) => [x.poolFqdn, x.computers, x.treatAsAuthenticated, x.throttleAsServer]),
      [
        ['apps.example.test', ['app1.example.test', 'app2.example.test'], false, false],
        ['bots.example.test', ['bots.example.test'], true, true],
      ],
    );
    assert.equal(
      ((await kit.json(['Get-CsTrustedApplicationPool', '-Filter', 'app*'])) as unknown[]).length,
      1,
    );
    assert.deepEqual(await kit.json(['Get-CsTrustedApplication']), [], 'a pool is not an application');
  });

  it('refusals of New-CsTrustedApplicationPool: duplicate, unknown registrar, unknown site, bad FQDN', async () => {
    let r = await kit.pchat(['New-CsTrustedApplicationPool', '-Identity', 'bots.example.test']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /A trusted application pool bots\.example\.test already exists/);
    r = await kit.pchat([
      'New-CsTrustedApplicationPool',
      '-Identity',
      'x.example.test',
      '-Registrar',
      'nopool.example.test',
    ]);
    assert.match(
      r.stderr,
      /No pool nopool\.example\.test exists to act as -Registrar\. Name the pchat pool the applications register with \(pchat\.example\.test\)/,
    );
    r = await kit.pchat(['New-CsTrustedApplicationPool', '-Identity', 'x.example.test', '-Site', 'Nowhere']);
    assert.match(r.stderr, /No site 'Nowhere' exists/);
    r = await kit.pchat(['New-CsTrustedApplicationPool', '-Identity', 'not a name']);
    assert.match(r.stderr, /'not a name' is not a valid trusted application pool FQDN/);
    r = await kit.pchat(['New-CsTrustedApplicationPool']);
    assert.equal(r.code, 2);
    r = await kit.pchat(['Get-CsTrustedApplicationPool', '-Identity', 'nopool.example.test']);
    assert.match(
      r.stderr,
      /No trusted application pool 'nopool\.example\.test' exists\. List them with Get-CsTrustedApplicationPool/,
    );
  });

  it('New-CsTrustedApplication needs an existing pool and a free port; Remove of a pool with applications is NotEmpty', async () => {
    let r = await kit.pchat([
      'New-CsTrustedApplication',
      '-ApplicationId',
      'Orphan',
      '-TrustedApplicationPoolFqdn',
      'nopool.example.test',
      '-Port',
      '6000',
    ]);
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      /No trusted application pool nopool\.example\.test exists\. Create it first: New-CsTrustedApplicationPool -Identity nopool\.example\.test/,
    );
    r = await kit.pchat([
      'New-CsTrustedApplication',
      '-ApplicationId',
      'Orphan',
      '-TrustedApplicationPoolFqdn',
      'nopool.example.test',
      '-Port',
      '6000',
      '-WhatIf',
    ]);
    assert.equal(r.code, 1, '-WhatIf validates too');
    r = await kit.pchat([
      'New-CsTrustedApplication',
      '-ApplicationId',
      'PersistentChat.Bot',
      '-TrustedApplicationPoolFqdn',
      'BOTS.example.test',
      '-Port',
      '6001',
    ]);
    assert.equal(r.code, 0, r.stderr);
    r = await kit.pchat([
      'New-CsTrustedApplication',
      '-ApplicationId',
      'PersistentChat.Other',
      '-TrustedApplicationPoolFqdn',
      'bots.example.test',
      '-Port',
      '6001',
    ]);
    assert.match(
      r.stderr,
      /Port 6001 of pool bots\.example\.test is already used by the trusted application 'PersistentChat\.Bot'/,
    );
    r = await kit.pchat([
      'New-CsTrustedApplication',
      '-ApplicationId',
      'PersistentChat.Other',
      '-TrustedApplicationPoolFqdn',
      'bots.example.test',
      '-Port',
      '6002',
    ]);
    assert.equal(r.code, 0, r.stderr);
    r = await kit.pchat([
      'New-CsTrustedApplicationEndpoint',
      '-ApplicationId',
      'bots.example.test',
      '-SipAddress',
      'sip:x@example.test',
    ]);
    assert.match(
      r.stderr,
      /No trusted application 'bots\.example\.test' exists/,
      'a pool is not an application',
    );
    const [p] = (await kit.json(['Get-CsTrustedApplicationPool', 'bots.example.test'])) as PoolView[];
    assert.deepEqual(p?.applications, ['PersistentChat.Bot', 'PersistentChat.Other']);

    r = await kit.pchat(['Remove-CsTrustedApplicationPool', '-Identity', 'bots.example.test']);
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      /The trusted application pool bots\.example\.test still has 2 trusted applications \(PersistentChat\.Bot, PersistentChat\.Other\)\. Remove them first \(Remove-CsTrustedApplication -Identity bots\.example\.test\/urn:application:persistentchat\.bot\), then remove the pool/,
    );
    r = await kit.pchat(['Remove-CsTrustedApplicationPool', '-Identity', 'apps.example.test', '-WhatIf']);
    assert.match(
      r.stdout,
      /What if: Performing the operation "Remove-CsTrustedApplicationPool" on target "apps\.example\.test"/,
    );
    assert.equal(
      ((await kit.json(['Get-CsTrustedApplicationPool'])) as unknown[]).length,
      2,
      '-WhatIf removed nothing',
    );
    for (const id of ['persistentchat.bot', 'persistentchat.other']) {
      r = await kit.pchat([
        'Remove-CsTrustedApplication',
        '-Identity',
        `bots.example.test/urn:application:${id}`,
      ]);
      assert.equal(r.code, 0, r.stderr);
    }
    r = await kit.pchat(['Remove-CsTrustedApplicationPool', '-Identity', 'bots.example.test']);
    assert.equal(r.code, 0, r.stderr);
    r = await kit.pchat(['Remove-CsTrustedApplicationPool', '-Identity', 'bots.example.test']);
    assert.match(r.stderr, /No trusted application pool 'bots\.example\.test' exists/);
    const log = (await kit.json(['Get-PchatAuditLog', '-Target', 'bots.example.test'])) as Array<{
      action: string;
    }>;
    assert.deepEqual(
      log.map((e) => e.action),
      ['Remove-CsTrustedApplicationPool', 'New-CsTrustedApplicationPool'],
    );
  });
});
