// The web session (docs/web.md "Sessions and passwords"): after one password sign-in a reload or a new tab
// signs in without the password, for as long as the server-side session lives; the password is in no
// browser storage and the session cookie is out of page script's reach; sign-out ends the session on the
// server (the old cookie, put back, signs nobody in); an expired session asks for the password again.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { logHas, newUserPage, openRoom, post, signIn, until, useWebApp } from './support/web-kit.js';

const SIGNED_IN = (page: Page) => page.getByRole('navigation', { name: 'Rooms' });
const SIGN_IN_FORM = (page: Page) => page.getByRole('button', { name: 'Sign in' });

async function storageText(page: Page): Promise<string> {
  return page.evaluate<string>(
    'JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie',
  );
}

describe('web app: the session across reloads', () => {
  const web = useWebApp();

  it('a reload and a new tab sign in without the password; the cookie is HttpOnly and SameSite=Strict', async () => {
    const { page, context } = await newUserPage(web.browser);
    await signIn(page, web.pchat.url, 'alice', web.pchat.passwords.alice!);
    await openRoom(page, 'Engineering');
    await post(page, 'before the reload');

    const stored = await storageText(page);
    assert.ok(!stored.includes(web.pchat.passwords.alice!), 'no password in browser storage');
    const cookies = await context.cookies(web.pchat.url);
    const session = cookies.find((c) => c.name === 'pchat_session');
    assert.ok(session, 'the server set a session cookie');
    assert.equal(session.httpOnly, true, 'page script cannot read the session');
    assert.equal(session.sameSite, 'Strict', 'no other site sends it');
    assert.ok(!stored.includes(session.value), 'the token is not visible to the page');

    await page.reload();
    await SIGNED_IN(page).waitFor();
    assert.equal(await page.getByLabel('Password').count(), 0, 'no password asked');
    await openRoom(page, 'Engineering');
    await logHas(page, 'before the reload');
    await post(page, 'after the reload');

    const second = await context.newPage();
    await second.goto(web.pchat.url);
    await SIGNED_IN(second).waitFor();
    await openRoom(second, 'Engineering');
    await logHas(second, 'after the reload');
    await second.close();
    await context.close();
  });

  it('sign-out ends the session on the server: the old cookie put back signs nobody in', async () => {
    const { page, context } = await newUserPage(web.browser);
    await signIn(page, web.pchat.url, 'bob', web.pchat.passwords.bob!);
    const before = (await context.cookies(web.pchat.url)).find((c) => c.name === 'pchat_session');
    assert.ok(before);
    const who = await page.evaluate<{ status: number; body: unknown }>(
      "fetch('/v1/auth/web-session').then(async (r) => ({ status: r.status, body: await r.json() }))",
    );
    assert.equal(who.status, 200);
    assert.equal((who.body as { sipAddress: string }).sipAddress, 'sip:bob@example.test');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await SIGN_IN_FORM(page).waitFor();
    assert.equal(
      (await context.cookies(web.pchat.url)).filter((c) => c.name === 'pchat_session').length,
      0,
      'the cookie is cleared',
    );
    await page.reload();
    await SIGN_IN_FORM(page).waitFor();

    // A copy of the cookie taken before sign-out is worth nothing now.
    await context.addCookies([before]);
    await page.reload();
    await SIGN_IN_FORM(page).waitFor();
    assert.equal(await SIGNED_IN(page).count(), 0);
    const status = await page.evaluate<number>("fetch('/v1/auth/web-session').then((r) => r.status)");
    assert.equal(status, 401);
    await context.close();
  });

  it('a new password or disabling the user ends the browser sessions', async () => {
    const { page, context } = await newUserPage(web.browser);
    await signIn(page, web.pchat.url, 'dave', web.pchat.passwords.dave!);
    const r = await web.pchat.admin('PATCH', '/v1/users', {
      identity: 'sip:dave@example.test',
      password: 'a-brand-new-password-1',
    });
    assert.equal(r.status, 200, JSON.stringify(r.json));
    await page.reload();
    await SIGN_IN_FORM(page).waitFor();
    await page.getByLabel('Password').waitFor();

    const bob = await newUserPage(web.browser);
    await signIn(bob.page, web.pchat.url, 'bob', web.pchat.passwords.bob!);
    const d = await web.pchat.admin('PATCH', '/v1/users', {
      identity: 'sip:bob@example.test',
      disabled: true,
    });
    assert.equal(d.status, 200, JSON.stringify(d.json));
    assert.equal(await bob.page.evaluate<number>("fetch('/v1/auth/web-session').then((r) => r.status)"), 401);
    await web.pchat.admin('PATCH', '/v1/users', { identity: 'sip:bob@example.test', disabled: false });
    await bob.context.close();
    await context.close();
  });

  it('a cookie the server never issued is not a session (nor does a sign-in adopt it)', async () => {
    const { page, context } = await newUserPage(web.browser);
    const planted = 'A'.repeat(43);
    await context.addCookies([{ name: 'pchat_session', value: planted, url: web.pchat.url }]);
    await page.goto(web.pchat.url);
    await SIGN_IN_FORM(page).waitFor();
    await signIn(page, web.pchat.url, 'carol', web.pchat.passwords.carol!);
    const now = (await context.cookies(web.pchat.url)).find((c) => c.name === 'pchat_session');
    assert.ok(now && now.value !== planted, 'the sign-in got a session of its own');
    // The planted value signs nobody in, in a browser of its own.
    const other = await newUserPage(web.browser);
    await other.context.addCookies([{ name: 'pchat_session', value: planted, url: web.pchat.url }]);
    await other.page.goto(web.pchat.url);
    await SIGN_IN_FORM(other.page).waitFor();
    assert.equal(
      await other.page.evaluate<number>("fetch('/v1/auth/web-session').then((r) => r.status)"),
      401,
    );
    await other.context.close();
    await context.close();
  });
});

describe('web app: a session ended while the tab is open', () => {
  const web = useWebApp();

  it('after a server restart the tab asks for the password, saying why', async () => {
    const { page, context } = await newUserPage(web.browser);
    await signIn(page, web.pchat.url, 'carol', web.pchat.passwords.carol!);
    // A new password ends carol's sessions; the open tab keeps its connection until the restart.
    const r = await web.pchat.admin('PATCH', '/v1/users', {
      identity: 'sip:carol@example.test',
      password: 'another-password-2',
    });
    assert.equal(r.status, 200, JSON.stringify(r.json));
    await web.pchat.stop(true);
    await web.pchat.start();
    await page.getByRole('alert').filter({ hasText: 'Your session has ended' }).waitFor({ timeout: 60_000 });
    await SIGN_IN_FORM(page).waitFor();
    // It cost nothing in the sign-in throttle: the new password signs in at once.
    await page.getByLabel('Password').fill('another-password-2');
    await SIGN_IN_FORM(page).click();
    await SIGNED_IN(page).waitFor();
    await context.close();
  });
});

describe('web app: an expired session', () => {
  // 0.002 hours: a session lives about seven seconds.
  const web = useWebApp({ yaml: 'auth:\n  webSessionHours: 0.002\n' });

  it('asks for the password again after a reload', async () => {
    const { page, context } = await newUserPage(web.browser);
    await signIn(page, web.pchat.url, 'alice', web.pchat.passwords.alice!);
    await until(
      async () =>
        (await page.evaluate<number>("fetch('/v1/auth/web-session').then((r) => r.status)")) === 401,
      'the session expired',
      30_000,
    );
    await page.reload();
    await SIGN_IN_FORM(page).waitFor();
    await page.getByLabel('Password').waitFor();
    assert.equal(await SIGNED_IN(page).count(), 0);
    await context.close();
  });
});
