// Message history (PC-06, PC-09, PC-10, PC-17, PC-45). Appends outside a transaction go through the
// group committer; inside Store.transaction() they commit with it.
import {
  DomainError,
  type AppendOptions,
  type ChatMessage,
  type HistoryQuery,
  type HistoryResult,
  type MessagePurge,
  type MessageStore,
  type NewMessage,
} from '@pchat/domain';
import { sql, type Kysely } from 'kysely';
import { atomic, type Ctx } from './context.js';
import { isForeignKeyViolation, key } from './dialect.js';
import { pgAppendBatch, type Appending } from './fast-append.js';
import type { GroupCommitter } from './group-commit.js';
import { appendBatch, MESSAGE_COLUMNS, toMessage, type MessageRecord } from './message-rows.js';
import type { DB } from './schema.js';
import { searchRoom } from './search.js';
import { ReadWorkerGone } from './read-worker.js';
import { assertNotInOwnTx } from './tx-guard.js';
import { caseFilter, matchCondition, parseMatch } from './text-match.js';

export function noSuchRoom(e: unknown, roomId: string): unknown {
  return isForeignKeyViolation(e) ? new DomainError('NoSuchNode', `No room ${roomId}.`, { id: roomId }) : e;
}

export class SqlMessages implements MessageStore {
  constructor(
    private readonly c: Ctx,
    /** Present on the root store only. */
    private readonly committer: GroupCommitter<Appending, ChatMessage> | null,
  ) {}

  private select(ex: Kysely<DB> = this.c.ex) {
    return ex.selectFrom('messages').select(MESSAGE_COLUMNS);
  }

  async append(m: NewMessage, opts?: AppendOptions): Promise<ChatMessage> {
    if (this.committer && !this.c.inTx) {
      assertNotInOwnTx(this.c.db);
      return this.committer.submit({ m, opts });
    }
    try {
      const [out] =
        this.c.dialect === 'postgres'
          ? await pgAppendBatch(this.c.ex, [{ m, opts }], this.c.now())
          : await appendBatch(this.c.ex, this.c.dialect, [m], this.c.now(), opts);
      return out as ChatMessage;
    } catch (e) {
      throw noSuchRoom(e, m.roomId);
    }
  }

  async last(roomId: string, n: number): Promise<ChatMessage[]> {
    const rows = await this.select().where('room_id', '=', roomId).orderBy('id', 'desc').limit(n).execute();
    return rows.reverse().map(toMessage);
  }

  async before(roomId: string, beforeId: number, n: number): Promise<ChatMessage[]> {
    const rows = await this.select()
      .where('room_id', '=', roomId)
      .where('id', '<', beforeId)
      .orderBy('id', 'desc')
      .limit(n)
      .execute();
    return rows.reverse().map(toMessage);
  }

  async after(roomId: string, afterId: number, n: number): Promise<ChatMessage[]> {
    const rows = await this.select()
      .where('room_id', '=', roomId)
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(n)
      .execute();
    return rows.map(toMessage);
  }

  async range(roomId: string, fromTs: number, toTs: number, limit: number): Promise<ChatMessage[]> {
    const rows = await this.select()
      .where('room_id', '=', roomId)
      .where('ts', '>=', fromTs)
      .where('ts', '<=', toTs)
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(toMessage);
  }

  async search(q: HistoryQuery): Promise<HistoryResult[]> {
    const now = this.c.now();
    const out: HistoryResult[] = [];
    // Outside a transaction, SQLite searches on the read worker (read-worker.ts); inside one, the
    // transaction's own connection must read (it may see its own uncommitted writes).
    const reads = this.c.inTx ? undefined : this.c.reads;
    for (const roomId of q.roomIds) {
      let r: HistoryResult | null = null;
      if (reads?.alive) {
        try {
          r = await reads.searchRoom(roomId, q, now);
        } catch (e) {
          if (!(e instanceof ReadWorkerGone)) throw e;
        }
      }
      out.push(r ?? (await searchRoom(this.c, roomId, q, now)));
    }
    return out;
  }

  async lastId(roomId: string): Promise<number> {
    const r = await this.c.ex
      .selectFrom('messages')
      .select('id')
      .where('room_id', '=', roomId)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return r ? Number(r.id) : 0;
  }

  async count(roomId: string): Promise<number> {
    const r = await this.c.ex
      .selectFrom('messages')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('room_id', '=', roomId)
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  async clearUpTo(roomId: string, endTs: number): Promise<number> {
    const r = await this.c.ex
      .deleteFrom('messages')
      .where('room_id', '=', roomId)
      .where('ts', '<=', endTs)
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  async get(roomId: string, id: number): Promise<ChatMessage | null> {
    const r = await this.select().where('room_id', '=', roomId).where('id', '=', id).executeTakeFirst();
    return r ? toMessage(r) : null;
  }

  async edit(
    roomId: string,
    id: number,
    text: string,
    parts: ChatMessage['parts'],
  ): Promise<ChatMessage | null> {
    const r = await this.c.ex
      .updateTable('messages')
      .set({ text, rtf: null, parts: parts === null ? null : JSON.stringify(parts) })
      .where('room_id', '=', roomId)
      .where('id', '=', id)
      .returning(MESSAGE_COLUMNS)
      .executeTakeFirst();
    return r ? toMessage(r) : null;
  }

  async remove(roomId: string, id: number): Promise<boolean> {
    const r = await this.c.ex
      .deleteFrom('messages')
      .where('room_id', '=', roomId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  async purgeOlderThan(roomId: string, beforeTs: number, limit: number): Promise<number> {
    // The (room_id, ts) index finds the oldest rows; the bounded sub-select keeps each call short.
    const r = await this.c.ex
      .deleteFrom('messages')
      .where('seq', 'in', (eb) =>
        eb
          .selectFrom('messages')
          .select('seq')
          .where('room_id', '=', roomId)
          .where('ts', '<', beforeTs)
          .orderBy('ts')
          .limit(limit),
      )
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  async purge(p: MessagePurge): Promise<number> {
    const mode = p.matchClause === 'Or' ? 'any' : p.matchClause === 'Exact' ? 'phrase' : 'all';
    const match = parseMatch(p.terms ?? [], mode, p.caseSensitive ?? false);
    const where = [sql`m.room_id = ${p.roomId}`];
    if (p.userUri !== undefined) where.push(sql`m.author = ${key(p.userUri)}`);
    if (p.startTs !== undefined) where.push(sql`m.ts >= ${p.startTs}`);
    if (p.endTs !== undefined) where.push(sql`m.ts <= ${p.endTs}`);
    if (match) where.push(matchCondition(this.c.dialect, match));
    return atomic(this.c, async (ex) => {
      const rows = await sql<{ seq: number; text: string; story_title: string | null }>`
        SELECT m.seq, m.text, m.story_title FROM messages m WHERE ${sql.join(where, sql` AND `)}`.execute(ex);
      const keep = match?.caseSensitive ? caseFilter(match) : () => true;
      const seqs = rows.rows
        .filter((r) => keep({ text: r.text, storyTitle: r.story_title }))
        .map((r) => Number(r.seq));
      for (let i = 0; i < seqs.length; i += 500) {
        const chunk = seqs.slice(i, i + 500);
        if (p.replaceWith === null) await ex.deleteFrom('messages').where('seq', 'in', chunk).execute();
        else
          await ex
            .updateTable('messages')
            .set({ text: p.replaceWith, rtf: null, parts: null, story_title: null })
            .where('seq', 'in', chunk)
            .execute();
      }
      return seqs.length;
    });
  }
}

export type { MessageRecord };
