// The seam between the front end and the chat sessions. The front end resolves the chat URI, checks the
// caller (user object, enabled, enabled by policy) and then hands the INVITE over; a 2xx answer creates the
// SIP dialog (one owner: the SIP layer's DialogTable, the dialog knows its connection) with the router's
// per-dialog state inside it, and the requests inside that dialog (INFO, UPDATE, BYE, ACK) come back to the
// router, already checked to arrive on the dialog's own connection. The router returns answers; it never
// writes a response to the socket itself. It may send its own requests (INFO rpl:*) on the connection.
// However a dialog ends (BYE, its connection closing, the router ending it), onDialogEnded runs once.
import type { SipHeader, SipRequest } from '@pchat/protocol';
import type { Actor, Pool } from '@pchat/domain';
import type { SipDialog } from '../../sip/transaction/index.js';
import type { FrontendConnection, RequestIdentity } from '../connection.js';
import { DIAG, refuse } from '../../errors/sip.js';

/** How the INVITEd URI named the chat service. */
export type ChatTargetKind =
  /** The pool's own chat server URI (Pool.chatServerUri). */
  | 'pool'
  /** A friendly Persistent Chat endpoint contact (New-CsPersistentChatEndpoint, PC-47). */
  | 'endpoint'
  /** The legacy lookup `sip:ocschat@<domain>` (Lync 2010 Group Chat clients). */
  | 'lookup';

export interface ChatTarget {
  kind: ChatTargetKind;
  /** The URI as INVITEd, lower-cased `sip:user@host`. */
  uri: string;
  pool: Pool;
}

export interface ChatInviteContext {
  request: SipRequest;
  connection: FrontendConnection;
  /** Who the INVITE acts as (checked: a user object, not disabled, enabled by policy). */
  identity: RequestIdentity;
  /** The domain's view of that user, for can() checks. */
  actor: Actor;
  target: ChatTarget;
  /** Our To tag for the dialog; the front end puts it on the answer. */
  localTag: string;
  /** This node's FQDN (ms-diagnostics source). */
  fqdn: string;
}

/** A final answer (or, for ACK, nothing). The front end adds Via/From/To/Call-ID/CSeq and the To tag. */
export interface ChatAnswer {
  status: number;
  reason?: string;
  headers?: SipHeader[];
  body?: string;
  contentType?: string;
}

/** The answer to an INVITE: a 2xx creates the dialog and keeps `session` in it until it ends. */
export interface ChatInviteAnswer extends ChatAnswer {
  session?: DialogSession;
}

/** The router's side of one dialog, kept in the dialog (SipDialog.data) for its whole life. */
export interface DialogSession {
  /**
   * The 2xx went out and the dialog exists: `end` ends it from the server side (after the router sent its
   * BYE), through the same path as a BYE from the client or the connection closing.
   */
  bind(dialog: SipDialog, end: (reason: string) => void): void;
}

/** What the front end keeps in SipDialog.data for a chat dialog. */
export interface ChatDialogData {
  identity: RequestIdentity;
  target: ChatTarget;
  session: DialogSession | null;
}

export interface ChatDialogContext {
  request: SipRequest;
  connection: FrontendConnection;
  /** The dialog, owned by `connection` (checked before anything about it changed). */
  dialog: SipDialog;
  data: ChatDialogData;
  fqdn: string;
}

export interface ChatServiceRouter {
  /** Answers an INVITE to a chat URI. A 2xx answer creates the dialog; throw a DomainError to refuse. */
  onInvite(ctx: ChatInviteContext): Promise<ChatInviteAnswer>;
  /** INFO / UPDATE / BYE / ACK inside an accepted dialog. Return null for ACK. BYE ends the dialog after. */
  onDialogRequest(ctx: ChatDialogContext): Promise<ChatAnswer | null>;
  /**
   * A dialog ended, whatever ended it (BYE, its connection closing, `end` from bind), or its INVITE could not
   * be accepted after all (then `dialog` is null). Called once per dialog.
   */
  onDialogEnded(data: ChatDialogData, dialog: SipDialog | null, reason: string): void;
}

/** Why a dialog ended, as the SIP layer and the front end say it. */
export const DIALOG_END = {
  bye: 'BYE',
  connectionClosed: 'connection closed',
  notAccepted: 'not accepted',
} as const;

/**
 * The router used until the chat service is wired: every INVITE to a chat URI gets an immediate 503 that
 * says the chat service is not running on this node (never a silent time-out).
 */
export class UnavailableChatRouter implements ChatServiceRouter {
  async onInvite(ctx: ChatInviteContext): Promise<ChatAnswer> {
    return refuse(ctx.fqdn, {
      status: 503,
      code: DIAG.chatServiceUnavailable,
      component: 'PersistentChat',
      retryAfter: 300,
      reason: 'The Persistent Chat service is not running on this node',
    });
  }
  async onDialogRequest(ctx: ChatDialogContext): Promise<ChatAnswer | null> {
    return ctx.request.method === 'ACK' ? null : { status: 481 };
  }
  onDialogEnded(): void {}
}
