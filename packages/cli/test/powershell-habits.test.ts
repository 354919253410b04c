// PowerShell habits of the real pchat bin: a Boolean parameter without its value is refused with the
// spellings that work (bash turns an unquoted $False into nothing, which used to create an enabled
// policy); SwitchParameters stay bare; unique prefixes of parameter names bind; -Identity takes a display
// name where Lync does; an unknown cmdlet gets the closest names; list and -Json output alike use
// PascalCase property names.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startKit, type Kit } from './helpers.js';

describe('PowerShell habits', { timeout: 180_000 }, () => {
  let kit: Kit;
  before(async () => {
    kit = await startKit();
  });
  after(() => kit?.close());

  it('a Boolean parameter without its value is an error that shows how to write it', async () => {
    // What bash passes for: pchat New-CsPersistentChatPolicy -Identity tag:NoChat -EnablePersistentChat $False
    let r = await kit.pchat([
      'New-CsPersistentChatPolicy',
      '-Identity',
      'tag:NoChat',
      '-EnablePersistentChat',
    ]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /-EnablePersistentChat needs a value, \$true or \$false/);
    assert.match(r.stderr, /-EnablePersistentChat '\$false'/);
    assert.match(r.stderr, /-EnablePersistentChat false/);
    r = await kit.pchat([
      'New-CsPersistentChatPolicy',
      '-Identity',
      'tag:NoChat',
      '-EnablePersistentChat',
      '-Description',
      'x',
    ]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /-EnablePersistentChat needs a value/);
    // "$False" in double quotes: the shell passes an empty string.
    r = await kit.pchat([
      'New-CsPersistentChatPolicy',
      '-Identity',
      'tag:NoChat',
      '-EnablePersistentChat',
      '',
    ]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /needs a value/);
    r = await kit.pchat(['Get-CsPersistentChatPolicy', '-Identity', 'tag:NoChat']);
    assert.equal(r.code, 1, 'no policy was created');
    // The room's -Disabled is Boolean too (as in Lync).
    r = await kit.pchat(['Set-CsPersistentChatRoom', 'Lobby', '-Disabled']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /-Disabled needs a value/);
    // SwitchParameters stay bare.
    r = await kit.pchat(['Set-CsPersistentChatRoom', 'Lobby', '-Disabled', 'false', '-WhatIf']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /What if:/);
  });

  it('unique prefixes of parameter names bind; an ambiguous one names the candidates', async () => {
    let r = await kit.pchat([
      'New-CsPersistentChatPolicy',
      '-Ident',
      'tag:Short',
      '-EnablePers',
      'false',
      '-Desc',
      'short',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const [p] = (await kit.json(['Get-CsPersistentChatPolicy', '-Identity', 'tag:Short'])) as Array<{
      enablePersistentChat: boolean;
      description: string;
    }>;
    assert.equal(p?.enablePersistentChat, false);
    assert.equal(p?.description, 'short');
    r = await kit.pchat(['Set-CsPersistentChatRoom', 'Lobby', '-P', 'Open']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /-P is ambiguous: it could be .*-Presenters, -Privacy/);
  });

  it('-Identity takes a display name where Lync does', async () => {
    const r = await kit.pchat(['New-PchatAdminToken', '-Identity', 'Pat Admin', '-Json']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /"Identity": "sip:admin@example\.test"/);
  });

  it('an unknown cmdlet suggests the closest names instead of the whole help', async () => {
    let r = await kit.pchat(['Get-CsPersistentChatRooms']);
    assert.equal(r.code, 2);
    assert.match(
      r.stderr,
      /'Get-CsPersistentChatRooms' is not a cmdlet\. Did you mean Get-CsPersistentChatRoom\?/,
    );
    assert.doesNotMatch(r.stdout + r.stderr, /New-CsPersistentChatAddin/, 'not the whole list');
    r = await kit.pchat(['Get-Room']);
    assert.match(r.stderr, /Did you mean Get-CsPersistentChatRoom\?/);
  });

  it('list and -Json output use the same PascalCase property names', async () => {
    const list = await kit.pchat(['Get-CsPersistentChatRoom', 'Lobby']);
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /^PersistentChatPoolFqdn\s+: pchat\.example\.test$/m);
    const json = await kit.pchat(['Get-CsPersistentChatRoom', 'Lobby', '-Json']);
    assert.equal(json.code, 0, json.stderr);
    const [room] = JSON.parse(json.stdout) as Array<Record<string, unknown>>;
    assert.equal(room?.PersistentChatPoolFqdn, 'pchat.example.test');
    assert.equal(room?.Name, 'Lobby');
    assert.equal(room?.name, undefined);
  });
});
