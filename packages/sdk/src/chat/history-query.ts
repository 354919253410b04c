// ChatHistoryQueryOptions (PC-10) → the codec's HistoryQuery.
import type { HistoryQuery } from '@pchat/protocol';
import type { ChatHistoryQueryOptions } from './types.js';

/** Builds the wire query for `rooms`. */
export function toHistoryQuery(rooms: readonly string[], o: ChatHistoryQueryOptions): HistoryQuery {
  const q: HistoryQuery = { rooms: [...rooms] };
  if (o.searchString !== undefined) q.terms = o.searchString;
  if (o.matchExactPhrase !== undefined) q.exactPhrase = o.matchExactPhrase;
  if (o.matchCaseSensitive !== undefined) q.caseSensitive = o.matchCaseSensitive;
  if (o.authors !== undefined) q.authors = [...o.authors];
  if (o.dateBeginning !== undefined) q.from = o.dateBeginning;
  if (o.dateEnding !== undefined) q.to = o.dateEnding;
  if (o.startingMessageId !== undefined) q.startMessageId = o.startingMessageId;
  if (o.searchOrderReversed !== undefined) q.searchReversed = o.searchOrderReversed;
  if (o.sortOrderReversed !== undefined) q.sortReversed = o.sortOrderReversed;
  if (o.resultLimit !== undefined) q.limit = o.resultLimit;
  return q;
}

/** The overloads' second form: (searchString, exactPhrase, caseSensitive). */
export function historyOptions(
  a: ChatHistoryQueryOptions | string,
  exact?: boolean,
  caseSensitive?: boolean,
): ChatHistoryQueryOptions {
  if (typeof a !== 'string') return a;
  const o: ChatHistoryQueryOptions = { searchString: a };
  if (exact !== undefined) o.matchExactPhrase = exact;
  if (caseSensitive !== undefined) o.matchCaseSensitive = caseSensitive;
  return o;
}
