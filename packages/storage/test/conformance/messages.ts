// MessageStore contracts: durable ids per room, history windows, clear.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openStore } from '../../src/index.js';
import type { DriverUnderTest } from './harness.js';
import { msg, room } from './fixtures.js';
import { rejectsWith } from './expect.js';
import { withStore } from './with-store.js';

export function messageContracts(d: DriverUnderTest): void {
  describe('messages', () => {
    it('append assigns 1, 2, 3... per room and round-trips every field', () =>
      withStore(d, async (s) => {
        const r1 = room('M1');
        const r2 = room('M2');
        await s.rooms.insertRoom(r1);
        await s.rooms.insertRoom(r2);
        const story = msg(r1.id, 'the long body', {
          kind: 'story',
          storyTitle: 'Title',
          rtf: '{\\rtf1 x}',
          parts: [
            { type: 'text', text: 'hi ' },
            { type: 'emoticon', emoticon: 'Smile' },
            { type: 'hyperlink', text: 'x', url: 'https://x.test' },
          ],
        });
        const a = await s.messages.append(story);
        const b = await s.messages.append(msg(r1.id, 'second', { kind: 'alert' }));
        const c = await s.messages.append(msg(r2.id, 'other room'));
        assert.deepEqual([a.id, b.id, c.id], [1, 2, 1]);
        assert.deepEqual(await s.messages.last(r1.id, 10), [a, b]);
        assert.deepEqual({ ...a, id: 0, ts: 0 }, { ...story, id: 0, ts: 0 });
        assert.equal(await s.messages.lastId(r1.id), 2);
        assert.equal(await s.messages.lastId('empty-room'), 0);
        assert.equal(await s.messages.count(r1.id), 2);
        await rejectsWith(() => s.messages.append(msg('no-such-room', 'x')), 'NoSuchNode');
      }));

    it('ts comes from the store clock and never decreases within a room', async () => {
      let t = 10_000;
      await withStore(
        d,
        async (s) => {
          const r = room('Clock');
          await s.rooms.insertRoom(r);
          const a = await s.messages.append(msg(r.id, 'a'));
          t = 5_000; // the clock steps back
          const b = await s.messages.append(msg(r.id, 'b'));
          t = 20_000;
          const c = await s.messages.append(msg(r.id, 'c'));
          assert.deepEqual([a.ts, b.ts, c.ts], [10_000, 10_000, 20_000]);
        },
        () => t,
      );
    });

    it('200 concurrent appends: ids 1..200, each once, increasing in commit (= read) order', () =>
      withStore(d, async (s) => {
        const r = room('Busy');
        const q = room('Quiet');
        await s.rooms.insertRoom(r);
        await s.rooms.insertRoom(q);
        const acks = await Promise.all(
          Array.from({ length: 200 }, (_, i) => s.messages.append(msg(i % 10 === 0 ? q.id : r.id, `m${i}`))),
        );
        const busy = acks.filter((m) => m.roomId === r.id);
        assert.deepEqual(
          busy.map((m) => m.id).sort((x, y) => x - y),
          Array.from({ length: 180 }, (_, i) => i + 1),
        );
        const stored = await s.messages.after(r.id, 0, 500);
        assert.deepEqual(
          stored.map((m) => m.id),
          Array.from({ length: 180 }, (_, i) => i + 1),
        );
        for (const m of busy) assert.deepEqual(stored[m.id - 1], m);
        for (let i = 1; i < stored.length; i++) assert.ok(stored[i]!.ts >= stored[i - 1]!.ts);
        assert.equal(await s.messages.count(q.id), 20);
        // Submission order within a room is kept: m0's room q got ids in the order of i.
        const quiet = await s.messages.after(q.id, 0, 50);
        assert.deepEqual(
          quiet.map((m) => m.text),
          Array.from({ length: 20 }, (_, i) => `m${i * 10}`),
        );
      }));

    it('two stores on one database (two server processes) share the per-room id sequence', () =>
      withStore(d, async (s, f) => {
        const r = room('Shared');
        await s.rooms.insertRoom(r);
        const other = await openStore(f.options);
        try {
          const acks = await Promise.all(
            Array.from({ length: 200 }, (_, i) => (i % 2 ? other : s).messages.append(msg(r.id, `x${i}`))),
          );
          assert.deepEqual(
            acks.map((m) => m.id).sort((x, y) => x - y),
            Array.from({ length: 200 }, (_, i) => i + 1),
          );
          const stored = await other.messages.after(r.id, 0, 500);
          assert.deepEqual(
            stored.map((m) => m.id),
            Array.from({ length: 200 }, (_, i) => i + 1),
          );
        } finally {
          await other.close();
        }
      }));

    it('history windows: last, before, after, range (oldest first)', async () => {
      let t = 1000;
      await withStore(
        d,
        async (s) => {
          const r = room('Hist');
          await s.rooms.insertRoom(r);
          for (let i = 1; i <= 30; i++) {
            t = i * 1000;
            await s.messages.append(msg(r.id, `m${i}`));
          }
          const ids = (ms: { id: number }[]) => ms.map((m) => m.id);
          assert.deepEqual(ids(await s.messages.last(r.id, 3)), [28, 29, 30]);
          assert.deepEqual(ids(await s.messages.last(r.id, 100)).length, 30);
          assert.deepEqual(ids(await s.messages.before(r.id, 10, 3)), [7, 8, 9]);
          assert.deepEqual(ids(await s.messages.before(r.id, 2, 3)), [1]);
          assert.deepEqual(ids(await s.messages.after(r.id, 27, 10)), [28, 29, 30]);
          assert.deepEqual(ids(await s.messages.after(r.id, 5, 2)), [6, 7]);
          assert.deepEqual(ids(await s.messages.range(r.id, 5000, 8000, 100)), [5, 6, 7, 8]);
          assert.deepEqual(ids(await s.messages.range(r.id, 5000, 8000, 2)), [5, 6]);
          assert.deepEqual(await s.messages.last('nothing', 5), []);
        },
        () => t,
      );
    });

    it('clearUpTo deletes ts <= endTs, returns the count, keeps the id sequence', async () => {
      let t = 0;
      await withStore(
        d,
        async (s) => {
          const r = room('Clear');
          await s.rooms.insertRoom(r);
          for (let i = 1; i <= 10; i++) {
            t = i * 100;
            await s.messages.append(msg(r.id, `word${i} common`));
          }
          assert.equal(await s.messages.clearUpTo(r.id, 400), 4);
          assert.equal(await s.messages.count(r.id), 6);
          assert.equal(await s.messages.clearUpTo(r.id, 400), 0);
          assert.equal((await s.messages.append(msg(r.id, 'next'))).id, 11);
          const [res] = await s.messages.search({
            roomIds: [r.id],
            searchString: 'common',
            matchExactPhrase: false,
            matchCaseSensitive: false,
            matchAll: true,
            authors: [],
            dateBeginning: null,
            dateEnding: null,
            startingMessageId: null,
            searchOrderReversed: false,
            sortOrderReversed: false,
            resultLimit: 100,
          });
          assert.deepEqual(
            res?.messages.map((m) => m.id),
            [5, 6, 7, 8, 9, 10],
          );
        },
        () => t,
      );
    });
  });
}
