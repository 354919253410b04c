// The app's one connection to pchat, through the SDK only: Digest sign-in over SIP/WebSocket at /sip on
// this page's origin, the chat endpoint, one ChatRoomSession per followed room, and the state the views
// render (a tiny external store: subscribe + a revision number for useSyncExternalStore).
//
// Nothing lost (PC-86): a short drop is healed by the SDK (re-register once, rejoin, catch up by message
// id). When the endpoint ends anyway (a server restart takes longer than one re-registration) this client
// signs in again with back-off and catches every room up from the newest id it holds, merging without
// duplicates. The password is used for one Digest sign-in and forgotten: that sign-in binds the session
// cookie the server set on the WebSocket handshake (HttpOnly, never visible here), and every later sign-in
// of this browser — a reload, a new tab, the recovery after a server restart — rides on that cookie until
// the session expires or the user signs out (docs/web.md "Sessions and passwords").
import {
  ChatRoomSession,
  CollaborationPlatform,
  PersistentChatEndpoint,
  UserEndpoint,
  PersistentChatError,
  currentWebSession,
  endWebSession,
  isPersistentChatError,
  webSocketTransport,
  type ChatMessage,
  type ChatRoomInvitation,
  type ChatRoomSnapshot,
} from '@pchat/sdk';
import { humanError, ownChangeRefusal, sessionRefusal, signInRefusal } from './errors.js';
import {
  applyDelete,
  applyEdit,
  mergeMessages,
  newRoom,
  newestId,
  oldestId,
  type RoomState,
} from './room-state.js';
import { PresenceState } from './presence-state.js';
import { Notifier } from './notifier.js';

export type ConnectionStatus = 'signedOut' | 'signingIn' | 'online' | 'reconnecting';

/** The preference bundle (PC-19) that keeps the followed rooms on the server. */
const FOLLOWED_LABEL = 'pchat.web.followed';
const PAGE = 50;
const CATCH_UP_PAGES = 100;

export function sipAddress(input: string): string {
  const t = input.trim().toLowerCase();
  return t.startsWith('sip:') ? t : `sip:${t}`;
}

/** The SIP WebSocket of the server that served this page (same origin, RFC 7118). */
export function defaultSipUrl(): string {
  const { protocol, host } = window.location;
  return `${protocol === 'https:' ? 'wss' : 'ws'}://${host}/sip`;
}

export class ChatClient {
  status: ConnectionStatus = 'signedOut';
  user = '';
  signInError: string | null = null;
  connectionNote: string | null = null;
  rooms = new Map<string, RoomState>();
  /** Room URIs in the order of the room list. */
  order: string[] = [];
  activeUri: string | null = null;
  invitations: ChatRoomInvitation[] = [];
  chat: PersistentChatEndpoint | null = null;
  readonly notifier = new Notifier();
  /** Presence and contacts (client/presence-state.ts). */
  readonly presence = new PresenceState(() => this.changed());
  private rev = 0;
  private readonly listeners = new Set<() => void>();
  private platform: CollaborationPlatform | null = null;
  private endpoint: UserEndpoint | null = null;
  /** True from a successful sign-in until sign-out: recovery after a lost connection is wanted. */
  private signedIn = false;
  private generation = 0;
  private followedSeq: number | null = null;

  constructor(private readonly sipUrl: string = defaultSipUrl()) {}

  // ---- the external store ----
  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };
  getRevision = (): number => this.rev;
  changed(): void {
    this.rev++;
    for (const fn of this.listeners) fn();
  }

  get activeRoom(): RoomState | null {
    return this.activeUri ? (this.rooms.get(this.activeUri) ?? null) : null;
  }

  get userPart(): string {
    return this.user.replace(/^sip:/, '').replace(/@.*/, '');
  }

  // ---- sign-in ----

  /**
   * On load: when this browser's web session is live, signs in with it (no password asked); otherwise the
   * sign-in form shows. Returns whether it signed in.
   */
  async resume(): Promise<boolean> {
    this.status = 'signingIn';
    this.changed();
    const session = await currentWebSession();
    if (session === null) {
      this.status = 'signedOut';
      this.changed();
      return false;
    }
    return this.signIn(session.ownerUri, null, true);
  }

  /** Signs in with the password, or with the web session when `password` is null. */
  async signIn(address: string, password: string | null, quietRefusal = false): Promise<boolean> {
    this.status = 'signingIn';
    this.signInError = null;
    this.user = sipAddress(address);
    this.changed();
    try {
      await this.connect(this.user, password);
    } catch (e) {
      this.status = 'signedOut';
      // A session that ended between the question and the sign-in just shows the form.
      this.signInError = quietRefusal ? null : signInRefusal(e);
      await this.teardown();
      this.changed();
      return false;
    }
    this.signedIn = true;
    this.status = 'online';
    try {
      localStorage.setItem('pchat.lastAddress', this.user); // the address only, never the password
    } catch {
      // storage may be off
    }
    this.changed();
    await this.loadFollowed();
    return true;
  }

  async signOut(): Promise<void> {
    this.generation++;
    this.signedIn = false;
    await this.teardown();
    await endWebSession();
    this.status = 'signedOut';
    this.rooms.clear();
    this.order = [];
    this.activeUri = null;
    this.invitations = [];
    this.changed();
  }

  /**
   * Signs in once: REGISTER (Digest with the password, or unchallenged on the web session's cookie when
   * `password` is null), provisioning, the chat dialog (rejects with a typed error).
   */
  private async connect(user: string, password: string | null): Promise<void> {
    const gen = ++this.generation;
    const platform = new CollaborationPlatform({
      applicationName: 'pchat-web',
      transport: webSocketTransport(),
      timeouts: { connectMs: 5000, requestMs: 10000, keepAliveMs: 25000 },
    });
    await platform.startup();
    this.platform = platform;
    const endpoint = new UserEndpoint(platform, {
      ownerUri: user,
      server: this.sipUrl,
      // Without a password a Digest challenge (no live session) fails at once, as a refusal.
      credentials: { password: password ?? '' },
    });
    this.endpoint = endpoint;
    await endpoint.establish();
    const prov = await endpoint.getProvisioningData();
    const chatUri = prov.persistentChatConfiguration.defaultPersistentChatUri;
    if (chatUri === null) {
      throw new PersistentChatError('NotEnabledByPolicy', 'Persistent Chat is not enabled for this account.');
    }
    const chat = new PersistentChatEndpoint(chatUri, endpoint);
    chat.on('chatRoomInvitationReceived', ({ invitation }) => {
      if (this.rooms.has(invitation.chatRoom.uri)) return;
      if (this.invitations.some((i) => i.invitationId === invitation.invitationId)) return;
      this.invitations = [...this.invitations, invitation];
      this.changed();
    });
    chat.on('connectionStateChanged', ({ state }) => {
      if (gen !== this.generation) return;
      if (state === 'Reestablishing') {
        this.status = 'reconnecting';
        this.connectionNote = 'Connection lost. Reconnecting…';
        for (const r of this.rooms.values()) if (r.status === 'joined') r.status = 'reconnecting';
        this.changed();
      } else if (state === 'Established' && this.status === 'reconnecting') {
        this.status = 'online';
        this.connectionNote = null;
        this.changed();
      } else if (state === 'Terminated' && this.signedIn) {
        void this.recover(gen);
      }
    });
    this.chat = chat;
    await chat.establish();
    void this.presence.attach(endpoint);
  }

  private async teardown(): Promise<void> {
    const platform = this.platform;
    this.platform = null;
    this.endpoint = null;
    this.chat = null;
    this.presence.detach();
    if (platform) await platform.shutdown().catch(() => undefined);
  }

  /** The endpoint ended (server restart): sign in again with back-off, rejoin and catch up every room. */
  private async recover(gen: number): Promise<void> {
    if (gen !== this.generation || !this.signedIn) return;
    this.status = 'reconnecting';
    this.connectionNote = 'Connection lost. Reconnecting…';
    for (const r of this.rooms.values()) {
      r.session = null;
      if (r.status === 'joined' || r.status === 'joining') r.status = 'reconnecting';
      r.rev++;
    }
    this.changed();
    await this.teardown();
    for (let attempt = 0; ; attempt++) {
      if (!this.signedIn) return;
      await new Promise((r) => setTimeout(r, Math.min(500 * 2 ** attempt, 8000)));
      if (!this.signedIn) return;
      try {
        await this.connect(this.user, null); // the web session signs in again, on any node of the pool
        break;
      } catch (e) {
        await this.teardown();
        if (
          isPersistentChatError(e) &&
          ['AuthenticationFailed', 'PrincipalDisabled', 'NotEnabledByPolicy'].includes(e.code)
        ) {
          this.signedIn = false;
          this.status = 'signedOut';
          this.signInError = sessionRefusal(e);
          this.changed();
          return;
        }
        this.connectionNote = `Reconnecting… (${humanError(e)})`;
        this.changed();
      }
    }
    this.status = 'online';
    this.connectionNote = null;
    this.changed();
    await Promise.all(
      [...this.rooms.values()].map((r) => (r.status === 'left' ? null : this.joinRoom(r.uri, true))),
    );
  }

  // ---- rooms ----

  /** Followed rooms from the preference bundle, else the rooms I am a member of (PC-19, PC-20). */
  private async loadFollowed(): Promise<void> {
    const svc = this.chat!.persistentChatServices;
    let uris: string[] | null = null;
    let muted = new Set<string>();
    try {
      const b = await svc.getPreferenceBundle(FOLLOWED_LABEL);
      if (b) {
        this.followedSeq = b.sequenceId;
        const data = JSON.parse(b.data) as { rooms?: string[]; muted?: string[] };
        uris = data.rooms ?? [];
        muted = new Set(data.muted ?? []);
      }
    } catch {
      uris = null;
    }
    let rooms: ChatRoomSnapshot[];
    try {
      rooms = await svc.browseMyChatRooms(200);
    } catch {
      rooms = [];
    }
    const byUri = new Map(rooms.map((r) => [r.uri, r]));
    const list = uris ?? rooms.map((r) => r.uri);
    for (const uri of list) {
      const snap = byUri.get(uri) ?? null;
      if (!this.rooms.has(uri)) this.rooms.set(uri, newRoom(uri, snap?.name ?? 'Room', snap));
      if (!this.order.includes(uri)) this.order.push(uri);
      this.rooms.get(uri)!.muted = muted.has(uri);
    }
    this.changed();
    await Promise.all(list.map((u) => this.joinRoom(u)));
  }

  private async saveFollowed(): Promise<void> {
    const svc = this.chat?.persistentChatServices;
    if (!svc) return;
    // The per-room notification mute travels with the followed rooms: it holds on every device.
    const muted = this.order.filter((u) => this.rooms.get(u)?.muted);
    const data = JSON.stringify({ rooms: this.order, ...(muted.length ? { muted } : {}) });
    for (let i = 0; i < 3; i++) {
      try {
        if (this.followedSeq === null) {
          const b = await svc.getPreferenceBundle(FOLLOWED_LABEL, undefined, true);
          this.followedSeq = b?.sequenceId ?? 0;
        }
        this.followedSeq = await svc.setPreferenceBundle({
          label: FOLLOWED_LABEL,
          sequenceId: this.followedSeq,
          data,
        });
        return;
      } catch (e) {
        if (!isPersistentChatError(e, 'DataCollision')) return;
        this.followedSeq = null;
      }
    }
  }

  /** Joins (or rejoins after a reconnect) a room and loads its backchat; catches up from the newest id known. */
  async joinRoom(uri: string, rejoin = false): Promise<void> {
    const chat = this.chat;
    if (!chat) return;
    let room = this.rooms.get(uri);
    if (!room) {
      room = newRoom(uri, 'Room');
      this.rooms.set(uri, room);
      this.order.push(uri);
    }
    const r = room;
    r.status = rejoin ? 'reconnecting' : 'joining';
    r.error = null;
    r.rev++;
    this.changed();
    const session = new ChatRoomSession(chat);
    session.on('chatMessageReceived', ({ message }) => this.received(r, [message], true));
    session.on('chatMessageEdited', ({ messageId, message }) => {
      if (applyEdit(r, messageId, message.messageContent)) this.changed();
    });
    session.on('chatMessageDeleted', ({ messageId }) => {
      if (applyDelete(r, messageId)) this.changed();
    });
    session.on('participantAttendanceChanged', () => this.rosterChanged(r, session));
    session.on('participantPrivilegeChanged', () => this.rosterChanged(r, session));
    session.on('chatRoomPropertiesChanged', ({ newProperties }) => {
      r.name = newProperties.name;
      r.description = newProperties.description;
      r.topic = newProperties.topic;
      r.rev++;
      this.changed();
    });
    session.on('sessionStateChanged', ({ state, reason }) => {
      if (session !== r.session) return;
      if (state === 'Reestablishing') r.status = 'reconnecting';
      else if (state === 'Established') r.status = 'joined';
      else if (state === 'Terminated' && reason && this.status === 'online') {
        r.status = 'failed';
        r.error = humanError(reason);
      }
      r.rev++;
      this.changed();
    });
    try {
      await session.join(uri);
    } catch (e) {
      r.status = 'failed';
      r.error = humanError(e);
      r.rev++;
      this.changed();
      return;
    }
    r.session = session;
    r.name = session.name ?? r.name;
    r.description = session.description;
    r.topic = session.topic;
    r.privacy = session.privacy;
    r.behavior = session.behavior;
    this.rosterChanged(r, session);
    try {
      const since = newestId(r);
      const recent = await session.getRecentChatHistory(PAGE);
      // The server caps a page at its DefaultChatHistory (PC-09), so a short page is not the start: only an
      // empty one is.
      if (recent.length === 0 && since === null) r.reachedStart = true;
      if (since !== null) await this.catchUp(r, session, recent, since);
      else this.received(r, recent, false);
    } catch (e) {
      r.error = humanError(e);
    }
    r.status = 'joined';
    r.rev++;
    this.changed();
  }

  /** After a new sign-in: pages back until the newest id we hold, so nothing between is missed. */
  private async catchUp(
    r: RoomState,
    s: ChatRoomSession,
    first: ChatMessage[],
    since: string,
  ): Promise<void> {
    const got: ChatMessage[] = [...first];
    let page = first;
    for (let i = 0; i < CATCH_UP_PAGES; i++) {
      if (page.length === 0 || page.some((m) => m.messageId !== null && BigInt(m.messageId) <= BigInt(since)))
        break;
      const before = page[0]!.messageId;
      if (before === null) break;
      page = await s.getRecentChatHistory(PAGE, before);
      got.push(...page);
    }
    this.received(r, got, true);
  }

  private received(r: RoomState, messages: ChatMessage[], live: boolean): void {
    const fresh = mergeMessages(r, messages);
    if (fresh.length === 0) return;
    if (live) {
      const looking = this.activeUri === r.uri && document.visibilityState === 'visible';
      for (const m of fresh) {
        if (m.messageAuthor.toLowerCase() === this.user) continue;
        const mention = m.isAlert || this.mentionsMe(m);
        if (!looking) {
          r.unread++;
          if (r.firstUnreadId === null) r.firstUnreadId = m.messageId;
          if (mention) r.mentions++;
        }
        if (mention && !r.muted && (!looking || document.hidden))
          this.notifier.notify(r.name, m, () => this.open(r.uri));
      }
    }
    this.changed();
  }

  mentionsMe(m: ChatMessage): boolean {
    const me = this.userPart;
    if (!me) return false;
    return new RegExp(`(^|[^\\w])@?${me.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([^\\w]|$)`, 'i').test(
      `${m.storyTitle ?? ''} ${m.messageContent}`,
    );
  }

  private rosterChanged(r: RoomState, s: ChatRoomSession): void {
    r.participants = [...s.participants].sort((a, b) => a.sipUri.localeCompare(b.sipUri));
    // PC-13: above ParticipantUpdateLimit the server sends newcomers no roster; the directory still counts.
    r.rosterHidden = (r.snapshot?.numberOfParticipants ?? 0) > r.participants.length;
    r.rev++;
    this.changed();
  }

  /** Pages one step further back in the room's history (infinite scroll upward, PC-09). */
  async loadOlder(uri: string): Promise<void> {
    const r = this.rooms.get(uri);
    if (!r || !r.session || r.loadingOlder || r.reachedStart) return;
    const before = oldestId(r);
    r.loadingOlder = true;
    this.changed();
    try {
      const page = await r.session.getRecentChatHistory(PAGE, before ?? undefined);
      if (page.length === 0) r.reachedStart = true;
      mergeMessages(r, page);
    } catch (e) {
      r.error = humanError(e);
    } finally {
      r.loadingOlder = false;
      r.rev++;
      this.changed();
    }
  }

  /** Loads history back to a message (a search result opened in its context). */
  async loadUntil(uri: string, messageId: string): Promise<void> {
    const target = BigInt(messageId);
    for (let i = 0; i < 200; i++) {
      const r = this.rooms.get(uri);
      if (!r || r.ids.has(messageId) || r.reachedStart) return;
      const o = oldestId(r);
      if (o !== null && BigInt(o) < target) return;
      await this.loadOlder(uri);
    }
  }

  open(uri: string | null): void {
    this.activeUri = uri;
    if (uri) {
      const r = this.rooms.get(uri);
      if (r) {
        r.unread = 0;
        r.mentions = 0;
        r.rev++;
      }
    }
    this.changed();
  }

  /** Marks the open room read (the "new" divider goes away on the next visit). */
  markRead(uri: string): void {
    const r = this.rooms.get(uri);
    if (!r) return;
    r.firstUnreadId = null;
    r.unread = 0;
    r.mentions = 0;
    r.rev++;
    this.changed();
  }

  /** Follows a room from the directory or an invitation: joins it and keeps it on the server (PC-20). */
  async follow(snap: ChatRoomSnapshot): Promise<void> {
    if (!this.rooms.has(snap.uri)) {
      this.rooms.set(snap.uri, newRoom(snap.uri, snap.name, snap));
      this.order.push(snap.uri);
    }
    this.invitations = this.invitations.filter((i) => i.chatRoom.uri !== snap.uri);
    this.open(snap.uri);
    await this.joinRoom(snap.uri);
    await this.saveFollowed();
  }

  declineInvitation(id: number): void {
    this.invitations = this.invitations.filter((i) => i.invitationId !== id);
    this.changed();
  }

  async leave(uri: string): Promise<void> {
    const r = this.rooms.get(uri);
    if (!r) return;
    try {
      if (r.session?.state === 'Established') await r.session.leave();
    } catch {
      // leaving is best effort: the room is dropped from the list either way
    }
    this.rooms.delete(uri);
    this.order = this.order.filter((u) => u !== uri);
    if (this.activeUri === uri) this.activeUri = this.order[0] ?? null;
    this.changed();
    await this.saveFollowed();
  }

  /** Mutes or unmutes desktop notifications for a room, kept on the server with the followed rooms. */
  async toggleMute(uri: string): Promise<void> {
    const r = this.rooms.get(uri);
    if (!r) return;
    r.muted = !r.muted;
    r.rev++;
    this.changed();
    await this.saveFollowed();
  }

  /**
   * Posts a file (PC-15): the SDK's upload job asks for a single-use link, sends the bytes over HTTP and
   * posts the file part. Rejects with words for people (too large, not allowed in this room, …).
   */
  async uploadFile(
    uri: string,
    file: File,
    onProgress: (done: number, total: number) => void,
  ): Promise<void> {
    const r = this.rooms.get(uri);
    if (!r?.session || r.session.state !== 'Established')
      throw new Error('Not connected to this room right now: try again in a moment.');
    try {
      const job = r.session.uploadFile(file, {
        fileName: file.name,
        ...(file.type ? { contentType: file.type } : {}),
      });
      job.on('progress', ({ bytesTransferred, totalBytes }) => onProgress(bytesTransferred, totalBytes));
      this.received(r, [await job.completion], false);
    } catch (e) {
      throw new Error(`${file.name}: ${humanError(e)}`, { cause: e });
    }
  }

  /**
   * Edits one of my messages (allowed by the Persistent Chat policy; docs/compliance.md). The room's
   * `chatMessageEdited` updates every view, this one included. Rejects with words for people.
   */
  async editMessage(uri: string, messageId: string, text: string): Promise<void> {
    const s = this.establishedSession(uri);
    try {
      await s.editMessage(messageId, text);
    } catch (e) {
      throw new Error(ownChangeRefusal(e, 'edit'), { cause: e });
    }
  }

  /** Deletes one of my messages; every view of the room shows it deleted. Rejects with words for people. */
  async deleteMessage(uri: string, messageId: string): Promise<void> {
    const s = this.establishedSession(uri);
    try {
      await s.deleteMessage(messageId);
    } catch (e) {
      throw new Error(ownChangeRefusal(e, 'delete'), { cause: e });
    }
  }

  private establishedSession(uri: string): ChatRoomSession {
    const r = this.rooms.get(uri);
    if (!r?.session || r.session.state !== 'Established')
      throw new Error('Not connected to this room right now: try again in a moment.');
    return r.session;
  }

  /** A single-use link to a posted file, for the browser to download it directly. */
  async fileDownloadUrl(uri: string, fileUri: string): Promise<string> {
    const r = this.rooms.get(uri);
    if (!r?.session || r.session.state !== 'Established')
      throw new Error('Not connected to this room right now: try again in a moment.');
    try {
      return await r.session.getFileDownloadUrl(fileUri);
    } catch (e) {
      throw new Error(humanError(e), { cause: e });
    }
  }

  /** Posts; rejects with words for people (the composer keeps the text and offers a retry). */
  async post(uri: string, text: string, opts: { alert?: boolean; storyTitle?: string }): Promise<void> {
    const r = this.rooms.get(uri);
    if (!r?.session || r.session.state !== 'Established')
      throw new Error('Not connected to this room right now. Your text is kept: retry in a moment.');
    try {
      const sent =
        opts.storyTitle !== undefined
          ? await r.session.sendStory(opts.storyTitle, text, { alert: opts.alert ?? false })
          : await r.session.sendChatMessage(text, { alert: opts.alert ?? false });
      this.received(r, [sent], false);
    } catch (e) {
      throw new Error(humanError(e), { cause: e });
    }
  }
}
