// History search of one room (PC-10). Order: the search walks ids ascending (newest first when
// searchOrderReversed), takes resultLimit matches, and returns them oldest first (newest first when
// sortOrderReversed). totalCount counts every match of the criteria (including the paging cursor);
// exceededLimit = more matches remain than were returned.
import type { ChatMessage, HistoryQuery, HistoryResult } from '@pchat/domain';
import { sql, type RawBuilder } from 'kysely';
import type { Ctx } from './context.js';
import { key } from './dialect.js';
import { MESSAGE_COLUMNS, toMessage, type MessageRecord } from './message-rows.js';
import { caseFilter, ftsQueryText, matchCondition, parseMatch, type TextMatch } from './text-match.js';

const COLS = sql.raw(MESSAGE_COLUMNS.map((c) => `m.${c}`).join(', '));

export function queryMatch(q: HistoryQuery): TextMatch | null {
  const mode = q.matchExactPhrase ? 'phrase' : q.matchAll ? 'all' : 'any';
  return parseMatch(q.searchString.split(/\s+/), mode, q.matchCaseSensitive);
}

/** Filters other than the words: room, authors, and either the id cursor or the date range. */
function filters(roomId: string, q: HistoryQuery, now: number): RawBuilder<unknown>[] {
  const f: RawBuilder<unknown>[] = [sql`m.room_id = ${roomId}`];
  if (q.authors.length > 0) f.push(sql`m.author IN (${sql.join(q.authors.map(key))})`);
  if (q.startingMessageId !== null) {
    // The cursor overrides the dates (PC-10).
    f.push(q.searchOrderReversed ? sql`m.id < ${q.startingMessageId}` : sql`m.id > ${q.startingMessageId}`);
  } else {
    if (q.dateBeginning !== null) f.push(sql`m.ts >= ${q.dateBeginning}`);
    f.push(sql`m.ts <= ${q.dateEnding ?? now}`);
  }
  return f;
}

/**
 * SQLite: bounds on the FTS rowid (= messages.seq) from the room's id/ts window, found through the
 * (room_id, id) and (room_id, ts) indexes. seq grows with id and ts inside a room, so the window is one
 * seq range and FTS5 skips the rest of its doclists (other rooms, other dates).
 */
function seqWindow(roomId: string, q: HistoryQuery, now: number): RawBuilder<unknown>[] {
  const lo: RawBuilder<unknown>[] = [sql`room_id = ${roomId}`];
  const hi: RawBuilder<unknown>[] = [sql`room_id = ${roomId}`];
  let loOrder = sql`id`;
  let hiOrder = sql`id DESC`;
  if (q.startingMessageId !== null) {
    (q.searchOrderReversed ? hi : lo).push(q.searchOrderReversed ? sql`id < ${q.startingMessageId}` : sql`id > ${q.startingMessageId}`);
  } else {
    if (q.dateBeginning !== null) {
      lo.push(sql`ts >= ${q.dateBeginning}`);
      loOrder = sql`ts, seq`;
    }
    hi.push(sql`ts <= ${q.dateEnding ?? now}`);
    hiOrder = sql`ts DESC, seq DESC`;
  }
  return [
    sql`m.seq >= coalesce((SELECT seq FROM messages WHERE ${sql.join(lo, sql` AND `)} ORDER BY ${loOrder} LIMIT 1), 9007199254740991)`,
    sql`m.seq <= coalesce((SELECT seq FROM messages WHERE ${sql.join(hi, sql` AND `)} ORDER BY ${hiOrder} LIMIT 1), -1)`,
  ];
}

export async function searchRoom(c: Ctx, roomId: string, q: HistoryQuery, now: number): Promise<HistoryResult> {
  const match = queryMatch(q);
  const where = filters(roomId, q, now);
  const dir = sql.raw(q.searchOrderReversed ? 'DESC' : 'ASC');
  let from = sql`messages m`;
  let order = sql`m.id ${dir}`;
  if (match) {
    if (match.terms.length === 0) return { roomId, messages: [], totalCount: 0, exceededLimit: false };
    if (c.dialect === 'sqlite') {
      // Drive the query from the FTS doclist, in rowid order, so a common word stops at the limit.
      from = sql`messages_fts f JOIN messages m ON m.seq = f.rowid`;
      where.push(sql`messages_fts MATCH ${ftsQueryText('sqlite', match)}`, ...seqWindow(roomId, q, now).map((w) => sql`${w}`));
      order = sql`f.rowid ${dir}`;
    } else {
      where.push(matchCondition('postgres', match));
    }
  }
  const cond = sql.join(where, sql` AND `);
  const limit = Math.max(0, q.resultLimit);
  let messages: ChatMessage[];
  let totalCount: number;
  if (match?.caseSensitive) {
    // The index is case-insensitive: fetch every candidate and keep the exact-case matches.
    const rows = await sql<MessageRecord>`SELECT ${COLS} FROM ${from} WHERE ${cond} ORDER BY ${order}`.execute(c.ex);
    const keep = caseFilter(match);
    const all = rows.rows.map(toMessage).filter(keep);
    totalCount = all.length;
    messages = all.slice(0, limit);
  } else {
    const rows = await sql<MessageRecord>`SELECT ${COLS} FROM ${from} WHERE ${cond} ORDER BY ${order} LIMIT ${limit}`.execute(c.ex);
    messages = rows.rows.map(toMessage);
    if (messages.length < limit) totalCount = messages.length;
    else {
      const n = await sql<{ n: number | string }>`SELECT count(*) AS n FROM ${from} WHERE ${cond}`.execute(c.ex);
      totalCount = Number(n.rows[0]?.n ?? 0);
    }
  }
  const newestFirst = q.sortOrderReversed;
  const searchedNewestFirst = q.searchOrderReversed;
  if (newestFirst !== searchedNewestFirst) messages.reverse();
  return { roomId, messages, totalCount, exceededLimit: totalCount > messages.length };
}
