// Worst case of each store call a chat command can make, at the bounds a request may ask for (PC-09,
// PC-10; docs/security.md "Bounded requests and limits"): history search with the most words, authors and
// case-sensitive post-filtering the server accepts, and the longest history page. One run over the words
// past the bound shows what the bound keeps out. Prints the slowest of several runs of each.
// node --conditions=development --import tsx bench/storage/worst-case.ts [--driver sqlite|postgres] [--messages 200000]
import { loadavg } from 'node:os';
import type { HistoryQuery } from '@pchat/domain';
import { HISTORY_QUERY_BOUNDS } from '@pchat/domain';
import { openStore, type StoreOptions } from '@pchat/storage';
import { arg, benchDb, benchRoom, drivers, ms, nowMs, type Driver } from './common.js';
import { loadRoom, roomQuery } from './big-room.js';
import { author, STEP_MS, word } from './corpus.js';

const N = Number(arg('messages') ?? 200_000);
const ROOM = 'big';
const RUNS = 5;

/** The slowest of n runs, and the longest the event loop stood still meanwhile (a 1 ms ticker's gaps). */
async function worst(n: number, f: () => Promise<unknown>): Promise<{ ms: number; stall: number }> {
  let max = 0;
  let stall = 0;
  let last = nowMs();
  const ticker = setInterval(() => {
    const t = nowMs();
    stall = Math.max(stall, t - last);
    last = t;
  }, 1);
  for (let i = 0; i < n; i++) {
    const t = nowMs();
    await f();
    max = Math.max(max, nowMs() - t);
  }
  clearInterval(ticker);
  stall = Math.max(stall, nowMs() - last);
  return { ms: max, stall };
}

const show = (r: { ms: number; stall: number }): string =>
  `worst ${ms(r.ms).padStart(10)}   event loop stalled up to ${ms(r.stall).padStart(10)}`;

async function run(driver: Driver): Promise<void> {
  const db = await benchDb(driver);
  const store = await db.open();
  try {
    await store.rooms.insertRoom(benchRoom(ROOM));
    await loadRoom(store, ROOM, N, Date.now() - N * STEP_MS);
    console.log(`${driver}: ${N} messages in one room, load ${loadavg()[0]!.toFixed(1)}`);
    const base = roomQuery(ROOM, 10_000); // the largest SearchLimit a configuration may set
    const maxWords = HISTORY_QUERY_BOUNDS.words;
    const common = (n: number): string => Array.from({ length: n }, (_, i) => word(i + 1)).join(' ');
    const cases: [string, Partial<HistoryQuery>][] = [
      [`${maxWords} common words, all`, { searchString: common(maxWords) }],
      [`${maxWords} common words, any`, { searchString: common(maxWords), matchAll: false }],
      [`${maxWords} common words, phrase`, { searchString: common(maxWords), matchExactPhrase: true }],
      [
        `${maxWords} common words, any, case-sensitive`,
        { searchString: common(maxWords), matchAll: false, matchCaseSensitive: true },
      ],
      [
        `${HISTORY_QUERY_BOUNDS.authors} authors + 1 common word, any`,
        {
          searchString: word(1),
          authors: Array.from({ length: HISTORY_QUERY_BOUNDS.authors }, (_, i) => author(i)),
        },
      ],
      ['no words, every message', {}],
    ];
    // SQLite: the root store searches on its read worker; the same searches on the main thread show
    // what the worker keeps off the event loop.
    const inThread =
      driver === 'sqlite' ? await openStore({ ...db.options, readWorker: false } as StoreOptions) : null;
    for (const [label, q] of cases) {
      const t = await worst(RUNS, () => store.messages.search({ ...base, ...q }));
      console.log(`${driver}: search ${label.padEnd(46)} ${show(t)}`);
      if (inThread) {
        const m = await worst(RUNS, () => inThread.messages.search({ ...base, ...q }));
        console.log(`${driver}:   the same on the main thread${' '.repeat(26)} ${show(m)}`);
      }
    }
    await inThread?.close();
    const last = await worst(RUNS, () => store.messages.last(ROOM, 500));
    console.log(`${driver}: bccontext last 500 (DefaultChatHistory at most 500)  ${show(last)}`);
    const before = await worst(RUNS, () => store.messages.before(ROOM, N / 2, 500));
    console.log(`${driver}: bccontext 500 before a middle id                     ${show(before)}`);
    // Past the bound, once: what a search of many words cost before it was refused.
    const over = maxWords * 4;
    const t = await worst(1, () =>
      store.messages.search({ ...base, searchString: common(over), matchAll: false }),
    );
    console.log(`${driver}: search ${`${over} common words, any (now refused)`.padEnd(46)} ${show(t)}`);
  } finally {
    await store.close();
    await db.dispose();
  }
}

for (const d of drivers()) await run(d);
