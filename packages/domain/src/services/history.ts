// History search (PC-10): read rights in each room (no join needed), disabled rooms left out, result
// limit capped by the effective SearchLimit.
import { DomainError, isDomainError } from '../errors.js';
import type { Actor } from '../model/principal.js';
import type { HistoryQuery, HistoryResult } from '../model/message.js';
import { assertCan, can } from '../access/can.js';
import { effectiveConfig } from '../access/policy.js';
import type { ServiceDeps } from './deps.js';
import { requireRoom } from './nodes.js';

/**
 * What one history search may ask for, so that every search has a bounded cost: the full-text query grows
 * with its words (each word is a doclist to intersect or merge), and rooms and authors multiply the work.
 * Over a bound the search is refused (LimitExceeded), never silently cut.
 */
export const HISTORY_QUERY_BOUNDS = {
  /** Characters of the search string. */
  searchChars: 256,
  /** Words across all terms (a term with inner punctuation, "e-mail", is several words). */
  words: 16,
  rooms: 50,
  authors: 20,
} as const;

const WORDS = /[\p{L}\p{N}]+/gu;

/** Refuses a history query over HISTORY_QUERY_BOUNDS (LimitExceeded, with the bound in words). */
export function assertHistoryQueryBounded(q: HistoryQuery): void {
  const b = HISTORY_QUERY_BOUNDS;
  const over = (what: string, n: number, max: number, advice: string): DomainError =>
    new DomainError(
      'LimitExceeded',
      `The search has ${n} ${what}; this server takes at most ${max} in one search. ${advice}`,
      { size: n, limit: max },
    );
  if (q.searchString.length > b.searchChars)
    throw over('characters', q.searchString.length, b.searchChars, 'Search for fewer, more specific words.');
  const words = q.searchString.match(WORDS)?.length ?? 0;
  if (words > b.words) throw over('words', words, b.words, 'Search for fewer, more specific words.');
  const rooms = new Set(q.roomIds).size;
  if (rooms > b.rooms) throw over('rooms', rooms, b.rooms, 'Search fewer rooms at a time.');
  const authors = new Set(q.authors).size;
  if (authors > b.authors) throw over('authors', authors, b.authors, 'Name fewer authors at a time.');
}

export interface PreparedHistoryQuery {
  /** The query to hand to store.messages.search: readable, enabled rooms only, limit capped. */
  query: HistoryQuery;
  /** Rooms left out because they are disabled (PC-10, PC-14). */
  skippedDisabled: string[];
}

/**
 * Validates a history query for the actor. A query of one room the actor may not read is refused
 * (NoSuchNode for a room it may not see, ErrorPermission otherwise). A query across several rooms (PC-10)
 * searches those the actor may read and leaves the others out without a word: saying which were skipped
 * would tell that a Secret room exists. Disabled rooms are left out silently either way.
 */
export async function prepareHistoryQuery(
  deps: ServiceDeps,
  actor: Actor,
  q: HistoryQuery,
): Promise<PreparedHistoryQuery> {
  if (q.roomIds.length === 0)
    throw new DomainError('InvalidArgument', 'A history query needs at least one room.');
  assertHistoryQueryBounded(q);
  if (!Number.isInteger(q.resultLimit) || q.resultLimit < 1)
    throw new DomainError(
      'InvalidArgument',
      `ResultLimit must be a positive integer (got ${q.resultLimit}).`,
    );
  if (q.dateBeginning !== null && q.dateEnding !== null && q.dateBeginning > q.dateEnding) {
    throw new DomainError(
      'InvalidArgument',
      'DateBeginning is after DateEnding. Swap the dates or leave one open.',
    );
  }
  const roomIds: string[] = [];
  const skippedDisabled: string[] = [];
  let poolFqdn: string | null = null;
  const ids = new Set(q.roomIds);
  const several = ids.size > 1;
  for (const id of ids) {
    let found;
    try {
      found = await requireRoom(deps.store, id);
    } catch (e) {
      if (several && isDomainError(e, 'NoSuchNode')) continue;
      throw e;
    }
    const { room, category } = found;
    if (several) {
      // Only "may not see / may not read this room" is skipped; a refusal of the actor as a whole (chat
      // not enabled by policy, PC-36) still refuses the query.
      const d = can(actor, 'history.search', { room: { ...room, disabled: false }, category });
      if (!d.allowed && (d.code === 'NoSuchNode' || d.code === 'ErrorPermission')) continue;
    }
    if (room.disabled) {
      // Left out, but only after checking the actor could see it (no existence leak for Secret rooms).
      assertCan(actor, 'room.view', { room: { ...room, disabled: false }, category });
      skippedDisabled.push(id);
      continue;
    }
    assertCan(actor, 'history.search', { room, category });
    roomIds.push(id);
    poolFqdn ??= room.poolFqdn;
  }
  const pool = poolFqdn ? await deps.store.topology.getPool(poolFqdn) : null;
  const config = await effectiveConfig(deps.store, { poolFqdn, siteId: pool?.siteId ?? null });
  return {
    query: { ...q, roomIds, resultLimit: Math.min(q.resultLimit, config.searchLimit) },
    skippedDisabled,
  };
}

export async function searchHistory(
  deps: ServiceDeps,
  actor: Actor,
  q: HistoryQuery,
): Promise<HistoryResult[]> {
  const { query } = await prepareHistoryQuery(deps, actor, q);
  return query.roomIds.length === 0 ? [] : deps.store.messages.search(query);
}
