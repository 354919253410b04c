// The seam between the front end and the chat service. The front end resolves the chat
// URI, checks the caller (user object, enabled, enabled by policy) and then hands the INVITE over; it
// records the dialog the chat service accepts and routes the requests inside it (INFO, UPDATE, BYE, ACK)
// back to the chat service. The chat service returns answers; it never writes a response to the socket
// itself. It may send its own requests (INFO rpl:*) through `connection.send`.
import type { SipHeader, SipRequest } from '@pchat/protocol';
import type { Actor, Pool } from '@pchat/domain';
import type { FrontendConnection, RequestIdentity } from '../connection.js';
import { DIAG, refuse } from '../diagnostics.js';

/** How the INVITEd URI named the chat service. */
export type ChatTargetKind =
  /** The pool's own chat server URI (Pool.chatServerUri). */
  | 'pool'
  /** A friendly Persistent Chat endpoint contact (New-CsPersistentChatEndpoint, PC-47). */
  | 'endpoint'
  /** The legacy lookup `sip:ocschat@<domain>` (Lync 2010 Group Chat, PC-81; docs/xccos.md §5.5). */
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

/** A dialog the chat service accepted, as the front end tracks it. */
export interface ChatDialog {
  callId: string;
  /** Our tag (To of requests from the client). */
  localTag: string;
  /** The client's tag (From of its requests). */
  remoteTag: string;
  connectionId: string;
  identity: RequestIdentity;
  target: ChatTarget;
}

export interface ChatDialogContext {
  request: SipRequest;
  connection: FrontendConnection;
  dialog: ChatDialog;
  fqdn: string;
}

export interface ChatServiceRouter {
  /** Answers an INVITE to a chat URI. A 2xx answer creates the dialog; throw a DomainError to refuse. */
  onInvite(ctx: ChatInviteContext): Promise<ChatAnswer>;
  /** INFO / UPDATE / BYE / ACK inside an accepted dialog. Return null for ACK. BYE ends the dialog. */
  onDialogRequest(ctx: ChatDialogContext): Promise<ChatAnswer | null>;
  /** The connection closed: drop its sessions (its dialogs are gone too). */
  onConnectionClosed(connection: FrontendConnection): void;
}

/**
 * The router used until the chat service is wired: every INVITE to a chat URI gets an immediate 503 that
 * says the chat service is not running on this node (never a silent time-out, PC-82).
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
  onConnectionClosed(): void {}
}
