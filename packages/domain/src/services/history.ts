// History search (PC-10): read rights in each room (no join needed), disabled rooms left out, result
// limit capped by the effective SearchLimit.
import { DomainError, isDomainError } from '../errors.js';
import type { Actor } from '../model/principal.js';
import type { HistoryQuery, HistoryResult } from '../model/message.js';
import { assertCan, can } from '../access/can.js';
import { effectiveConfig } from '../access/policy.js';
import type { ServiceDeps } from './deps.js';
import { requireRoom } from './nodes.js';

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
