// The interface between the SIP edge and the layers above (registrar, authentication, chat
// front end): a table of request handlers by method, each given a context to answer through.
import type { SipHeader, SipRequest, SipResponse } from '@pchat/protocol';
import type { SipConnectionLike } from '../transport/types.js';
import type { SipDialog } from './dialog.js';
import type { ServerTransaction } from './server-transaction.js';

export interface RespondOptions {
  headers?: readonly SipHeader[];
  body?: string;
  contentType?: string;
}

export interface AcceptDialogOptions extends RespondOptions {
  /** Our Contact for the dialog (mandatory in a 2xx to INVITE, §12.1.1). Default: the connection's local address. */
  contact?: string;
  /** Stored in `dialog.data` for the layer above. */
  data?: unknown;
}

export interface SipRequestContext {
  readonly request: SipRequest;
  readonly connection: SipConnectionLike;
  /** Process-unique id of this request, for the log (`req`, next to the connection's `conn`). */
  readonly requestId: string;
  /** The dialog an in-dialog request belongs to (already checked: exists, CSeq in order); null outside dialogs. */
  readonly dialog: SipDialog | null;
  readonly transaction: ServerTransaction;
  /** Aborted when the request is CANCELled or the connection closes. */
  readonly signal: AbortSignal;
  /** True once a final response has been sent. */
  readonly responded: boolean;
  /**
   * Sends a response built from the request (§8.2.6): Via/From/To/Call-ID/CSeq copied, To tag
   * added for every status but 100. Returns what was sent. Only the first final response counts.
   */
  respond(status: number, reason?: string, options?: RespondOptions): SipResponse;
  /** Sends a response the caller built (e.g. with createResponse and auth headers). */
  send(response: SipResponse): void;
  /**
   * Answers an INVITE or SUBSCRIBE with a 2xx (default 200) and creates the dialog (UAS, §12.1.1).
   * Throws for other methods or when already answered.
   */
  acceptDialog(status?: number, options?: AcceptDialogOptions): SipDialog;
}

/**
 * A request handler. It must answer every request except ACK (which has no response). Throwing
 * (or rejecting) answers 500 with a generic reason and logs the error under an id; returning
 * (or resolving) without a final response answers 500 too.
 */
export type SipRequestHandler = (ctx: SipRequestContext) => void | Promise<void>;

/** Handlers by method name, exactly as on the wire ('REGISTER', 'INVITE', 'INFO', ...). */
export type SipHandlerTable = Partial<Record<string, SipRequestHandler>>;
