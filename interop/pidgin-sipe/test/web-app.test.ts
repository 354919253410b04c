// A pidgin-sipe 1.25.0 user and a web app user in one room of one `pchat serve` (issue Done-when of the web
// app and of editing one's own messages): each sees the other's posts live; when the web user edits and
// then deletes a message, the legacy client, which knows nothing of edits, gets the replacement text and
// then the deletion notice as new lines. pidgin-sipe signs in with NTLM, the browser with Digest over SIP
// on WebSocket. Skipped when the harness cannot be built.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { harnessSkip, startSipeClient, type SipeClient, type SipeEvent } from '../driver.js';
import {
  launchBrowser,
  logHas,
  newUserPage,
  openRoom,
  post,
  signIn,
  startPchat,
  type Pchat,
} from '../../../packages/web/test/support/web-kit.js';

const fromAlice = (text: string) => (e: SipeEvent) =>
  e.fields.from === 'sip:alice@example.test' && e.fields.text === text;

function messageOf(page: Page, text: string) {
  return page.getByRole('log', { name: 'Messages' }).locator('article').filter({ hasText: text });
}

describe('pidgin-sipe and the web app in one room', { skip: harnessSkip() }, () => {
  let pchat: Pchat;
  let browser: Browser;
  let bob: SipeClient | null = null;
  before(async () => {
    pchat = await startPchat();
    browser = await launchBrowser();
  });
  after(async () => {
    await bob?.stop();
    await browser?.close();
    await pchat?.stop();
  });

  it('chat both ways; the web user’s edit and deletion reach pidgin-sipe as new lines', async () => {
    const got = await pchat.admin('GET', '/v1/policies?identity=global');
    const version = (got.json as Array<{ version?: string }>)[0]?.version;
    const r = await pchat.admin('PATCH', '/v1/policies', {
      identity: 'global',
      ...(version !== undefined ? { version } : {}),
      allowEditOwnMessages: true,
      allowDeleteOwnMessages: true,
    });
    assert.equal(r.status, 200, JSON.stringify(r.json));

    const [host, port] = pchat.sipTcp.split(':');
    bob = await startSipeClient({
      user: 'bob@example.test',
      password: pchat.passwords.bob!,
      server: { host: host!, port: Number(port) },
      auth: 'ntlm',
      debugLog: true,
    });
    await bob.waitFor('signed-on', undefined, 15_000);
    await bob.waitFor('groupchat-ready', undefined, 15_000);
    await bob.command('rooms');
    const room = await bob.waitFor('room', (e) => e.fields.name === 'Engineering', 10_000);
    const uri = room.fields.uri!;
    await bob.command(`join ${uri}`);
    await bob.waitFor('chat-joined', (e) => e.fields.uri === uri, 10_000);

    const { page, context } = await newUserPage(browser);
    await signIn(page, pchat.url, 'alice', pchat.passwords.alice!);
    await openRoom(page, 'Engineering');
    await bob.waitFor('chat-user-joined', (e) => e.fields.user === 'sip:alice@example.test', 10_000);

    // pidgin-sipe -> web
    await bob.command(`say ${uri} hello from pidgin-sipe`);
    await logHas(page, 'hello from pidgin-sipe');

    // web -> pidgin-sipe
    let since = bob.events.length;
    await post(page, 'hello from the web app');
    await bob.waitFor('chat-msg', fromAlice('hello from the web app'), 10_000, since);

    // An edit reaches the legacy client as the replacement text.
    await post(page, 'the relase is on Friday');
    await bob.waitFor('chat-msg', fromAlice('the relase is on Friday'), 10_000);
    since = bob.events.length;
    const typo = messageOf(page, 'the relase is on Friday');
    await typo.hover();
    await typo.getByRole('button', { name: 'Edit message' }).click();
    const editor = page.getByRole('textbox', { name: 'Edit message' });
    await editor.fill('the release is on Friday');
    await editor.press('Enter');
    await messageOf(page, 'the release is on Friday').getByText('(edited)').waitFor();
    await bob.waitFor('chat-msg', fromAlice('the release is on Friday'), 10_000, since);

    // A deletion reaches it as a notice in words, never the deleted text again.
    await post(page, 'posted in the wrong room');
    await bob.waitFor('chat-msg', fromAlice('posted in the wrong room'), 10_000);
    since = bob.events.length;
    const wrong = messageOf(page, 'posted in the wrong room');
    await wrong.hover();
    await wrong.getByRole('button', { name: 'Delete message' }).click();
    await page
      .getByRole('group', { name: 'Delete this message?' })
      .getByRole('button', { name: 'Delete' })
      .click();
    const notice = await bob.waitFor(
      'chat-msg',
      (e) => e.fields.from === 'sip:alice@example.test' && /deleted a message/.test(e.fields.text ?? ''),
      10_000,
      since,
    );
    assert.equal(notice.fields.text, '(sip:alice@example.test deleted a message)');

    // And pidgin-sipe keeps talking to the web user after all that.
    await bob.command(`say ${uri} still here`);
    await logHas(page, 'still here');
    assert.deepEqual(
      bob.events
        .filter((e) => e.name === 'connection-error' || (e.name === 'notify' && e.fields.type === 'error'))
        .map((e) => e.fields),
      [],
    );
    await context.close();
  });
});
