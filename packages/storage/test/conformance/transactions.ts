// Store.transaction() contracts, invitations, preferences, audit log and migrations.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openStore, SchemaTooNewError, type SqlStore } from '../../src/index.js';
import { MIGRATIONS } from '../../src/migrations/index.js';
import type { DriverUnderTest } from './harness.js';
import { category, msg, room, user } from './fixtures.js';
import { rejectsWith } from './expect.js';
import { withStore } from './with-store.js';

export function transactionContracts(d: DriverUnderTest): void {
  describe('transaction', () => {
    it('a throw rolls back every write, appends included', () =>
      withStore(d, async (s) => {
        const r = room('Kept');
        await s.rooms.insertRoom(r);
        await s.messages.append(msg(r.id, 'before'));
        const boom = new Error('boom');
        await assert.rejects(
          s.transaction(async (tx) => {
            await tx.directory.insert(user('ghost'));
            await tx.rooms.insertCategory(category('Ghost'));
            await tx.rooms.updateRoom({ ...r, description: 'changed' }, 1);
            await tx.messages.append(msg(r.id, 'inside'));
            await tx.invitations.create('sip:ghost@example.test', r.id, 1);
            await tx.preferences.set('sip:ghost@example.test', 'rooms', 'x');
            await tx.audit.append({
              at: 1,
              actor: 'sip:a@example.test',
              action: 'x',
              target: 'y',
              details: '{}',
            });
            await tx.transaction(async (inner) => inner.messages.append(msg(r.id, 'nested')));
            throw boom;
          }),
          (e) => e === boom,
        );
        assert.equal(await s.directory.get('sip:ghost@example.test'), null);
        assert.equal(await s.rooms.getCategoryByName(r.poolFqdn, 'Ghost'), null);
        assert.deepEqual(await s.rooms.getRoom(r.id), r);
        assert.deepEqual(
          (await s.messages.last(r.id, 10)).map((m) => m.text),
          ['before'],
        );
        assert.deepEqual(await s.invitations.listAfter('sip:ghost@example.test', 0, 10), []);
        assert.equal(await s.preferences.get('sip:ghost@example.test', 'rooms'), null);
        assert.deepEqual(await s.audit.list({ limit: 10 }), []);
        // The id counter rolled back too: the next append is 2.
        assert.equal((await s.messages.append(msg(r.id, 'after'))).id, 2);
      }));

    it('commits on success; nested calls join the outer transaction; a domain error inside rolls back', () =>
      withStore(d, async (s) => {
        const r = room('T');
        const out = await s.transaction(async (tx) => {
          await tx.rooms.insertRoom(r);
          const m1 = await tx.messages.append(msg(r.id, 'one'));
          const m2 = await tx.transaction(async (inner) => inner.messages.append(msg(r.id, 'two')));
          return [m1.id, m2.id];
        });
        assert.deepEqual(out, [1, 2]);
        assert.equal(await s.messages.count(r.id), 2);
        await rejectsWith(
          () =>
            s.transaction(async (tx) => {
              await tx.directory.insert(user('x1'));
              await tx.rooms.insertRoom(room('t'));
            }),
          'DuplicateRoomName',
        );
        assert.equal(await s.directory.get('sip:x1@example.test'), null);
      }));
  });

  describe('transaction misuse', () => {
    it('the root store used inside its own transaction() fails clearly instead of hanging', () =>
      withStore(d, async (s) => {
        const r = room('Guard');
        await s.rooms.insertRoom(r);
        const misuse = /root store was used inside its own transaction/;
        await assert.rejects(
          s.transaction(async () => s.rooms.getRoom(r.id)),
          misuse,
        );
        await assert.rejects(
          s.transaction(async () => s.messages.append(msg(r.id, 'x'))),
          misuse,
        );
        await assert.rejects(
          s.transaction(async () => s.rooms.updateRoom(r, 1)),
          misuse,
        );
        await assert.rejects(
          s.transaction(async () => s.transaction(async () => 1)),
          misuse,
        );
        // Afterwards, and concurrently from outside, the root store works.
        const inside = s.transaction(async (tx) => tx.rooms.updateRoom(r, 1));
        const outside = s.rooms.getRoom(r.id);
        assert.equal((await inside).version, 2);
        assert.ok(await outside);
        assert.equal((await s.messages.append(msg(r.id, 'ok'))).id, 1);
      }));
  });

  describe('invitations', () => {
    it('per-user strictly increasing invIds; listAfter is ascending and cursor-based', () =>
      withStore(d, async (s) => {
        const r1 = room('I1');
        const r2 = room('I2');
        await s.rooms.insertRoom(r1);
        await s.rooms.insertRoom(r2);
        const made = await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            s.invitations.create('sip:bob@example.test', i % 2 ? r1.id : r2.id, 100 + i),
          ),
        );
        assert.deepEqual(
          made.map((m) => m.invId).sort((a, b) => a - b),
          Array.from({ length: 20 }, (_, i) => i + 1),
        );
        const other = await s.invitations.create('sip:carol@example.test', r1.id, 5);
        assert.equal(other.invId, 1);
        const page = await s.invitations.listAfter('sip:bob@example.test', 5, 3);
        assert.deepEqual(
          page.map((p) => p.invId),
          [6, 7, 8],
        );
        const six = made.find((m) => m.invId === 6);
        assert.deepEqual(page[0], six);
        assert.deepEqual(await s.invitations.listAfter('sip:bob@example.test', 20, 10), []);
        await rejectsWith(() => s.invitations.create('sip:bob@example.test', 'no-room', 1), 'NoSuchNode');
      }));
  });

  describe('preferences', () => {
    it('sequence ids 1, 2, ...; a mismatched expected id is a DataCollision that changes nothing', () =>
      withStore(d, async (s) => {
        const u = 'sip:alice@example.test';
        assert.equal(await s.preferences.get(u, 'rooms'), null);
        assert.deepEqual(await s.preferences.set(u, 'rooms', 'a'), {
          userUri: u,
          label: 'rooms',
          sequenceId: 1,
          data: 'a',
        });
        assert.equal((await s.preferences.set(u, 'rooms', 'b', 1)).sequenceId, 2);
        await rejectsWith(() => s.preferences.set(u, 'rooms', 'stale', 1), 'DataCollision');
        assert.deepEqual(await s.preferences.get(u, 'rooms'), {
          userUri: u,
          label: 'rooms',
          sequenceId: 2,
          data: 'b',
        });
        assert.equal((await s.preferences.set(u, 'rooms', 'c')).sequenceId, 3);
        await rejectsWith(() => s.preferences.set(u, 'new', 'x', 4), 'DataCollision');
        assert.equal(await s.preferences.get(u, 'new'), null);
        assert.equal((await s.preferences.set(u, 'other', 'x', 0)).sequenceId, 1);
      }));

    it('count: the bundles of one user, whatever the case of the URI', () =>
      withStore(d, async (s) => {
        const u = 'sip:carol@example.test';
        assert.equal(await s.preferences.count(u), 0);
        await s.preferences.set(u, 'a', '1');
        await s.preferences.set(u, 'a', '2');
        await s.preferences.set('sip:Carol@example.test', 'b', '1');
        await s.preferences.set('sip:dan@example.test', 'a', '1');
        assert.equal(await s.preferences.count(u), 2);
        assert.equal(await s.preferences.count('SIP:CAROL@example.test'), 2);
      }));
  });

  describe('audit log', () => {
    it('appends and lists newest first, filtered by target and actor', () =>
      withStore(d, async (s) => {
        const e = (at: number, actor: string, target: string) => ({
          at,
          actor,
          action: 'Set-CsPersistentChatRoom',
          target,
          details: `{"n":${at}}`,
        });
        await s.audit.append(e(1, 'sip:a@example.test', 'room1'));
        await s.audit.append(e(2, 'sip:b@example.test', 'room1'));
        await s.audit.append(e(3, 'sip:a@example.test', 'room2'));
        assert.deepEqual(
          (await s.audit.list({ limit: 10 })).map((x) => x.at),
          [3, 2, 1],
        );
        assert.deepEqual(await s.audit.list({ target: 'room1', limit: 10 }), [
          e(2, 'sip:b@example.test', 'room1'),
          e(1, 'sip:a@example.test', 'room1'),
        ]);
        assert.deepEqual(
          (await s.audit.list({ actor: 'sip:a@example.test', limit: 1 })).map((x) => x.at),
          [3],
        );
      }));
  });

  describe('migrations', () => {
    it('reopening keeps the data; a newer schema refuses to open with a clear error', async () => {
      const f = await d.fresh();
      const r = room('Persist');
      await f.store.rooms.insertRoom(r);
      await (f.store as SqlStore).kysely
        .insertInto('schema_migrations')
        .values({ version: 999, name: 'future', applied_at: 0 })
        .execute();
      await f.store.close();
      await assert.rejects(openStore(f.options), (e: unknown) => {
        assert.ok(e instanceof SchemaTooNewError);
        assert.match(e.message, /version 999/);
        return true;
      });
      const again = await openStore(f.options).catch(() => null);
      assert.equal(again, null);
    });

    it('concurrent first opens (several server processes starting) migrate once', async () => {
      const options = await d.blank();
      // SQLite: one process's connections would wait on each other inside one event loop (busy_timeout
      // blocks the thread), so they open one after the other here; across processes the lock queues them.
      const stores =
        d.name === 'postgres'
          ? await Promise.all([openStore(options), openStore(options), openStore(options)])
          : [await openStore(options), await openStore(options), await openStore(options)];
      try {
        const rows = await stores[0]!.kysely.selectFrom('schema_migrations').select('version').execute();
        assert.deepEqual(
          rows.map((x) => Number(x.version)),
          MIGRATIONS.map((m) => m.version),
        );
      } finally {
        for (const st of stores) await st.close();
      }
    });

    it('opening twice applies nothing twice', async () => {
      const f = await d.fresh();
      await f.store.rooms.insertRoom(room('Twice'));
      await f.store.close();
      const s2 = await openStore(f.options);
      try {
        assert.equal((await s2.rooms.listRooms({})).length, 1);
        const rows = await s2.kysely.selectFrom('schema_migrations').select('version').execute();
        assert.deepEqual(
          rows.map((x) => Number(x.version)),
          MIGRATIONS.map((m) => m.version),
        );
      } finally {
        await s2.close();
      }
    });
  });
}
