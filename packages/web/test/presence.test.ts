// Presence and contacts in the web app, in a real Chromium against a real `pchat serve` (PC-86,
// docs/presence.md): alice adds bob to a group from the contact list, sees him available, then busy with
// his note (set in his own browser), and offline when he signs out; people in a room's roster carry the
// same status. The screenshot goes to docs/web/ for docs/web.md.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { newUserPage, openRoom, shoot, signIn, useWebApp } from './support/web-kit.js';

describe('web app: presence and contacts', () => {
  const web = useWebApp();

  it('adds a contact, shows status and note changes and offline; the roster shows presence', async () => {
    const a = await newUserPage(web.browser);
    const b = await newUserPage(web.browser);
    await signIn(a.page, web.pchat.url, 'alice', web.pchat.passwords.alice!);
    await signIn(b.page, web.pchat.url, 'bob', web.pchat.passwords.bob!);

    const contacts = a.page.getByRole('region', { name: 'Contacts' });
    await contacts.getByLabel('Contact address').fill('bob@example.test');
    await contacts.getByLabel('Group').fill('Team');
    await contacts.getByRole('button', { name: 'Add contact' }).click();
    const team = contacts.getByRole('list', { name: 'Contacts in Team' });
    const bobItem = team.getByRole('listitem').filter({ hasText: 'bob@example.test' });
    await bobItem.getByText('Available', { exact: true }).waitFor();

    await b.page.getByRole('region', { name: 'Contacts' }).getByLabel('Note').fill('in a meeting');
    await b.page.getByRole('region', { name: 'Contacts' }).getByRole('button', { name: 'Set note' }).click();
    await b.page.getByLabel('Status').selectOption('busy');
    await bobItem.getByText('Busy: in a meeting', { exact: true }).waitFor();
    // The dot takes its colour from the stylesheet, by its data-presence word (busy: red).
    const colour = await bobItem.locator('.presence-dot').evaluate((el) => {
      const w = globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } };
      return w.getComputedStyle(el).backgroundColor;
    });
    assert.equal(colour, 'rgb(198, 40, 40)');

    // The roster of a room shows the same status.
    await openRoom(a.page, 'Engineering');
    await openRoom(b.page, 'Engineering');
    // The participants panel is open by default on a wide window.
    const roster = a.page.getByRole('list', { name: /participants/ });
    await roster.getByRole('listitem').filter({ hasText: 'bob' }).getByText('Busy: in a meeting').waitFor();
    await shoot(a.page, 'presence');

    await b.page.getByRole('button', { name: 'Sign out' }).click();
    await bobItem.getByText('Offline', { exact: true }).waitFor();
    await a.context.close();
    await b.context.close();
  });
});
