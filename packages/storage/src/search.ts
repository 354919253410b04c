// History search of one room (PC-10). Order: the search walks ids ascending (newest first when
// searchOrderReversed), takes resultLimit matches, and returns them oldest first (newest first when
// sortOrderReversed). totalCount counts every match of the criteria (including the paging cursor) up
// to the store's searchCountCap (default 2,000; then totalCount = the cap); exceededLimit = more
// matches remain than were returned.
import type { ChatMessage, HistoryQuery, HistoryResult } from '@pchat/domain';
import { sql, type RawBuilder } from 'kysely';
import type { Ctx } from './context.js';
import { key } from './dialect.js';
import { MESSAGE_COLUMNS, toMessage, type MessageRecord } from './message-rows.js';
import {
  caseFilter,
  fts5Authors,
  ftsQueryText,
  matchCondition,
  parseMatch,
  type TextMatch,
} from './text-match.js';

const COLS = sql.raw(MESSAGE_COLUMNS.map((c) => `m.${c}`).join(', '));

function queryMatch(q: HistoryQuery): TextMatch | null {
  const mode = q.matchExactPhrase ? 'phrase' : q.matchAll ? 'all' : 'any';
  return parseMatch(q.searchString.split(/\s+/), mode, q.matchCaseSensitive);
}

/**
 * Filters other than the words: room, authors, and either the id cursor or the date range. Dates become
 * an id window found through the (room_id, ts) index (ts never decreases with id inside a room), so
 * every query walks one index range, e.g. (room_id, author, id) for "this author, that week".
 */
function filters(roomId: string, q: HistoryQuery, now: number): RawBuilder<unknown>[] {
  const f: RawBuilder<unknown>[] = [sql`m.room_id = ${roomId}`];
  if (q.authors.length > 0) f.push(sql`m.author IN (${sql.join(q.authors.map(key))})`);
  if (q.startingMessageId !== null) {
    // The cursor overrides the dates (PC-10).
    f.push(q.searchOrderReversed ? sql`m.id < ${q.startingMessageId}` : sql`m.id > ${q.startingMessageId}`);
  } else {
    if (q.dateBeginning !== null)
      f.push(
        sql`m.id >= coalesce((SELECT id FROM messages WHERE room_id = ${roomId} AND ts >= ${q.dateBeginning} ORDER BY ts, id LIMIT 1), ${MAX_ID})`,
      );
    // With both bounds open there is no window at all: "up to now" is every stored message (ts comes
    // from the store's clock), and a whole-room id range only misleads PostgreSQL's planner into
    // AND-ing the GIN bitmap with a bitmap of the entire room.
    if (q.dateEnding !== null || q.dateBeginning !== null)
      f.push(
        sql`m.id <= coalesce((SELECT id FROM messages WHERE room_id = ${roomId} AND ts <= ${q.dateEnding ?? now} ORDER BY ts DESC, id DESC LIMIT 1), -1)`,
      );
  }
  return f;
}

const MAX_ID = Number.MAX_SAFE_INTEGER;

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
    (q.searchOrderReversed ? hi : lo).push(
      q.searchOrderReversed ? sql`id < ${q.startingMessageId}` : sql`id > ${q.startingMessageId}`,
    );
  } else {
    if (q.dateBeginning !== null) {
      lo.push(sql`ts >= ${q.dateBeginning}`);
      loOrder = sql`ts, seq`;
    }
    hi.push(sql`ts <= ${q.dateEnding ?? now}`);
    hiOrder = sql`ts DESC, seq DESC`;
  }
  return [
    // On f.rowid (not m.seq): only then does FTS5 take the bounds into its doclist scan.
    sql`f.rowid >= coalesce((SELECT seq FROM messages WHERE ${sql.join(lo, sql` AND `)} ORDER BY ${loOrder} LIMIT 1), ${MAX_ID})`,
    sql`f.rowid <= coalesce((SELECT seq FROM messages WHERE ${sql.join(hi, sql` AND `)} ORDER BY ${hiOrder} LIMIT 1), -1)`,
  ];
}

export async function searchRoom(
  c: Ctx,
  roomId: string,
  q: HistoryQuery,
  now: number,
): Promise<HistoryResult> {
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
      const authors = q.authors.length > 0 ? ` AND ${fts5Authors(q.authors.map(key))}` : '';
      where.push(
        sql`messages_fts MATCH ${ftsQueryText('sqlite', match) + authors}`,
        ...seqWindow(roomId, q, now),
      );
      order = sql`f.rowid ${dir}`;
    } else {
      where.push(matchCondition('postgres', match));
    }
  }
  const cond = sql.join(where, sql` AND `);
  const limit = Math.max(0, q.resultLimit);
  const cap = c.searchCountCap;
  const capSql = Number.isFinite(cap) ? sql` LIMIT ${cap}` : sql``;
  let messages: ChatMessage[];
  let totalCount: number;
  let capped = false;
  if (match?.caseSensitive) {
    // The index is case-insensitive: fetch the candidates (at most 10 × the count cap) and keep the
    // exact-case matches.
    const candCap = Number.isFinite(cap) ? Math.max(cap, limit) * 10 : Infinity;
    const candLimit = Number.isFinite(candCap) ? sql` LIMIT ${candCap}` : sql``;
    const rows =
      await sql<MessageRecord>`SELECT ${COLS} FROM ${from} WHERE ${cond} ORDER BY ${order}${candLimit}`.execute(
        c.ex,
      );
    const keep = caseFilter(match);
    const all = rows.rows.map(toMessage).filter(keep);
    capped = rows.rows.length >= candCap || all.length > cap;
    totalCount = Math.min(all.length, cap);
    messages = all.slice(0, limit);
  } else {
    const rows =
      await sql<MessageRecord>`SELECT ${COLS} FROM ${from} WHERE ${cond} ORDER BY ${order} LIMIT ${limit}`.execute(
        c.ex,
      );
    messages = rows.rows.map(toMessage);
    if (messages.length < limit) totalCount = messages.length;
    else {
      // Counting every match of a common word costs O(matches): count up to the cap (searchCountCap).
      const n = await sql<{
        n: number | string;
      }>`SELECT count(*) AS n FROM (SELECT 1 FROM ${from} WHERE ${cond}${capSql}) x`.execute(c.ex);
      totalCount = Number(n.rows[0]?.n ?? 0);
      capped = totalCount >= cap;
    }
  }
  if (q.sortOrderReversed !== q.searchOrderReversed) messages.reverse();
  return { roomId, messages, totalCount, exceededLimit: capped || totalCount > messages.length };
}
