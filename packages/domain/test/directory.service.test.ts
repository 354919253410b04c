import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  categoriesWithCreateRights,
  createRoom,
  eligiblePrincipals,
  searchRooms,
  updateRoom,
} from '../src/index.js';
import { U, makeWorld, refusesCleanly } from './support/world.js';

test('searchRooms: Secret rooms only to members, disabled rooms only to managers/admins (PC-11, PC-14)', async () => {
  const w = await makeWorld();
  const carol = await w.actor(U.carol);
  await createRoom(w, carol, {
    categoryId: w.it.id,
    name: 'Secret Plans',
    privacy: 'Secret',
    members: [U.mary],
  });
  const off = await createRoom(w, carol, { categoryId: w.it.id, name: 'Old Room', members: [U.mary] });
  await updateRoom(w, carol, off.id, 1, { disabled: true });
  const names = async (uri: string): Promise<string[]> =>
    (await searchRooms(w, await w.actor(uri), {})).map((r) => r.name);
  assert.deepEqual(await names(U.bob), ['Help Desk']);
  assert.deepEqual(await names(U.mary), ['Help Desk', 'Secret Plans']);
  // carol created (so manages) both: managers see their Secret and disabled rooms (D-2, D-3).
  assert.deepEqual(await names(U.carol), ['Help Desk', 'Old Room', 'Secret Plans']);
  assert.deepEqual(await names(U.admin), ['Help Desk', 'Old Room', 'Secret Plans']);
  assert.deepEqual(await names(U.ted), []);
  assert.deepEqual(await names(U.eve), []);
  assert.deepEqual(
    (await searchRooms(w, await w.actor(U.admin), { limit: 1, offset: 1 })).map((r) => r.name),
    ['Old Room'],
  );
});

test('categoriesWithCreateRights (PC-33): creators in scope, admins everywhere but the root', async () => {
  const w = await makeWorld();
  const names = async (uri: string): Promise<string[]> =>
    (await categoriesWithCreateRights(w, await w.actor(uri))).map((c) => c.name);
  assert.deepEqual(await names(U.carol), ['IT']);
  assert.deepEqual(await names(U.mike), ['Sales']);
  assert.deepEqual(await names(U.bob), []);
  assert.deepEqual(await names(U.admin), ['IT', 'Sales']);
});

test('eligiblePrincipals (PC-48): scope for members/managers, members for presenters, no creators', async () => {
  const w = await makeWorld();
  const uris = async (q: Parameters<typeof eligiblePrincipals>[1]): Promise<string[]> =>
    (await eligiblePrincipals(w, q)).map((u) => u.uri).sort();
  assert.deepEqual(await uris({ categoryId: w.sales.id, role: 'member', limit: 10 }), [U.emma, U.mike]);
  assert.ok(!(await uris({ roomId: w.helpDesk.id, role: 'manager', limit: 50 })).includes(U.ted));
  assert.deepEqual(await uris({ roomId: w.helpDesk.id, role: 'presenter', limit: 10 }), [U.mary, U.mike]);
  assert.deepEqual(await uris({ roomId: w.helpDesk.id, role: 'member', filter: '*ma*', limit: 10 }), [
    U.emma,
    U.mary,
  ]);
  await refusesCleanly(w.store, 'InvalidArgument', () =>
    eligiblePrincipals(w, { categoryId: w.it.id, role: 'creator', limit: 10 }),
  );
  await refusesCleanly(w.store, 'NoSuchNode', () =>
    eligiblePrincipals(w, { roomId: 'nope', role: 'member', limit: 10 }),
  );
});
