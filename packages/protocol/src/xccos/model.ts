// The typed XCCOS model shared by the server and the SDK. Wire names are in docs/protocol-notes.md;
// every field here maps to exactly one element or attribute there.

/** A chat message: the body of `grpchat` (live, both directions) and of `msg` (history, search). */
export interface ChatMessage {
  /** `chanUri`: the room, `ma-chan://domain/id`. */
  chanUri: string;
  /** `author`: SIP URI of the poster. */
  author: string;
  /** `ts`: when the server accepted the post (UTC). Clients send their own clock; the server restamps. */
  ts: Date;
  /** `msgid` (pchat): the server's per-room message id; absent on a client's post. Opaque, used for paging. */
  messageId?: string;
  /** `alert="true"` (pchat): high-importance message (FormattedOutboundChatMessage.IsAlert). */
  alert?: boolean;
  /** `<story title>` (pchat): a story; its body is `text`. */
  storyTitle?: string;
  /** `<chat>`: the plain-text rendering, the only part pidgin-sipe reads. */
  text: string;
  /** `<rtf>` (pchat): optional RTF rendering as the Lync client produces it. */
  rtf?: string;
  /** `<parts>` (pchat): the formatted parts, in order; `text` stays their plain rendering. */
  parts?: MessagePart[];
  /**
   * `replaces` (pchat): this grpchat changes the message with this id. From a client: a request to
   * edit (or with `deleted`, delete) one's own message. From the server: the edit or deletion, sent to
   * every joined endpoint; a client that ignores the attribute (pidgin-sipe) shows `text`, the new text
   * or a deletion notice, as a new line.
   */
  replaces?: string;
  /** `deleted="true"` (pchat): with `replaces`, the message was deleted. */
  deleted?: boolean;
}

/** Formatted message parts (the SDK's MessagePart* family). */
export type MessagePart =
  | { kind: 'text'; text: string }
  | { kind: 'link'; text: string; href: string }
  | { kind: 'room'; text: string; uri: string }
  | { kind: 'emoticon'; text: string; name: string }
  | { kind: 'file'; text: string; uri: string; name: string; size?: number };

/** A room as listed by `chansrch`, `getassociations`, invitations (ChatRoomSnapshot + the flags pidgin-sipe reads). */
export interface RoomSummary {
  uri: string;
  name: string;
  description?: string;
  /** `<info id="urn:parlano:ma:info:ucnt">`: live participant count. */
  userCount?: number;
  /** `<info id="urn:parlano:ma:info:visibilty">`: pidgin-sipe treats "private" as a private room. */
  visibility?: 'public' | 'private';
  /** `<prop id="urn:parlano:ma:prop:logged">`: chat history is kept (PC-16). */
  logged?: boolean;
  /** `<prop id="urn:parlano:ma:prop:invite">`: invitations on (PC-12). */
  invite?: boolean;
  /** `<prop id="urn:parlano:ma:prop:filepost">`: file posting allowed (PC-15). */
  filepost?: boolean;
}

/** A joined room in `rpl:join`/`rpl:bjoin`. */
export interface JoinedRoom {
  uri: string;
  name: string;
  topic?: string;
  description?: string;
  /** Participants listed with `aib key="3984"` (normal members as pidgin-sipe guesses). */
  members: string[];
  /** Participants listed with `aib key="12276"` (channel operators / managers). */
  managers: string[];
  /** (pchat `<prop>`) presenters of an auditorium room; also listed in members or managers. */
  presenters?: string[];
  /** Room flags as `<prop>` children (pidgin-sipe ignores `<prop>` in rpl:join). */
  logged?: boolean;
  invite?: boolean;
  filepost?: boolean;
  privacy?: Privacy;
  behavior?: Behavior;
}

export type Privacy = 'open' | 'closed' | 'secret';
export type Behavior = 'normal' | 'auditorium';
export type InvitationSetting = 'inherit' | 'false';
export type RoomRole = 'member' | 'manager' | 'presenter';

/** Full room settings (ChatRoomSettings / ChatRoomInformation), for create/update/get (pchat). */
export interface RoomSettings {
  name: string;
  categoryUri: string;
  description?: string;
  privacy?: Privacy;
  behavior?: Behavior;
  invitations?: InvitationSetting;
  topic?: string;
  addinId?: string;
  disabled?: boolean;
}

export interface RoomDetails extends RoomSettings {
  uri: string;
  /**
   * `version` (pchat, PC-28): the room's optimistic-concurrency token. The server sends it in
   * `rpl:pchat-getroom`; a client sends the version it read back in `cmd:pchat-updateroom`, and the server
   * refuses the update with DataCollision when the room changed since. Absent from older clients.
   */
  version?: number;
  members?: string[];
  managers?: string[];
  presenters?: string[];
}

export interface Principal {
  uri: string;
  name?: string;
  /** `user` | `group` | `folder` | `domain` (PersistentChatPrincipalType). */
  type?: 'user' | 'group' | 'folder' | 'domain';
}

export interface CategoryInfo {
  uri: string;
  name: string;
  description?: string;
}

export interface AddIn {
  id: string;
  name: string;
  url: string;
}

/** PC-12 invitation: per-user increasing id, creation time, room snapshot. */
export interface Invitation {
  inviteId: number;
  createdOn: Date;
  room: RoomSummary;
}

/** PC-19 preference bundle. */
export interface PreferenceBundle {
  label: string;
  seqid: number;
  /** Opaque content (the Microsoft clients store base64 text). */
  content: string;
}

/** PC-22 server information (`rpl:getserverinfo <sib>`). */
export interface ServerInfo {
  infoType?: string;
  serverTime: Date;
  searchLimit: number;
  messageSizeLimit: number;
  storySizeLimit: number;
  rootUri: string;
  dbVersion: string;
  displayName?: string;
  roomManagementUrl?: string;
  domain?: string;
}

/** PC-10 history query (ChatHistoryQueryOptions). */
export interface HistoryQuery {
  rooms: string[];
  terms?: string;
  exactPhrase?: boolean;
  caseSensitive?: boolean;
  authors?: string[];
  from?: Date;
  to?: Date;
  startMessageId?: string;
  searchReversed?: boolean;
  sortReversed?: boolean;
  limit?: number;
}

/** PC-10 per-room result (ChatHistoryResult). */
export interface HistoryRoomResult {
  uri: string;
  name?: string;
  total: number;
  exceeded: boolean;
  messages: ChatMessage[];
}

/** Room directory queries (PC-11), `<qib qtype>`. */
export type RoomQuery =
  | { qtype: 'BYNAME'; criteria: string; extended: boolean; matchAll?: boolean; exactPhrase?: boolean }
  | { qtype: 'BYCAT'; categoryUri: string }
  | { qtype: 'BYINV'; lastInviteId?: number }
  | { qtype: 'BYJOINEDUSER'; userUri: string }
  | { qtype: 'MANAGED' }
  | { qtype: 'MEMBER' }
  | { qtype: 'BYFILTER'; filter: RoomFilter };

export interface RoomFilter {
  terms?: string;
  searchDescription?: boolean;
  memberUri?: string;
  managerUri?: string;
  categoryUri?: string;
  addinId?: string;
  disabled?: boolean;
  privacy?: Privacy;
  behavior?: Behavior;
  invitations?: InvitationSetting;
}
