import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  createAddin,
  createCategory,
  createRoom,
  deleteAddin,
  deleteCategory,
  updateAddin,
  updateCategory,
  updateRoom,
} from '../src/index.js';
import { DOM, G_TRADERS, U, makeWorld, refusesCleanly } from './support/world.js';

test('createCategory: admin only, unique names across categories and rooms, creators in scope', async () => {
  const w = await makeWorld();
  const admin = await w.actor(U.admin);
  assert.match(w.it.uri, /^ma-cat:\/\/example\.test\//);
  assert.equal(w.it.chatHistory, true);
  await refusesCleanly(w.store, 'ErrorPermission', () =>
    w.actor(U.carol).then((a) => createCategory(w, a, { name: 'X' })),
  );
  await refusesCleanly(w.store, 'DuplicateName', () => createCategory(w, admin, { name: 'it' }));
  await refusesCleanly(w.store, 'DuplicateName', () => createCategory(w, admin, { name: 'Help Desk' }));
  await refusesCleanly(w.store, 'PrincipalsNotInScope', () =>
    createCategory(w, admin, { name: 'X', allowedMembers: [DOM], creators: [U.eve] }),
  );
  await refusesCleanly(w.store, 'NoSuchPrincipal', () =>
    createCategory(w, admin, { name: 'X', allowedMembers: ['ma-grp:nope@u.g'] }),
  );
  await refusesCleanly(w.store, 'NodeHierarchyViolation', () =>
    updateCategory(w, admin, w.root.id, 1, { description: 'x' }),
  );
});

test('updateCategory: narrowing the scope purges role entries and creators out of it (D-6)', async () => {
  const w = await makeWorld();
  const admin = await w.actor(U.admin);
  await refusesCleanly(w.store, 'DataCollision', () =>
    updateCategory(w, admin, w.it.id, 9, { description: 'x' }),
  );
  const c = await updateCategory(w, admin, w.it.id, 1, { deniedMembers: { add: [U.mary, U.carol] } });
  assert.deepEqual(c.deniedMembers, [G_TRADERS, U.mary, U.carol]);
  assert.deepEqual(c.creators, []);
  const r = await w.store.rooms.getRoom(w.helpDesk.id);
  assert.deepEqual(r?.members, [U.mike]);
  assert.deepEqual(r?.managers, [U.mike]);
  const ev = w.events.list.find((e) => e.type === 'MembersRemoved');
  assert.ok(ev && ev.type === 'MembersRemoved' && ev.reason === 'scopeNarrowed');
  assert.deepEqual(ev.members, [U.mary]);
  // Explicit new creators out of scope are refused, not silently dropped.
  await refusesCleanly(w.store, 'PrincipalsNotInScope', () =>
    updateCategory(w, admin, w.it.id, 2, { creators: { add: [U.ted] } }),
  );
});

test('deleteCategory: NotEmpty with the count, then succeeds once empty (PC-43)', async () => {
  const w = await makeWorld();
  const admin = await w.actor(U.admin);
  const e = await refusesCleanly(w.store, 'NotEmpty', () => deleteCategory(w, admin, w.it.id, 1));
  assert.match(e.message, /1 room\b/);
  await refusesCleanly(w.store, 'NoSuchNode', () => deleteCategory(w, admin, 'nope', 1));
  await deleteCategory(w, admin, w.sales.id, 1);
  assert.equal(await w.store.rooms.getCategory(w.sales.id), null);
});

test('add-ins: unique names per pool, rooms lose a deleted add-in (PC-18)', async () => {
  const w = await makeWorld();
  const admin = await w.actor(U.admin);
  const a = await createAddin(w, admin, { name: 'Wiki', url: 'https://wiki.example.test/' });
  await refusesCleanly(w.store, 'DuplicateAddinName', () =>
    createAddin(w, admin, { name: 'wiki', url: 'https://x.example.test/' }),
  );
  await refusesCleanly(w.store, 'InvalidArgument', () =>
    createAddin(w, admin, { name: 'Bad', url: 'ftp://x' }),
  );
  await refusesCleanly(w.store, 'ErrorPermission', () =>
    w.actor(U.mike).then((m) => createAddin(w, m, { name: 'M', url: 'https://m.example.test/' })),
  );
  const b = await createAddin(w, admin, { name: 'Board', url: 'https://b.example.test/' });
  await refusesCleanly(w.store, 'DuplicateAddinName', () => updateAddin(w, admin, b.id, 1, { name: 'WIKI' }));
  const r = await updateRoom(w, await w.actor(U.mike), w.helpDesk.id, 1, { addinId: a.id });
  assert.equal(r.addinId, a.id);
  await deleteAddin(w, admin, a.id);
  assert.equal((await w.store.rooms.getRoom(r.id))?.addinId, null);
  await refusesCleanly(w.store, 'NoSuchNode', () =>
    w.actor(U.mike).then((m) => updateRoom(w, m, r.id, 3, { addinId: 'gone' })),
  );
});

test('creating a room with the name of an existing category refuses; a category cannot take a room name either', async () => {
  const w = await makeWorld();
  // A user is never shown categories by name: the clash is "not available", as for a hidden Secret room.
  await refusesCleanly(w.store, 'InvalidArgument', () =>
    w.actor(U.carol).then((c) => createRoom(w, c, { categoryId: w.it.id, name: 'IT' })),
  );
  await refusesCleanly(w.store, 'DuplicateName', () =>
    w.actor(U.admin).then((a) => updateCategory(w, a, w.sales.id, 1, { name: 'help desk' })),
  );
});
