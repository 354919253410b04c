// Editing and deleting one's own messages in the web app (pchat, allowed by the Persistent Chat policy;
// docs/compliance.md): refused in words while the policy says no; once allowed, an edit and a deletion by
// the author reach another browser and an SDK client at once; only one's own messages offer the actions.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import {
  logHas,
  newUserPage,
  openRoom,
  post,
  sdkUser,
  shoot,
  signIn,
  until,
  useWebApp,
} from './support/web-kit.js';

function messageOf(page: Page, text: string) {
  return page.getByRole('log', { name: 'Messages' }).locator('article').filter({ hasText: text });
}

describe('web app: editing and deleting one’s own messages', () => {
  const web = useWebApp();

  it('is refused in words while the policy does not allow it, and nothing changes', async () => {
    const { page, context } = await newUserPage(web.browser);
    await signIn(page, web.pchat.url, 'alice', web.pchat.passwords.alice!);
    await openRoom(page, 'Engineering');
    await post(page, 'policy says no to changing this');
    const msg = messageOf(page, 'policy says no to changing this');
    await msg.hover();
    await msg.getByRole('button', { name: 'Edit message' }).click();
    const editor = page.getByRole('textbox', { name: 'Edit message' });
    await editor.fill('changed anyway?');
    await editor.press('Enter');
    await page.getByRole('alert').filter({ hasText: 'not allowed to edit messages' }).waitFor();
    assert.equal(await editor.inputValue(), 'changed anyway?', 'the new text stays in the box');
    await editor.press('Escape');
    await logHas(page, 'policy says no to changing this');
    await context.close();
  });

  it('once allowed: an edit and a deletion reach another browser and an SDK client at once', async () => {
    const got = await web.pchat.admin('GET', '/v1/policies?identity=global');
    const version = (got.json as Array<{ version?: string }>)[0]?.version;
    const r = await web.pchat.admin('PATCH', '/v1/policies', {
      identity: 'global',
      ...(version !== undefined ? { version } : {}),
      allowEditOwnMessages: true,
      allowDeleteOwnMessages: true,
    });
    assert.equal(r.status, 200, JSON.stringify(r.json));

    const a = await newUserPage(web.browser);
    const b = await newUserPage(web.browser);
    await signIn(a.page, web.pchat.url, 'alice', web.pchat.passwords.alice!);
    await signIn(b.page, web.pchat.url, 'bob', web.pchat.passwords.bob!);
    for (const p of [a.page, b.page]) await openRoom(p, 'Engineering');
    const sdk = await sdkUser(web.pchat, 'bob');
    const room = await sdk.room('Engineering');
    const seen: string[] = [];
    room.on('chatMessageEdited', ({ message }) => seen.push(`edited:${message.messageContent}`));
    room.on('chatMessageDeleted', ({ messageId }) => seen.push(`deleted:${messageId}`));

    await post(a.page, 'the relase is on Friday');
    await post(a.page, 'wrong room, sorry');
    await post(b.page, 'noted, thanks');
    await logHas(b.page, 'wrong room, sorry');

    // Only one's own messages offer the actions.
    const bobsOnAlicePage = messageOf(a.page, 'noted, thanks');
    await logHas(a.page, 'noted, thanks');
    await bobsOnAlicePage.hover();
    assert.equal(await bobsOnAlicePage.getByRole('button', { name: 'Edit message' }).count(), 0);
    assert.equal(await bobsOnAlicePage.getByRole('button', { name: 'Delete message' }).count(), 0);

    // Edit by keyboard: Enter saves.
    const typo = messageOf(a.page, 'the relase is on Friday');
    await typo.hover();
    await typo.getByRole('button', { name: 'Edit message' }).click();
    const editor = a.page.getByRole('textbox', { name: 'Edit message' });
    assert.equal(await editor.inputValue(), 'the relase is on Friday');
    await editor.fill('the release is on Friday');
    await editor.press('Enter');
    await logHas(b.page, 'the release is on Friday');
    const onBob = messageOf(b.page, 'the release is on Friday');
    await onBob.getByText('(edited)').waitFor();
    assert.equal(await messageOf(b.page, 'the relase is on Friday').count(), 0, 'the old text is gone');
    await logHas(a.page, 'the release is on Friday');

    // Delete asks first.
    const wrong = messageOf(a.page, 'wrong room, sorry');
    const wrongId = await wrong.getAttribute('data-id');
    await wrong.hover();
    await wrong.getByRole('button', { name: 'Delete message' }).click();
    await shoot(a.page, 'edit-delete');
    await a.page
      .getByRole('group', { name: 'Delete this message?' })
      .getByRole('button', { name: 'Delete' })
      .click();
    await b.page.getByText('This message was deleted.').waitFor();
    assert.equal(await messageOf(b.page, 'wrong room, sorry').count(), 0);
    await a.page.getByText('This message was deleted.').waitFor();

    await until(async () => seen.length >= 2, 'the SDK client saw both changes');
    assert.deepEqual(seen, ['edited:the release is on Friday', `deleted:${wrongId}`]);

    // History agrees after a reload: the new text, and no deleted message.
    await b.page.reload();
    await openRoom(b.page, 'Engineering');
    await logHas(b.page, 'the release is on Friday');
    assert.equal(await messageOf(b.page, 'wrong room, sorry').count(), 0);

    await sdk.close();
    await a.context.close();
    await b.context.close();
  });
});
