// Durable posts/s with group commit (bench/README.md goal 5: >= 10,000 posts/s, p99 ack <= 20 ms).
// One poster awaiting each append, then 50 concurrent posters; every ack is after commit.
// node --conditions=development --import tsx bench/storage/append.ts [--driver sqlite|postgres] [--seconds 5]
import type { NewMessage, Store } from '@pchat/domain';
import { loadavg } from 'node:os';
import { pgCommitsPerSec, sqliteCommitsPerSec } from './baseline.js';
import { arg, benchDb, benchRoom, drivers, ms, nowMs, pct, type Driver } from './common.js';

const SECONDS = Number(arg('seconds') ?? 5);

const message = (roomId: string, p: number, n: number): NewMessage => ({
  roomId,
  author: `sip:user${p}@example.test`,
  kind: 'plain',
  text: `poster ${p} message ${n}: the quick brown fox jumps over the lazy dog`,
  storyTitle: null,
  rtf: null,
  parts: null,
});

async function posters(store: Store, roomId: string, count: number, seconds: number) {
  const lat: number[] = [];
  const end = nowMs() + seconds * 1000;
  const t0 = nowMs();
  await Promise.all(
    Array.from({ length: count }, async (_, p) => {
      for (let n = 0; nowMs() < end; n++) {
        const t = nowMs();
        await store.messages.append(message(roomId, p, n));
        lat.push(nowMs() - t);
      }
    }),
  );
  const elapsed = (nowMs() - t0) / 1000;
  return { posts: lat.length, perSec: lat.length / elapsed, p50: pct(lat, 50), p99: pct(lat, 99) };
}

async function run(driver: Driver, synchronous?: 'NORMAL' | 'FULL') {
  const db = await benchDb(driver, { synchronous });
  const store = await db.open();
  try {
    await store.rooms.insertRoom(benchRoom('r1'));
    await posters(store, 'r1', 4, 0.5); // warm-up
    const label =
      driver === 'sqlite'
        ? `sqlite (WAL, synchronous=${synchronous ?? 'NORMAL'})`
        : 'postgres (synchronous_commit=on)';
    for (const count of [1, 50]) {
      const r = await posters(store, 'r1', count, SECONDS);
      console.log(
        `${label.padEnd(36)} posters=${String(count).padStart(2)}  ${Math.round(r.perSec).toString().padStart(6)} posts/s  ` +
          `ack p50 ${ms(r.p50)}  p99 ${ms(r.p99)}  (${r.posts} posts in ${SECONDS}s)`,
      );
    }
    const last = await store.messages.lastId('r1');
    const count = await store.messages.count('r1');
    if (last !== count) throw new Error(`ids not gapless: lastId ${last}, count ${count}`);
  } finally {
    await store.close();
    await db.dispose();
  }
}

console.log(
  `storage append bench, ${new Date().toISOString()}, load average ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}`,
);
for (const d of drivers()) {
  if (d === 'sqlite') {
    for (const sync of ['NORMAL', 'FULL'] as const) {
      console.log(
        `machine limit: raw better-sqlite3 single-row autocommit, WAL, synchronous=${sync}: ${Math.round(await sqliteCommitsPerSec(sync))} commits/s`,
      );
      await run('sqlite', sync);
    }
  } else {
    console.log(
      `machine limit: raw pg single-row autocommit, one connection: ${Math.round(await pgCommitsPerSec())} commits/s`,
    );
    await run('postgres');
  }
}
