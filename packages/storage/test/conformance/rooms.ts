// RoomStore contracts: round trips, case-insensitive names per pool, optimistic concurrency.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DriverUnderTest } from './harness.js';
import { addin, category, msg, POOL, room } from './fixtures.js';
import { rejectsWith } from './expect.js';
import { withStore } from './with-store.js';

export function roomContracts(d: DriverUnderTest): void {
  describe('categories', () => {
    it('round-trip, lookup by name (any case), list by pool ordered by name', () =>
      withStore(d, async (s) => {
        const b = category('Beta');
        const a = category('alpha', { deniedMembers: ['sip:x@example.test'] });
        const o = category('Other', { poolFqdn: 'pool2.example.test' });
        for (const c of [b, a, o]) await s.rooms.insertCategory(c);
        assert.deepEqual(await s.rooms.getCategory(a.id), a);
        assert.deepEqual(await s.rooms.getCategoryByName(POOL.toUpperCase(), 'ALPHA'), a);
        assert.equal(await s.rooms.getCategoryByName('pool2.example.test', 'alpha'), null);
        assert.deepEqual(
          (await s.rooms.listCategories(POOL)).map((c) => c.name),
          ['alpha', 'Beta'],
        );
        assert.equal((await s.rooms.listCategories()).length, 3);
      }));

    it('DuplicateName on a clash in the pool (insert and rename); other pools are free', () =>
      withStore(d, async (s) => {
        const a = category('Sales');
        await s.rooms.insertCategory(a);
        await rejectsWith(() => s.rooms.insertCategory(category('SALES')), 'DuplicateName');
        await s.rooms.insertCategory(category('sales', { poolFqdn: 'pool2.example.test' }));
        const b = category('Support');
        await s.rooms.insertCategory(b);
        await rejectsWith(() => s.rooms.updateCategory({ ...b, name: 'sales' }, 1), 'DuplicateName');
        assert.deepEqual(await s.rooms.getCategory(b.id), b);
      }));

    it('update stores version + 1; a stale version is a DataCollision that changes nothing', () =>
      withStore(d, async (s) => {
        const c = category('Eng');
        await s.rooms.insertCategory(c);
        const u = await s.rooms.updateCategory({ ...c, description: 'v2' }, 1);
        assert.equal(u.version, 2);
        assert.deepEqual(await s.rooms.getCategory(c.id), u);
        await rejectsWith(() => s.rooms.updateCategory({ ...c, description: 'stale' }, 1), 'DataCollision');
        assert.deepEqual(await s.rooms.getCategory(c.id), u);
        await rejectsWith(() => s.rooms.updateCategory(category('ghost'), 1), 'NoSuchNode');
        await rejectsWith(() => s.rooms.deleteCategory(c.id, 1), 'DataCollision');
        assert.ok(await s.rooms.getCategory(c.id));
        await s.rooms.deleteCategory(c.id, 2);
        assert.equal(await s.rooms.getCategory(c.id), null);
        await rejectsWith(() => s.rooms.deleteCategory(c.id, 2), 'NoSuchNode');
      }));
  });

  describe('rooms', () => {
    it('round-trip keeps list order; lookup by name (any case); countRooms', () =>
      withStore(d, async (s) => {
        const r = room('Help Desk', {
          categoryId: 'cat-a',
          members: ['sip:z@example.test', 'ma-grp:g@u.g', 'sip:a@example.test'],
          presenters: ['sip:z@example.test'],
        });
        await s.rooms.insertRoom(r);
        await s.rooms.insertRoom(room('Other', { categoryId: 'cat-a' }));
        assert.deepEqual(await s.rooms.getRoom(r.id), r);
        assert.deepEqual(await s.rooms.getRoomByName(POOL, 'help DESK'), r);
        assert.equal(await s.rooms.getRoom('nope'), null);
        assert.equal(await s.rooms.countRooms('cat-a'), 2);
        assert.equal(await s.rooms.countRooms('cat-b'), 0);
      }));

    it('DuplicateRoomName on a clash in the pool (insert and rename); other pools are free', () =>
      withStore(d, async (s) => {
        const r = room('Help Desk');
        await s.rooms.insertRoom(r);
        await rejectsWith(() => s.rooms.insertRoom(room('HELP desk')), 'DuplicateRoomName');
        await s.rooms.insertRoom(room('help desk', { poolFqdn: 'pool2.example.test' }));
        const o = room('Other');
        await s.rooms.insertRoom(o);
        await rejectsWith(() => s.rooms.updateRoom({ ...o, name: 'Help desk' }, 1), 'DuplicateRoomName');
        assert.deepEqual(await s.rooms.getRoom(o.id), o);
        const renamed = await s.rooms.updateRoom({ ...r, name: 'HELP DESK' }, 1);
        assert.equal(renamed.name, 'HELP DESK');
      }));

    it('update: version + 1, stale version changes nothing, unknown id NoSuchNode', () =>
      withStore(d, async (s) => {
        const r = room('R');
        await s.rooms.insertRoom(r);
        const u = await s.rooms.updateRoom({ ...r, members: ['sip:carol@example.test'], disabled: true }, 1);
        assert.equal(u.version, 2);
        assert.deepEqual(await s.rooms.getRoom(r.id), u);
        await rejectsWith(() => s.rooms.updateRoom({ ...r, description: 'stale' }, 1), 'DataCollision');
        assert.deepEqual(await s.rooms.getRoom(r.id), u);
        assert.deepEqual(
          (await s.rooms.listRooms({ memberAnyOf: ['sip:carol@example.test'] })).map((x) => x.id),
          [r.id],
        );
        assert.deepEqual(await s.rooms.listRooms({ memberAnyOf: ['sip:bob@example.test'] }), []);
        await rejectsWith(() => s.rooms.updateRoom(room('ghost'), 1), 'NoSuchNode');
      }));

    it('listRooms filters, ANDed, ordered by name (case-insensitive) then id, paged', () =>
      withStore(d, async (s) => {
        const a = room('alpha', {
          description: 'Sales talk',
          privacy: 'Open',
          categoryId: 'c1',
          managers: ['ma-grp:mgrs@u.g'],
        });
        const b = room('Beta', { type: 'Auditorium', disabled: true, addinId: 'ad1', categoryId: 'c1' });
        const c = room('gamma', {
          invitations: 'False',
          members: ['ma-ou:example.test/sales'],
          categoryId: 'c2',
        });
        const x = room('Delta', { poolFqdn: 'pool2.example.test' });
        for (const r of [c, b, a, x]) await s.rooms.insertRoom(r);
        const names = async (f: Parameters<typeof s.rooms.listRooms>[0]) =>
          (await s.rooms.listRooms(f)).map((r) => r.name);
        assert.deepEqual(await names({}), ['alpha', 'Beta', 'Delta', 'gamma']);
        assert.deepEqual(await names({ poolFqdn: POOL }), ['alpha', 'Beta', 'gamma']);
        assert.deepEqual(await names({ categoryId: 'c1' }), ['alpha', 'Beta']);
        assert.deepEqual(await names({ text: 'ALP' }), ['alpha']);
        assert.deepEqual(await names({ text: 'sales' }), []);
        assert.deepEqual(await names({ text: 'sales', searchDescription: true }), ['alpha']);
        assert.deepEqual(await names({ disabled: true }), ['Beta']);
        assert.deepEqual(await names({ disabled: false, poolFqdn: POOL }), ['alpha', 'gamma']);
        assert.deepEqual(await names({ privacy: 'Open' }), ['alpha']);
        assert.deepEqual(await names({ type: 'Auditorium' }), ['Beta']);
        assert.deepEqual(await names({ addinId: 'ad1' }), ['Beta']);
        assert.deepEqual(await names({ invitations: 'False' }), ['gamma']);
        assert.deepEqual(
          await names({ memberAnyOf: ['sip:nobody@example.test', 'ma-ou:example.test/sales'] }),
          ['gamma'],
        );
        assert.deepEqual(await names({ managerAnyOf: ['ma-grp:mgrs@u.g'] }), ['alpha']);
        assert.deepEqual(await names({ memberAnyOf: [] }), []);
        assert.deepEqual(await names({ limit: 2, offset: 1 }), ['Beta', 'Delta']);
        assert.deepEqual(await names({ offset: 3 }), ['gamma']);
      }));

    it('deleteRoom removes the room with its messages and invitations; unknown id NoSuchNode', () =>
      withStore(d, async (s) => {
        const r = room('Doomed');
        await s.rooms.insertRoom(r);
        await s.messages.append(msg(r.id, 'hello doomed world'));
        await s.invitations.create('sip:bob@example.test', r.id, 1);
        await s.rooms.deleteRoom(r.id);
        assert.equal(await s.rooms.getRoom(r.id), null);
        assert.equal(await s.messages.count(r.id), 0);
        assert.deepEqual(await s.invitations.listAfter('sip:bob@example.test', 0, 10), []);
        await rejectsWith(() => s.rooms.deleteRoom(r.id), 'NoSuchNode');
        // A room re-created with the same id starts its ids at 1 again, and search does not see old text.
        await s.rooms.insertRoom(r);
        assert.equal((await s.messages.append(msg(r.id, 'fresh'))).id, 1);
        const [res] = await s.messages.search({
          roomIds: [r.id],
          searchString: 'doomed',
          matchExactPhrase: false,
          matchCaseSensitive: false,
          matchAll: true,
          authors: [],
          dateBeginning: null,
          dateEnding: null,
          startingMessageId: null,
          searchOrderReversed: false,
          sortOrderReversed: false,
          resultLimit: 10,
        });
        assert.equal(res?.totalCount, 0);
      }));
  });

  describe('add-ins', () => {
    it('round-trip, DuplicateAddinName per pool, versioned update, delete', () =>
      withStore(d, async (s) => {
        const a = addin('Wiki');
        await s.rooms.insertAddin(a);
        assert.deepEqual(await s.rooms.getAddin(a.id), a);
        assert.deepEqual(await s.rooms.getAddinByName(POOL, 'WIKI'), a);
        await rejectsWith(() => s.rooms.insertAddin(addin('wiki')), 'DuplicateAddinName');
        const b = addin('Board');
        await s.rooms.insertAddin(b);
        assert.deepEqual(
          (await s.rooms.listAddins(POOL)).map((x) => x.name),
          ['Board', 'Wiki'],
        );
        await rejectsWith(() => s.rooms.updateAddin({ ...b, name: 'WIKI' }, 1), 'DuplicateAddinName');
        const u = await s.rooms.updateAddin({ ...b, url: 'https://new.test' }, 1);
        assert.equal(u.version, 2);
        await rejectsWith(() => s.rooms.updateAddin({ ...b, url: 'https://stale.test' }, 1), 'DataCollision');
        assert.deepEqual(await s.rooms.getAddin(b.id), u);
        await s.rooms.deleteAddin(b.id);
        assert.equal(await s.rooms.getAddin(b.id), null);
        await rejectsWith(() => s.rooms.deleteAddin(b.id), 'NoSuchNode');
      }));
  });
}
