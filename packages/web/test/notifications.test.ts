// Desktop notifications for alerts and mentions in a real Chromium: the permission is asked only when the
// user clicks "Enable notifications", never on load; with it granted, an alert or a mention of the user's
// name in a room they are not looking at shows a notification (observed at the Notification constructor),
// an ordinary post does not; a muted room stays silent, and the mute is kept across a reload.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { newUserPage, openRoom, sdkUser, signIn, until, useWebApp } from './support/web-kit.js';

/** Installed before the app loads: counts permission requests and records every notification shown. */
const SPY = `(() => {
  const Real = window.Notification;
  window.__asked = 0;
  window.__shown = [];
  function Spy(title, options) {
    window.__shown.push({ title, body: (options && options.body) || '' });
    try { return new Real(title, options); } catch { return { close() {} }; }
  }
  Object.defineProperty(Spy, 'permission', { get: () => Real.permission });
  Spy.requestPermission = (...args) => { window.__asked++; return Real.requestPermission(...args); };
  window.Notification = Spy;
})();`;

const shown = (page: Page) => page.evaluate<Array<{ title: string; body: string }>>('window.__shown');

describe('web app: desktop notifications', () => {
  const web = useWebApp();

  it('asks for the permission only when the user clicks "Enable notifications"', async () => {
    const { page, context } = await newUserPage(web.browser);
    await context.addInitScript(SPY);
    await signIn(page, web.pchat.url, 'bob', web.pchat.passwords.bob!);
    await openRoom(page, 'Engineering');
    assert.equal(await page.evaluate<number>('window.__asked'), 0, 'never asked on load');
    await page.getByRole('button', { name: 'Enable notifications' }).click();
    await until(async () => (await page.evaluate<number>('window.__asked')) === 1, 'asked once on click');
    await context.close();
  });

  it('notifies alerts and mentions in a room not being looked at; a muted room stays silent across a reload', async () => {
    const { page, context } = await newUserPage(web.browser);
    await context.grantPermissions(['notifications'], { origin: web.pchat.url });
    await context.addInitScript(SPY);
    await signIn(page, web.pchat.url, 'alice', web.pchat.passwords.alice!);
    assert.equal(
      await page.getByRole('button', { name: 'Enable notifications' }).count(),
      0,
      'granted: nothing to ask',
    );
    await openRoom(page, 'Announcements');

    const bob = await sdkUser(web.pchat, 'bob');
    const eng = await bob.room('Engineering');
    await eng.sendChatMessage('an ordinary post, no notification');
    await eng.sendChatMessage('@alice could you look at the build?');
    await eng.sendChatMessage('Production is down', { alert: true });
    await until(async () => (await shown(page)).length >= 2, 'two notifications');
    const got = await shown(page);
    assert.deepEqual(
      got.map((n) => n.title),
      ['Mention in Engineering', 'Alert in Engineering'],
    );
    assert.match(got[0]!.body, /^bob@example\.test: @alice could you look at the build\?$/);
    assert.ok(!got.some((n) => n.body.includes('ordinary post')));

    // Mute Engineering from its header, then look elsewhere again.
    await openRoom(page, 'Engineering');
    const bell = page.getByRole('button', { name: 'Mute notifications' });
    await bell.click();
    assert.equal(await bell.getAttribute('aria-pressed'), 'true');
    // The mute is kept on the server: it holds after a reload (the session signs in again by itself).
    await page.reload();
    await openRoom(page, 'Engineering');
    assert.equal(
      await page.getByRole('button', { name: 'Mute notifications' }).getAttribute('aria-pressed'),
      'true',
    );
    await openRoom(page, 'Announcements');
    await eng.sendChatMessage('@alice a mention in a muted room');
    await eng.sendChatMessage('An alert in a muted room', { alert: true });
    // Both arrived while alice looked elsewhere: the room's mention badge counts them.
    const badge = page
      .getByRole('navigation', { name: 'Rooms' })
      .locator('.mention-badge')
      .filter({ hasText: '@2' });
    await badge.waitFor();
    assert.deepEqual(await shown(page), [], 'no notification from the muted room');
    await bob.close();
    await context.close();
  });
});
