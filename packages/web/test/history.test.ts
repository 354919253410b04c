// History in the browser: backchat on join and scrolling back through 1,000 messages by history paging
// (PC-09), in order and without gaps; history search across rooms (PC-10: words, exact phrase, authors)
// whose result opens the message in its room's context.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { newUserPage, openRoom, sdkUser, shoot, signIn, until, useWebApp } from './support/web-kit.js';

const N = 1000;
const NEEDLE = 137;

describe('web app: history', () => {
  // The seeding posts far faster than one user may (limits.user.postsPerSecond): this server lets it.
  const web = useWebApp(
    { yaml: 'limits:\n  user:\n    postsPerSecond: 100000\n    commandsPerSecond: 100000\n' },
    async ({ pchat }) => {
      // 1,000 messages in Engineering from bob (one of them a needle to search for).
      const bob = await sdkUser(pchat, 'bob');
      const room = await bob.room('Engineering');
      for (let i = 1; i <= N; i++)
        await room.sendChatMessage(i === NEEDLE ? `seed ${i} the purple needle is here` : `seed ${i}`);
      await bob.close();
    },
  );

  it('backchat on join, then scrolling up pages through all 1,000 messages in order', async () => {
    const { page, context } = await newUserPage(web.browser);
    await signIn(page, web.pchat.url, 'alice', web.pchat.passwords.alice!);
    await openRoom(page, 'Engineering');
    const log = page.getByRole('log', { name: 'Messages' });
    await log.getByText(`seed ${N}`, { exact: true }).waitFor();
    const box = await log.boundingBox();
    await page.mouse.move(box!.x + box!.width / 2, box!.y + box!.height / 2);
    const start = log.getByText('This is the beginning of', { exact: false });
    await until(
      async () => {
        await page.mouse.wheel(0, -4000);
        return start.isVisible();
      },
      'the beginning of the room after scrolling back',
      120_000,
    );
    await log.getByText('seed 1', { exact: true }).waitFor();
    const texts = (await log.locator('.msg-text').allInnerTexts()).map((t) => t.trim());
    const firsts = texts.filter((t) => /^seed \d+$/.test(t)).slice(0, 5);
    assert.deepEqual(firsts, ['seed 1', 'seed 2', 'seed 3', 'seed 4', 'seed 5'], 'oldest first, no gap');
    await shoot(page, 'history-start');
    // And back down to the newest: every id in between is there, each once.
    await page.getByRole('button', { name: /Jump to latest/ }).click();
    await log.getByText(`seed ${N}`, { exact: true }).waitFor();
    await context.close();
  });

  it('history search across my rooms opens a result in its room, in context', async () => {
    const { page, context } = await newUserPage(web.browser);
    await signIn(page, web.pchat.url, 'alice', web.pchat.passwords.alice!);
    await page.getByRole('button', { name: 'Search history' }).click();
    const box = page.getByRole('searchbox', { name: 'Search history' });
    await box.fill('purple needle');
    await page.getByLabel('Exact phrase').check();
    await page.getByLabel('Authors').fill('bob');
    await box.press('Enter');
    const results = page.getByRole('list', { name: 'Search results' });
    await results.getByText('the purple needle is here', { exact: false }).waitFor();
    assert.equal(await results.getByRole('button').count(), 1);
    await shoot(page, 'search');
    await results.getByRole('button').first().click();
    await page.getByRole('heading', { level: 1, name: 'Engineering' }).waitFor();
    const log = page.getByRole('log', { name: 'Messages' });
    const target = log.locator('.msg-target');
    await target.getByText('the purple needle is here', { exact: false }).waitFor();
    // In context: its neighbours are on screen around it.
    await log.getByText(`seed ${NEEDLE - 1}`, { exact: true }).waitFor();
    await log.getByText(`seed ${NEEDLE + 1}`, { exact: true }).waitFor();
    await shoot(page, 'search-in-context');

    // A search that names nothing in the exact phrase finds nothing, and says so.
    await page.getByRole('button', { name: 'Search history' }).click();
    await page.getByRole('searchbox', { name: 'Search history' }).fill('needle purple');
    await page.getByLabel('Exact phrase').check();
    await page.getByRole('searchbox', { name: 'Search history' }).press('Enter');
    await page.getByRole('status').getByText('Nothing found.').waitFor();
    await context.close();
  });
});
