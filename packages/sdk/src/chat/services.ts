// PersistentChatServices (docs/sdk.md; PC-10, PC-11, PC-12, PC-19, PC-22): room directory, history
// search across rooms, preference bundles, server configuration and time.
import type { RoomFilter, RoomQuery } from '@pchat/protocol';
import { PersistentChatError } from '../errors.js';
import { toHistoryResult, toServerConfiguration, toSnapshot } from './convert.js';
import { historyOptions, toHistoryQuery } from './history-query.js';
import { ChatRoomManagementServices } from './management.js';
import type { PersistentChatEndpoint } from './persistent-chat-endpoint.js';
import type {
  ChatHistoryQueryOptions,
  ChatHistoryResult,
  ChatRoomBehavior,
  ChatRoomInvitationSetting,
  ChatRoomPrivacy,
  ChatRoomSnapshot,
  PersistentChatPreferenceBundle,
  PersistentChatServerConfiguration,
} from './types.js';
import { PersistentChatUserServices } from './user-services.js';

/** BrowseChatRoomsByFilterCriteria's filter (PC-11). */
export interface ChatRoomFilterCriteria {
  searchTerms?: string;
  searchDescription?: boolean;
  memberUri?: string;
  managerUri?: string;
  categoryUri?: string;
  addInId?: string;
  disabled?: boolean;
  privacy?: ChatRoomPrivacy;
  behavior?: ChatRoomBehavior;
  invitations?: ChatRoomInvitationSetting;
}

/** Persistent Chat services of one endpoint (UCMA PersistentChatServices). */
export class PersistentChatServices {
  /** Room management (UCMA ChatRoomManagementServices). */
  readonly chatRoomManagementServices: ChatRoomManagementServices;
  /** User lookup (UCMA PersistentChatUserServices). */
  readonly userServices: PersistentChatUserServices;
  private config: PersistentChatServerConfiguration | null = null;
  private skewMs = 0;

  constructor(private readonly endpoint: PersistentChatEndpoint) {
    this.chatRoomManagementServices = new ChatRoomManagementServices(endpoint);
    this.userServices = new PersistentChatUserServices(endpoint);
  }

  /** The server configuration read at establish (PC-22). */
  get serverConfiguration(): PersistentChatServerConfiguration {
    if (this.config === null)
      throw new PersistentChatError(
        'InvalidFlowOfOperations',
        'serverConfiguration is known once the chat endpoint is established.',
      );
    return this.config;
  }

  /** The root category (`ma-cat://…`). */
  get rootCategoryUri(): string {
    return this.serverConfiguration.rootCategoryUri;
  }

  /** The chat server's SIP domain. */
  get domainName(): string {
    return this.config?.domainName ?? this.endpoint.innerEndpoint.domain;
  }

  /** The server's clock now, corrected by the skew measured at the last getserverinfo (PC-22). */
  get serverTimeUtc(): Date {
    return new Date(Date.now() + this.skewMs);
  }

  /** Reads getserverinfo again (configuration and time). */
  async refreshServerConfiguration(): Promise<PersistentChatServerConfiguration> {
    const before = Date.now();
    const info = await this.endpoint.command({
      type: 'getserverinfo',
      domain: this.endpoint.innerEndpoint.domain,
      infoType: '123',
    });
    const after = Date.now();
    this.config = toServerConfiguration(info);
    this.skewMs = info.serverTime.getTime() - (before + after) / 2;
    return this.config;
  }

  /** BrowseChatRoomsByCategoryUri. */
  browseChatRoomsByCategoryUri(categoryUri: string, maxResults?: number): Promise<ChatRoomSnapshot[]> {
    return this.search({ qtype: 'BYCAT', categoryUri }, maxResults);
  }

  /** BrowseChatRoomsByCriteria: names (and descriptions when `searchDescription`); empty criteria lists all. */
  browseChatRoomsByCriteria(
    criteria: string,
    searchDescription = false,
    matchAll?: boolean,
    matchExactPhrase?: boolean,
    maxResults?: number,
  ): Promise<ChatRoomSnapshot[]> {
    const q: RoomQuery = { qtype: 'BYNAME', criteria, extended: searchDescription };
    if (matchAll !== undefined) q.matchAll = matchAll;
    if (matchExactPhrase !== undefined) q.exactPhrase = matchExactPhrase;
    return this.search(q, maxResults);
  }

  /** BrowseChatRoomsByFilterCriteria. */
  browseChatRoomsByFilterCriteria(
    criteria: ChatRoomFilterCriteria,
    maxResults?: number,
  ): Promise<ChatRoomSnapshot[]> {
    const f: RoomFilter = {};
    if (criteria.searchTerms !== undefined) f.terms = criteria.searchTerms;
    if (criteria.searchDescription !== undefined) f.searchDescription = criteria.searchDescription;
    if (criteria.memberUri !== undefined) f.memberUri = criteria.memberUri;
    if (criteria.managerUri !== undefined) f.managerUri = criteria.managerUri;
    if (criteria.categoryUri !== undefined) f.categoryUri = criteria.categoryUri;
    if (criteria.addInId !== undefined) f.addinId = criteria.addInId;
    if (criteria.disabled !== undefined) f.disabled = criteria.disabled;
    if (criteria.privacy !== undefined) f.privacy = criteria.privacy;
    if (criteria.behavior !== undefined) f.behavior = criteria.behavior;
    if (criteria.invitations !== undefined) f.invitations = criteria.invitations;
    return this.search({ qtype: 'BYFILTER', filter: f }, maxResults);
  }

  /** BrowseChatRoomsByInvitations: rooms with invitations after `lastInviteId`, and the new cursor (PC-12). */
  async browseChatRoomsByInvitations(
    lastInviteId = 0,
  ): Promise<{ rooms: ChatRoomSnapshot[]; lastInviteId: number }> {
    const r = await this.endpoint.command({
      type: 'getinv',
      inviteId: lastInviteId,
      domain: this.domainName,
    });
    const fresh = r.invitations.filter((i) => i.inviteId > lastInviteId);
    return {
      rooms: fresh.map((i) => toSnapshot(i.room)),
      lastInviteId: fresh.reduce((m, i) => Math.max(m, i.inviteId), lastInviteId),
    };
  }

  /** BrowseChatRoomsByJoinedUser: rooms the given user is in now. */
  browseChatRoomsByJoinedUser(userUri: string, maxResults?: number): Promise<ChatRoomSnapshot[]> {
    return this.search({ qtype: 'BYJOINEDUSER', userUri }, maxResults);
  }

  /** BrowseChatRoomsIManage. */
  browseChatRoomsIManage(maxResults?: number): Promise<ChatRoomSnapshot[]> {
    return this.search({ qtype: 'MANAGED' }, maxResults);
  }

  /** BrowseMyChatRooms: rooms I am a member of. */
  browseMyChatRooms(maxResults?: number): Promise<ChatRoomSnapshot[]> {
    return this.search({ qtype: 'MEMBER' }, maxResults);
  }

  /**
   * QueryChatHistory across rooms (PC-10): Member rights in each room, no join needed. To page, reissue with
   * `startingMessageId` = the last message id of a result whose `exceededServerLimit` is true.
   */
  async queryChatHistory(
    roomUris: readonly string[],
    options: ChatHistoryQueryOptions | string,
    matchExactPhrase?: boolean,
    matchCaseSensitive?: boolean,
  ): Promise<ChatHistoryResult[]> {
    const r = await this.endpoint.command({
      type: 'pchat-searchhist',
      query: toHistoryQuery(roomUris, historyOptions(options, matchExactPhrase, matchCaseSensitive)),
    });
    return r.results.map(toHistoryResult);
  }

  /** GetPreferenceBundle (PC-19): null when `sequenceId` is current (not modified) or none exists. */
  async getPreferenceBundle(
    label: string,
    sequenceId?: number,
    provideDefault?: boolean,
  ): Promise<PersistentChatPreferenceBundle | null> {
    const r = await this.endpoint.command({
      type: 'getpref',
      label,
      ...(sequenceId !== undefined ? { seqid: sequenceId } : {}),
      ...(provideDefault !== undefined ? { createDefault: provideDefault } : {}),
    });
    return r.pref ? { label: r.pref.label, sequenceId: r.pref.seqid, data: r.pref.content } : null;
  }

  /** SetPreferenceBundle (PC-19): give the sequence id you read; returns the new one. DataCollision when stale. */
  async setPreferenceBundle(bundle: PersistentChatPreferenceBundle): Promise<number> {
    const r = await this.endpoint.command({
      type: 'setpref',
      label: bundle.label,
      seqid: bundle.sequenceId,
      content: bundle.data,
    });
    return r.seqid;
  }

  private async search(query: RoomQuery, maxResults?: number): Promise<ChatRoomSnapshot[]> {
    const r = await this.endpoint.command({
      type: 'chansrch',
      query,
      ...(maxResults !== undefined ? { maxResults } : {}),
    });
    return r.rooms.map(toSnapshot);
  }
}
