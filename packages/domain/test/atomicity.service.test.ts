// Multi-step writes are atomic through store.transaction: a failure after the first write leaves nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRoom, updateRoom } from '../src/index.js';
import { U, makeWorld } from './support/world.js';

test('createRoom: a failure while issuing invitations rolls back the inserted room; no events go out', async () => {
  const w = await makeWorld();
  const before = w.store.snapshot();
  const create = w.store.invitations.create;
  w.store.invitations.create = async () => {
    throw new Error('disk full');
  };
  await assert.rejects(
    createRoom(w, await w.actor(U.carol), { categoryId: w.it.id, name: 'Ops', members: [U.bob] }),
    /disk full/,
  );
  w.store.invitations.create = create;
  assert.deepEqual(w.store.snapshot(), before);
  assert.deepEqual(w.events.list, []);
});

test('updateRoom: events carry the stored room and its previous state; new members are invited (PC-12)', async () => {
  const w = await makeWorld();
  const r = await updateRoom(w, await w.actor(U.mike), w.helpDesk.id, 1, {
    members: { add: [U.bob] },
    description: 'printers',
  });
  const [updated, invited] = w.events.list;
  assert.ok(updated?.type === 'RoomUpdated');
  assert.equal(updated.before.version, 1);
  assert.equal(updated.room.version, 2);
  assert.equal(updated.room.description, 'printers');
  assert.ok(invited?.type === 'InvitationsCreated');
  assert.deepEqual(
    invited.invitations.map((i) => [i.userUri, i.roomId]),
    [[U.bob, r.id]],
  );
});
