// ChatRoomSession (PC-85): one joined room. Register handlers before join(). After the connection comes back
// the session rejoins by itself and fetches what it missed by message id (bccontext paging back to the last
// id it delivered), so a bot never silently skips a message and never sees one twice.
import type { ChatMessage as WireMessage, JoinedRoom, XccosNotice } from '@pchat/protocol';
import { PersistentChatError } from '../errors.js';
import { TypedEventTarget } from '../events.js';
import { FormattedOutboundChatMessage } from './formatted-message.js';
import {
  startDownload,
  startUpload,
  type ChatRoomFileDownloadJob,
  type ChatRoomFileUploadJob,
  type FileTransferHost,
} from './file-transfer.js';
import { historyOptions, toHistoryQuery } from './history-query.js';
import type { ChatRoom } from './management.js';
import type { PersistentChatEndpoint } from './persistent-chat-endpoint.js';
import { toHistoryResult } from './convert.js';
import {
  toChatMessage,
  type ChatHistoryQueryOptions,
  type ChatHistoryResult,
  type ChatMessage,
  type ChatRoomBehavior,
  type ChatRoomParticipant,
  type ChatRoomPrivacy,
  type ChatRoomSnapshot,
  type ChatRoomSummary,
} from './types.js';

/** ChatRoomSessionState (PC-85) plus Reestablishing while the connection comes back. */
export type ChatRoomSessionState =
  'Idle' | 'Establishing' | 'Established' | 'Reestablishing' | 'Terminating' | 'Terminated';

/** The room properties a session reports (ChatRoomPropertiesChanged's dictionaries). */
export interface ChatRoomProperties {
  readonly name: string;
  readonly description: string | null;
  readonly topic: string | null;
}

/** Events of a {@link ChatRoomSession}. */
export interface ChatRoomSessionEvents {
  /** A message in the room: live, or fetched after a reconnect (`catchUp: true`). Never twice. */
  chatMessageReceived: { message: ChatMessage; catchUp: boolean };
  /** An author edited their message `messageId` (pchat); `message` carries the new text. */
  chatMessageEdited: { messageId: string; message: ChatMessage };
  /** An author deleted their message `messageId` (pchat). */
  chatMessageDeleted: { messageId: string; author: string };
  /** The room's properties changed (seen at rejoin, or after an update through this endpoint). */
  chatRoomPropertiesChanged: {
    chatRoomUri: string;
    oldProperties: ChatRoomProperties;
    newProperties: ChatRoomProperties;
  };
  /** Someone arrived (`isActive`) or left. */
  participantAttendanceChanged: { participant: ChatRoomParticipant; isActive: boolean };
  /** A participant's manager/presenter flags changed. */
  participantPrivilegeChanged: { participant: ChatRoomParticipant; previous: ChatRoomParticipant };
  /** The session's state changed; `reason` on failures (e.g. removed from the room). */
  sessionStateChanged: {
    previousState: ChatRoomSessionState;
    state: ChatRoomSessionState;
    reason?: PersistentChatError;
  };
}

/** Options of a send. */
export interface SendOptions {
  /** High importance. */
  alert?: boolean;
  /** An RTF rendering. */
  rtf?: string;
}

const SEEN_LIMIT = 10_000;
const CATCH_UP_PAGE = 50;
const CATCH_UP_MAX_PAGES = 200;

function idLeq(a: string, b: string): boolean {
  return /^\d+$/.test(a) && /^\d+$/.test(b) ? BigInt(a) <= BigInt(b) : a === b;
}

/** A session in one chat room (UCMA ChatRoomSession). */
export class ChatRoomSession extends TypedEventTarget<ChatRoomSessionEvents> {
  private _state: ChatRoomSessionState = 'Idle';
  private room: JoinedRoom | null = null;
  /**
   * Roster notices that arrive while a join is being completed (after rpl:join, before its roster is in
   * place): the server sends them only after rpl:join, so they are newer than its roster and are applied
   * on top of it. Without this, a user who joins meanwhile (on this node or another of a pool) is missed.
   */
  private noticesDuringJoin: XccosNotice[] | null = null;
  private readonly roster = new Map<string, ChatRoomParticipant>();
  private readonly seen = new Set<string>();
  private readonly seenOrder: string[] = [];
  private _lastMessageId: string | null = null;
  private catchingUp = false;
  private snapshot: ChatRoomSnapshot | null = null;
  private buffered: WireMessage[] = [];

  constructor(readonly endpoint: PersistentChatEndpoint) {
    super();
  }

  /** Current state. */
  get state(): ChatRoomSessionState {
    return this._state;
  }

  /** The joined room's URI (null before join). */
  get chatRoomUri(): string | null {
    return this.room?.uri ?? null;
  }

  /** The room's name. */
  get name(): string | null {
    return this.room?.name ?? null;
  }

  /** The room's description. */
  get description(): string | null {
    return this.room?.description ?? null;
  }

  /** The room's topic. */
  get topic(): string | null {
    return this.room?.topic ?? null;
  }

  /** Chat history is kept in this room (PC-16). */
  get isLogged(): boolean {
    return this.snapshot?.isLogged ?? true;
  }

  /** Invitations are on (PC-12). */
  get isInvite(): boolean {
    return this.snapshot?.isInvite ?? false;
  }

  /** Files may be posted (PC-15). */
  get isFilePostAllowed(): boolean {
    return this.snapshot?.isFilePostAllowed ?? false;
  }

  /** Closed or secret room. */
  get isPrivate(): boolean {
    return this.snapshot?.isPrivate ?? false;
  }

  /** The room's privacy (PC-01: Open, Closed, Secret), when the server said in the join reply. */
  get privacy(): ChatRoomPrivacy | null {
    return this.room?.privacy ?? null;
  }

  /** Normal or auditorium (PC-03: only presenters post in an auditorium), when the server said. */
  get behavior(): ChatRoomBehavior | null {
    return this.room?.behavior ?? null;
  }

  /** Whether this endpoint's user may post: everyone in a normal room, presenters in an auditorium (PC-03). */
  get canPost(): boolean {
    if (this.behavior !== 'auditorium') return true;
    return this.roster.get(this.endpoint.userUri)?.isPresenter ?? false;
  }

  /** The participants the server has told us about (PC-13: none above the participant update limit). */
  get participants(): readonly ChatRoomParticipant[] {
    return [...this.roster.values()];
  }

  /** Whether this endpoint's user manages the room. */
  get canManage(): boolean {
    return this.roster.get(this.endpoint.userUri)?.isManager ?? false;
  }

  /** The id of the last message delivered (the catch-up cursor). */
  get lastMessageId(): string | null {
    return this._lastMessageId;
  }

  /** Joins a room by URI, name (case-insensitive) or summary (UCMA BeginJoin). */
  async join(room: string | ChatRoomSummary): Promise<void> {
    if (this._state !== 'Idle')
      throw new PersistentChatError(
        'InvalidFlowOfOperations',
        `The session is ${this._state}; leave() before joining another room.`,
      );
    const uri =
      typeof room !== 'string' ? room.uri : room.startsWith('ma-chan://') ? room : await this.uriOfName(room);
    this.endpoint.attach(this);
    this.setState('Establishing');
    this.catchingUp = true;
    this.buffered = [];
    try {
      await this.doJoin(uri);
      // The catch-up cursor: the newest message at join time (not delivered; use getRecentChatHistory).
      const last = await this.endpoint.command({ type: 'bccontext', uri: this.room!.uri, count: 1 });
      const newest = last.messages[last.messages.length - 1];
      if (newest?.messageId !== undefined) this.markSeen(newest.messageId);
      this.setState('Established');
      this.flush();
    } catch (e) {
      this.catchingUp = false;
      this.endpoint.detach(this);
      this.room = null;
      this.setState('Idle');
      throw e;
    }
  }

  /** Leaves the room (UCMA BeginLeave); the session can join again afterwards. */
  async leave(): Promise<void> {
    if (this._state !== 'Established')
      throw new PersistentChatError(
        'InvalidFlowOfOperations',
        `The session is ${this._state}, not Established.`,
      );
    this.setState('Terminating');
    try {
      await this.endpoint.command({ type: 'part', uri: this.room!.uri });
    } finally {
      this.endpoint.detach(this);
      this.roster.clear();
      this.setState('Idle');
    }
  }

  /**
   * Sends a message (UCMA BeginSendChatMessage overloads): plain text or a FormattedOutboundChatMessage,
   * optionally as an alert and with RTF. Resolves with the message as stored (with its id).
   */
  async sendChatMessage(
    content: string | FormattedOutboundChatMessage,
    options: SendOptions = {},
  ): Promise<ChatMessage> {
    const uri = this.requireEstablished('sendChatMessage');
    const m: WireMessage = { chanUri: uri, author: this.endpoint.userUri, ts: new Date(), text: '' };
    if (typeof content === 'string') m.text = content;
    else {
      m.text = content.plainText;
      m.parts = [...content.messageParts];
      if (content.isAlert) m.alert = true;
      if (content.storyTitle !== null) m.storyTitle = content.storyTitle;
    }
    if (options.alert) m.alert = true;
    if (options.rtf !== undefined) m.rtf = options.rtf;
    return toChatMessage(await this.endpoint.post(m), this.name);
  }

  /**
   * Edits one of your own messages (pchat): allowed when your policy says so (AllowEditOwnMessages,
   * within EditWindowMinutes). Resolves when the server sent the edit to the room; every session in the
   * room, yours included, gets `chatMessageEdited`.
   */
  async editMessage(messageId: string, text: string): Promise<void> {
    const uri = this.requireEstablished('editMessage');
    await this.endpoint.post({
      chanUri: uri,
      author: this.endpoint.userUri,
      ts: new Date(),
      text,
      replaces: messageId,
    });
  }

  /** Deletes one of your own messages (pchat, AllowDeleteOwnMessages); the room gets `chatMessageDeleted`. */
  async deleteMessage(messageId: string): Promise<void> {
    const uri = this.requireEstablished('deleteMessage');
    await this.endpoint.post({
      chanUri: uri,
      author: this.endpoint.userUri,
      ts: new Date(),
      text: '-',
      replaces: messageId,
      deleted: true,
    });
  }

  /** Sends a story: a titled, longer message (UCMA BeginSendChatMessage(title, content, alert)). */
  sendStory(title: string, content: string, options: SendOptions = {}): Promise<ChatMessage> {
    const f = new FormattedOutboundChatMessage(options.alert ?? false, title).appendPlainText(content);
    return this.sendChatMessage(f, options.rtf !== undefined ? { rtf: options.rtf } : {});
  }

  /**
   * Uploads a file and posts it in the room (PC-15; UCMA BeginUploadFile). The room's category must allow
   * files and the server refuses files over its MaxFileSizeKB before they are stored. In Node, pass
   * `await fs.openAsBlob(path)` to stream a file from disk. Follow the job's events, or await `completion`.
   */
  uploadFile(
    content: Blob | Uint8Array,
    options: { fileName?: string; contentType?: string } = {},
  ): ChatRoomFileUploadJob {
    this.requireEstablished('uploadFile');
    const name = options.fileName ?? (content instanceof File ? content.name : undefined);
    if (!name)
      throw new PersistentChatError('InvalidArgument', 'uploadFile needs a file name (options.fileName).');
    return startUpload(this.files(), content, name, options.contentType);
  }

  /** Downloads a file posted in the room (a message part of kind `file`), as a Blob (UCMA BeginDownloadFile). */
  downloadFile(part: { uri: string; name: string; size?: number }): ChatRoomFileDownloadJob {
    this.requireEstablished('downloadFile');
    return startDownload(this.files(), part.uri, part.name, part.size ?? 0);
  }

  /**
   * A single-use link to a posted file, valid for a few minutes: for a browser to download it directly
   * (an `<a href download>`) without holding the bytes in memory.
   */
  async getFileDownloadUrl(fileUri: string): Promise<string> {
    return this.files().downloadLink(fileUri);
  }

  private files(): FileTransferHost {
    const uri = this.requireEstablished('file transfer');
    return {
      uploadLink: async (name, size, contentType) =>
        (
          await this.endpoint.command({
            type: 'pchat-fileupload',
            uri,
            name,
            size,
            ...(contentType ? { contentType } : {}),
          })
        ).url,
      downloadLink: async (fileUri) =>
        (await this.endpoint.command({ type: 'pchat-filedownload', uri, fileUri })).url,
      post: (m) => this.sendChatMessage(m),
    };
  }

  /** The last `count` messages, oldest first (PC-09); `beforeMessageId` pages further back. */
  async getRecentChatHistory(count: number, beforeMessageId?: string): Promise<ChatMessage[]> {
    const uri = this.requireEstablished('getRecentChatHistory');
    const r = await this.endpoint.command({
      type: 'bccontext',
      uri,
      count,
      ...(beforeMessageId !== undefined ? { beforeMessageId } : {}),
    });
    return r.messages.map((m) => toChatMessage(m, this.name));
  }

  /** Searches this room's history (PC-10). */
  async queryChatHistory(
    options: ChatHistoryQueryOptions | string,
    matchExactPhrase?: boolean,
    matchCaseSensitive?: boolean,
  ): Promise<ChatHistoryResult | null> {
    const uri = this.requireEstablished('queryChatHistory');
    const r = await this.endpoint.command({
      type: 'pchat-searchhist',
      query: toHistoryQuery([uri], historyOptions(options, matchExactPhrase, matchCaseSensitive)),
    });
    const first = r.results[0];
    return first ? toHistoryResult(first) : null;
  }

  /**
   * The participant list of a large room (PC-13, UCMA BeginGetHiddenParticipantList). The server has no
   * command for the hidden roster yet, so this returns the roster known from the join reply and the
   * join/part notices since (complete below the participant update limit).
   */
  async getHiddenParticipantList(): Promise<ChatRoomParticipant[]> {
    this.requireEstablished('getHiddenParticipantList');
    return this.participants.slice();
  }

  // ---- internal: called by the PersistentChatEndpoint ----

  /** @internal A live message for some room. */
  message(m: WireMessage): void {
    if (this.room === null || m.chanUri.toLowerCase() !== this.room.uri.toLowerCase()) return;
    if (m.replaces !== undefined) {
      if (m.deleted) this.emit('chatMessageDeleted', { messageId: m.replaces, author: m.author });
      else
        this.emit('chatMessageEdited', {
          messageId: m.replaces,
          message: toChatMessage({ ...m, messageId: m.replaces }, this.name),
        });
      return;
    }
    if (this.catchingUp) {
      this.buffered.push(m);
      return;
    }
    if (this._state === 'Established') this.deliver(m, false);
  }

  /** @internal A roster notice. */
  notice(n: XccosNotice): void {
    if (this.noticesDuringJoin) {
      this.noticesDuringJoin.push(n);
      return;
    }
    const room = this.room;
    if (room === null) return;
    if (n.type === 'join' || n.type === 'bjoin') {
      const r = n.rooms.find((x) => x.uri.toLowerCase() === room.uri.toLowerCase());
      if (!r) return;
      const user = n.user.toLowerCase();
      const now: ChatRoomParticipant = { sipUri: user, isManager: r.manager, isPresenter: false };
      const before = this.roster.get(user);
      this.roster.set(user, now);
      if (!before) this.emit('participantAttendanceChanged', { participant: now, isActive: true });
      else if (before.isManager !== now.isManager)
        this.emit('participantPrivilegeChanged', { participant: now, previous: before });
    } else if (n.type === 'part' && n.uri.toLowerCase() === room.uri.toLowerCase()) {
      for (const u of n.users.map((x) => x.toLowerCase())) {
        if (u === this.endpoint.userUri) {
          this.removedByServer(room.uri);
          continue;
        }
        const p = this.roster.get(u);
        if (!p) continue;
        this.roster.delete(u);
        this.emit('participantAttendanceChanged', { participant: p, isActive: false });
      }
    }
  }

  /** @internal The server removed us from the room (PC-05, PC-14). */
  removedByServer(uri: string): void {
    if (this.room === null || uri.toLowerCase() !== this.room.uri.toLowerCase()) return;
    if (this._state !== 'Established') return;
    this.endpoint.detach(this);
    this.terminate(
      new PersistentChatError(
        'ErrorPermission',
        `The server removed ${this.endpoint.userUri} from ${this.room.name}: access was withdrawn or the room was disabled.`,
      ),
    );
  }

  /** @internal The connection dropped: wait for rejoin. */
  connectionLost(): void {
    if (this._state === 'Established') this.setState('Reestablishing');
  }

  /** @internal The chat endpoint is back: rejoin and catch up by message id. */
  async rejoin(): Promise<void> {
    if (this._state !== 'Reestablishing' || this.room === null) return;
    this.catchingUp = true;
    this.buffered = [];
    try {
      await this.doJoin(this.room.uri);
      await this.catchUp();
      this.setState('Established');
      this.flush();
    } catch (e) {
      this.catchingUp = false;
      this.endpoint.detach(this);
      this.terminate(
        e instanceof PersistentChatError ? e : new PersistentChatError('CommandFailed', String(e)),
      );
    }
  }

  /** @internal The chat endpoint ended. */
  endpointClosed(reason?: PersistentChatError): void {
    if (this._state === 'Idle' || this._state === 'Terminated') return;
    this.terminate(reason);
  }

  /** @internal A room update made through this endpoint. */
  roomUpdated(room: ChatRoom): void {
    if (this.room === null || room.uri.toLowerCase() !== this.room.uri.toLowerCase()) return;
    const old = this.properties();
    this.room = {
      ...this.room,
      name: room.name,
      ...(room.description !== null ? { description: room.description } : {}),
      ...(room.topic !== null ? { topic: room.topic } : {}),
    };
    this.propertiesMaybeChanged(old);
  }

  private async doJoin(uri: string): Promise<void> {
    this.noticesDuringJoin = [];
    try {
      await this.completeJoin(uri);
    } finally {
      const queued = this.noticesDuringJoin;
      this.noticesDuringJoin = null;
      for (const n of queued) this.notice(n);
    }
  }

  private async completeJoin(uri: string): Promise<void> {
    const old = this.room ? this.properties() : null;
    const r = await this.endpoint.command({ type: 'join', uri });
    const joined = r.rooms.find((x) => x.uri.toLowerCase() === uri.toLowerCase()) ?? r.rooms[0];
    if (!joined)
      throw new PersistentChatError(
        'CommandFailed',
        `cmd:join: the server's reply names no room for ${uri}.`,
      );
    // rpl:join carries name, topic and roster; the description and the flags come from the directory.
    const snap = (
      await this.endpoint.persistentChatServices
        .browseChatRoomsByCriteria(joined.name, false, true, true)
        .catch(() => [])
    ).find((x) => x.uri.toLowerCase() === joined.uri.toLowerCase());
    this.snapshot = snap ?? null;
    const before = new Map(this.roster);
    this.room =
      snap?.description != null && joined.description === undefined
        ? { ...joined, description: snap.description }
        : joined;
    this.roster.clear();
    const presenters = new Set((joined.presenters ?? []).map((u) => u.toLowerCase()));
    for (const u of joined.members)
      this.roster.set(u.toLowerCase(), {
        sipUri: u.toLowerCase(),
        isManager: false,
        isPresenter: presenters.has(u.toLowerCase()),
      });
    for (const u of joined.managers)
      this.roster.set(u.toLowerCase(), {
        sipUri: u.toLowerCase(),
        isManager: true,
        isPresenter: presenters.has(u.toLowerCase()),
      });
    if (old) {
      // Rejoin: report what changed while we were away.
      this.propertiesMaybeChanged(old);
      for (const [u, p] of before)
        if (!this.roster.has(u))
          this.emit('participantAttendanceChanged', { participant: p, isActive: false });
      for (const [u, p] of this.roster) {
        const b = before.get(u);
        if (!b) this.emit('participantAttendanceChanged', { participant: p, isActive: true });
        else if (b.isManager !== p.isManager)
          this.emit('participantPrivilegeChanged', { participant: p, previous: b });
      }
    }
  }

  /** Pages back with bccontext until the last delivered id, then delivers the newer ones oldest first. */
  private async catchUp(): Promise<void> {
    const uri = this.room!.uri;
    const last = this._lastMessageId;
    const found: WireMessage[] = [];
    let before: string | undefined;
    for (let page = 0; page < CATCH_UP_MAX_PAGES; page++) {
      const r = await this.endpoint.command({
        type: 'bccontext',
        uri,
        count: CATCH_UP_PAGE,
        ...(before !== undefined ? { beforeMessageId: before } : {}),
      });
      if (r.messages.length === 0) break;
      let reached = false;
      for (const m of r.messages) {
        if (m.messageId === undefined) continue;
        if (last !== null && idLeq(m.messageId, last)) reached = true;
        else found.push(m);
      }
      if (reached) break;
      before = r.messages[0]!.messageId;
      if (before === undefined) break;
    }
    found.sort((a, b) => (idLeq(a.messageId!, b.messageId!) ? (a.messageId === b.messageId ? 0 : -1) : 1));
    for (const m of found) this.deliver(m, true);
  }

  private flush(): void {
    this.catchingUp = false;
    const b = this.buffered;
    this.buffered = [];
    for (const m of b) this.deliver(m, false);
  }

  private deliver(m: WireMessage, catchUp: boolean): void {
    if (m.messageId !== undefined) {
      if (this.seen.has(m.messageId)) return;
      if (this._lastMessageId !== null && idLeq(m.messageId, this._lastMessageId) && catchUp) return;
      this.markSeen(m.messageId);
    }
    this.emit('chatMessageReceived', { message: toChatMessage(m, this.name), catchUp });
  }

  private markSeen(id: string): void {
    this.seen.add(id);
    this.seenOrder.push(id);
    if (this.seenOrder.length > SEEN_LIMIT) this.seen.delete(this.seenOrder.shift()!);
    if (this._lastMessageId === null || idLeq(this._lastMessageId, id)) this._lastMessageId = id;
  }

  private properties(): ChatRoomProperties {
    return {
      name: this.room?.name ?? '',
      description: this.room?.description ?? null,
      topic: this.room?.topic ?? null,
    };
  }

  private propertiesMaybeChanged(old: ChatRoomProperties): void {
    const now = this.properties();
    if (old.name !== now.name || old.description !== now.description || old.topic !== now.topic) {
      this.emit('chatRoomPropertiesChanged', {
        chatRoomUri: this.room!.uri,
        oldProperties: old,
        newProperties: now,
      });
    }
  }

  private async uriOfName(name: string): Promise<string> {
    const rooms = await this.endpoint.persistentChatServices.browseChatRoomsByCriteria(name);
    const hit = rooms.find((r) => r.name.toLowerCase() === name.toLowerCase());
    if (!hit)
      throw new PersistentChatError(
        'NoSuchNode',
        `No chat room named "${name}" is visible to ${this.endpoint.userUri}: check the name, or browse with persistentChatServices.browseChatRoomsByCriteria("").`,
      );
    return hit.uri;
  }

  private requireEstablished(op: string): string {
    if (this._state !== 'Established' || this.room === null) {
      throw new PersistentChatError(
        'InvalidFlowOfOperations',
        `${op}: the session is ${this._state}; join a room first.`,
        { operation: op },
      );
    }
    return this.room.uri;
  }

  private terminate(reason?: PersistentChatError): void {
    this.setState('Terminating', reason);
    this.setState('Terminated', reason);
  }

  private setState(state: ChatRoomSessionState, reason?: PersistentChatError): void {
    const previousState = this._state;
    if (previousState === state) return;
    this._state = state;
    this.emit('sessionStateChanged', reason ? { previousState, state, reason } : { previousState, state });
  }
}
