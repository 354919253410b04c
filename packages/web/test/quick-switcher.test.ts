// The Ctrl/Cmd+K quick switcher, by keyboard alone: it opens over any screen, filters the followed rooms
// by the words typed, puts rooms with alerts or mentions first, opens the chosen room with Enter, closes
// with Esc giving focus back, and sends an unmatched name to the room directory.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { newUserPage, openRoom, sdkUser, shoot, signIn, useWebApp } from './support/web-kit.js';

describe('web app: the quick switcher', () => {
  const web = useWebApp();

  it('Ctrl+K finds a followed room by part of its name and opens it with Enter', async () => {
    const { page, context } = await newUserPage(web.browser);
    await signIn(page, web.pchat.url, 'alice', web.pchat.passwords.alice!);
    await openRoom(page, 'Announcements');

    await page.keyboard.press('Control+k');
    const dialog = page.getByRole('dialog', { name: 'Switch to a room' });
    const box = dialog.getByRole('combobox', { name: 'Room name' });
    await box.waitFor();
    assert.equal(
      await box.evaluate((el) => el === el.ownerDocument.activeElement),
      true,
      'the box has focus',
    );
    await box.pressSequentially('eng');
    const options = dialog.getByRole('option');
    assert.deepEqual(await options.allInnerTexts(), ['Engineering']);
    await shoot(page, 'quick-switcher');
    await box.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Engineering' }).waitFor();
    assert.equal(await dialog.count(), 0, 'closed after choosing');

    // Esc closes and gives focus back to where it was.
    const composer = page.getByRole('textbox', { name: 'Message' });
    await composer.focus();
    await page.keyboard.press('Control+k');
    await box.waitFor();
    await box.press('Escape');
    assert.equal(await dialog.count(), 0);
    assert.equal(
      await composer.evaluate((el) => el === el.ownerDocument.activeElement),
      true,
      'focus is back',
    );

    // A name that matches no followed room goes to the directory.
    await page.keyboard.press('Control+k');
    await box.pressSequentially('no such room here');
    await dialog.getByText('No followed room matches').waitFor();
    await box.press('Enter');
    await page.getByRole('searchbox', { name: 'Search rooms' }).waitFor();
    await context.close();
  });

  it('puts rooms with alerts or mentions first, and moves with the arrow keys', async () => {
    const { page, context } = await newUserPage(web.browser);
    await signIn(page, web.pchat.url, 'alice', web.pchat.passwords.alice!);
    await openRoom(page, 'Announcements');
    const bob = await sdkUser(web.pchat, 'bob');
    const eng = await bob.room('Engineering');
    await eng.sendChatMessage('@alice a question for you');
    await page
      .getByRole('navigation', { name: 'Rooms' })
      .locator('.mention-badge')
      .filter({ hasText: '@1' })
      .waitFor();

    await page.keyboard.press('Control+k');
    const dialog = page.getByRole('dialog', { name: 'Switch to a room' });
    const names = (await dialog.locator('.switcher-name').allInnerTexts()).map((t) => t.trim());
    assert.equal(names[0], 'Engineering', `the room with a mention first: ${names.join(', ')}`);
    const box = dialog.getByRole('combobox', { name: 'Room name' });
    await box.press('ArrowDown');
    const second = names[1]!;
    assert.equal(
      (await dialog.getByRole('option', { selected: true }).innerText()).trim().startsWith(second),
      true,
    );
    await box.press('Enter');
    await page.getByRole('heading', { level: 1, name: second }).waitFor();
    await bob.close();
    await context.close();
  });
});
