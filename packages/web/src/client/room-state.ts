// One room as the app shows it: the joined session, the messages known so far (ascending by id, never a
// duplicate), unread and mention counts, and the roster. Plain data kept by ChatClient.
import type {
  ChatMessage,
  ChatRoomParticipant,
  ChatRoomSession,
  ChatRoomSnapshot,
  ChatRoomPrivacy,
  ChatRoomBehavior,
} from '@pchat/sdk';

export interface RoomState {
  readonly uri: string;
  name: string;
  description: string | null;
  topic: string | null;
  privacy: ChatRoomPrivacy | null;
  behavior: ChatRoomBehavior | null;
  snapshot: ChatRoomSnapshot | null;
  /** The category's name, when the room's manager view told us (My Rooms). */
  categoryName: string | null;
  session: ChatRoomSession | null;
  /** 'joining' | 'joined' | 'reconnecting' | 'left' | 'failed' */
  status: 'joining' | 'joined' | 'reconnecting' | 'left' | 'failed';
  error: string | null;
  messages: ChatMessage[];
  /** Ids of `messages`: de-duplication across live, history and catch-up. */
  ids: Set<string>;
  /** No older history (bccontext returned less than asked). */
  reachedStart: boolean;
  loadingOlder: boolean;
  unread: number;
  /** Alerts and mentions of my name while not looking. */
  mentions: number;
  /** Id of the first message that arrived while the room was not open (the "new" divider). */
  firstUnreadId: string | null;
  participants: ChatRoomParticipant[];
  /** The server stopped sending the roster: more participants than ParticipantUpdateLimit (PC-13). */
  rosterHidden: boolean;
  muted: boolean;
  /** Messages their author edited or deleted while the room was open (shown "edited" / "deleted"). */
  changes: Map<string, 'edited' | 'deleted'>;
  /** Bumped on every change: React memo keys. */
  rev: number;
}

export function newRoom(uri: string, name: string, snapshot: ChatRoomSnapshot | null = null): RoomState {
  return {
    uri,
    name,
    description: snapshot?.description ?? null,
    topic: null,
    privacy: null,
    behavior: null,
    snapshot,
    categoryName: null,
    session: null,
    status: 'joining',
    error: null,
    messages: [],
    ids: new Set(),
    reachedStart: false,
    loadingOlder: false,
    unread: 0,
    mentions: 0,
    firstUnreadId: null,
    participants: [],
    rosterHidden: false,
    muted: false,
    changes: new Map(),
    rev: 0,
  };
}

function idOf(m: ChatMessage): bigint {
  return m.messageId !== null && /^\d+$/.test(m.messageId) ? BigInt(m.messageId) : 0n;
}

/**
 * Merges messages into the room (live, older pages, catch-up): keeps ascending id order and drops the
 * ones already known. Returns the messages that were new.
 */
export function mergeMessages(room: RoomState, incoming: readonly ChatMessage[]): ChatMessage[] {
  const fresh = incoming.filter((m) => m.messageId === null || !room.ids.has(m.messageId));
  if (fresh.length === 0) return fresh;
  for (const m of fresh) if (m.messageId !== null) room.ids.add(m.messageId);
  const last = room.messages[room.messages.length - 1];
  const sorted = [...fresh].sort((a, b) => (idOf(a) < idOf(b) ? -1 : idOf(a) > idOf(b) ? 1 : 0));
  if (last === undefined || idOf(sorted[0]!) > idOf(last)) room.messages = [...room.messages, ...sorted];
  else {
    const first = room.messages[0]!;
    if (idOf(sorted[sorted.length - 1]!) < idOf(first)) room.messages = [...sorted, ...room.messages];
    else
      room.messages = [...room.messages, ...sorted].sort((a, b) =>
        idOf(a) < idOf(b) ? -1 : idOf(a) > idOf(b) ? 1 : 0,
      );
  }
  room.rev++;
  return fresh;
}

/** The newest message id known (the catch-up cursor after a reconnect). */
export function newestId(room: RoomState): string | null {
  for (let i = room.messages.length - 1; i >= 0; i--) {
    const id = room.messages[i]!.messageId;
    if (id !== null) return id;
  }
  return null;
}

/** The oldest message id known (the paging cursor for scroll-back). */
export function oldestId(room: RoomState): string | null {
  for (const m of room.messages) if (m.messageId !== null) return m.messageId;
  return null;
}

/**
 * An author's edit (pchat, docs/compliance.md) applied in place: the message keeps its id, author and time;
 * only the text changes. False when the message is not loaded (history will bring the new text).
 */
export function applyEdit(room: RoomState, messageId: string, text: string): boolean {
  const i = room.messages.findIndex((m) => m.messageId === messageId);
  if (i < 0) return false;
  const next = [...room.messages];
  next[i] = { ...next[i]!, messageContent: text, messageRtfContent: null };
  room.messages = next;
  room.changes.set(messageId, 'edited');
  room.rev++;
  return true;
}

/** An author's deletion: the message stays as a "deleted" line for this visit, its text gone. */
export function applyDelete(room: RoomState, messageId: string): boolean {
  const i = room.messages.findIndex((m) => m.messageId === messageId);
  if (i < 0) return false;
  const next = [...room.messages];
  next[i] = { ...next[i]!, messageContent: '', messageRtfContent: null, formattedMessageParts: [] };
  room.messages = next;
  room.changes.set(messageId, 'deleted');
  room.rev++;
  return true;
}
