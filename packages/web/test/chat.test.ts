// The web app in a real Chromium against a real `pchat serve`: it is served at / with a strict CSP and the
// /my-rooms fallback; sign-in refusals in words; two users in two browser contexts chat live (PC-02, PC-08);
// links are clickable only for safe schemes and message text is never HTML; alerts and stories; unread and
// mention badges; the auditorium composer is read-only with the reason (PC-03); invitations (PC-12);
// directory search and join (PC-11). Screenshots of these screens go to docs/web/ for docs/web.md.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import {
  logHas,
  newUserPage,
  openRoom,
  post,
  setChatConfig,
  shoot,
  signIn,
  until,
  useWebApp,
} from './support/web-kit.js';

describe('web app: sign-in and live chat', () => {
  const web = useWebApp({}, async ({ pchat }) => {
    // MaxFileSizeKB (PC-15) lowered to 16 KB, read by the chat service at start.
    await setChatConfig(pchat, { maxFileSizeKB: 16 });
    await pchat.stop();
    await pchat.start();
  });

  it('is served at / and /my-rooms with a CSP that allows no inline script; the admin token is nowhere', async () => {
    for (const path of ['/', '/my-rooms']) {
      const res = await fetch(`${web.pchat.url}${path}`, { headers: { accept: 'text/html' } });
      assert.equal(res.status, 200, path);
      const csp = res.headers.get('content-security-policy') ?? '';
      assert.match(csp, /script-src 'self'(;|$)/);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
      const html = await res.text();
      assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline script');
      assert.ok(!html.includes(web.pchat.adminToken));
    }
    const api = await fetch(`${web.pchat.url}/v1/no-such-thing`, { headers: { accept: 'text/html' } });
    assert.equal(api.status, 404, 'the API keeps its own 404s');
    const js = await fetch(
      `${web.pchat.url}/${/src="\/([^"]+\.js)"/.exec(await (await fetch(web.pchat.url)).text())![1]}`,
    );
    assert.equal(js.status, 200);
    assert.ok(!(await js.text()).includes(web.pchat.adminToken), 'the admin token never reaches the browser');
  });

  it('refuses a wrong password in words, and signs in', async () => {
    const { page, context } = await newUserPage(web.browser);
    await page.goto(web.pchat.url);
    await shoot(page, 'sign-in');
    await page.getByLabel('SIP address').fill('dave@example.test');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'SIP address or password is wrong' }).waitFor();
    await page.getByLabel('Password').fill(web.pchat.passwords.dave!);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Rooms' }).waitFor();
    const stored = await page.evaluate<string>(
      'JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage })',
    );
    assert.ok(!stored.includes(web.pchat.passwords.dave!), 'no password in storage');
    await context.close();
  });

  it('two users in two browser contexts chat live; links are safe and text is never HTML', async () => {
    const a = await newUserPage(web.browser);
    const b = await newUserPage(web.browser);
    await signIn(a.page, web.pchat.url, 'alice', web.pchat.passwords.alice!);
    await signIn(b.page, web.pchat.url, 'bob', web.pchat.passwords.bob!);
    for (const p of [a.page, b.page]) await openRoom(p, 'Engineering');

    await post(a.page, 'Morning, Bob! The build is green: https://ci.example.test/run/42');
    await logHas(b.page, 'Morning, Bob! The build is green');
    await post(b.page, 'Great. <b>not bold</b> and javascript:alert(1) stays text\nsecond line');
    await logHas(a.page, 'second line');
    const log = a.page.getByRole('log', { name: 'Messages' });
    assert.equal(await log.locator('b').count(), 0, 'message text is never HTML');
    assert.equal(await log.getByRole('link', { name: /javascript/ }).count(), 0);
    const link = b.page
      .getByRole('log', { name: 'Messages' })
      .getByRole('link', { name: 'https://ci.example.test/run/42' });
    assert.equal(await link.getAttribute('rel'), 'noopener noreferrer');
    assert.equal(await link.getAttribute('target'), '_blank');

    // Order under quick posts from both sides (PC-08): every browser sees the same sequence.
    for (let i = 1; i <= 3; i++) {
      await post(a.page, `a${i}`);
      await post(b.page, `b${i}`);
    }
    await logHas(a.page, 'b3');
    await logHas(b.page, 'b3');
    const seq = async (p: Page): Promise<string[]> =>
      (await p.getByRole('log', { name: 'Messages' }).locator('.msg-text').allInnerTexts()).filter((t) =>
        /^[ab]\d$/.test(t.trim()),
      );
    assert.deepEqual(await seq(a.page), ['a1', 'b1', 'a2', 'b2', 'a3', 'b3']);
    assert.deepEqual(await seq(b.page), await seq(a.page));

    // An alert and a story; a mention of bob in another room raises his mention badge.
    await a.page.getByLabel('Alert (high importance)').check();
    await post(a.page, 'Deploy freeze starts at 17:00');
    await a.page.getByLabel('Story').check();
    await a.page.getByLabel('Story title').fill('Release notes');
    await post(a.page, 'Faster joins.\nSafer links.\nA new web app.');
    await b.page.getByRole('log', { name: 'Messages' }).getByText('Release notes').waitFor();
    await b.page
      .getByRole('log', { name: 'Messages' })
      .locator('.msg-alert')
      .getByText('Deploy freeze')
      .waitFor();
    await shoot(b.page, 'room');

    // Multi-line with Shift+Enter; Enter sends.
    const box = a.page.getByRole('textbox', { name: 'Message' });
    await box.fill('');
    await box.type('line one');
    await box.press('Shift+Enter');
    await box.type('line two');
    await box.press('Enter');
    await logHas(b.page, 'line one\nline two');
    // The composer empties when the server has acknowledged the post, which may come after another
    // member already sees it.
    await until(async () => (await box.inputValue()) === '', 'the composer is emptied after the post');

    await a.context.close();
    await b.context.close();
  });

  it('unread counts and a separate mention badge for rooms not open; the auditorium composer is read-only', async () => {
    const a = await newUserPage(web.browser);
    const b = await newUserPage(web.browser);
    await signIn(a.page, web.pchat.url, 'alice', web.pchat.passwords.alice!);
    await signIn(b.page, web.pchat.url, 'bob', web.pchat.passwords.bob!);
    // Bob finds the Lobby in the directory (PC-11) and joins it.
    await b.page.getByRole('button', { name: 'Find a room' }).click();
    await b.page.getByRole('searchbox', { name: 'Search rooms' }).fill('lobby');
    await b.page.getByRole('searchbox', { name: 'Search rooms' }).press('Enter');
    await b.page.getByRole('list', { name: 'Rooms found' }).getByText('Open to everyone').waitFor();
    await shoot(b.page, 'directory');
    await b.page.getByRole('button', { name: 'Join Lobby' }).click();
    await b.page.getByRole('heading', { level: 1, name: 'Lobby' }).waitFor();
    await b.page
      .getByRole('navigation', { name: 'Rooms' })
      .getByRole('link', { name: 'Lobby', exact: true })
      .waitFor();
    // In the Announcements auditorium he reads along and is told why he cannot post (PC-03).
    await b.page
      .getByRole('navigation', { name: 'Rooms' })
      .getByRole('link', { name: 'Announcements' })
      .click();
    await b.page.getByText('only presenters can post here').first().waitFor();
    assert.equal(await b.page.getByRole('button', { name: 'Send' }).count(), 0);
    await shoot(b.page, 'auditorium');

    await openRoom(a.page, 'Engineering');
    await post(a.page, 'first unread');
    await post(a.page, 'bob, can you look at the flaky test?');
    const badge = b.page.getByRole('navigation', { name: 'Rooms' }).locator('li', { hasText: 'Engineering' });
    await badge.getByText('Unread: 2', { exact: false }).waitFor();
    await badge.getByText('Alerts and mentions: ', { exact: false }).waitFor();
    assert.match(await badge.locator('.mention-badge').innerText(), /@1/);
    await shoot(b.page, 'room-list-badges');
    await openRoom(b.page, 'Engineering');
    await b.page.getByRole('log', { name: 'Messages' }).locator('mark.mention').first().waitFor();
    await a.context.close();
    await b.context.close();
  });

  it('a file is posted with the file button and downloaded by another user; an oversized one is refused (PC-15)', async () => {
    const a = await newUserPage(web.browser);
    const b = await newUserPage(web.browser, { acceptDownloads: true });
    await signIn(a.page, web.pchat.url, 'alice', web.pchat.passwords.alice!);
    await signIn(b.page, web.pchat.url, 'bob', web.pchat.passwords.bob!);
    await openRoom(a.page, 'Engineering');
    await openRoom(b.page, 'Engineering');
    const content = 'quarterly numbers\n1,2,3\n';
    await a.page.getByRole('button', { name: 'Attach a file' }).waitFor();
    await a.page.locator('input[type=file]').setInputFiles({
      name: 'report.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(content),
    });
    const card = b.page
      .getByRole('log', { name: 'Messages' })
      .locator('.file-card', { hasText: 'report.csv' });
    await card.waitFor();
    await shoot(b.page, 'file');
    const [download] = await Promise.all([
      b.page.waitForEvent('download'),
      card.getByRole('button', { name: 'Download report.csv' }).click(),
    ]);
    assert.equal(download.suggestedFilename(), 'report.csv');
    const path = await download.path();
    assert.equal(readFileSync(path, 'utf8'), content);

    // MaxFileSizeKB is enforced by the server: above 16 KB a file is refused in words.
    await a.page.locator('input[type=file]').setInputFiles({
      name: 'huge.bin',
      mimeType: 'application/octet-stream',
      buffer: Buffer.alloc(20 * 1024),
    });
    const refusal = a.page.getByRole('alert').filter({ hasText: 'huge.bin' });
    await refusal.waitFor({ timeout: 60_000 });
    assert.match(await refusal.innerText(), /KB|large|limit/i);
    await a.context.close();
    await b.context.close();
  });

  it('a narrow window collapses the room list; the dark theme follows the OS', async () => {
    const { page, context } = await newUserPage(web.browser, { width: 420, height: 780, dark: true });
    await signIn(page, web.pchat.url, 'alice', web.pchat.passwords.alice!);
    assert.equal(await page.getByRole('navigation', { name: 'Rooms' }).isVisible(), false);
    await page.getByRole('button', { name: 'Show rooms' }).click();
    await page.getByRole('navigation', { name: 'Rooms' }).getByRole('link', { name: 'Engineering' }).click();
    await page.getByRole('log', { name: 'Messages' }).waitFor();
    const bg = await page.evaluate<string>('getComputedStyle(document.body).backgroundColor');
    assert.notEqual(bg, 'rgb(255, 255, 255)', 'dark background');
    await shoot(page, 'narrow-dark');
    await context.close();
  });
});
