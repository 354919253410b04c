// Message rows <-> ChatMessage, and the batch append shared by group commit and transactions.
import type { AppendOptions, ChatMessage, MessagePart, NewMessage } from '@pchat/domain';
import { sql, type Kysely } from 'kysely';
import type { DialectName } from './dialect.js';
import { insertComplianceEvents } from './compliance.js';
import type { DB, MessageRow } from './schema.js';

export const MESSAGE_COLUMNS = [
  'room_id',
  'id',
  'ts',
  'author',
  'kind',
  'text',
  'story_title',
  'rtf',
  'parts',
] as const;
export type MessageRecord = Omit<MessageRow, 'seq'>;

export function toMessage(r: MessageRecord): ChatMessage {
  return {
    roomId: r.room_id,
    id: Number(r.id),
    ts: Number(r.ts),
    author: r.author,
    kind: r.kind as ChatMessage['kind'],
    text: r.text,
    storyTitle: r.story_title,
    rtf: r.rtf,
    parts: r.parts === null ? null : (JSON.parse(r.parts) as MessagePart[]),
  };
}

function toRecord(m: NewMessage, id: number, ts: number): MessageRecord {
  return {
    room_id: m.roomId,
    id,
    ts,
    author: m.author,
    kind: m.kind,
    text: m.text,
    story_title: m.storyTitle,
    rtf: m.rtf,
    parts: m.parts === null ? null : JSON.stringify(m.parts),
  };
}

/**
 * Appends messages inside the caller's transaction. Per room, one upsert of room_seq takes k ids and
 * the timestamp (max of the clock and the room's last one, so ts never decreases); its row lock queues
 * other writers of the room until commit, so ids follow commit order also across server processes.
 * Rooms are locked in sorted order so two processes never deadlock. Rows are inserted in id order,
 * which keeps `seq` (the rowid / identity) increasing with id inside a room; search relies on it.
 */
export async function appendBatch(
  ex: Kysely<DB>,
  d: DialectName,
  msgs: readonly NewMessage[],
  now: number,
  opts?: AppendOptions,
): Promise<ChatMessage[]> {
  const byRoom = new Map<string, number[]>();
  msgs.forEach((m, i) => {
    const list = byRoom.get(m.roomId);
    if (list) list.push(i);
    else byRoom.set(m.roomId, [i]);
  });
  const out: ChatMessage[] = new Array<ChatMessage>(msgs.length);
  const greatest = sql.raw(d === 'sqlite' ? 'max' : 'greatest');
  for (const roomId of [...byRoom.keys()].sort()) {
    const idx = byRoom.get(roomId) ?? [];
    const k = idx.length;
    const seq = await ex
      .insertInto('room_seq')
      .values({ room_id: roomId, last_id: k, last_ts: now })
      .onConflict((oc) =>
        oc.column('room_id').doUpdateSet((eb) => ({
          last_id: eb('room_seq.last_id', '+', k),
          last_ts: sql<number>`${greatest}(room_seq.last_ts, ${now})`,
        })),
      )
      .returning(['last_id', 'last_ts'])
      .executeTakeFirstOrThrow();
    const first = Number(seq.last_id) - k + 1;
    const ts = Number(seq.last_ts);
    const records = idx.map((i, j) => toRecord(msgs[i] as NewMessage, first + j, ts));
    for (let i = 0; i < records.length; i += 500)
      await ex
        .insertInto('messages')
        .values(records.slice(i, i + 500))
        .execute();
    idx.forEach((i, j) => {
      out[i] = toMessage(records[j] as MessageRecord);
    });
    // PC-71: recorded in the same transaction as the messages.
    if (opts?.compliance) {
      const roomUri = opts.compliance.roomUri;
      await insertComplianceEvents(
        ex,
        records.map((r) => ({
          type: 'CHAT',
          ts: r.ts,
          roomId: r.room_id,
          roomUri,
          userUri: r.author,
          content: r.text,
          messageId: r.id,
          details: null,
        })),
      );
    }
  }
  return out;
}
