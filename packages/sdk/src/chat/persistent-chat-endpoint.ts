// PersistentChatEndpoint (PC-80, PC-83): the chat dialog (INVITE to the chat server URI, XCCOS in INFO,
// docs/xccos.md §1) over an established LocalEndpoint. establish() rejects at once with a typed error when
// the server refuses (PC-82: Lync's SDK hung for a minute instead); every command has a short timeout.
// After the local endpoint reconnects, the chat dialog is re-established and sessions rejoin and catch up.
import {
  commandId,
  createResponse,
  decodeServerEnvelope,
  encodeCommandEnvelope,
  generateCallId,
  generateTag,
  getHeader,
  parseXml,
  type ChatMessage as WireMessage,
  type Invitation as WireInvitation,
  type ReplyDataMap,
  type SipRequest,
  type SipResponse,
  type XccosCommand,
  type XccosNotice,
  type XccosReply,
  type XccosReplyType,
} from '@pchat/protocol';
import { PersistentChatError } from '../errors.js';
import { TypedEventTarget } from '../events.js';
import { errorFromResponse } from '../sip/diagnostics.js';
import { SipDialog } from '../sip/dialog.js';
import type { LocalEndpoint } from '../endpoints/local-endpoint.js';
import { toSnapshot } from './convert.js';
import { PendingReplies } from './pending-replies.js';
import type { ChatRoomInvitation } from './types.js';
import { PersistentChatServices } from './services.js';
import type { ChatRoomSession } from './room-session.js';
import type { ChatRoom } from './management.js';

/** PersistentChatEndpointState (PC-83) plus Reestablishing while the local endpoint reconnects. */
export type PersistentChatEndpointState =
  'Idle' | 'Establishing' | 'Established' | 'Reestablishing' | 'Terminating' | 'Terminated';

/** Events of a {@link PersistentChatEndpoint}. */
export interface PersistentChatEndpointEvents {
  /** ConnectionStateChanged (PC-83). `reason` says why on failures. */
  connectionStateChanged: {
    previousState: PersistentChatEndpointState;
    state: PersistentChatEndpointState;
    reason?: PersistentChatError;
  };
  /** ChatRoomInvitationReceived (PC-12): at establish (getinv) and live. */
  chatRoomInvitationReceived: { invitation: ChatRoomInvitation };
}

/** Options of a {@link PersistentChatEndpoint}. */
export interface PersistentChatEndpointOptions {
  /**
   * Act for this user (P-Asserted-Identity, RFC 3325). Only a trusted ApplicationEndpoint may; the server
   * refuses anyone else with ErrorPermission.
   */
  actAs?: string;
  /** Command timeout in ms (default: the platform's requestMs). */
  timeoutMs?: number;
}

/** The connection to a Persistent Chat server (UCMA PersistentChatEndpoint). */
export class PersistentChatEndpoint extends TypedEventTarget<PersistentChatEndpointEvents> {
  /** The chat server URI (from provisioning: defaultPersistentChatUri). */
  readonly chatServerUri: string;
  /** The local endpoint underneath (UCMA InnerEndpoint). */
  readonly innerEndpoint: LocalEndpoint;
  /** Room directory, history, preferences, configuration (UCMA PersistentChatServices). */
  readonly persistentChatServices: PersistentChatServices;
  private _state: PersistentChatEndpointState = 'Idle';
  private dialog: SipDialog | null = null;
  private envid = Math.floor(Math.random() * 1_000_000) + 1;
  private readonly pending: PendingReplies;
  private readonly sessions = new Set<ChatRoomSession>();
  private readonly offs: Array<() => void> = [];
  private readonly timeoutMs: number;
  private resolvedUri: string | null = null;
  private sessionTimer: ReturnType<typeof setInterval> | null = null;

  constructor(
    chatServerUri: string,
    localEndpoint: LocalEndpoint,
    readonly options: PersistentChatEndpointOptions = {},
  ) {
    super();
    this.chatServerUri = chatServerUri;
    this.innerEndpoint = localEndpoint;
    this.timeoutMs = options.timeoutMs ?? localEndpoint.platform.timeouts.requestMs;
    this.pending = new PendingReplies(this.timeoutMs);
    this.persistentChatServices = new PersistentChatServices(this);
  }

  /** Current state. */
  get state(): PersistentChatEndpointState {
    return this._state;
  }

  /** Who this endpoint acts as: `actAs`, else the local endpoint's owner. */
  get userUri(): string {
    return (this.options.actAs ?? this.innerEndpoint.ownerUri).toLowerCase();
  }

  /** The joined sessions (UCMA ActiveChatRoomSessions). */
  get activeChatRoomSessions(): readonly ChatRoomSession[] {
    return [...this.sessions].filter((s) => s.state === 'Established' || s.state === 'Reestablishing');
  }

  /** A joined session by room URI or by name (case-insensitive), like UCMA's indexers. */
  getChatRoomSession(nameOrUri: string): ChatRoomSession | undefined {
    const key = nameOrUri.toLowerCase();
    return this.activeChatRoomSessions.find(
      (s) => s.chatRoomUri?.toLowerCase() === key || s.name?.toLowerCase() === key,
    );
  }

  /**
   * Opens the chat dialog (UCMA BeginEstablish). The local endpoint must be Established. Rejects at once with
   * a PersistentChatError whose code says why the server refused: NotAUserPrincipal (a contact-owned
   * endpoint, PC-82), NotEnabledByPolicy, PrincipalDisabled, NoSuchNode (unknown chat URI), ...
   */
  async establish(): Promise<void> {
    if (this._state !== 'Idle')
      throw new PersistentChatError(
        'InvalidFlowOfOperations',
        `The chat endpoint is ${this._state}; it can be established once.`,
      );
    if (this.innerEndpoint.state !== 'Established') {
      throw new PersistentChatError(
        'InvalidFlowOfOperations',
        `Establish the local endpoint first: it is ${this.innerEndpoint.state}.`,
      );
    }
    this.setState('Establishing');
    this.offs.push(this.innerEndpoint.addRequestHandler((req) => this.onRequest(req)));
    this.offs.push(this.innerEndpoint.on('stateChanged', (e) => this.onLocalState(e.state, e.reason)));
    this.offs.push(this.innerEndpoint.on('connectionRestored', () => void this.reestablish()));
    try {
      await this.openDialog();
      await this.afterOpen();
      this.setState('Established');
    } catch (e) {
      const err =
        e instanceof PersistentChatError
          ? e
          : new PersistentChatError('CommandFailed', String(e), { cause: e });
      await this.byeQuietly();
      this.cleanup();
      this.setState('Terminated', err);
      throw err;
    }
  }

  /** Leaves every room and closes the chat dialog (UCMA BeginTerminate). Idempotent. */
  async terminate(): Promise<void> {
    if (this._state === 'Terminated' || this._state === 'Terminating') return;
    this.setState('Terminating');
    for (const s of this.sessions) s.endpointClosed();
    const d = this.dialog;
    if (d && this.innerEndpoint.ua && !this.innerEndpoint.ua.isClosed) {
      try {
        await d.request('BYE', { timeoutMs: this.timeoutMs, operation: 'BYE (chat dialog)' });
      } catch {
        // the dialog ends with the connection anyway
      }
    }
    this.cleanup();
    this.setState('Terminated');
  }

  /** @internal Sends one XCCOS command and resolves with its reply data; rejects with a typed error. */
  async command<K extends XccosReplyType>(cmd: Extract<XccosCommand, { type: K }>): Promise<ReplyDataMap[K]> {
    const op = commandId((cmd as XccosCommand).type);
    const d = this.requireDialog(op);
    const envid = String(this.envid++);
    return this.sendAwaiting(
      d,
      envid,
      cmd as XccosCommand,
      op,
      this.pending.command<ReplyDataMap[K]>(envid, op),
    );
  }

  /** @internal Posts a message; resolves with the server's echo (which carries the message id, PC-02). */
  async post(message: WireMessage): Promise<WireMessage> {
    const d = this.requireDialog('grpchat');
    const envid = String(this.envid++);
    return this.sendAwaiting(
      d,
      envid,
      { type: 'grpchat', message },
      'grpchat',
      this.pending.post(envid, message),
    );
  }

  /**
   * Sends the INFO and returns the awaited answer. The answer may settle while the INFO is still being sent
   * (an error reply, the connection failing): it is observed here at once so that is never an unhandled
   * rejection (which ends a Node process); the caller still gets the rejection from the returned promise.
   */
  private async sendAwaiting<T>(
    d: SipDialog,
    envid: string,
    cmd: XccosCommand,
    op: string,
    answer: Promise<T>,
  ): Promise<T> {
    answer.catch(() => undefined);
    try {
      await this.sendInfo(d, envid, cmd, op);
    } catch (e) {
      this.pending.forget(envid);
      throw e;
    }
    return answer;
  }

  /** @internal A room was updated through this endpoint: its sessions report the new properties. */
  roomUpdated(room: ChatRoom): void {
    for (const s of this.sessions) s.roomUpdated(room);
  }

  /** @internal Sessions register so that messages and notices reach them. */
  attach(s: ChatRoomSession): void {
    this.sessions.add(s);
  }

  /** @internal */
  detach(s: ChatRoomSession): void {
    this.sessions.delete(s);
  }

  private async sendInfo(d: SipDialog, envid: string, cmd: XccosCommand, op: string): Promise<void> {
    const res = await d.request('INFO', {
      body: encodeCommandEnvelope(envid, cmd),
      contentType: 'text/plain',
      timeoutMs: this.timeoutMs,
      operation: op,
    });
    if (res.status >= 300) throw errorFromResponse(res, op);
  }

  private requireDialog(op: string): SipDialog {
    if (this._state !== 'Established' && this._state !== 'Establishing') {
      throw new PersistentChatError(
        'InvalidFlowOfOperations',
        `${op}: the chat endpoint is ${this._state}, not Established.`,
        { operation: op },
      );
    }
    if (this.dialog === null)
      throw new PersistentChatError('InvalidFlowOfOperations', `${op}: no chat dialog.`, { operation: op });
    return this.dialog;
  }

  /** The chat server URI in use: `chatServerUri`, or the pool URI a legacy lookup URI named (cmd:requri). */
  get resolvedChatServerUri(): string {
    return this.resolvedUri ?? this.chatServerUri;
  }

  private async openDialog(): Promise<void> {
    await this.inviteDialog(this.resolvedUri ?? this.chatServerUri);
    if (this.resolvedUri !== null) return;
    // docs/xccos.md §5.5: the URI may be a lookup URI (sip:ocschat@<domain>, a Persistent Chat endpoint);
    // cmd:requri names the pool's chat server URI, which is INVITEd instead.
    const saved = this._state;
    this._state = 'Establishing';
    try {
      const r = await this.command({ type: 'requri' });
      this.resolvedUri = r.uri;
      if (r.uri.toLowerCase() !== this.chatServerUri.toLowerCase()) {
        await this.byeQuietly();
        await this.inviteDialog(r.uri);
      }
    } finally {
      this._state = saved;
    }
  }

  private async byeQuietly(): Promise<void> {
    const d = this.dialog;
    this.dialog = null;
    if (!d) return;
    try {
      await d.request('BYE', { timeoutMs: this.timeoutMs, operation: 'BYE' });
    } catch {
      // the dialog is gone either way
    }
  }

  private async inviteDialog(uri: string): Promise<void> {
    const local = this.innerEndpoint;
    const ua = local.requireUa('establish');
    const extra = this.options.actAs
      ? [{ name: 'P-Asserted-Identity', value: `<${this.options.actAs}>` }]
      : [];
    const from = this.options.actAs
      ? `<${this.options.actAs}>;tag=${generateTag()}`
      : `<${local.ownerUri}>;tag=${generateTag()}`;
    const invite = ua.build({
      method: 'INVITE',
      uri,
      from,
      to: `<${uri}>`,
      callId: generateCallId(),
      cseq: 1,
      headers: [
        { name: 'Contact', value: local.contactValue() },
        { name: 'Supported', value: 'ms-sender' },
        { name: 'User-Agent', value: local.platform.userAgent },
        ...extra,
      ],
      body: 'v=0\r\no=- 0 0 IN IP4 0.0.0.0\r\ns=session\r\nc=IN IP4 0.0.0.0\r\nt=0 0\r\nm=message 5060 sip null\r\n',
      contentType: 'application/sdp',
    });
    const res = await ua.send(invite, { timeoutMs: this.timeoutMs, operation: `establish (INVITE ${uri})` });
    if (res.status >= 300) throw errorFromResponse(res, `establish (INVITE ${uri})`);
    this.dialog = SipDialog.fromInvite(ua, invite, res, extra);
    this.dialog.ack();
    this.startSessionTimer(getHeader(res, 'Session-Expires'));
  }

  private async afterOpen(): Promise<void> {
    // Configuration first (PC-21 order), then pending invitations (PC-12).
    await this.persistentChatServices.refreshServerConfiguration();
    try {
      const inv = await this.command({ type: 'getinv', inviteId: 0, domain: this.domainOfChat() });
      this.invitationsReceived(inv.invitations);
    } catch (e) {
      if (!(e instanceof PersistentChatError) || e.code === 'OperationTimeout') throw e;
    }
  }

  private invitationsReceived(invitations: readonly WireInvitation[]): void {
    for (const i of invitations)
      this.emit('chatRoomInvitationReceived', {
        invitation: { invitationId: i.inviteId, createdOn: i.createdOn, chatRoom: toSnapshot(i.room) },
      });
  }

  private domainOfChat(): string {
    const at = this.chatServerUri.indexOf('@');
    return at < 0 ? this.innerEndpoint.domain : this.chatServerUri.slice(at + 1).replace(/[;>].*$/, '');
  }

  private onRequest(req: SipRequest): SipResponse | null {
    const d = this.dialog;
    if (!d || !d.matches(req)) return null;
    if (req.method === 'ACK') return null;
    if (req.method === 'BYE') {
      this.dialog = null;
      queueMicrotask(() => this.dialogLost('The chat server ended the chat dialog (BYE).'));
      return createResponse(req, 200);
    }
    if (req.method === 'INFO') this.onInfo(req.body);
    return createResponse(req, 200);
  }

  private onInfo(body: string): void {
    let items;
    try {
      items = decodeServerEnvelope(body).items;
    } catch {
      return; // unreadable envelope: nothing to deliver
    }
    for (const it of items) {
      if (it.kind === 'reply') this.onReply(it.reply);
      else if (it.kind === 'notice') this.onNotice(it.notice);
      else if (it.kind === 'grpchat') this.onMessage(it.message);
      else if (it.element === 'rpl') this.onUnknownReply(body);
    }
  }

  private onReply(r: XccosReply): void {
    if (this.pending.reply(r)) return;
    // COMPAT(pidgin-sipe): an uncorrelated rpl:part is how the server says we were removed from a room.
    if (r.type === 'part' && r.data) for (const s of this.sessions) s.removedByServer(r.data.uri);
  }

  /** Replies the codec does not type (rpl:grpchat errors, rpl:error): read envid, code and text directly. */
  private onUnknownReply(body: string): void {
    try {
      const root = parseXml(body);
      for (const el of root.getChildren('rpl')) {
        const envid = el.getChild('commandid')?.attrs.envid as string | undefined;
        const resp = el.getChild('resp');
        const code = Number(resp?.attrs.code ?? 500);
        const text = resp?.getText() ?? '';
        if (envid !== undefined) this.pending.refused(envid, code, text);
      }
    } catch {
      // ignore
    }
  }

  private onNotice(n: XccosNotice): void {
    if (n.type === 'pchat-inv') {
      this.invitationsReceived(n.invitations);
      return;
    }
    for (const s of this.sessions) s.notice(n);
  }

  private onMessage(m: WireMessage): void {
    // Our own post comes back as the echo: it confirms the pending post (PC-02).
    if (m.author.toLowerCase() === this.userUri) this.pending.echoed(m);
    for (const s of this.sessions) s.message(m);
  }

  private onLocalState(state: string, reason?: PersistentChatError): void {
    if (state === 'Reestablishing' && this._state === 'Established') {
      this.stopSessionTimer();
      this.dialog = null;
      this.pending.failAll(
        new PersistentChatError(
          'ConnectionFailed',
          'The connection to the server was lost; the endpoint is reconnecting.',
        ),
      );
      this.setState('Reestablishing');
      for (const s of this.sessions) s.connectionLost();
    } else if (state === 'Terminated' || state === 'Terminating') {
      if (this._state === 'Terminated' || this._state === 'Terminating') return;
      const why = reason ?? new PersistentChatError('ConnectionFailed', 'The local endpoint was terminated.');
      for (const s of this.sessions) s.endpointClosed(why);
      this.cleanup();
      this.setState('Terminated', why);
    }
  }

  private async reestablish(): Promise<void> {
    if (this._state !== 'Reestablishing') return;
    try {
      await this.openDialog();
      this._state = 'Establishing'; // commands may flow while sessions rejoin
      await this.afterOpen();
      this._state = 'Reestablishing';
      this.setState('Established');
      for (const s of [...this.sessions]) void s.rejoin();
    } catch (e) {
      const err =
        e instanceof PersistentChatError
          ? e
          : new PersistentChatError('ConnectionFailed', String(e), { cause: e });
      for (const s of this.sessions) s.endpointClosed(err);
      this.cleanup();
      this._state = 'Reestablishing';
      this.setState('Terminated', err);
    }
  }

  /**
   * The chat dialog ended while the connection stayed up (server BYE, or 481 to a refresh): re-establish it
   * like after a reconnect; a refusal then ends the endpoint with its reason.
   */
  private dialogLost(why: string): void {
    if (this._state !== 'Established') return;
    this.stopSessionTimer();
    this.dialog = null;
    this.pending.failAll(new PersistentChatError('ConnectionFailed', why));
    this.setState('Reestablishing', new PersistentChatError('ConnectionFailed', why));
    for (const s of this.sessions) s.connectionLost();
    if (this.innerEndpoint.state === 'Established') void this.reestablish();
  }

  /** RFC 4028 session timer: the server names us refresher (`refresher=uac`); refresh at half the interval. */
  private startSessionTimer(value: string | undefined): void {
    this.stopSessionTimer();
    const secs = value === undefined ? NaN : parseInt(value, 10);
    if (!Number.isFinite(secs) || secs <= 0) return;
    const d = this.dialog;
    this.sessionTimer = setInterval(
      () => {
        if (this.dialog !== d || d === null || this._state !== 'Established') return;
        d.request('UPDATE', { timeoutMs: this.timeoutMs, operation: 'UPDATE (session refresh)' }).then(
          (res) => {
            if (res.status === 481 && this.dialog === d)
              this.dialogLost(
                'The chat server no longer knows the chat dialog (481 to the session refresh).',
              );
          },
          () => {
            // a lost connection is handled by the local endpoint
          },
        );
      },
      Math.max(5, secs / 2) * 1000,
    );
    (this.sessionTimer as { unref?: () => void }).unref?.();
  }

  private stopSessionTimer(): void {
    if (this.sessionTimer !== null) clearInterval(this.sessionTimer);
    this.sessionTimer = null;
  }

  private cleanup(): void {
    this.stopSessionTimer();
    this.pending.failAll(new PersistentChatError('ConnectionFailed', 'The chat endpoint was terminated.'));
    for (const off of this.offs.splice(0)) off();
    this.dialog = null;
  }

  private setState(state: PersistentChatEndpointState, reason?: PersistentChatError): void {
    const previousState = this._state;
    if (previousState === state) return;
    this._state = state;
    this.emit('connectionStateChanged', reason ? { previousState, state, reason } : { previousState, state });
  }
}
