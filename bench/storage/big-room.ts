// One room filled with the synthetic corpus (corpus.ts), the setup of the history benches (history.ts,
// worst-case.ts), and the history query they vary.
import type { HistoryQuery } from '@pchat/domain';
import { sql } from 'kysely';
import type { SqlStore } from '@pchat/storage';
import { nowMs } from './common.js';
import { author, AUTHORS, prng, STEP_MS, text } from './corpus.js';

/**
 * Bulk load of `n` messages into `room`, one every STEP_MS from `start`: multi-row inserts of 1000 rows,
 * 50 per transaction, not one append per row. Returns the seconds the inserts took.
 */
export async function loadRoom(store: SqlStore, room: string, n: number, start: number): Promise<number> {
  const rand = prng(42);
  const t0 = nowMs();
  const ROWS = 1000;
  const PER_TX = 50;
  for (let base = 0; base < n; base += ROWS * PER_TX) {
    await store.kysely.transaction().execute(async (trx) => {
      for (let b = base; b < Math.min(n, base + ROWS * PER_TX); b += ROWS) {
        const rows = [];
        for (let i = b; i < Math.min(n, b + ROWS); i++)
          rows.push({
            room_id: room,
            id: i + 1,
            ts: start + i * STEP_MS,
            author: author(i % AUTHORS),
            kind: 'plain',
            text: text(rand),
            story_title: null,
            rtf: null,
            parts: null,
          });
        await trx.insertInto('messages').values(rows).execute();
      }
    });
  }
  await store.kysely
    .insertInto('room_seq')
    .values({ room_id: room, last_id: n, last_ts: start + (n - 1) * STEP_MS })
    .execute();
  const secs = (nowMs() - t0) / 1000;
  // What a DBA (or autovacuum) does after a bulk load: fresh statistics, visibility map.
  await sql.raw(store.dialect === 'postgres' ? 'VACUUM ANALYZE messages' : 'ANALYZE').execute(store.kysely);
  return secs;
}

/** Every message of `room`, newest first, at most `resultLimit`: the cases override what they vary. */
export function roomQuery(room: string, resultLimit: number): HistoryQuery {
  return {
    roomIds: [room],
    searchString: '',
    matchExactPhrase: false,
    matchCaseSensitive: false,
    matchAll: true,
    authors: [],
    dateBeginning: null,
    dateEnding: null,
    startingMessageId: null,
    searchOrderReversed: true,
    sortOrderReversed: false,
    resultLimit,
  };
}
