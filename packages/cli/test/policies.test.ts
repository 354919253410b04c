// End-to-end: policy and configuration cmdlets (PC-41, PC-42) through the real pchat bin, with their
// refusals (duplicate, unknown identity, stale version, insufficient role) and -WhatIf.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startKit, tokenFor, type Kit } from './helpers.js';

describe('pchat policy and configuration cmdlets', () => {
  let kit: Kit;
  let viewOnly: string;
  before(async () => {
    kit = await startKit();
    viewOnly = await tokenFor(kit, 'sip:viewer@example.test', ['CsViewOnlyAdministrator']);
  });
  after(() => kit.close());

  it('New/Get/Set/Remove-CsPersistentChatPolicy and Grant-', async () => {
    let r = await kit.pchat([
      'New-CsPersistentChatPolicy',
      '-Identity',
      'SalesPolicy',
      '-EnablePersistentChat',
      '$true',
      '-Description',
      'sales',
      '-PassThru',
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Identity\s+: Tag:SalesPolicy/);
    assert.match(r.stdout, /EnablePersistentChat\s+: True/);
    // case-insensitive cmdlet and parameter names, -Name:value form
    r = await kit.pchat([
      'set-cspersistentchatpolicy',
      '-identity',
      'salespolicy',
      '-enablepersistentchat:$false',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const [p] = (await kit.json(['Get-CsPersistentChatPolicy', '-Identity', 'Tag:SalesPolicy'])) as Array<{
      enablePersistentChat: boolean;
      description: string;
    }>;
    assert.equal(p?.enablePersistentChat, false);
    assert.equal(p?.description, 'sales');
    r = await kit.pchat([
      'Grant-CsPersistentChatPolicy',
      '-Identity',
      'sip:bob@example.test',
      '-PolicyName',
      'SalesPolicy',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const [bob] = (await kit.json(['Get-CsAdPrincipal', '-Identity', 'sip:bob@example.test'])) as Array<{
      persistentChatPolicy: string;
    }>;
    assert.equal(bob?.persistentChatPolicy, 'SalesPolicy');
    r = await kit.pchat([
      'Grant-CsPersistentChatPolicy',
      '-Identity',
      'sip:bob@example.test',
      '-PolicyName',
      '$null',
    ]);
    assert.equal(r.code, 0, r.stderr);
    r = await kit.pchat(['Remove-CsPersistentChatPolicy', '-Identity', 'SalesPolicy']);
    assert.equal(r.code, 0, r.stderr);
    const all = (await kit.json(['Get-CsPersistentChatPolicy'])) as Array<{ identity: string }>;
    assert.deepEqual(
      all.map((x) => x.identity),
      ['Global'],
    );
  });

  it('refuses a duplicate, the global policy, an unknown identity and an unknown policy to grant', async () => {
    await kit.pchat(['New-CsPersistentChatPolicy', '-Identity', 'Dup']);
    let r = await kit.pchat(['New-CsPersistentChatPolicy', '-Identity', 'Dup']);
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      /^New-CsPersistentChatPolicy: The policy tag:Dup already exists: change it with Set-CsPersistentChatPolicy/,
    );
    r = await kit.pchat(['New-CsPersistentChatPolicy', '-Identity', 'global']);
    assert.match(r.stderr, /global policy always exists/);
    r = await kit.pchat(['Set-CsPersistentChatPolicy', '-Identity', 'NoSuch', '-Description', 'x']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /No policy NoSuch exists/);
    r = await kit.pchat([
      'Grant-CsPersistentChatPolicy',
      '-Identity',
      'sip:bob@example.test',
      '-PolicyName',
      'Nope',
    ]);
    assert.match(r.stderr, /No policy tag:Nope exists\. Create it with New-CsPersistentChatPolicy first/);
    r = await kit.pchat([
      'Grant-CsPersistentChatPolicy',
      '-Identity',
      'sip:nobody@example.test',
      '-PolicyName',
      'Dup',
    ]);
    assert.match(r.stderr, /No user sip:nobody@example.test exists/);
  });

  it('-WhatIf reports the change and changes nothing', async () => {
    const r = await kit.pchat(['New-CsPersistentChatPolicy', '-Identity', 'site:Nowhere', '-WhatIf']);
    assert.equal(r.code, 1, 'validation still runs in a dry run');
    assert.match(r.stderr, /No site 'Nowhere' exists/);
    const w = await kit.pchat([
      'New-CsPersistentChatPolicy',
      '-Identity',
      'WhatIfPolicy',
      '-EnablePersistentChat',
      '$true',
      '-WhatIf',
    ]);
    assert.equal(w.code, 0, w.stderr);
    assert.match(
      w.stdout,
      /^What if: Performing the operation "New-CsPersistentChatPolicy" on target "WhatIfPolicy"\./,
    );
    const all = (await kit.json(['Get-CsPersistentChatPolicy'])) as Array<{ identity: string }>;
    assert.ok(!all.some((x) => x.identity === 'Tag:WhatIfPolicy'));
  });

  it('refuses a stale version with DataCollision', async () => {
    const [g] = (await kit.json(['Get-CsPersistentChatPolicy', '-Identity', 'global'])) as Array<{
      version: string;
    }>;
    let r = await kit.pchat([
      'Set-CsPersistentChatPolicy',
      '-Identity',
      'global',
      '-Description',
      'first',
      '-Version',
      String(g?.version),
    ]);
    assert.equal(r.code, 0, r.stderr);
    r = await kit.pchat([
      'Set-CsPersistentChatPolicy',
      '-Identity',
      'global',
      '-Description',
      'second',
      '-Version',
      String(g?.version),
    ]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /changed by someone else since you read it.*Refresh your copy/);
  });

  it('a view-only administrator reads but may not change', async () => {
    const env = { PCHAT_TOKEN: viewOnly };
    const r1 = await kit.pchat(['Get-CsPersistentChatPolicy'], env);
    assert.equal(r1.code, 0, r1.stderr);
    const r2 = await kit.pchat(
      ['Set-CsPersistentChatPolicy', '-Identity', 'global', '-EnablePersistentChat', '$false'],
      env,
    );
    assert.equal(r2.code, 1);
    assert.match(
      r2.stderr,
      /holds CsViewOnlyAdministrator, which may only read: Set-CsPersistentChatPolicy needs CsPersistentChatAdministrator or CsAdministrator/,
    );
  });

  it('New/Get/Set/Remove-CsPersistentChatConfiguration with range checks', async () => {
    let r = await kit.pchat([
      'Set-CsPersistentChatConfiguration',
      '-Identity',
      'global',
      '-DefaultChatHistory',
      '50',
    ]);
    assert.equal(r.code, 0, r.stderr);
    r = await kit.pchat([
      'Set-CsPersistentChatConfiguration',
      '-Identity',
      'global',
      '-DefaultChatHistory',
      '501',
    ]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /DefaultChatHistory must be a whole number from 1 to 500; got 501/);
    r = await kit.pchat([
      'New-CsPersistentChatConfiguration',
      '-Identity',
      'service:PersistentChatServer:pchat.example.test',
      '-ParticipantUpdateLimit',
      '100',
      '-PassThru',
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /ParticipantUpdateLimit\s+: 100/);
    r = await kit.pchat([
      'New-CsPersistentChatConfiguration',
      '-Identity',
      'service:PersistentChatServer:pchat.example.test',
    ]);
    assert.match(r.stderr, /already exists/);
    const list = (await kit.json(['Get-CsPersistentChatConfiguration'])) as Array<{
      identity: string;
      defaultChatHistory: number;
    }>;
    assert.deepEqual(list.map((c) => c.identity).sort(), [
      'global',
      'service:PersistentChatServer:pchat.example.test',
    ]);
    assert.equal(list.find((c) => c.identity === 'global')?.defaultChatHistory, 50);
    r = await kit.pchat([
      'Remove-CsPersistentChatConfiguration',
      '-Identity',
      'service:PersistentChatServer:pchat.example.test',
    ]);
    assert.equal(r.code, 0, r.stderr);
    r = await kit.pchat(['Get-CsPersistentChatConfiguration', '-Identity', 'site:Nowhere']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /No configuration site:Nowhere exists/);
  });

  it('bad usage exits 2 with the fix', async () => {
    let r = await kit.pchat([
      'Set-CsPersistentChatConfiguration',
      '-Identity',
      'global',
      '-DefaultChatHistory',
      'many',
    ]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /-DefaultChatHistory must be a whole number; got 'many'/);
    r = await kit.pchat(['New-CsPersistentChatPolicy']);
    assert.equal(r.code, 2);
    assert.match(
      r.stderr,
      /missing -Identity\. Example: pchat New-CsPersistentChatPolicy -Identity SalesPolicy/,
    );
    r = await kit.pchat(['Get-CsPersistentChatPolicy'], { PCHAT_TOKEN: 'pct_wrong' });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /The token is not valid/);
  });
});
