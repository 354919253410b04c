// History reads and search on a room of 1 million messages (bench/README.md goal 3: last 50 < 0.2 ms
// query, page p99 <= 10 ms; goal 7: search p99 <= 50 ms over 10 M messages).
// node --conditions=development --import tsx bench/storage/history.ts [--driver sqlite|postgres] [--messages 1000000]
import { loadavg } from 'node:os';
import type { HistoryQuery } from '@pchat/domain';
import { arg, benchDb, benchRoom, drivers, ms, nowMs, pct, type Driver } from './common.js';
import { loadRoom, roomQuery } from './big-room.js';
import { author, AUTHORS, prng, STEP_MS, word } from './corpus.js';

const N = Number(arg('messages') ?? 1_000_000);
const ROOM = 'big';

async function timeIt(n: number, f: (i: number) => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = nowMs();
    await f(i);
    out.push(nowMs() - t);
  }
  return out;
}

async function run(driver: Driver) {
  const db = await benchDb(driver);
  const store = await db.open();
  try {
    await store.rooms.insertRoom(benchRoom(ROOM));
    const start = Date.now() - N * STEP_MS;
    const secs = await loadRoom(store, ROOM, N, start);
    console.log(
      `${driver}: loaded ${N} messages in ${secs.toFixed(1)} s (${Math.round(N / secs)} rows/s, FTS index kept in step)`,
    );

    await timeIt(200, () => store.messages.last(ROOM, 50)); // warm-up
    const last = await timeIt(2000, () => store.messages.last(ROOM, 50));
    console.log(`${driver}: last 50 of ${N}: p50 ${ms(pct(last, 50))}  p99 ${ms(pct(last, 99))}`);
    const r = prng(7);
    const before = await timeIt(2000, () => store.messages.before(ROOM, 1 + Math.floor(r() * N), 50));
    console.log(
      `${driver}: page of 50 before a random id: p50 ${ms(pct(before, 50))}  p99 ${ms(pct(before, 99))}`,
    );

    const base = roomQuery(ROOM, 200);
    const week = 7 * 24 * 3600_000;
    const kinds: [string, (i: number) => Partial<HistoryQuery>][] = [
      ['common word (rank 1)', () => ({ searchString: word(1) })],
      ['medium word (rank 100)', (i) => ({ searchString: word(100 + i) })],
      ['rare word (rank 15000)', (i) => ({ searchString: word(15_000 + i) })],
      ['two words, all', (i) => ({ searchString: `${word(2)} ${word(50 + i)}` })],
      ['two words, any', (i) => ({ searchString: `${word(300 + i)} ${word(400 + i)}`, matchAll: false })],
      ['exact phrase', () => ({ searchString: `${word(1)} ${word(2)}`, matchExactPhrase: true })],
      ['author + medium word', (i) => ({ searchString: word(100 + i), authors: [author(i % AUTHORS)] })],
      [
        'date range 7 days + medium word',
        (i) => ({
          searchString: word(100 + i),
          dateBeginning: start + (i + 1) * 3 * week,
          dateEnding: start + (i + 1) * 3 * week + week,
        }),
      ],
      [
        'date range 7 days + author, no words',
        (i) => ({
          authors: [author(i)],
          dateBeginning: start + (i + 1) * 3 * week,
          dateEnding: start + (i + 1) * 3 * week + week,
        }),
      ],
      ['rare word, case-sensitive', (i) => ({ searchString: word(15_000 + i), matchCaseSensitive: true })],
      [
        'common word, oldest first, page 2',
        () => ({ searchString: word(1), searchOrderReversed: false, startingMessageId: 5000 }),
      ],
    ];
    const all: number[] = [];
    for (const [label, make] of kinds) {
      let total = 0;
      await store.messages.search({ ...base, ...make(0) });
      const t = await timeIt(30, async (i) => {
        const [res] = await store.messages.search({ ...base, ...make(i) });
        total += res?.totalCount ?? 0;
      });
      all.push(...t);
      console.log(
        `${driver}: search ${label.padEnd(38)} p50 ${ms(pct(t, 50)).padStart(9)}  p99 ${ms(pct(t, 99)).padStart(9)}  (avg matches ${Math.round(total / 30)})`,
      );
    }
    console.log(
      `${driver}: search, all ${all.length} queries above: p50 ${ms(pct(all, 50))}  p99 ${ms(pct(all, 99))}`,
    );
  } finally {
    await store.close();
    await db.dispose();
  }
}

console.log(
  `storage history bench, ${new Date().toISOString()}, ${N} messages, load average ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}`,
);
for (const d of drivers()) await run(d);
