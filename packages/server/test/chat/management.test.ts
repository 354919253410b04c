// Room management over XCCOS (PC-33, PC-34, PC-37; SDK ChatRoomManagementServices): nodespermcreatechild,
// pchat-createroom, pchat-updateroom, pchat-getroom, pchat-getperms, each success and each refusal.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RoomDetails, RoomSummary } from '@pchat/protocol';
import { sip, type Client, type Kit } from './kit.js';
import { call, managementKit, ok, refused, withoutUri, type ManagementWorld } from './management-kit.js';

const MISSING = 'ma-chan://example.test/no-such-room';

describe('room management over XCCOS', () => {
  let w: ManagementWorld;
  let kit: Kit;
  before(async () => {
    w = await managementKit();
    kit = w.kit;
  });
  after(() => kit.close());

  async function create(c: Client, name: string, extra: Partial<RoomDetails> = {}): Promise<string> {
    const r = await call(c, {
      type: 'pchat-createroom',
      room: { name, categoryUri: w.workshop.uri, ...extra },
    });
    return ok(r, 'pchat-createroom').uri;
  }
  async function details(c: Client, uri: string): Promise<RoomDetails> {
    return ok(await call(c, { type: 'pchat-getroom', uri }), 'pchat-getroom').room;
  }

  it('nodespermcreatechild lists the categories where the caller is a Creator, never the root (PC-33)', async () => {
    const names = async (who: string): Promise<string[]> => {
      const r = await call(await kit.connect(who), { type: 'nodespermcreatechild' });
      return ok(r, 'nodespermcreatechild')
        .categories.map((c) => c.name)
        .sort();
    };
    assert.deepEqual(await names('alice'), ['Labs', 'Workshop']);
    assert.deepEqual(await names('bob'), [], 'no rights: an empty answer');
    assert.deepEqual(await names('mallory'), []);
    assert.deepEqual(
      await names('admin'),
      ['Announcements', 'General', 'Labs', 'Projects', 'Workshop'],
      'PC-35',
    );
    const carol = await kit.connect('carol');
    assert.deepEqual(
      ok(await call(carol, { type: 'nodespermcreatechild' }), 'nodespermcreatechild').categories,
      [{ uri: w.workshop.uri, name: 'Workshop', description: 'make things' }],
    );
  });

  it('a Creator creates a room, becomes its manager, and finds it in its category and among the rooms they manage', async () => {
    const alice = await kit.connect('alice');
    const uri = await create(alice, 'Forge', {
      description: 'hot metal',
      privacy: 'closed',
      members: [sip('alice'), sip('bob')],
    });
    assert.match(uri, /^ma-chan:\/\/example\.test\//);
    const forge = await details(alice, uri);
    assert.equal(typeof forge.version, 'number');
    assert.deepEqual(forge, {
      uri,
      version: forge.version,
      name: 'Forge',
      categoryUri: w.workshop.uri,
      description: 'hot metal',
      privacy: 'closed',
      behavior: 'normal',
      invitations: 'inherit',
      disabled: false,
      members: [sip('alice'), sip('bob')],
      managers: [sip('alice')],
      presenters: [],
    });
    const inCategory = ok(
      await call(alice, { type: 'chansrch', query: { qtype: 'BYCAT', categoryUri: w.workshop.uri } }),
      'chansrch',
    );
    assert.ok(inCategory.rooms.some((r: RoomSummary) => r.uri === uri));
    const managed = ok(await call(alice, { type: 'chansrch', query: { qtype: 'MANAGED' } }), 'chansrch');
    assert.ok(managed.rooms.some((r: RoomSummary) => r.uri === uri));
    assert.equal((await alice.join({ uri } as never)).code, 200, 'a member joins it');
  });

  it('creation refusals: rights, category, name, scope, presenters, principals, topic, dialog', async () => {
    const alice = await kit.connect('alice');
    const bob = await kit.connect('bob');
    const carol = await kit.connect('carol');
    const attempt = (c: Client, name: string, extra: Partial<RoomDetails> = {}) =>
      call(c, { type: 'pchat-createroom', room: { name, categoryUri: w.workshop.uri, ...extra } });
    refused(await attempt(bob, 'Nope 1'), 403, 'ErrorPermission'); // not a Creator (PC-33)
    refused(await attempt(alice, 'Nope 2', { categoryUri: kit.world.general.uri }), 403, 'ErrorPermission'); // Creator elsewhere only
    refused(
      await attempt(alice, 'Nope 3', { categoryUri: 'ma-cat://example.test/no-such-category' }),
      404,
      'NoSuchNode',
    );
    refused(
      await attempt(alice, 'Nope 4', { categoryUri: `ma-cat://other.test/${w.workshop.id}` }),
      404,
      'NoSuchNode',
    );
    refused(
      await attempt(alice, 'Nope 5', { categoryUri: 'ma-cat://example.test/root' }),
      400,
      'NodeHierarchyViolation',
    ); // PC-30
    refused(await attempt(alice, 'lobby'), 409, 'DuplicateRoomName'); // PC-01, case-insensitive
    // A Secret room the user may not see answers as any name she may not see (docs/security.md).
    refused(await attempt(carol, 'Hidden Den'), 400, 'InvalidArgument');
    refused(
      await attempt(alice, 'Nope 6', { members: [sip('bob'), sip('mallory')] }),
      400,
      'PrincipalsNotInScope',
    ); // PC-32
    refused(
      await attempt(alice, 'Nope 7', { members: [sip('alice')], presenters: [sip('bob')] }),
      400,
      'PresenterNotInMemList',
    ); // PC-04
    refused(await attempt(alice, 'Nope 8', { managers: [sip('ghost')] }), 404, 'NoSuchPrincipal');
    refused(
      await attempt(alice, 'Nope 9', { description: 'the description', topic: 'another topic' }),
      400,
      'InvalidArgument',
    );
    refused(await attempt(alice, '   '), 400, 'InvalidArgument');
    refused(await attempt(alice, 'x'.repeat(257)), 413, 'LimitExceeded');
    refused(await attempt(alice, 'Nope 10', { addinId: 'no-such-addin' }), 404, 'NoSuchNode');
    const lookup = await kit.connect('alice', { dialog: 'lookup' });
    refused(await attempt(lookup, 'Nope 11'), 409, 'InvalidFlowOfOperations');
    for (let i = 1; i <= 11; i++)
      assert.equal(await kit.store.rooms.getRoomByName(w.workshop.poolFqdn, `Nope ${i}`), null);
    // A topic equal to the description is what rpl:join shows anyway: accepted.
    await create(alice, 'Topical', { description: 'same words', topic: 'same words' });
  });

  it('a manager updates settings and role lists; a member removed while joined is removed from the room (PC-34, PC-05)', async () => {
    const alice = await kit.connect('alice');
    const bob = await kit.connect('bob');
    const uri = await create(alice, 'Anvil', { members: [sip('alice'), sip('bob')] });
    assert.equal((await bob.join({ uri } as never)).code, 200);
    bob.clear();
    const before = await details(alice, uri);
    const r = await call(alice, {
      type: 'pchat-updateroom',
      room: {
        ...before,
        description: 'heavy',
        behavior: 'auditorium',
        members: [sip('alice')],
        presenters: [sip('alice')],
      },
    });
    assert.equal(ok(r, 'pchat-updateroom').uri, uri);
    await kit.service.events.idle();
    assert.ok(
      bob.notices('part').some((n) => n.type === 'part' && n.uri === uri && n.users.includes(sip('bob'))),
      'bob left the room (PC-05)',
    );
    const after = await details(alice, uri);
    assert.equal(after.description, 'heavy');
    assert.equal(after.behavior, 'auditorium');
    assert.deepEqual(after.members, [sip('alice')]);
    assert.deepEqual(after.presenters, [sip('alice')]);
    assert.deepEqual(after.managers, [sip('alice')], 'a missing role list is unchanged');
    // Renaming onto a taken name: DuplicateRoomName; the room keeps its name.
    refused(
      await call(alice, { type: 'pchat-updateroom', room: { ...after, name: 'Team Room' } }),
      409,
      'DuplicateRoomName',
    );
    assert.equal((await details(alice, uri)).name, 'Anvil');
  });

  it('update refusals: not a manager is ErrorPermission; a Secret room of others answers as a missing room', async () => {
    const bob = await kit.connect('bob');
    const team = kit.world.closed;
    const room = {
      uri: team.uri,
      name: team.name,
      categoryUri: kit.world.general.uri,
      description: 'taken over',
    };
    refused(await call(bob, { type: 'pchat-updateroom', room }), 403, 'ErrorPermission');
    const secret = await call(bob, {
      type: 'pchat-updateroom',
      room: { ...room, uri: kit.world.secret.uri },
    });
    const missing = await call(bob, { type: 'pchat-updateroom', room: { ...room, uri: MISSING } });
    refused(secret, 404, 'NoSuchNode');
    refused(missing, 404, 'NoSuchNode');
    assert.equal(withoutUri(secret.text, kit.world.secret.uri), withoutUri(missing.text, MISSING));
    for (const type of ['pchat-getroom', 'pchat-getperms'] as const) {
      const s = await call(bob, { type, uri: kit.world.secret.uri });
      const m = await call(bob, { type, uri: MISSING });
      refused(s, 404, 'NoSuchNode');
      assert.equal(withoutUri(s.text, kit.world.secret.uri), withoutUri(m.text, MISSING), type);
    }
    assert.equal((await kit.store.rooms.getRoom(team.id))?.description, 'the team', 'nothing changed');
  });

  it('getroom carries the room version; create and update answer with the version after the write (PC-28)', async () => {
    const alice = await kit.connect('alice');
    const created = ok(
      await call(alice, { type: 'pchat-createroom', room: { name: 'Bellows', categoryUri: w.workshop.uri } }),
      'pchat-createroom',
    );
    const stored = (await kit.store.rooms.getRoomByName(w.workshop.poolFqdn, 'Bellows'))!;
    assert.equal(created.version, stored.version);
    const read = await details(alice, created.uri);
    assert.equal(read.version, stored.version);
    const updated = ok(
      await call(alice, { type: 'pchat-updateroom', room: { ...read, description: 'air' } }),
      'pchat-updateroom',
    );
    const after = (await kit.store.rooms.getRoom(stored.id))!;
    assert.equal(updated.version, after.version);
    assert.ok(after.version > stored.version);
    assert.equal((await details(alice, created.uri)).version, after.version);
    // The version in the reply is the one to send next: a chain of updates needs no re-read.
    ok(
      await call(alice, {
        type: 'pchat-updateroom',
        room: { ...read, description: 'more air', version: updated.version! },
      }),
      'pchat-updateroom',
    );
  });

  it('two managers read the same room; the second update, made with the stale version, is DataCollision and changes nothing (PC-28)', async () => {
    const alice = await kit.connect('alice');
    const admin = await kit.connect('admin'); // PC-35: administrators manage every room
    const uri = await create(alice, 'Crucible', { description: 'as created' });
    const mine = await details(alice, uri);
    const theirs = await details(admin, uri);
    assert.equal(mine.version, theirs.version);
    ok(
      await call(alice, { type: 'pchat-updateroom', room: { ...mine, description: 'first' } }),
      'pchat-updateroom',
    );
    const stale = await call(admin, {
      type: 'pchat-updateroom',
      room: { ...theirs, name: 'Crucible Two', description: 'second', privacy: 'secret' },
    });
    refused(stale, 409, 'DataCollision');
    assert.match(stale.text, /Refresh your copy/);
    const now = await details(alice, uri);
    assert.equal(now.name, 'Crucible', 'the stale update changed nothing');
    assert.equal(now.description, 'first', 'the first update was not overwritten');
    assert.equal(now.privacy, mine.privacy);
    // A fresh read carries the current version: the update goes through.
    ok(
      await call(admin, {
        type: 'pchat-updateroom',
        room: { ...(await details(admin, uri)), description: 'second' },
      }),
      'pchat-updateroom',
    );
    assert.equal((await details(alice, uri)).description, 'second');
    // Any write moves the version, a list edit of one's own included: a copy read before it is stale too.
    const before = await details(alice, uri);
    ok(
      await call(alice, { type: 'pchat-addrole', uri, role: 'member', principals: [sip('carol')] }),
      'pchat-addrole',
    );
    refused(
      await call(alice, { type: 'pchat-updateroom', room: { ...before, description: 'stale' } }),
      409,
      'DataCollision',
    );
    // A change made outside XCCOS (the admin API, another node) collides the same way.
    const read = await details(alice, uri);
    await kit.updateRoom((await kit.store.rooms.getRoomByName(w.workshop.poolFqdn, 'Crucible'))!, {
      description: 'the admin was here',
    });
    refused(
      await call(alice, { type: 'pchat-updateroom', room: { ...read, description: 'mine' } }),
      409,
      'DataCollision',
    );
    assert.equal((await details(alice, uri)).description, 'the admin was here');
  });

  it('legacy path: an update without a version (clients older than room versions) applies to the room as stored now', async () => {
    const alice = await kit.connect('alice');
    const uri = await create(alice, 'Tongs');
    const { version: _read, ...noVersion } = await details(alice, uri);
    void _read;
    const room = (await kit.store.rooms.getRoomByName(w.workshop.poolFqdn, 'Tongs'))!;
    await kit.updateRoom(room, { description: 'someone else' });
    const r = ok(
      await call(alice, { type: 'pchat-updateroom', room: { ...noVersion, description: 'last writer' } }),
      'pchat-updateroom',
    );
    assert.equal(r.version, (await kit.store.rooms.getRoom(room.id))!.version);
    assert.equal((await details(alice, uri)).description, 'last writer');
  });

  it('a manager moves a room only into a category where they are a Creator (PC-34); an admin anywhere (PC-35)', async () => {
    const alice = await kit.connect('alice');
    const uri = await create(alice, 'Kettle');
    const d = await details(alice, uri);
    ok(
      await call(alice, { type: 'pchat-updateroom', room: { ...d, categoryUri: w.labs.uri } }),
      'pchat-updateroom',
    );
    const moved = await details(alice, uri);
    assert.equal(moved.categoryUri, w.labs.uri);
    refused(
      await call(alice, { type: 'pchat-updateroom', room: { ...moved, categoryUri: kit.world.general.uri } }),
      403,
      'ErrorPermission',
    );
    refused(
      await call(alice, {
        type: 'pchat-updateroom',
        room: { ...moved, categoryUri: 'ma-cat://example.test/no-such-category' },
      }),
      404,
      'NoSuchNode',
    );
    assert.equal((await details(alice, uri)).categoryUri, w.labs.uri, 'the room stayed');
    const admin = await kit.connect('admin');
    const a = await details(admin, uri);
    ok(
      await call(admin, { type: 'pchat-updateroom', room: { ...a, categoryUri: kit.world.general.uri } }),
      'pchat-updateroom',
    );
    assert.equal((await details(alice, uri)).categoryUri, kit.world.general.uri);
  });

  it('getroom: managers see the role lists, others the settings; a disabled room is NodeDisabled except for its managers (PC-14, D-3)', async () => {
    const alice = await kit.connect('alice');
    const bob = await kit.connect('bob');
    const uri = await create(alice, 'Kiln', { members: [sip('alice'), sip('bob')], description: 'fire' });
    const seen = await details(bob, uri);
    assert.deepEqual(seen, {
      uri,
      version: seen.version,
      name: 'Kiln',
      categoryUri: w.workshop.uri,
      description: 'fire',
      privacy: 'closed',
      behavior: 'normal',
      invitations: 'inherit',
      disabled: false,
    });
    assert.equal((await bob.join({ uri } as never)).code, 200);
    bob.clear();
    ok(
      await call(alice, {
        type: 'pchat-updateroom',
        room: { ...(await details(alice, uri)), disabled: true },
      }),
      'pchat-updateroom',
    );
    await kit.service.events.idle();
    assert.ok(
      bob.notices('part').some((n) => n.type === 'part' && n.uri === uri),
      'disabling removed bob from the room',
    );
    refused(await call(bob, { type: 'pchat-getroom', uri }), 403, 'NodeDisabled');
    const d = await details(alice, uri);
    assert.equal(d.disabled, true);
    ok(await call(alice, { type: 'pchat-updateroom', room: { ...d, disabled: false } }), 'pchat-updateroom');
    assert.equal((await bob.join({ uri } as never)).code, 200, 're-enabled');
  });

  it("getperms: the caller's permission map (PC-37)", async () => {
    const perms = async (who: string, uri: string): Promise<string[]> =>
      ok(await call(await kit.connect(who), { type: 'pchat-getperms', uri }), 'pchat-getperms').permissions;
    assert.deepEqual(await perms('bob', kit.world.closed.uri), [
      'CanView',
      'CanJoin',
      'CanReadHistory',
      'CanChat',
    ]);
    assert.deepEqual(await perms('gina', kit.world.closed.uri), ['CanView'], 'in scope, not a member');
    assert.deepEqual(await perms('alice', kit.world.open.uri), [
      'CanView',
      'CanJoin',
      'CanReadHistory',
      'CanChat',
      'CanManageRoom',
    ]);
    assert.deepEqual(await perms('alice', kit.world.auditorium.uri), [
      'CanView',
      'CanJoin',
      'CanReadHistory',
      'CanAuditoriumChat',
    ]);
    assert.deepEqual(
      await perms('bob', kit.world.auditorium.uri),
      ['CanView', 'CanJoin', 'CanReadHistory'],
      'not a presenter',
    );
    refused(
      await call(await kit.connect('mallory'), { type: 'pchat-getperms', uri: kit.world.closed.uri }),
      404,
      'NoSuchNode',
    );
  });
});
