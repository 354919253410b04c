// Retention and legal hold on a real SQLite store: old messages are purged in bounded batches, except
// in a room (or category) under legal hold, where Clear-CsPersistentChatRoom and
// Remove-CsPersistentChatMessage are refused with a message that names the hold.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { it } from 'node:test';
import {
  clearRoomHistory,
  isDomainError,
  purgeExpired,
  purgeMessages,
  setCategoryRetention,
  setConfigRetention,
  setLegalHold,
  type Category,
  type Room,
} from '@pchat/domain';
import { openStore } from '@pchat/storage';
import { Kit, POOL, sip } from '../chat/kit.js';

const DAY = 86_400_000;

it('retention purges old messages in batches except under legal hold; holds refuse clears and removals', async () => {
  const kit = await Kit.create();
  let t = Date.now() - 40 * DAY;
  const past = await openStore({ kind: 'sqlite', file: join(kit.dir, 'pchat.db'), now: () => t });
  try {
    const { open, closed, invitable } = kit.world;
    for (const r of [open, closed, invitable])
      for (let i = 0; i < 5; i++)
        await past.messages.append({
          roomId: r.id,
          author: sip('alice'),
          kind: 'plain',
          text: `old ${i}`,
          storyTitle: null,
          rtf: null,
          parts: null,
        });
    t = Date.now();
    for (const r of [open, closed, invitable])
      await past.messages.append({
        roomId: r.id,
        author: sip('alice'),
        kind: 'plain',
        text: 'new',
        storyTitle: null,
        rtf: null,
        parts: null,
      });
    const pool = (await kit.store.topology.getPool(POOL))!;

    // Nothing is purged while no retention is set (keep forever by default).
    assert.deepEqual(await purgeExpired(kit.store, pool, Date.now(), 2), { purged: 0, held: 0 });

    const general = (await kit.store.rooms.getCategory(kit.world.general.id)) as Category;
    await setCategoryRetention(kit.deps, kit.admin, general, 30);
    await setConfigRetention(kit.deps, kit.admin, 'global', 35); // the Projects category inherits this
    await setLegalHold(
      kit.deps,
      kit.admin,
      { room: (await kit.store.rooms.getRoom(closed.id)) as Room },
      true,
      'Case 2026-17',
    );

    const r = await purgeExpired(kit.store, pool, Date.now(), 2);
    assert.equal(r.purged, 10);
    assert.ok(r.held >= 1);
    const texts = async (room: Room) => (await kit.store.messages.after(room.id, 0, 100)).map((m) => m.text);
    assert.deepEqual(await texts(open), ['new']);
    assert.deepEqual(await texts(invitable), ['new']);
    assert.equal((await texts(closed)).length, 6, 'the held room keeps everything');

    const refused = (what: RegExp) => (e: unknown) => {
      assert.ok(isDomainError(e));
      assert.equal(e.code, 'ErrorPermission');
      assert.match(e.message, what);
      assert.match(e.message, /legal hold \("Case 2026-17"/);
      return true;
    };
    await assert.rejects(
      clearRoomHistory(kit.deps, kit.admin, closed.id, Date.now()),
      refused(/Clearing the history of Team Room/),
    );
    await assert.rejects(
      purgeMessages(kit.deps, kit.admin, { roomId: closed.id, replaceWith: 'redacted' }),
      refused(/Replacing messages of Team Room/),
    );
    // A hold on the category protects its rooms too.
    const g2 = (await kit.store.rooms.getCategory(kit.world.general.id)) as Category;
    await setLegalHold(kit.deps, kit.admin, { category: g2 }, true, 'Case 2026-17');
    await assert.rejects(
      purgeMessages(kit.deps, kit.admin, { roomId: open.id, replaceWith: null }),
      refused(/category General/),
    );
    assert.equal(await kit.store.messages.count(open.id), 1);

    // Lifted: the next pass purges what it held back.
    await setLegalHold(
      kit.deps,
      kit.admin,
      { category: (await kit.store.rooms.getCategory(g2.id)) as Category },
      false,
      '',
    );
    await setLegalHold(
      kit.deps,
      kit.admin,
      { room: (await kit.store.rooms.getRoom(closed.id)) as Room },
      false,
      '',
    );
    assert.deepEqual(await purgeExpired(kit.store, pool, Date.now(), 2), { purged: 5, held: 0 });
    assert.deepEqual(await texts(closed), ['new']);
  } finally {
    await past.close();
    await kit.close();
  }
});
