// The two things the Store port cannot do for export/import, done on the SQL store's own kysely handle
// (packages/storage SqlStore.kysely, "for tools such as bulk loaders"): writing messages with their
// original ids and timestamps (append() assigns new ones), and summing a room's content size
// (Get-CsPersistentChatRoom -ChatContentExceedsMB). Wanted in the port later.
import { DomainError, type ChatMessage, type Store } from '@pchat/domain';

// The server package does not depend on kysely itself; the handle is used structurally.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = any;

function kyselyOf(store: Store): AnyDb {
  const k = (store as unknown as { kysely?: AnyDb }).kysely;
  if (!k)
    throw new DomainError(
      'CommandFailed',
      'This store cannot import messages with their ids (it is not a SQL store). Import into a SQLite or PostgreSQL server.',
    );
  return k;
}

/** Inserts messages as they were (ids, timestamps); advances each room's id counter past them. Call in a transaction. */
export async function insertMessagesAsIs(store: Store, msgs: readonly ChatMessage[]): Promise<void> {
  if (msgs.length === 0) return;
  const db = kyselyOf(store);
  const rows = msgs.map((m) => ({
    room_id: m.roomId,
    id: m.id,
    ts: m.ts,
    author: m.author,
    kind: m.kind,
    text: m.text,
    story_title: m.storyTitle,
    rtf: m.rtf,
    parts: m.parts === null ? null : JSON.stringify(m.parts),
  }));
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto('messages')
      .values(rows.slice(i, i + 500))
      .execute();
  const top = new Map<string, { id: number; ts: number }>();
  for (const m of msgs) {
    const t = top.get(m.roomId);
    if (!t || m.id > t.id) top.set(m.roomId, { id: m.id, ts: Math.max(m.ts, t?.ts ?? 0) });
  }
  for (const [roomId, t] of top) {
    const cur = await db
      .selectFrom('room_seq')
      .select(['last_id', 'last_ts'])
      .where('room_id', '=', roomId)
      .executeTakeFirst();
    if (!cur)
      await db.insertInto('room_seq').values({ room_id: roomId, last_id: t.id, last_ts: t.ts }).execute();
    else {
      await db
        .updateTable('room_seq')
        .set({ last_id: Math.max(Number(cur.last_id), t.id), last_ts: Math.max(Number(cur.last_ts), t.ts) })
        .where('room_id', '=', roomId)
        .execute();
    }
  }
}

/** Characters of message text per room. Rooms without messages are absent. */
export async function contentSizes(store: Store, roomIds: readonly string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (roomIds.length === 0) return out;
  const db = kyselyOf(store);
  const rows = await db
    .selectFrom('messages')
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    .select((eb: any) => ['room_id', eb.fn.sum(eb.fn('length', ['text'])).as('bytes')])
    .where('room_id', 'in', [...roomIds])
    .groupBy('room_id')
    .execute();
  for (const r of rows) out.set(String(r.room_id), Number(r.bytes));
  return out;
}
