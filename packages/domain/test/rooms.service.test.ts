// Room services over the Store port (in-memory here; the storage engineer runs them on SQLite/PostgreSQL).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRoom, deleteRoom, updateRoom, can } from '../src/index.js';
import { G_HELP, G_TRADERS, OU_EMEA, U, makeWorld, refusesCleanly } from './support/world.js';

test('createRoom: defaults, URI, creator becomes a manager (PC-01, PC-03, PC-33)', async () => {
  const w = await makeWorld();
  const r = w.helpDesk;
  assert.match(r.uri, /^ma-chan:\/\/example\.test\/[0-9a-f-]+$/);
  assert.equal(r.privacy, 'Closed');
  assert.equal(r.type, 'Normal');
  assert.equal(r.invitations, 'Inherit');
  assert.deepEqual(r.managers, [U.carol, U.mike]);
  assert.deepEqual(r.members, [U.mary, U.mike]);
  assert.equal(r.version, 1);
});

test('createRoom: invitations for members when the effective setting is on (PC-12)', async () => {
  const w = await makeWorld();
  const invMary = await w.store.invitations.listAfter(U.mary, 0, 10);
  assert.deepEqual(
    invMary.map((i) => i.roomId),
    [w.helpDesk.id],
  );
  // A group entry expands into its users; the creator is not invited to their own room.
  const r = await createRoom(w, await w.actor(U.carol), {
    categoryId: w.it.id,
    name: 'Ops',
    members: [G_HELP, U.carol],
  });
  assert.deepEqual(
    (await w.store.invitations.listAfter(U.bob, 0, 10)).map((i) => i.roomId),
    [r.id],
  );
  assert.deepEqual(await w.store.invitations.listAfter(U.carol, 0, 10), []);
  const ev = w.events.list.find((e) => e.type === 'InvitationsCreated');
  assert.ok(ev && ev.type === 'InvitationsCreated' && ev.invitations.length === 2);
});

test('createRoom refusals leave nothing behind', async () => {
  const w = await makeWorld();
  const carol = await w.actor(U.carol);
  // PC-01: name clashes with a room and with a category (case-insensitive).
  await refusesCleanly(w.store, 'DuplicateRoomName', () =>
    createRoom(w, carol, { categoryId: w.it.id, name: 'help desk' }),
  );
  // A category's name is "not available" to a user, the answer a hidden Secret room's name gets too.
  await refusesCleanly(w.store, 'InvalidArgument', () =>
    createRoom(w, carol, { categoryId: w.it.id, name: 'Sales' }),
  );
  await refusesCleanly(w.store, 'LimitExceeded', () =>
    createRoom(w, carol, { categoryId: w.it.id, name: 'x'.repeat(257) }),
  );
  await refusesCleanly(w.store, 'InvalidArgument', () =>
    createRoom(w, carol, { categoryId: w.it.id, name: '  ' }),
  );
  // PC-30: not in the root; PC-33: only creators.
  await refusesCleanly(w.store, 'NodeHierarchyViolation', () =>
    createRoom(w, carol, { categoryId: w.root.id, name: 'R' }),
  );
  await refusesCleanly(w.store, 'ErrorPermission', () =>
    createRoom(w, carol, { categoryId: w.sales.id, name: 'R' }),
  );
  await refusesCleanly(w.store, 'NoSuchNode', () => createRoom(w, carol, { categoryId: 'nope', name: 'R' }));
  // PC-32: role holders in scope, known, presenters are members.
  const e = await refusesCleanly(w.store, 'PrincipalsNotInScope', () =>
    createRoom(w, carol, { categoryId: w.it.id, name: 'R', members: [U.mary, U.ted, U.eve] }),
  );
  assert.match(e.message, /sip:ted@example\.test, sip:eve@other\.test/);
  assert.match(e.message, /category 'IT'/);
  await refusesCleanly(w.store, 'NoSuchPrincipal', () =>
    createRoom(w, carol, { categoryId: w.it.id, name: 'R', members: ['sip:ghost@example.test'] }),
  );
  await refusesCleanly(w.store, 'PresenterNotInMemList', () =>
    createRoom(w, carol, { categoryId: w.it.id, name: 'R', type: 'Auditorium', presenters: [U.bob] }),
  );
  await refusesCleanly(w.store, 'NotAUserPrincipal', () =>
    createRoom(w, carol, { categoryId: w.it.id, name: 'R', members: [U.app] }),
  );
  await refusesCleanly(w.store, 'InvalidArgument', () =>
    createRoom(w, carol, { categoryId: w.it.id, name: 'R', privacy: 'Hidden' as never }),
  );
});

test('createRoom: a presenter who is a member through a group is accepted (PC-04)', async () => {
  const w = await makeWorld();
  const r = await createRoom(w, await w.actor(U.carol), {
    categoryId: w.it.id,
    name: 'Town Hall',
    type: 'Auditorium',
    members: [G_HELP],
    presenters: [U.bob],
  });
  assert.deepEqual(r.presenters, [U.bob]);
});

test('updateRoom: list edits, scope checks and the presenter cascade (PC-04, PC-32)', async () => {
  const w = await makeWorld();
  const mike = await w.actor(U.mike);
  let r = await updateRoom(w, mike, w.helpDesk.id, 1, { type: 'Auditorium', presenters: { add: [U.mary] } });
  assert.equal(r.version, 2);
  assert.deepEqual(r.presenters, [U.mary]);
  // Removing a member also removes them as presenter, and is announced for the kick (PC-05).
  r = await updateRoom(w, mike, r.id, 2, { members: { remove: [U.mary] } });
  assert.deepEqual(r.members, [U.mike]);
  assert.deepEqual(r.presenters, []);
  const ev = w.events.list.find((e) => e.type === 'MembersRemoved');
  assert.ok(ev && ev.type === 'MembersRemoved');
  assert.deepEqual([ev.members, ev.presenters, ev.reason], [[U.mary], [U.mary], 'edit']);
  // Members in an OU count (PC-04 OU entries).
  r = await updateRoom(w, mike, r.id, 3, { members: { add: [OU_EMEA] } });
  assert.deepEqual(r.members, [U.mike, OU_EMEA]);
  assert.ok(can(await w.actor(U.emma), 'room.join', { room: r, category: w.it }).allowed);
});

test('updateRoom refusals leave nothing behind', async () => {
  const w = await makeWorld();
  const mike = await w.actor(U.mike);
  const id = w.helpDesk.id;
  await refusesCleanly(w.store, 'NoSuchNode', () => updateRoom(w, mike, 'nope', 1, { description: 'x' }));
  await refusesCleanly(w.store, 'DataCollision', () => updateRoom(w, mike, id, 7, { description: 'x' }));
  const e = await refusesCleanly(w.store, 'PrincipalsNotInScope', () =>
    updateRoom(w, mike, id, 1, { members: { add: [U.bob, G_TRADERS] }, description: 'changed' }),
  );
  assert.deepEqual(
    e instanceof Error && 'details' in e
      ? (e as { details: { principals: string[] } }).details.principals
      : null,
    [G_TRADERS],
  );
  await refusesCleanly(w.store, 'NoSuchPrincipal', () =>
    updateRoom(w, mike, id, 1, { managers: { add: ['sip:nobody@example.test'] } }),
  );
  await refusesCleanly(w.store, 'PresenterNotInMemList', () =>
    updateRoom(w, mike, id, 1, { presenters: { add: [U.bob] } }),
  );
  await refusesCleanly(w.store, 'InvalidArgument', () => updateRoom(w, mike, id, 1, { name: 'IT' }));
  // A plain member may not manage; an outsider does not learn that a Secret room exists.
  await refusesCleanly(w.store, 'ErrorPermission', () =>
    w.actor(U.mary).then((a) => updateRoom(w, a, id, 1, { description: 'x' })),
  );
  await updateRoom(w, mike, id, 1, { privacy: 'Secret' });
  await refusesCleanly(w.store, 'NoSuchNode', () =>
    w.actor(U.bob).then((a) => updateRoom(w, a, id, 2, { description: 'x' })),
  );
  // Managers cannot delete (PC-14); admins can.
  await refusesCleanly(w.store, 'ErrorPermission', () => deleteRoom(w, mike, id));
  await deleteRoom(w, await w.actor(U.admin), id);
  assert.equal(await w.store.rooms.getRoom(id), null);
  assert.ok(w.events.list.some((x) => x.type === 'RoomDeleted'));
});

test('updateRoom: managers disable and re-enable; events for PC-14', async () => {
  const w = await makeWorld();
  const mike = await w.actor(U.mike);
  const r = await updateRoom(w, mike, w.helpDesk.id, 1, { disabled: true });
  assert.ok(w.events.list.some((e) => e.type === 'RoomDisabled'));
  assert.equal(can(await w.actor(U.mary), 'room.join', { room: r, category: w.it }).allowed, false);
  const back = await updateRoom(w, mike, r.id, 2, { disabled: false });
  assert.equal(back.disabled, false);
  assert.ok(w.events.list.some((e) => e.type === 'RoomEnabled'));
});

test('updateRoom: move only into a category where the manager is a creator; out-of-scope entries are purged (PC-34)', async () => {
  const w = await makeWorld();
  const carol = await w.actor(U.carol);
  const r0 = await createRoom(w, carol, {
    categoryId: w.it.id,
    name: 'Deals',
    members: [U.mike, U.emma, U.bob],
  });
  await refusesCleanly(w.store, 'ErrorPermission', () =>
    updateRoom(w, carol, r0.id, 1, { categoryId: w.sales.id }),
  );
  // mike is a creator of Sales (scope: OU sales + mike): add him as manager, then he moves the room.
  const r1 = await updateRoom(w, carol, r0.id, 1, { managers: { add: [U.mike] } });
  const moved = await updateRoom(w, await w.actor(U.mike), r0.id, r1.version, { categoryId: w.sales.id });
  assert.equal(moved.categoryId, w.sales.id);
  assert.deepEqual(moved.members, [U.mike, U.emma]); // bob is outside Sales' scope
  assert.deepEqual(moved.managers, [U.mike]); // carol too
  const ev = w.events.list.find((e) => e.type === 'MembersRemoved');
  assert.ok(ev && ev.type === 'MembersRemoved' && ev.reason === 'categoryChange');
  assert.deepEqual(ev.members, [U.bob]);
  assert.ok(w.events.list.some((e) => e.type === 'RoomMoved'));
  await refusesCleanly(w.store, 'NodeHierarchyViolation', () =>
    w.actor(U.admin).then((a) => updateRoom(w, a, r0.id, moved.version, { categoryId: w.root.id })),
  );
});
