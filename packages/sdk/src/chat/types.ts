// The SDK's data types (docs/sdk.md), as plain readonly objects built from the XCCOS model.
import type {
  ChatMessage as WireMessage,
  MessagePart,
  Privacy,
  Behavior,
  InvitationSetting,
  RoomRole,
} from '@pchat/protocol';

export type {
  MessagePart,
  Privacy as ChatRoomPrivacy,
  Behavior as ChatRoomBehavior,
  InvitationSetting as ChatRoomInvitationSetting,
  RoomRole as ChatRoomRole,
};

/** UCMA ChatMessage: a message received live, from history or from search. */
export interface ChatMessage {
  /** The server's id (numeric text), unique per room and increasing; used for paging and de-duplication. */
  readonly messageId: string | null;
  /** The room's URI (`ma-chan://…`). */
  readonly chatRoomUri: string;
  /** The room's name, when known. */
  readonly chatRoomName: string | null;
  /** The author's SIP URI. */
  readonly messageAuthor: string;
  /** The plain text (a story's body for stories). */
  readonly messageContent: string;
  /** RTF rendering, when sent. */
  readonly messageRtfContent: string | null;
  /** High-importance message. */
  readonly isAlert: boolean;
  /** A story's title (null for normal messages). */
  readonly storyTitle: string | null;
  /** When the server accepted it. */
  readonly timestamp: Date;
  /** The formatted parts (links, room links, emoticons, files), when sent. */
  readonly formattedMessageParts: readonly MessagePart[];
}

/** Converts a wire message (internal). */
export function toChatMessage(m: WireMessage, roomName: string | null = null): ChatMessage {
  return {
    messageId: m.messageId ?? null,
    chatRoomUri: m.chanUri,
    chatRoomName: roomName,
    messageAuthor: m.author,
    messageContent: m.text,
    messageRtfContent: m.rtf ?? null,
    isAlert: m.alert ?? false,
    storyTitle: m.storyTitle ?? null,
    timestamp: m.ts,
    formattedMessageParts: m.parts ?? [{ kind: 'text', text: m.text }],
  };
}

/** UCMA ChatRoomSummary. */
export interface ChatRoomSummary {
  /** `ma-chan://domain/id`. */
  readonly uri: string;
  readonly name: string;
  readonly description: string | null;
}

/** UCMA ChatRoomSnapshot: a summary with the live participant count and the flags. */
export interface ChatRoomSnapshot extends ChatRoomSummary {
  readonly numberOfParticipants: number;
  /** Closed/secret rooms are listed as private. */
  readonly isPrivate: boolean;
  /** Chat history kept (PC-16). */
  readonly isLogged: boolean;
  /** Invitations on (PC-12). */
  readonly isInvite: boolean;
  /** File posting allowed (PC-15). */
  readonly isFilePostAllowed: boolean;
}

/** UCMA ChatRoomParticipant. */
export interface ChatRoomParticipant {
  readonly sipUri: string;
  readonly isManager: boolean;
  readonly isPresenter: boolean;
}

/** UCMA ChatRoomInvitation (PC-12). */
export interface ChatRoomInvitation {
  readonly invitationId: number;
  readonly createdOn: Date;
  readonly chatRoom: ChatRoomSnapshot;
}

/** UCMA PersistentChatServerConfiguration (PC-22). */
export interface PersistentChatServerConfiguration {
  readonly displayName: string | null;
  readonly rootCategoryUri: string;
  readonly messageSizeLimit: number;
  readonly storySizeLimit: number;
  readonly searchLimit: number;
  readonly roomManagementUrl: string | null;
  readonly serverTimeUtc: Date;
  readonly databaseVersion: string;
  readonly domainName: string | null;
}

/** UCMA PersistentChatPreferenceBundle (PC-19). */
export interface PersistentChatPreferenceBundle {
  readonly label: string;
  readonly sequenceId: number;
  readonly data: string;
}

/** UCMA ChatHistoryQueryOptions (PC-10). */
export interface ChatHistoryQueryOptions {
  /** Space-separated terms. */
  searchString?: string;
  matchExactPhrase?: boolean;
  matchCaseSensitive?: boolean;
  /** Only these authors' messages. */
  authors?: string[];
  dateBeginning?: Date;
  dateEnding?: Date;
  /** Paging: continue from this message id (overrides the dates). */
  startingMessageId?: string;
  /** Search newest first. */
  searchOrderReversed?: boolean;
  /** Return newest first. */
  sortOrderReversed?: boolean;
  /** Per room; the server caps it. */
  resultLimit?: number;
}

/** UCMA ChatHistoryResult (PC-10). */
export interface ChatHistoryResult {
  readonly chatRoomUri: string;
  readonly chatRoomName: string | null;
  readonly messages: readonly ChatMessage[];
  /** Total matches. */
  readonly searchResultsCount: number;
  /** More matched than were returned: page with `startingMessageId` = last message id. */
  readonly exceededServerLimit: boolean;
}
