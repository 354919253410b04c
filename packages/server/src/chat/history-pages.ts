// History replies page by bytes as well as by count (PC-09, PC-10): a `rpl:bccontext` or
// `rpl:pchat-searchhist` carries at most HISTORY_PAGE_BYTES of encoded messages, so every reply stays
// within what clients decode (the SDK refuses bodies over 512 Ki UTF-16 units; SIP bodies stop at 1 MiB)
// whatever the stored messages are. A client pages on with the id of the oldest message it got
// (`bccontext before=`) or with the search cursor (`exceeded` set). A post whose encoded form alone would
// not fit one page is refused, so no stored message can make a room unreadable.
import { DomainError, type ChatMessage, type NewMessage } from '@pchat/domain';
import { encodeHistoryMessage } from '@pchat/protocol';
import { toWireMessage } from './convert.js';

/** Encoded message bytes per history reply: leaves room for the envelope under the SDK's decode limit. */
export const HISTORY_PAGE_BYTES = 384 * 1024;

/** UTF-8 bytes of one message as a history entry (`<msg id="grpchat" ...>`). */
export function historyBytes(m: ChatMessage, roomUri: string): number {
  return Buffer.byteLength(encodeHistoryMessage(toWireMessage(m, roomUri)), 'utf8');
}

/** Refuses a post that could never be read back in one history page (with the largest id and time). */
export function assertReadable(m: NewMessage, roomUri: string, budget = HISTORY_PAGE_BYTES): void {
  const size = historyBytes({ ...m, id: Number.MAX_SAFE_INTEGER, ts: Date.now() }, roomUri);
  if (size > budget)
    throw new DomainError(
      'LimitExceeded',
      `The message takes ${size} bytes once encoded (characters such as < and & take several); this server carries at most ${budget} bytes per message. Shorten it.`,
      { size, limit: budget },
    );
}

/**
 * The newest messages of `messages` (oldest first, as the store returns them) that fit `budget`; at
 * least one, so paging back always moves.
 */
export function newestWithin(
  messages: ChatMessage[],
  roomUri: string,
  budget = HISTORY_PAGE_BYTES,
): ChatMessage[] {
  let used = 0;
  let from = messages.length;
  while (from > 0) {
    const size = historyBytes(messages[from - 1] as ChatMessage, roomUri);
    if (used + size > budget && from < messages.length) break;
    used += size;
    from--;
  }
  return messages.slice(from);
}

/**
 * A search result cut to the bytes left, in search order (ascending ids, or descending when the search is
 * reversed) so the cursor the client continues from is the last message it got; the cut sets `exceeded`.
 * Returns the kept messages in the reply's order and the bytes they take.
 */
export function searchPage(
  messages: ChatMessage[],
  roomUri: string,
  searchReversed: boolean,
  left: number,
  first: boolean,
): { messages: ChatMessage[]; cut: boolean; used: number } {
  const inSearchOrder = [...messages].sort((a, b) => (searchReversed ? b.id - a.id : a.id - b.id));
  const kept = new Set<number>();
  let used = 0;
  for (const m of inSearchOrder) {
    const size = historyBytes(m, roomUri);
    // The very first message of a reply always goes: every stored message fits a page (assertReadable).
    if (used + size > left && !(first && kept.size === 0)) break;
    used += size;
    kept.add(m.id);
  }
  return { messages: messages.filter((m) => kept.has(m.id)), cut: kept.size < messages.length, used };
}
