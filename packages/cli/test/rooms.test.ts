// End-to-end: category, room, purge and add-in cmdlets (PC-43..PC-46) through the real pchat bin, with
// their refusals (non-empty category, outside scope, duplicate, unknown identity, stale version,
// insufficient role) and -WhatIf.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startKit, tokenFor, type Kit, parseOut } from './helpers.js';

interface RoomOut {
  identity: string;
  name: string;
  members: string[];
  managers: string[];
  privacy: string;
  type: string;
  disabled: boolean;
  category: string;
  addin: string | null;
  version: number;
}

describe('pchat category, room, purge and add-in cmdlets', () => {
  let kit: Kit;
  before(async () => {
    kit = await startKit();
  });
  after(() => kit.close());

  it('categories: New/Get/Set (list edits)/Remove, refusals', async () => {
    let r = await kit.pchat([
      'New-CsPersistentChatCategory',
      '-Name',
      'IT',
      '-PersistentChatPoolFqdn',
      'pchat.example.test',
      '-EnableInvitations',
      '$true',
      '-AllowedMembers',
      'sip:alice@example.test',
      '-PassThru',
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Identity\s+: pchat\.example\.test\\IT/);
    r = await kit.pchat(['New-CsPersistentChatCategory', '-Name', 'it']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /The name 'it' is already used by a category/);
    r = await kit.pchat([
      'Set-CsPersistentChatCategory',
      '-Identity',
      'pchat.example.test\\IT',
      '-AllowedMembers',
      '@{Add="sip:bob@example.test","sip:carol@example.test";Remove="sip:alice@example.test"}',
      '--add-creators',
      'sip:bob@example.test',
      '-PassThru',
      '-Json',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const c = parseOut(r.stdout) as { allowedMembers: string[]; creators: string[]; version: number };
    assert.deepEqual(c.allowedMembers, ['sip:bob@example.test', 'sip:carol@example.test']);
    assert.deepEqual(c.creators, ['sip:bob@example.test']);
    r = await kit.pchat(['Set-CsPersistentChatCategory', 'IT', '--add-creators', 'sip:dave@example.test']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /sip:dave@example.test .*outside the scope of category 'IT'/);
    r = await kit.pchat(['Set-CsPersistentChatCategory', 'IT', '-Description', 'stale', '-Version', '1']);
    assert.match(r.stderr, /changed by someone else/);
    r = await kit.pchat(['Set-CsPersistentChatCategory', 'NoSuchCategory', '-Description', 'x']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /No category 'NoSuchCategory' exists/);
    r = await kit.pchat([
      'Set-CsPersistentChatCategory',
      'IT',
      '-DeniedMembers',
      '$null',
      '-Creators',
      '$null',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const cats = (await kit.json(['Get-CsPersistentChatCategory'])) as Array<{
      name: string;
      creators: string[];
    }>;
    assert.deepEqual(cats.map((x) => x.name).sort(), ['General', 'IT']);
    assert.deepEqual(cats.find((x) => x.name === 'IT')?.creators, []);
  });

  it('rooms: New (-WhatIf first), Set list edits, move, filters, refusals', async () => {
    let r = await kit.pchat([
      'New-CsPersistentChatRoom',
      '-Name',
      'Help Desk',
      '-Category',
      'IT',
      '-Privacy',
      'closed',
      '-WhatIf',
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      /What if: Performing the operation "New-CsPersistentChatRoom" on target "pchat\.example\.test\\Help Desk"/,
    );
    r = await kit.pchat(['Get-CsPersistentChatRoom', '-Identity', 'Help Desk']);
    assert.equal(r.code, 1, 'the dry run created nothing');
    assert.match(r.stderr, /No chat room 'Help Desk' exists/);
    r = await kit.pchat([
      'New-CsPersistentChatRoom',
      '-Name',
      'Help Desk',
      '-Category',
      'IT',
      '-Privacy',
      'Closed',
      '-Description',
      'first line',
    ]);
    assert.equal(r.code, 0, r.stderr);
    r = await kit.pchat(['New-CsPersistentChatRoom', '-Name', 'help desk', '-Category', 'General']);
    assert.match(r.stderr, /already used by a chat room/);
    r = await kit.pchat(['New-CsPersistentChatRoom', '-Name', 'IT', '-Category', 'General']);
    assert.match(r.stderr, /already used by a category/);
    r = await kit.pchat(['New-CsPersistentChatRoom', '-Name', 'X', '-Category', 'Nope']);
    assert.match(r.stderr, /No category 'Nope' exists/);
    r = await kit.pchat([
      'Set-CsPersistentChatRoom',
      '-Identity',
      'pchat.example.test\\Help Desk',
      '-Members',
      '@{Add="sip:bob@example.test","sip:carol@example.test"}',
      '--add-managers',
      'sip:bob@example.test',
      '-Type',
      'Auditorium',
      '-PassThru',
      '-Json',
    ]);
    assert.equal(r.code, 0, r.stderr);
    let room = parseOut(r.stdout) as RoomOut;
    assert.deepEqual(room.members, ['sip:bob@example.test', 'sip:carol@example.test']);
    assert.deepEqual(room.managers, ['sip:bob@example.test']);
    assert.equal(room.type, 'Auditorium');
    r = await kit.pchat(['Set-CsPersistentChatRoom', 'Help Desk', '--add-members', 'sip:dave@example.test']);
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      /Set-CsPersistentChatRoom: Cannot add sip:dave@example.test to the members of 'Help Desk'.*outside the scope of category 'IT'/,
    );
    r = await kit.pchat(['Set-CsPersistentChatRoom', 'Help Desk', '-Presenters', 'sip:alice@example.test']);
    assert.equal(r.code, 1);
    r = await kit.pchat(['Set-CsPersistentChatRoom', 'Help Desk', '-Description', 'stale', '-Version', '1']);
    assert.match(r.stderr, /changed by someone else since you read it/);
    // -WhatIf on Set reports and changes nothing
    r = await kit.pchat(['Set-CsPersistentChatRoom', 'Help Desk', '-Disabled', '$true', '-WhatIf']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Disabled\s+: True/);
    [room] = (await kit.json(['Get-CsPersistentChatRoom', 'Help Desk'])) as RoomOut[] as [RoomOut];
    assert.equal(room.disabled, false);
    // move to General (PC-34), then filters
    r = await kit.pchat([
      'Set-CsPersistentChatRoom',
      'Help Desk',
      '-Category',
      'General',
      '-Disabled',
      '$true',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const byCat = (await kit.json(['Get-CsPersistentChatRoom', '-Category', 'General'])) as RoomOut[];
    assert.ok(byCat.some((x) => x.name === 'Help Desk'));
    const disabled = (await kit.json(['Get-CsPersistentChatRoom', '-Disabled', '$true'])) as RoomOut[];
    assert.deepEqual(
      disabled.map((x) => x.name),
      ['Help Desk'],
    );
    const open = (await kit.json(['Get-CsPersistentChatRoom', '-Privacy', 'Open'])) as RoomOut[];
    assert.deepEqual(open.map((x) => x.name).sort(), ['Announcements', 'Lobby']);
    const aud = (await kit.json([
      'Get-CsPersistentChatRoom',
      '-Type',
      'Auditorium',
      '-ResultSize',
      '1',
    ])) as RoomOut[];
    assert.equal(aud.length, 1);
    const filt = (await kit.json([
      'Get-CsPersistentChatRoom',
      '-Filter',
      '*first*',
      '-SearchDescription',
    ])) as RoomOut[];
    assert.deepEqual(
      filt.map((x) => x.name),
      ['Help Desk'],
    );
    const mem = (await kit.json([
      'Get-CsPersistentChatRoom',
      '-Member',
      'sip:alice@example.test',
    ])) as RoomOut[];
    assert.deepEqual(
      mem.map((x) => x.name).sort(),
      ['Announcements', 'Engineering'],
      'through the Engineering group and the domain',
    );
    const mgr = (await kit.json([
      'Get-CsPersistentChatRoom',
      '-Manager',
      'sip:carol@example.test',
    ])) as RoomOut[];
    assert.deepEqual(
      mgr.map((x) => x.name),
      ['Leadership'],
    );
    const inv = (await kit.json([
      'Get-CsPersistentChatRoom',
      '-Invitations',
      'Inherit',
      '-PersistentChatPoolFqdn',
      'pchat.example.test',
    ])) as RoomOut[];
    assert.equal(inv.length, 5);
    r = await kit.pchat(['Get-CsPersistentChatRoom', '-Identity', 'Lobby', '-Category', 'General']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /Identity cannot be combined with Category/);
  });

  it('Remove-CsPersistentChatCategory refuses a category with rooms; Remove-CsPersistentChatRoom', async () => {
    await kit.pchat(['New-CsPersistentChatRoom', '-Name', 'Ops', '-Category', 'IT']);
    let r = await kit.pchat(['Remove-CsPersistentChatCategory', '-Identity', 'IT']);
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr.trim(),
      `Remove-CsPersistentChatCategory: Category 'IT' still holds 1 room. Delete the rooms or move them to another category first. (from ${kit.url})`,
    );
    r = await kit.pchat(['Remove-CsPersistentChatRoom', '-Identity', 'Ops', '-WhatIf']);
    assert.equal(r.code, 0, r.stderr);
    r = await kit.pchat(['Remove-CsPersistentChatRoom', '-Identity', 'Ops', '-Confirm']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /-Confirm needs a terminal/);
    r = await kit.pchat(['Remove-CsPersistentChatRoom', '-Identity', 'Ops', '-Force']);
    assert.equal(r.code, 0, r.stderr);
    r = await kit.pchat(['Remove-CsPersistentChatRoom', '-Identity', 'Ops']);
    assert.match(r.stderr, /No chat room 'Ops' exists/);
    r = await kit.pchat(['Remove-CsPersistentChatCategory', '-Identity', 'IT']);
    assert.equal(r.code, 0, r.stderr);
  });

  it('Clear-CsPersistentChatRoom and Remove-CsPersistentChatMessage', async () => {
    const store = kit.server.store;
    const [lobby] = (await kit.json(['Get-CsPersistentChatRoom', 'Lobby'])) as Array<{ id: string }>;
    const id = (lobby as { id: string }).id;
    const post = (author: string, text: string) =>
      store.messages.append({
        roomId: id,
        author,
        kind: 'plain',
        text,
        storyTitle: null,
        rtf: null,
        parts: null,
      });
    await post('sip:bob@example.test', 'secret password is hunter2');
    await post('sip:alice@example.test', 'hello world');
    await post('sip:bob@example.test', 'lunch at noon');
    let r = await kit.pchat([
      'Remove-CsPersistentChatMessage',
      '-Identity',
      'Lobby',
      '-Filter',
      'password',
      '-ReplaceMessage',
      'removed by admin',
      '-WhatIf',
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /MessagesAffected : 1/);
    assert.equal(
      (await store.messages.last(id, 10))[0]?.text,
      'secret password is hunter2',
      'the dry run rolled back',
    );
    r = await kit.pchat([
      'Remove-CsPersistentChatMessage',
      '-Identity',
      'Lobby',
      '-Filter',
      'password',
      '-ReplaceMessage',
      'removed by admin',
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((await store.messages.last(id, 10))[0]?.text, 'removed by admin');
    r = await kit.pchat([
      'Remove-CsPersistentChatMessage',
      '-Identity',
      'Lobby',
      '-UserUri',
      'sip:bob@example.test',
      '-Remove',
      '-Json',
    ]);
    assert.equal((parseOut(r.stdout) as { messagesAffected: number }).messagesAffected, 2);
    r = await kit.pchat([
      'Remove-CsPersistentChatMessage',
      '-Identity',
      'Lobby',
      '-Remove',
      '-ReplaceMessage',
      'x',
    ]);
    assert.match(r.stderr, /either -Remove or -ReplaceMessage/);
    r = await kit.pchat([
      'Clear-CsPersistentChatRoom',
      '-Identity',
      'pchat.example.test\\Lobby',
      '-EndDate',
      new Date(Date.now() + 60_000).toISOString(),
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /MessagesRemoved : 1/);
    assert.equal(await store.messages.count(id), 0);
    r = await kit.pchat(['Clear-CsPersistentChatRoom', '-Identity', 'Lobby', '-EndDate', 'yesterday-ish']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /-EndDate 'yesterday-ish' is not a date/);
  });

  it('add-ins: New/Get/Set/Remove, used by a room, refusals', async () => {
    let r = await kit.pchat([
      'New-CsPersistentChatAddin',
      '-Name',
      'ITTools',
      '-Url',
      'https://tools.example.test/pc',
      '-PassThru',
    ]);
    assert.equal(r.code, 0, r.stderr);
    r = await kit.pchat(['New-CsPersistentChatAddin', '-Name', 'ittools', '-Url', 'https://x.example.test']);
    assert.match(r.stderr, /An add-in named 'ittools' is already registered/);
    r = await kit.pchat(['New-CsPersistentChatAddin', '-Name', 'Bad', '-Url', 'ftp://x']);
    assert.match(r.stderr, /is not an http\(s\) URL/);
    r = await kit.pchat(['Set-CsPersistentChatRoom', 'Lobby', '-Addin', 'ITTools']);
    assert.equal(r.code, 0, r.stderr);
    const using = (await kit.json(['Get-CsPersistentChatRoom', '-Addin', 'ITTools'])) as RoomOut[];
    assert.deepEqual(
      using.map((x) => x.name),
      ['Lobby'],
    );
    r = await kit.pchat([
      'Set-CsPersistentChatAddin',
      '-Identity',
      'pchat.example.test\\ITTools',
      '-Url',
      'https://tools2.example.test/pc',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const [a] = (await kit.json(['Get-CsPersistentChatAddin'])) as Array<{ url: string; version: number }>;
    assert.equal(a?.url, 'https://tools2.example.test/pc');
    r = await kit.pchat(['Set-CsPersistentChatAddin', 'ITTools', '-Name', 'Old', '-Version', '1']);
    assert.match(r.stderr, /changed by someone else/);
    r = await kit.pchat(['Remove-CsPersistentChatAddin', 'ITTools']);
    assert.equal(r.code, 0, r.stderr);
    const [lobby] = (await kit.json(['Get-CsPersistentChatRoom', 'Lobby'])) as RoomOut[];
    assert.equal(lobby?.addin, null);
    r = await kit.pchat(['Remove-CsPersistentChatAddin', 'ITTools']);
    assert.match(r.stderr, /No add-in 'ITTools' exists/);
  });

  it('a help-desk administrator may read rooms but not change or purge them', async () => {
    const token = await tokenFor(kit, 'sip:helpdesk@example.test', ['CsHelpDesk']);
    const env = { PCHAT_TOKEN: token };
    assert.equal((await kit.pchat(['Get-CsPersistentChatRoom'], env)).code, 0);
    for (const args of [
      ['New-CsPersistentChatRoom', '-Name', 'N', '-Category', 'General'],
      ['Clear-CsPersistentChatRoom', 'Lobby', '-EndDate', '2020-01-01'],
      ['Remove-CsPersistentChatCategory', 'General'],
    ]) {
      const r = await kit.pchat(args, env);
      assert.equal(r.code, 1, args[0]);
      assert.match(
        r.stderr,
        new RegExp(`^${args[0]}: sip:helpdesk@example.test holds CsHelpDesk, which may only read`),
      );
    }
    const plain = await kit.pchat(['Get-CsPersistentChatRoom'], {
      PCHAT_USER: 'sip:bob@example.test',
      PCHAT_PASSWORD: 'pw-bob',
    });
    // docs/security.md, "No oracle": the right password of a user without an administrator role is answered
    // exactly like a wrong one, so the admin API cannot be used to test passwords.
    const wrong = await kit.pchat(['Get-CsPersistentChatRoom'], {
      PCHAT_USER: 'sip:bob@example.test',
      PCHAT_PASSWORD: 'not-bobs-password',
    });
    assert.equal(plain.code, 1);
    assert.match(plain.stderr, /The SIP address or password is wrong/);
    assert.equal(plain.stderr, wrong.stderr);
  });
});
