// Wire model (XCCOS codec) → SDK data types.
import type { HistoryRoomResult, Principal as WirePrincipal, RoomSummary, ServerInfo } from '@pchat/protocol';
import type { ChatHistoryResult, ChatRoomSnapshot, PersistentChatServerConfiguration } from './types.js';
import { toChatMessage } from './types.js';
import type { PersistentChatPrincipalSummary } from './principals.js';

/** RoomSummary → ChatRoomSnapshot. */
export function toSnapshot(r: RoomSummary): ChatRoomSnapshot {
  return {
    uri: r.uri,
    name: r.name,
    description: r.description ?? null,
    numberOfParticipants: r.userCount ?? 0,
    isPrivate: r.visibility === 'private',
    isLogged: r.logged ?? true,
    isInvite: r.invite ?? false,
    isFilePostAllowed: r.filepost ?? false,
  };
}

/** ServerInfo → PersistentChatServerConfiguration. */
export function toServerConfiguration(s: ServerInfo): PersistentChatServerConfiguration {
  return {
    displayName: s.displayName ?? null,
    rootCategoryUri: s.rootUri,
    messageSizeLimit: s.messageSizeLimit,
    storySizeLimit: s.storySizeLimit,
    searchLimit: s.searchLimit,
    roomManagementUrl: s.roomManagementUrl ?? null,
    serverTimeUtc: s.serverTime,
    databaseVersion: s.dbVersion,
    domainName: s.domain ?? null,
  };
}

/** HistoryRoomResult → ChatHistoryResult. */
export function toHistoryResult(h: HistoryRoomResult): ChatHistoryResult {
  return {
    chatRoomUri: h.uri,
    chatRoomName: h.name ?? null,
    messages: h.messages.map((m) => toChatMessage(m, h.name ?? null)),
    searchResultsCount: h.total,
    exceededServerLimit: h.exceeded,
  };
}

const TYPES = {
  user: 'LocalUser',
  group: 'DirectoryGroup',
  folder: 'DirectoryFolder',
  domain: 'Domain',
} as const;

/** Principal → PersistentChatPrincipalSummary. */
export function toPrincipal(p: WirePrincipal): PersistentChatPrincipalSummary {
  return { uri: p.uri, name: p.name ?? null, type: TYPES[p.type ?? 'user'] };
}
