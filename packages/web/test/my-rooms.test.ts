// My Rooms (PC-55, PC-56) in the browser: a creator creates a room in a category where she may, picking
// members by name (never an internal id), then edits it; adding someone outside the category's scope is
// refused inline, naming them (PrincipalsNotInScope), and nothing of that edit is applied. The server
// points RoomManagementUrl (PC-22) at this page, and the CLI's refusal to a creator without an admin role
// says to go there.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { newUserPage, sdkUser, shoot, signIn, useWebApp } from './support/web-kit.js';

const ROOT = new URL('../../../', import.meta.url).pathname;

describe('web app: My Rooms', () => {
  const web = useWebApp({}, async ({ pchat }) => {
    // Someone outside the General category's scope (it allows example.test only).
    const r = await pchat.admin('POST', '/v1/users', {
      sipAddress: 'sip:erin@partner.test',
      displayName: 'Erin Outsider',
    });
    assert.ok(r.status < 300, JSON.stringify(r.json));
  });

  it('creates a room with members picked by name, then edits it; an out-of-scope member is refused inline', async () => {
    const { page, context } = await newUserPage(web.browser);
    await signIn(page, web.pchat.url, 'alice', web.pchat.passwords.alice!);
    await page.getByRole('link', { name: 'My Rooms' }).click();
    await page.getByRole('heading', { level: 1, name: 'My Rooms' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/my-rooms');
    await page.getByRole('heading', { level: 3, name: 'Engineering' }).waitFor();

    await page.getByRole('button', { name: 'Create a new room' }).click();
    await page.getByLabel('Room name').fill('Design Reviews');
    await page.getByLabel('Description').fill('Critiques every Thursday');
    await page.getByLabel('Privacy').selectOption('closed');
    assert.equal(await page.getByLabel('Category').locator('option:checked').innerText(), 'General');
    const members = page.getByRole('combobox', { name: 'Members' });
    await members.fill('bo');
    await page.getByRole('option', { name: /Bob Baker/ }).click();
    const chosen = page.getByRole('list', { name: 'Members chosen' });
    await chosen.getByText('Bob Baker').waitFor();
    assert.doesNotMatch(await chosen.innerText(), /[0-9a-f]{8}-[0-9a-f]{4}-/i, 'names, never GUIDs');
    await shoot(page, 'my-rooms-create');
    await page.getByRole('button', { name: 'Create room' }).click();
    await page.getByRole('status').getByText('Design Reviews').waitFor();
    await page.getByRole('heading', { level: 3, name: 'Design Reviews' }).waitFor();

    // Edit: a new description and an outsider among the members → refused inline, naming erin.
    await page.getByRole('button', { name: 'Edit Design Reviews' }).click();
    await page.getByRole('button', { name: 'Save' }).waitFor();
    await page.getByRole('list', { name: 'Members chosen' }).getByText('Bob Baker').waitFor();
    await page.getByLabel('Description').fill('Critiques every Friday');
    await members.fill('erin@partner.test');
    await members.press('Enter');
    await page.getByRole('button', { name: 'Save' }).click();
    const refusal = page.getByRole('alert');
    await refusal.getByText('erin@partner.test', { exact: false }).first().waitFor();
    assert.match(await refusal.innerText(), /Not allowed here: erin/);
    await shoot(page, 'my-rooms-refusal');

    // Nothing of the refused edit was applied.
    const bob = await sdkUser(web.pchat, 'alice');
    const mgmt = bob.chat.persistentChatServices.chatRoomManagementServices;
    const before = await mgmt.getChatRoom('Design Reviews');
    assert.equal(before.description, 'Critiques every Thursday');

    // Remove erin and save: the edit applies.
    await page.getByRole('button', { name: 'Remove erin' }).click();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').getByText('saved', { exact: false }).waitFor();
    const after = await mgmt.getChatRoom('Design Reviews');
    assert.equal(after.description, 'Critiques every Friday');
    assert.equal(after.privacy, 'closed');
    const memberUris = (await mgmt.getMembers(after.uri)).map((p) => p.uri);
    assert.ok(memberUris.includes('sip:bob@example.test'), memberUris.join());
    assert.ok(!memberUris.includes('sip:erin@partner.test'));

    // PC-22: RoomManagementUrl points here.
    assert.equal(
      bob.chat.persistentChatServices.serverConfiguration.roomManagementUrl,
      `${web.pchat.url}/my-rooms`,
    );
    await bob.close();
    await shoot(page, 'my-rooms');
    await context.close();
  });

  it("the CLI's refusal to a creator without an admin role points to My Rooms", async () => {
    const proc = spawn(
      process.execPath,
      [
        '--conditions=development',
        '--import',
        'tsx',
        'packages/cli/src/main.ts',
        'New-CsPersistentChatRoom',
        '-Name',
        'Side Project',
        '-Category',
        'General',
        '-Server',
        web.pchat.url,
        '-AdminUser',
        'sip:alice@example.test',
        '-AdminPassword',
        web.pchat.passwords.alice!,
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let err = '';
    proc.stderr.on('data', (b: Buffer) => (err += b.toString()));
    const code = await new Promise<number | null>((r) => proc.once('exit', r));
    assert.equal(code, 1, err);
    // The admin API does not say whether the password was right (no oracle), so the hint is for anyone.
    assert.match(err, /The SIP address or password is wrong/);
    assert.match(err, /without an administrator role create and edit their rooms in My Rooms/);
    assert.ok(err.includes(`${web.pchat.url}/my-rooms`), err);
  });
});
