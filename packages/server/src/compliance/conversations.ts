// A claimed batch of compliance events as the adapters see it (PC-72, PC-74): one conversation per room,
// its events in order, each with its sender. Room and user details are looked up once per batch and only
// when the configuration asks for them (AddChatRoomDetails, AddUserDetails: the output grows a lot).
import type { ComplianceEvent, ComplianceEventType, Principal, Room, Store } from '@pchat/domain';

export interface ComplianceSender {
  uri: string;
  /** The directory's id of the user (its GUID), or the URI for principals the directory does not know. */
  id: string;
  /** The user part of the URI (alice for sip:alice@example.test). */
  userName: string;
  /** false for users the directory does not know (federated, PC-72). */
  internal: boolean;
  /** With AddUserDetails only. */
  details?: { displayName: string; email: string | null; company: string | null };
}

export interface ComplianceMessage {
  type: ComplianceEventType;
  /** Empty for JOIN and PART; the text for CHAT, EDIT and DELETE; the stored file name for FILE*. */
  content: string;
  /** The message id for CHAT, EDIT and DELETE; null otherwise. */
  id: number | null;
  sender: ComplianceSender;
  /** Epoch ms. */
  ts: number;
  /** Position in the pool-wide queue: increasing, unique. */
  seq: number;
  /** Extra facts (file URI and size, the text before an edit), or null. */
  details: Record<string, unknown> | null;
}

export interface ComplianceChannel {
  uri: string;
  /** The room's name now; the URI when the room was deleted since. */
  name: string;
  roomId: string;
  /** With AddChatRoomDetails only; null when the room no longer exists. */
  details?: {
    description: string;
    category: string;
    privacy: string;
    type: string;
    disabled: boolean;
  } | null;
}

export interface ComplianceConversation {
  channel: ComplianceChannel;
  messages: ComplianceMessage[];
  startTs: number;
  endTs: number;
}

/** What translate() receives besides the conversations. */
export interface BatchInfo {
  /** Stable across retries: an adapter that names its output after it rewrites instead of duplicating. */
  batchId: number;
  /** Failed attempts before this one. */
  attempts: number;
}

export interface BuildOptions {
  addChatRoomDetails: boolean;
  addUserDetails: boolean;
}

const userPart = (uri: string) => uri.replace(/^sip:/i, '').replace(/@.*$/, '');

function sender(uri: string, p: Principal | undefined, withDetails: boolean): ComplianceSender {
  const s: ComplianceSender = {
    uri,
    id: p?.guid ?? uri,
    userName: userPart(uri),
    internal: p?.kind === 'user',
  };
  if (withDetails)
    s.details = {
      displayName: p?.displayName ?? '',
      email: p?.kind === 'user' ? p.email : null,
      company: p?.kind === 'user' ? p.companyName : null,
    };
  return s;
}

function parseDetails(s: string | null): Record<string, unknown> | null {
  if (s === null) return null;
  try {
    return JSON.parse(s) as Record<string, unknown>;
  } catch {
    return { raw: s };
  }
}

export async function buildConversations(
  store: Store,
  events: readonly ComplianceEvent[],
  o: BuildOptions,
): Promise<ComplianceConversation[]> {
  const users = new Map<string, Principal>();
  for (const p of await store.directory.getMany([...new Set(events.map((e) => e.userUri))]))
    users.set(p.uri.toLowerCase(), p);
  const rooms = new Map<string, Room | null>();
  const categories = new Map<string, string>();
  const byRoom = new Map<string, ComplianceConversation>();
  for (const e of events) {
    let conv = byRoom.get(e.roomId);
    if (!conv) {
      if (!rooms.has(e.roomId)) rooms.set(e.roomId, await store.rooms.getRoom(e.roomId));
      const room = rooms.get(e.roomId) ?? null;
      const channel: ComplianceChannel = { uri: e.roomUri, name: room?.name ?? e.roomUri, roomId: e.roomId };
      if (o.addChatRoomDetails) {
        let category = room ? categories.get(room.categoryId) : undefined;
        if (room && category === undefined) {
          category = (await store.rooms.getCategory(room.categoryId))?.name ?? '';
          categories.set(room.categoryId, category);
        }
        channel.details = room
          ? {
              description: room.description,
              category: category ?? '',
              privacy: room.privacy,
              type: room.type,
              disabled: room.disabled,
            }
          : null;
      }
      conv = { channel, messages: [], startTs: e.ts, endTs: e.ts };
      byRoom.set(e.roomId, conv);
    }
    conv.messages.push({
      type: e.type,
      content: e.content,
      id: e.messageId,
      sender: sender(e.userUri, users.get(e.userUri.toLowerCase()), o.addUserDetails),
      ts: e.ts,
      seq: e.seq,
      details: parseDetails(e.details),
    });
    conv.startTs = Math.min(conv.startTs, e.ts);
    conv.endTs = Math.max(conv.endTs, e.ts);
  }
  return [...byRoom.values()];
}
