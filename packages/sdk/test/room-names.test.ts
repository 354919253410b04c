// Room names (PC-01) over the real server: creating or renaming a room with the name of a Secret room the
// user may not see answers exactly as a clash with anything else the user cannot see (never
// DuplicateRoomName, which would confirm the Secret room exists); control characters are refused in
// names on every edge (XCCOS through the SDK, the admin API over HTTP).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isPersistentChatError, type PersistentChatEndpoint } from '../src/index.js';
import { startPchat, type Pchat } from './support/server.js';
import { chatAs, closeAll } from './support/sdk.js';

describe('room names', { timeout: 120_000 }, () => {
  let p: Pchat;
  let bob: PersistentChatEndpoint; // not a member of the Secret room Leadership
  let carol: PersistentChatEndpoint; // a member of it
  let general = '';

  before(async () => {
    p = await startPchat();
    bob = await chatAs(p, 'bob', 'tcp');
    carol = await chatAs(p, 'carol', 'tcp');
    const cats = await bob.persistentChatServices.chatRoomManagementServices.findCategoriesWithCreateRights();
    general = cats.find((c) => c.name === 'General')!.uri;
  });
  after(async () => {
    await closeAll(bob, carol);
    await p?.close();
  });

  // The words of a refusal, without the SDK's "cmd:<command> refused (<code>): " prefix.
  const refusal = async (f: () => Promise<unknown>): Promise<{ code: string; message: string }> => {
    try {
      await f();
    } catch (e) {
      if (isPersistentChatError(e)) return { code: e.code, message: e.message.replace(/^[^:]*:[^:]*: /, '') };
      throw e;
    }
    assert.fail('expected a refusal');
  };

  it('a hidden Secret room name answers like a category name: no DuplicateRoomName oracle', async () => {
    const m = bob.persistentChatServices.chatRoomManagementServices;
    const secret = await refusal(() => m.createChatRoom({ name: 'leadership', parentCategoryUri: general }));
    const category = await refusal(() => m.createChatRoom({ name: 'general', parentCategoryUri: general }));
    assert.notEqual(secret.code, 'DuplicateRoomName');
    assert.equal(secret.code, category.code);
    assert.equal(secret.message.replace('leadership', 'X'), category.message.replace('general', 'X'));
    // Renaming one's own room to that name answers the same.
    const mine = await m.createChatRoom({ name: 'Bob Room', parentCategoryUri: general });
    const renamed = await refusal(() => m.updateChatRoom(mine, { name: 'LEADERSHIP' }));
    assert.equal(renamed.code, secret.code);
    assert.equal(renamed.message.replace('LEADERSHIP', 'X'), category.message.replace('general', 'X'));
    // A room the user can see is a plain duplicate, with the helpful code.
    const lobby = await refusal(() => m.createChatRoom({ name: 'Lobby', parentCategoryUri: general }));
    assert.equal(lobby.code, 'DuplicateRoomName');
    // A member of the Secret room sees it, so the duplicate is named for her.
    const c = carol.persistentChatServices.chatRoomManagementServices;
    const own = await refusal(() => c.createChatRoom({ name: 'Leadership', parentCategoryUri: general }));
    assert.equal(own.code, 'DuplicateRoomName');
  });

  it('refuses control characters and direction overrides in room names over XCCOS', async () => {
    const m = bob.persistentChatServices.chatRoomManagementServices;
    // (NUL and most other C0 characters cannot travel in XML at all: the codec never carries them.)
    for (const name of ['two\nlines', 'tab\there', 'cr\rhere', 'evil\u202egnp.exe', 'next\u0085line']) {
      const r = await refusal(() => m.createChatRoom({ name, parentCategoryUri: general }));
      assert.equal(r.code, 'InvalidArgument', JSON.stringify(name));
      assert.match(r.message, /control character/);
    }
  });

  it('refuses NUL and line breaks in category and room names in the admin API', async () => {
    const base = p.server.addresses.http!;
    const token = readFileSync(join(p.dataDir, 'admin-token'), 'utf8').trim();
    const post = (path: string, body: unknown) =>
      fetch(`${base}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    for (const name of ['nul\u0000name', 'line\r\nbreak']) {
      const c = await post('/v1/categories', { name });
      assert.equal(c.status, 400, JSON.stringify(name));
      assert.match(((await c.json()) as { error: { message: string } }).error.message, /control character/);
      const r = await post('/v1/rooms', { name, category: 'General' });
      assert.equal(r.status, 400, JSON.stringify(name));
    }
  });
});
