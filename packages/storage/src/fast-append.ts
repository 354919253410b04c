// Append paths where kysely's per-query cost matters (about 16 µs per kysely query, and one round trip
// per statement on PostgreSQL). Measured with bench/storage/append.ts; see bench/RESULTS.md.
// - SQLite: one synchronous better-sqlite3 transaction with cached prepared statements, run while
//   holding kysely's connection lock so it never interleaves with a kysely transaction.
// - PostgreSQL: the whole batch is ONE statement (room_seq upsert + insert in a CTE), so a group commit
//   costs one round trip and one WAL flush; it runs as its own implicit transaction or inside the caller's.
import type { AppendOptions, ChatMessage, NewMessage } from '@pchat/domain';
import type BetterSqlite3 from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import { toMessage, type MessageRecord } from './message-rows.js';
import type { DB } from './schema.js';

const partsJson = (m: NewMessage) => (m.parts === null ? null : JSON.stringify(m.parts));

/** One append as the group committer carries it: the message and how it is recorded for compliance. */
export interface Appending {
  m: NewMessage;
  opts?: AppendOptions | undefined;
}

/** Rooms in sorted order with the batch indexes of their messages (sorted: lock order, no deadlocks). */
function groupByRoom(items: readonly Appending[]): [string, number[]][] {
  const byRoom = new Map<string, number[]>();
  items.forEach(({ m }, i) => {
    const l = byRoom.get(m.roomId);
    if (l) l.push(i);
    else byRoom.set(m.roomId, [i]);
  });
  return [...byRoom.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

export type SqliteAppender = (items: readonly Appending[], now: number) => ChatMessage[];

export function sqliteAppender(db: BetterSqlite3.Database): SqliteAppender {
  const seq = db.prepare<[string, number, number, number, number], { last_id: number; last_ts: number }>(
    `INSERT INTO room_seq (room_id, last_id, last_ts) VALUES (?, ?, ?)
     ON CONFLICT (room_id) DO UPDATE SET last_id = room_seq.last_id + ?, last_ts = max(room_seq.last_ts, ?)
     RETURNING last_id, last_ts`,
  );
  const ins = db.prepare(
    `INSERT INTO messages (room_id, id, ts, author, kind, text, story_title, rtf, parts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  // PC-71: the CHAT compliance event commits in the same transaction as its message.
  const rec = db.prepare(
    `INSERT INTO compliance_events (ts, type, room_id, room_uri, user_uri, content, message_id) VALUES (?, 'CHAT', ?, ?, ?, ?, ?)`,
  );
  return db.transaction((items: readonly Appending[], now: number) => {
    const out = new Array<ChatMessage>(items.length);
    for (const [roomId, idx] of groupByRoom(items)) {
      const k = idx.length;
      const s = seq.get(roomId, k, now, k, now);
      if (!s) throw new Error('room_seq upsert returned no row');
      const first = s.last_id - k + 1;
      idx.forEach((i, j) => {
        const { m, opts } = items[i] as Appending;
        const r: MessageRecord = {
          room_id: roomId,
          id: first + j,
          ts: s.last_ts,
          author: m.author,
          kind: m.kind,
          text: m.text,
          story_title: m.storyTitle,
          rtf: m.rtf,
          parts: partsJson(m),
        };
        ins.run(r.room_id, r.id, r.ts, r.author, r.kind, r.text, r.story_title, r.rtf, r.parts);
        if (opts?.compliance) rec.run(r.ts, roomId, opts.compliance.roomUri, r.author, r.text, r.id);
        out[i] = toMessage(r);
      });
    }
    return out;
  });
}

/**
 * PostgreSQL batch append in one statement. The upsert takes each room's row lock (rooms in sorted
 * order) until the statement's transaction commits, so concurrent server processes queue per room and
 * ids follow commit order.
 */
export async function pgAppendBatch(
  ex: Kysely<DB>,
  items: readonly Appending[],
  now: number,
): Promise<ChatMessage[]> {
  const msgs = items.map((a) => a.m);
  const groups = groupByRoom(items);
  const rooms = groups.map(([r]) => r);
  const counts = groups.map(([, idx]) => idx.length);
  const order = groups.flatMap(([, idx]) => idx);
  const ord = groups.flatMap(([, idx]) => idx.map((_, j) => j + 1));
  const col = <T>(f: (m: NewMessage) => T) => order.map((i) => f(msgs[i] as NewMessage));
  // PC-71: the room URI of a message to record for compliance, null when not recorded.
  const recorded = order.map((i) => items[i]?.opts?.compliance?.roomUri ?? null);
  const anyRecorded = recorded.some((u) => u !== null);
  const r = await sql<{ room_id: string; id: number; ts: number }>`
    WITH s AS (
      INSERT INTO room_seq (room_id, last_id, last_ts)
      SELECT room_id, k, ${now}::bigint FROM unnest(${rooms}::text[], ${counts}::bigint[]) AS u(room_id, k)
      ON CONFLICT (room_id) DO UPDATE SET last_id = room_seq.last_id + excluded.last_id,
        last_ts = greatest(room_seq.last_ts, excluded.last_ts)
      RETURNING room_id, last_id, last_ts
    ), g AS (
      SELECT room_id, k FROM unnest(${rooms}::text[], ${counts}::bigint[]) AS u(room_id, k)
    ), m AS (
      SELECT * FROM unnest(${col((m) => m.roomId)}::text[], ${ord}::bigint[], ${col((m) => m.author)}::text[],
        ${col((m) => m.kind)}::text[], ${col((m) => m.text)}::text[], ${col((m) => m.storyTitle)}::text[],
        ${col((m) => m.rtf)}::text[], ${col(partsJson)}::text[], ${recorded}::text[]) WITH ORDINALITY
        AS t(room_id, j, author, kind, text, story_title, rtf, parts, rec_uri, n)
    )${
      anyRecorded
        ? sql`, c AS (
      INSERT INTO compliance_events (ts, type, room_id, room_uri, user_uri, content, message_id)
      SELECT s.last_ts, 'CHAT', m.room_id, m.rec_uri, m.author, m.text, s.last_id - g.k + m.j
      FROM m JOIN s ON s.room_id = m.room_id JOIN g ON g.room_id = m.room_id
      WHERE m.rec_uri IS NOT NULL ORDER BY m.n
    )`
        : sql``
    }
    INSERT INTO messages (room_id, id, ts, author, kind, text, story_title, rtf, parts)
    SELECT m.room_id, s.last_id - g.k + m.j, s.last_ts, m.author, m.kind, m.text, m.story_title, m.rtf, m.parts
    FROM m JOIN s ON s.room_id = m.room_id JOIN g ON g.room_id = m.room_id
    ORDER BY m.n
    RETURNING room_id, id, ts`.execute(ex);
  // RETURNING order is not guaranteed: a room's ids are contiguous, so its smallest returned id is the id
  // of its first message in the batch.
  const base = new Map<string, { first: number; ts: number }>();
  for (const row of r.rows) {
    const id = Number(row.id);
    const b = base.get(row.room_id);
    if (!b || id < b.first) base.set(row.room_id, { first: id, ts: Number(row.ts) });
  }
  const out = new Array<ChatMessage>(msgs.length);
  for (const [roomId, idx] of groups) {
    const b = base.get(roomId);
    if (!b) throw new Error(`append: no ids returned for room ${roomId}`);
    idx.forEach((i, j) => {
      out[i] = { ...(msgs[i] as NewMessage), id: b.first + j, ts: b.ts };
    });
  }
  return out;
}
