// End-to-end: endpoints (PC-47), trusted applications, the built-in directory, eligible principals,
// compliance, pool state, tokens, the audit log and help, through the real pchat bin (the synthetic test:
// test-message.test.ts; trusted application pools: trusted-pools.test.ts).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startKit, tokenFor, type Kit, parseOut } from './helpers.js';

describe('pchat endpoint, directory, compliance and state cmdlets', () => {
  let kit: Kit;
  before(async () => {
    kit = await startKit();
  });
  after(() => kit.close());

  it('New/Get/Remove-CsPersistentChatEndpoint exactly as Lync documents them', async () => {
    let r = await kit.pchat([
      'New-CsPersistentChatEndpoint',
      '-SipAddress',
      'sip:pce@example.test',
      '-PersistentChatPoolFqdn',
      'pchat.example.test',
      '-DisplayName',
      'Persistent Chat Endpoint 1',
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '', 'no -PassThru: nothing through the pipeline');
    r = await kit.pchat([
      'New-CsPersistentChatEndpoint',
      '-SipAddress',
      'sip:pce2@example.test',
      '-PersistentChatPoolFqdn',
      'pchat.example.test',
      '-PassThru',
    ]);
    assert.match(r.stdout, /SipAddress\s+: sip:pce2@example\.test/);
    r = await kit.pchat([
      'New-CsPersistentChatEndpoint',
      '-SipAddress',
      'sip:pce3@example.test',
      '-PersistentChatPoolFqdn',
      'pchat.example.test',
      '-WhatIf',
    ]);
    assert.match(
      r.stdout,
      /What if: Performing the operation "New-CsPersistentChatEndpoint" on target "sip:pce3@example\.test"/,
    );
    r = await kit.pchat([
      'New-CsPersistentChatEndpoint',
      '-SipAddress',
      'sip:pce3@example.test',
      '-PersistentChatPoolFqdn',
      'pchat.example.test',
      '-Confirm',
    ]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /-Confirm needs a terminal/);
    r = await kit.pchat([
      'New-CsPersistentChatEndpoint',
      '-SipAddress',
      'sip:pce@example.test',
      '-PersistentChatPoolFqdn',
      'pchat.example.test',
    ]);
    assert.equal(r.code, 1);
    r = await kit.pchat([
      'New-CsPersistentChatEndpoint',
      '-SipAddress',
      'sip:x@example.test',
      '-PersistentChatPoolFqdn',
      'nopool.example.test',
    ]);
    assert.match(
      r.stderr,
      /No Persistent Chat pool nopool\.example\.test exists\. Check -PersistentChatPoolFqdn/,
    );
    r = await kit.pchat(['New-CsPersistentChatEndpoint', '-SipAddress', 'sip:x@example.test']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /missing -PersistentChatPoolFqdn/);
    const eps = (await kit.json(['Get-CsPersistentChatEndpoint'])) as Array<{ sipAddress: string }>;
    assert.deepEqual(eps.map((e) => e.sipAddress).sort(), [
      'sip:ocschat@example.test',
      'sip:pce2@example.test',
      'sip:pce@example.test',
    ]);
    const filtered = (await kit.json(['Get-CsPersistentChatEndpoint', '-Filter', '*pce2*'])) as unknown[];
    assert.equal(filtered.length, 1);
    r = await kit.pchat(['Remove-CsPersistentChatEndpoint', '-Identity', 'sip:pce2@example.test']);
    assert.equal(r.code, 0, r.stderr);
    r = await kit.pchat(['Remove-CsPersistentChatEndpoint', '-Identity', 'sip:pce2@example.test']);
    assert.match(r.stderr, /No Persistent Chat endpoint sip:pce2@example\.test exists/);
  });

  it('trusted applications and their endpoints', async () => {
    let r = await kit.pchat(['New-CsTrustedApplicationPool', '-Identity', 'bots.example.test']);
    assert.equal(r.code, 0, r.stderr);
    r = await kit.pchat([
      'New-CsTrustedApplication',
      '-ApplicationId',
      'PersistentChat.Bot',
      '-TrustedApplicationPoolFqdn',
      'bots.example.test',
      '-Port',
      '6001',
    ]);
    assert.equal(r.code, 0, r.stderr);
    r = await kit.pchat([
      'New-CsTrustedApplication',
      '-ApplicationId',
      'PersistentChat.Bot',
      '-TrustedApplicationPoolFqdn',
      'bots.example.test',
      '-Port',
      '6001',
    ]);
    assert.match(r.stderr, /already exists/);
    r = await kit.pchat([
      'New-CsTrustedApplicationEndpoint',
      '-ApplicationId',
      'PersistentChat.Bot',
      '-SipAddress',
      'sip:bot@example.test',
      '-DisplayName',
      'Bot',
      '-PassThru',
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /ContactType\s+: application/);
    assert.equal(((await kit.json(['Get-CsTrustedApplicationEndpoint'])) as unknown[]).length, 1);
    const apps = (await kit.json(['Get-CsTrustedApplication'])) as Array<{ identity: string }>;
    assert.deepEqual(
      apps.map((a) => a.identity),
      ['bots.example.test/urn:application:persistentchat.bot'],
    );
    r = await kit.pchat([
      'Remove-CsTrustedApplication',
      '-Identity',
      'bots.example.test/urn:application:persistentchat.bot',
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(((await kit.json(['Get-CsTrustedApplicationEndpoint'])) as unknown[]).length, 0);
    r = await kit.pchat(['Remove-CsTrustedApplicationPool', '-Identity', 'bots.example.test']);
    assert.equal(r.code, 0, r.stderr);
  });

  it('users with passwords, groups, OUs, Get-CsAdPrincipal and eligible principals', async () => {
    let r = await kit.pchat([
      'New-CsAdUser',
      '-SipAddress',
      'sip:erin@example.test',
      '-DisplayName',
      'Erin Ellis',
      '-Password',
      'S3cret!',
      '-OU',
      'sales/emea',
      '-PassThru',
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Ou\s+: ma-ou:example\.test\/sales\/emea/);
    assert.doesNotMatch(r.stdout, /S3cret/);
    r = await kit.pchat(['New-CsAdUser', '-SipAddress', 'sip:erin@example.test']);
    assert.equal(r.code, 1);
    r = await kit.pchat([
      'New-CsAdGroup',
      '-Name',
      'Sales',
      '-Members',
      'sip:erin@example.test',
      '-PassThru',
      '-Json',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const group = parseOut(r.stdout) as { identity: string };
    assert.match(group.identity, /^ma-grp:/);
    r = await kit.pchat([
      'Set-CsAdGroup',
      '-Identity',
      'Sales',
      '-Members',
      '@{Add="sip:dave@example.test"}',
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Members\s+: \{.*sip:dave@example\.test/);
    assert.match(r.stdout, /Members\s+: \{.*sip:erin@example\.test/);
    r = await kit.pchat(['New-CsAdOrganizationalUnit', '-Domain', 'example.test', '-Path', 'sales/apac']);
    assert.equal(r.code, 0, r.stderr);
    r = await kit.pchat(['New-CsAdOrganizationalUnit', '-Domain', 'example.test', '-Path', 'sales/apac']);
    assert.match(r.stderr, /already exists/);
    const ous = (await kit.json(['Get-CsAdPrincipal', '-Type', 'ou'])) as Array<{ identity: string }>;
    assert.deepEqual(ous.map((o) => o.identity).sort(), [
      'ma-ou:example.test/sales',
      'ma-ou:example.test/sales/apac',
      'ma-ou:example.test/sales/emea',
    ]);
    const found = (await kit.json(['Get-CsAdPrincipal', '-Filter', 'erin@'])) as Array<{ kind: string }>;
    assert.deepEqual(
      found.map((p) => p.kind),
      ['user'],
    );
    // Erin signs in to the admin API with Basic once she holds a role (password verified against the stored HA1).
    r = await kit.pchat([
      'Set-CsAdUser',
      '-Identity',
      'sip:erin@example.test',
      '-AdminRoles',
      'CsViewOnlyAdministrator',
    ]);
    assert.equal(r.code, 0, r.stderr);
    r = await kit.pchat(['Get-CsPersistentChatCategory'], {
      PCHAT_USER: 'sip:erin@example.test',
      PCHAT_PASSWORD: 'S3cret!',
    });
    assert.equal(r.code, 0, r.stderr);
    r = await kit.pchat(['Get-CsPersistentChatCategory'], {
      PCHAT_USER: 'sip:erin@example.test',
      PCHAT_PASSWORD: 'wrong',
    });
    assert.match(r.stderr, /The SIP address or password is wrong/);
    // Eligible principals: everyone enabled in the domain scope of General; presenters = members of the auditorium.
    const elig = (await kit.json([
      'Get-CsPersistentChatEligiblePrincipal',
      '-Category',
      'General',
      '-Filter',
      '*a*',
    ])) as Array<{ identity: string }>;
    assert.ok(elig.some((u) => u.identity === 'sip:alice@example.test'));
    assert.ok(elig.every((u) => u.identity.includes('a')));
    const pres = (await kit.json([
      'Get-CsPersistentChatEligiblePrincipal',
      '-Room',
      'Announcements',
      '-Presenters',
      '-ResultSize',
      '2',
    ])) as unknown[];
    assert.equal(pres.length, 2);
    r = await kit.pchat(['Get-CsPersistentChatEligiblePrincipal', '-Room', 'Lobby', '-Presenters']);
    assert.match(r.stderr, /-Presenters applies to auditorium rooms only/);
    r = await kit.pchat(['Get-CsPersistentChatEligiblePrincipal', '-Room', 'Nowhere']);
    assert.match(r.stderr, /No chat room 'Nowhere' exists/);
  });

  it('compliance configuration, pool state and active servers', async () => {
    let r = await kit.pchat(['Get-CsPersistentChatComplianceConfiguration']);
    assert.match(r.stdout, /RunInterval\s+: 00:15:00/);
    r = await kit.pchat([
      'New-CsPersistentChatComplianceConfiguration',
      '-Identity',
      'site:Redmond',
      '-AdapterType',
      'XmlAdapter',
      '-RunInterval',
      '00:30:00',
      '-PassThru',
    ]);
    assert.equal(r.code, 0, r.stderr);
    r = await kit.pchat([
      'Set-CsPersistentChatComplianceConfiguration',
      '-Identity',
      'site:Redmond',
      '-RunInterval',
      '00:00:10',
    ]);
    assert.match(r.stderr, /RunInterval must be from 00:01:00 to 30\.00:00:00/);
    r = await kit.pchat([
      'Set-CsPersistentChatComplianceConfiguration',
      '-Identity',
      'site:Redmond',
      '-AddUserDetails',
      '$true',
      '-Version',
      'stale',
    ]);
    assert.match(r.stderr, /changed by someone else/);
    r = await kit.pchat([
      'Set-CsPersistentChatComplianceConfiguration',
      '-Identity',
      'site:Redmond',
      '-AddUserDetails',
      '$true',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const all = (await kit.json(['Get-CsPersistentChatComplianceConfiguration'])) as Array<{
      identity: string;
      addUserDetails: boolean;
    }>;
    assert.deepEqual(
      all.map((c) => [c.identity, c.addUserDetails]),
      [
        ['global', false],
        ['site:Redmond', true],
      ],
    );
    const configs = (await kit.json(['Get-CsPersistentChatConfiguration'])) as Array<{ identity: string }>;
    assert.deepEqual(
      configs.map((c) => c.identity),
      ['global'],
      'compliance records stay out of the chat configuration',
    );
    r = await kit.pchat(['Remove-CsPersistentChatComplianceConfiguration', '-Identity', 'site:Redmond']);
    assert.equal(r.code, 0, r.stderr);
    r = await kit.pchat(['Remove-CsPersistentChatComplianceConfiguration', '-Identity', 'site:Redmond']);
    assert.match(r.stderr, /No compliance configuration site:Redmond exists/);

    const [st] = (await kit.json([
      'Get-CsPersistentChatState',
      '-Identity',
      'service:PersistentChatServer:pchat.example.test',
    ])) as Array<{ poolState: string }>;
    assert.equal(st?.poolState, 'Normal');
    r = await kit.pchat([
      'Set-CsPersistentChatState',
      '-Identity',
      'service:PersistentChatServer:pchat.example.test',
      '-PoolState',
      'FailedOver',
      '-PassThru',
    ]);
    assert.match(r.stdout, /PoolState\s+: FailedOver/);
    r = await kit.pchat([
      'Set-CsPersistentChatActiveServer',
      '-Identity',
      'service:PersistentChatServer:pchat.example.test',
      '-ActiveServers',
      'a.example.test,b.example.test,c.example.test,d.example.test,e.example.test',
    ]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /at most 4 active servers/);
    r = await kit.pchat([
      'Set-CsPersistentChatActiveServer',
      '-Identity',
      'service:PersistentChatServer:pchat.example.test',
      '-ActiveServers',
      'node1.example.test',
      '-PassThru',
    ]);
    assert.match(r.stdout, /ActiveServers\s+: \{node1\.example\.test\}/);
    r = await kit.pchat([
      'Get-CsPersistentChatState',
      '-Identity',
      'service:PersistentChatServer:nopool.example.test',
    ]);
    assert.match(r.stderr, /No Persistent Chat pool 'nopool\.example\.test' exists/);
  });

  it('tokens, audit log, view-only refusal, help', async () => {
    const viewer = await tokenFor(kit, 'sip:auditor@example.test', ['CsViewOnlyAdministrator']);
    let r = await kit.pchat(['New-CsAdUser', '-SipAddress', 'sip:x@example.test'], { PCHAT_TOKEN: viewer });
    assert.match(r.stderr, /which may only read: New-CsAdUser needs CsPersistentChatAdministrator/);
    r = await kit.pchat(['New-PchatAdminToken', '-Identity', 'sip:bob@example.test']);
    assert.match(r.stderr, /holds no administrator role/);
    const tokens = (await kit.json(['Get-PchatAdminToken'])) as Array<{ id: string; principal: string }>;
    const mine = tokens.find((t) => t.principal === 'sip:auditor@example.test');
    assert.ok(mine);
    r = await kit.pchat(['Remove-PchatAdminToken', '-Identity', (mine as { id: string }).id]);
    assert.equal(r.code, 0, r.stderr);
    r = await kit.pchat(['Get-CsPersistentChatRoom'], { PCHAT_TOKEN: viewer });
    assert.match(r.stderr, /The token is not valid \(unknown or revoked\)/);
    const log = (await kit.json(['Get-PchatAuditLog', '-Target', 'sip:auditor@example.test'])) as Array<{
      action: string;
      actor: string;
      details: Record<string, unknown>;
    }>;
    assert.deepEqual(
      log.map((e) => e.action),
      ['New-PchatAdminToken', 'New-CsAdUser'],
    );
    assert.equal(log[1]?.details.password, '***', 'no secrets in the audit log');
    assert.equal(log[1]?.actor, 'sip:admin@example.test');
    r = await kit.pchat(['New-CsPersistentChatRoom', '-?']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /SYNTAX\n {4}pchat New-CsPersistentChatRoom -Name <String> -Category <String>/);
    r = await kit.pchat(['Get-Help', 'set-cspersistentchatroom']);
    assert.match(r.stdout, /--add-members a,b/);
    r = await kit.pchat(['--help']);
    assert.match(r.stdout, /New-CsPersistentChatEndpoint/);
    assert.match(r.stdout, /serve/);
  });
});
