// Nothing lost in the browser: the server is killed (kill -9) and started again while a user is signed in.
// The app says it is reconnecting, a post made meanwhile stays in the composer with the error and a retry,
// the app signs in again by itself, catches up on what was posted while it was away without gaps or
// duplicates, and the retried post goes through.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
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

describe('web app: a server restart', () => {
  const web = useWebApp();

  it('is survived: reconnects, catches up without gaps or duplicates, and the failed post is retried', async () => {
    const { page, context } = await newUserPage(web.browser);
    await signIn(page, web.pchat.url, 'alice', web.pchat.passwords.alice!);
    await openRoom(page, 'Engineering');
    await post(page, 'before the restart');

    await web.pchat.stop(true); // kill -9
    await page.getByRole('status').getByText('Reconnecting', { exact: false }).waitFor();
    const box = page.getByRole('textbox', { name: 'Message' });
    await box.fill('typed while the server was down');
    await page.getByRole('button', { name: 'Send' }).click();
    const error = page.locator('#composer-error');
    await error.waitFor();
    assert.equal(await box.inputValue(), 'typed while the server was down', 'the text stays');
    await shoot(page, 'reconnecting');

    await web.pchat.start();
    // Posts made while the browser is still away: it must catch up on them.
    const bob = await sdkUser(web.pchat, 'bob');
    const room = await bob.room('Engineering');
    for (let i = 1; i <= 5; i++) await room.sendChatMessage(`while you were away ${i}`);
    await until(
      async () => (await page.getByRole('status').filter({ hasText: 'Reconnecting' }).count()) === 0,
      'the app is back online',
      60_000,
    );
    await logHas(page, 'while you were away 5');
    await room.sendChatMessage('live after the restart');
    await logHas(page, 'live after the restart');

    // The retry sends the kept text once.
    await error.getByRole('button', { name: 'Retry' }).click();
    await until(async () => (await box.inputValue()) === '', 'the retried post was accepted');
    const got = await room.getRecentChatHistory(20);
    assert.equal(got.filter((m) => m.messageContent === 'typed while the server was down').length, 1);

    const log = page.getByRole('log', { name: 'Messages' });
    const texts = (await log.locator('.msg-text').allInnerTexts()).map((t) => t.trim());
    const away = texts.filter((t) => t.startsWith('while you were away'));
    assert.deepEqual(
      away,
      [1, 2, 3, 4, 5].map((i) => `while you were away ${i}`),
      'in order, none missing, none twice',
    );
    assert.equal(texts.filter((t) => t === 'before the restart').length, 1);
    await bob.close();
    await context.close();
  });
});
