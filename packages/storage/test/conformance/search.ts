// MessageStore.search (PC-10) and purge (PC-45) contracts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HistoryQuery, Store } from '@pchat/domain';
import type { DriverUnderTest } from './harness.js';
import { msg, room } from './fixtures.js';
import { withStore } from './with-store.js';

const ALICE = 'sip:alice@example.test';
const BOB = 'sip:bob@example.test';

const q = (roomIds: string[], o: Partial<HistoryQuery> = {}): HistoryQuery => ({
  roomIds,
  searchString: '',
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
  ...o,
});

/** Room with messages 1..8 at ts = id * 1000. */
const CORPUS: [string, string, string | null][] = [
  [ALICE, 'The quick brown fox', null],
  [BOB, 'quick thinking saves the day', null],
  [ALICE, 'brown bread and butter', null],
  [BOB, 'The Quick Brown Fox jumps', null],
  [ALICE, 'nothing to see here', 'Release notes for Fox'],
  [BOB, 'e-mail me: fox@example.test, please', null],
  [ALICE, 'quickly, brownish foxes', null],
  [BOB, 'brown fox quick', null],
];

async function seed(s: Store, clock: { t: number }): Promise<string> {
  const r = room(`Search ${Math.random()}`);
  await s.rooms.insertRoom(r);
  for (const [i, [author, text, title]] of CORPUS.entries()) {
    clock.t = (i + 1) * 1000;
    await s.messages.append(msg(r.id, text, { author, storyTitle: title, kind: title ? 'story' : 'plain' }));
  }
  clock.t = 100_000;
  return r.id;
}

const ids = async (s: Store, query: HistoryQuery) =>
  (await s.messages.search(query))[0]?.messages.map((m) => m.id);

export function searchContracts(d: DriverUnderTest): void {
  describe('search', () => {
    const clock = { t: 0 };
    const run = (body: (s: Store, roomId: string) => Promise<void>) =>
      withStore(
        d,
        async (s) => body(s, await seed(s, clock)),
        () => clock.t,
      );

    it('all terms vs any term; whole words, case-insensitive; story titles are searched', () =>
      run(async (s, r) => {
        assert.deepEqual(await ids(s, q([r], { searchString: 'quick brown' })), [1, 4, 8]);
        assert.deepEqual(
          await ids(s, q([r], { searchString: 'QUICK   bread', matchAll: false })),
          [1, 2, 3, 4, 8],
        );
        assert.deepEqual(await ids(s, q([r], { searchString: 'fox' })), [1, 4, 5, 6, 8]);
        assert.deepEqual(await ids(s, q([r], { searchString: 'foxes' })), [7]);
        assert.deepEqual(await ids(s, q([r], { searchString: 'release notes' })), [5]);
        assert.deepEqual(await ids(s, q([r], { searchString: 'zebra' })), []);
      }));

    it('exact phrase matches contiguous words only', () =>
      run(async (s, r) => {
        assert.deepEqual(
          await ids(s, q([r], { searchString: 'quick brown', matchExactPhrase: true })),
          [1, 4],
        );
        assert.deepEqual(await ids(s, q([r], { searchString: 'brown quick', matchExactPhrase: true })), []);
        assert.deepEqual(
          await ids(s, q([r], { searchString: 'brown fox quick', matchExactPhrase: true })),
          [8],
        );
      }));

    it('case-sensitive matching post-filters the index', () =>
      run(async (s, r) => {
        assert.deepEqual(await ids(s, q([r], { searchString: 'Quick', matchCaseSensitive: true })), [4]);
        assert.deepEqual(
          await ids(s, q([r], { searchString: 'quick Brown', matchCaseSensitive: true, matchAll: false })),
          [1, 2, 4, 8],
        );
        assert.deepEqual(
          await ids(
            s,
            q([r], { searchString: 'Quick Brown', matchCaseSensitive: true, matchExactPhrase: true }),
          ),
          [4],
        );
        assert.deepEqual(await ids(s, q([r], { searchString: 'Fox', matchCaseSensitive: true })), [4, 5]);
        const [res] = await s.messages.search(
          q([r], { searchString: 'fox', matchCaseSensitive: true, resultLimit: 1 }),
        );
        assert.deepEqual(
          [res?.messages.map((m) => m.id), res?.totalCount, res?.exceededLimit],
          [[1], 3, true],
        );
      }));

    it('authors and date range (inclusive; empty search string = every message)', () =>
      run(async (s, r) => {
        assert.deepEqual(await ids(s, q([r], { authors: [BOB] })), [2, 4, 6, 8]);
        assert.deepEqual(await ids(s, q([r], { searchString: 'fox', authors: [ALICE] })), [1, 5]);
        assert.deepEqual(await ids(s, q([r], { dateBeginning: 3000, dateEnding: 6000 })), [3, 4, 5, 6]);
        assert.deepEqual(await ids(s, q([r], { searchString: 'brown', dateBeginning: 3000 })), [3, 4, 8]);
        assert.deepEqual(await ids(s, q([r], { searchString: 'brown', dateEnding: 3000 })), [1, 3]);
        assert.deepEqual(await ids(s, q([r], { dateBeginning: 9000 })), []);
      }));

    it('limit, totalCount, exceededLimit and paging by startingMessageId in both directions', () =>
      run(async (s, r) => {
        const first = (await s.messages.search(q([r], { searchString: 'fox', resultLimit: 2 })))[0];
        assert.deepEqual(
          [first?.messages.map((m) => m.id), first?.totalCount, first?.exceededLimit],
          [[1, 4], 5, true],
        );
        const next = (
          await s.messages.search(q([r], { searchString: 'fox', resultLimit: 2, startingMessageId: 4 }))
        )[0];
        assert.deepEqual([next?.messages.map((m) => m.id), next?.exceededLimit], [[5, 6], true]);
        const last = (
          await s.messages.search(q([r], { searchString: 'fox', resultLimit: 2, startingMessageId: 6 }))
        )[0];
        assert.deepEqual(
          [last?.messages.map((m) => m.id), last?.totalCount, last?.exceededLimit],
          [[8], 1, false],
        );
        const back = (
          await s.messages.search(q([r], { searchString: 'fox', resultLimit: 2, searchOrderReversed: true }))
        )[0];
        assert.deepEqual([back?.messages.map((m) => m.id), back?.exceededLimit], [[6, 8], true]);
        const back2 = (
          await s.messages.search(
            q([r], {
              searchString: 'fox',
              resultLimit: 2,
              searchOrderReversed: true,
              sortOrderReversed: true,
              startingMessageId: 6,
            }),
          )
        )[0];
        assert.deepEqual(
          back2?.messages.map((m) => m.id),
          [5, 4],
        );
        const newestFirst = (
          await s.messages.search(q([r], { searchString: 'fox', sortOrderReversed: true }))
        )[0];
        assert.deepEqual(
          newestFirst?.messages.map((m) => m.id),
          [8, 6, 5, 4, 1],
        );
        // The cursor overrides the dates.
        assert.deepEqual(
          await ids(s, q([r], { searchString: 'fox', startingMessageId: 4, dateEnding: 2000 })),
          [5, 6, 8],
        );
      }));

    it('totalCount is exact up to the count cap; beyond it, the cap with exceededLimit', async () => {
      const f = await d.fresh(() => clock.t, { searchCountCap: 3 });
      try {
        const r = await seed(f.store, clock);
        const [res] = await f.store.messages.search(q([r], { searchString: 'fox', resultLimit: 2 }));
        assert.deepEqual(
          [res?.messages.map((m) => m.id), res?.totalCount, res?.exceededLimit],
          [[1, 4], 3, true],
        );
        const [few] = await f.store.messages.search(
          q([r], { searchString: 'brown', resultLimit: 10, dateEnding: 3000 }),
        );
        assert.deepEqual([few?.totalCount, few?.exceededLimit], [2, false]);
        const [cs] = await f.store.messages.search(
          q([r], { searchString: 'fox', matchCaseSensitive: true, resultLimit: 1 }),
        );
        assert.deepEqual([cs?.messages.map((m) => m.id), cs?.totalCount, cs?.exceededLimit], [[1], 3, true]);
      } finally {
        await f.store.close();
      }
    });

    it('one result per requested room, in the order asked; search terms with punctuation', () =>
      run(async (s, r) => {
        const other = room('Other search');
        await s.rooms.insertRoom(other);
        await s.messages.append(msg(other.id, 'a fox here too'));
        const res = await s.messages.search(q([other.id, r], { searchString: 'fox' }));
        assert.deepEqual(
          res.map((x) => [x.roomId, x.totalCount]),
          [
            [other.id, 1],
            [r, 5],
          ],
        );
        assert.deepEqual(
          await ids(s, q([r], { searchString: '100% it\'s "quoted" (fox)', matchAll: false })),
          [1, 4, 5, 6, 8],
        );
        assert.deepEqual(await ids(s, q([r], { searchString: 'e-mail' })), [6]);
      }));
  });

  describe('purge', () => {
    const clock = { t: 0 };
    const run = (body: (s: Store, roomId: string) => Promise<void>) =>
      withStore(
        d,
        async (s) => body(s, await seed(s, clock)),
        () => clock.t,
      );
    const texts = async (s: Store, r: string) =>
      (await s.messages.last(r, 100)).map((m) => `${m.id}:${m.text}`);

    it('removes by author and date; the index forgets removed text', () =>
      run(async (s, r) => {
        assert.equal(
          await s.messages.purge({ roomId: r, userUri: BOB, startTs: 3000, endTs: 6000, replaceWith: null }),
          2,
        );
        assert.deepEqual(
          (await s.messages.last(r, 100)).map((m) => m.id),
          [1, 2, 3, 5, 7, 8],
        );
        assert.deepEqual(await ids(s, q([r], { searchString: 'fox' })), [1, 5, 8]);
      }));

    it('terms All / Or / Exact and case sensitivity', () =>
      run(async (s, r) => {
        assert.equal(
          await s.messages.purge({ roomId: r, terms: ['Quick'], caseSensitive: true, replaceWith: null }),
          1,
        );
        assert.equal(
          await s.messages.purge({
            roomId: r,
            terms: ['brown', 'fox'],
            matchClause: 'Exact',
            replaceWith: null,
          }),
          2,
        );
        assert.equal(
          await s.messages.purge({
            roomId: r,
            terms: ['bread', 'thinking'],
            matchClause: 'Or',
            replaceWith: null,
          }),
          2,
        );
        assert.equal(
          await s.messages.purge({
            roomId: r,
            terms: ['quick', 'fox'],
            matchClause: 'All',
            replaceWith: null,
          }),
          0,
        );
        assert.deepEqual(
          (await s.messages.last(r, 100)).map((m) => m.id),
          [5, 6, 7],
        );
      }));

    it('replace: text replaced, RTF, parts and story title dropped, search sees the new text', () =>
      run(async (s, r) => {
        const n = await s.messages.purge({
          roomId: r,
          terms: ['fox'],
          replaceWith: 'Removed by the administrator',
        });
        assert.equal(n, 5);
        assert.equal((await texts(s, r)).filter((t) => t.endsWith('Removed by the administrator')).length, 5);
        const five = (await s.messages.after(r, 4, 1))[0];
        assert.deepEqual([five?.storyTitle, five?.rtf, five?.parts], [null, null, null]);
        assert.deepEqual(await ids(s, q([r], { searchString: 'fox' })), []);
        assert.deepEqual(await ids(s, q([r], { searchString: 'administrator' })), [1, 4, 5, 6, 8]);
        assert.equal(await s.messages.count(r), 8);
      }));

    it('no terms = every message of the room (within the other criteria)', () =>
      run(async (s, r) => {
        assert.equal(await s.messages.purge({ roomId: r, terms: [], endTs: 2000, replaceWith: null }), 2);
        assert.equal(await s.messages.purge({ roomId: r, replaceWith: null }), 6);
        assert.equal(await s.messages.count(r), 0);
      }));
  });
}
