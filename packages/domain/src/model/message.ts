// Messages (PC-06, PC-08..PC-10, PC-17).
import type { PrincipalUri } from './principal.js';

export type MessageKind = 'plain' | 'alert' | 'story';

/** Formatted parts of a message (SDK MessagePart subclasses, PC-06). */
export type MessagePart =
  | { type: 'text'; text: string }
  | { type: 'hyperlink'; text: string; url: string }
  | { type: 'roomLink'; text: string; roomUri: string }
  | { type: 'emoticon'; emoticon: Emoticon; /** How plain clients show it, e.g. ":)". */ text?: string }
  | { type: 'fileLink'; fileName: string; fileUri: string; sizeEstimate: number };

/** Link schemes a hyperlink part may carry: web, mail and SIP addresses; never script or data. */
export const LINK_SCHEMES = ['http', 'https', 'mailto', 'sip'] as const;

export const EMOTICONS = [
  'Angry',
  'Confused',
  'Cool',
  'Crying',
  'Frown',
  'Kissing',
  'Laughing',
  'Shocked',
  'Smile',
  'Tongue',
  'Wink',
] as const;
export type Emoticon = (typeof EMOTICONS)[number];

/** A message as a client submits it, before the server assigns id and time. */
export interface NewMessage {
  roomId: string;
  author: PrincipalUri;
  kind: MessageKind;
  /** Plain text; for a story, the body. Always present, also when RTF is sent (PC-06). */
  text: string;
  storyTitle: string | null;
  rtf: string | null;
  parts: MessagePart[] | null;
}

export interface ChatMessage extends NewMessage {
  /** Server-assigned, strictly increasing per room, starting at 1 (SDK MessageId, int64). */
  id: number;
  /** Server timestamp, epoch ms. */
  ts: number;
}

/** History search criteria (PC-10, SDK ChatHistoryQueryOptions). */
export interface HistoryQuery {
  roomIds: string[];
  /** Space-separated terms; empty = every message (then only authors/dates filter). */
  searchString: string;
  matchExactPhrase: boolean;
  matchCaseSensitive: boolean;
  /** Match messages where all terms occur (true) or any term (false). SDK default: all. */
  matchAll: boolean;
  authors: PrincipalUri[];
  /** Inclusive bounds, epoch ms; null = open. An open end means now. */
  dateBeginning: number | null;
  dateEnding: number | null;
  /** Paging: continue after this message id (overrides the dates) (PC-10). */
  startingMessageId: number | null;
  /** Search newest first (and page backwards from startingMessageId). */
  searchOrderReversed: boolean;
  /** Return results newest first. */
  sortOrderReversed: boolean;
  /** Per room; capped by the server's searchLimit. */
  resultLimit: number;
}

export interface HistoryResult {
  roomId: string;
  messages: ChatMessage[];
  /** Total matches in the room (SearchResultsCount). */
  totalCount: number;
  /** More matches than resultLimit: reissue with startingMessageId = last message id (ExceededServerLimit). */
  exceededLimit: boolean;
}
