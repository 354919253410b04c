// The transaction and dialog layer (RFC 3261 §12, §17) between the transports and the request
// handlers. It absorbs retransmissions and ACKs, answers CANCEL, OPTIONS (when not handled),
// unknown dialogs (481), out-of-order CSeqs (500) and unhandled methods (405/501), and gives
// every other request to the handler table. No business logic lives here. A dialog belongs to the
// connection it was created on (dialogs.ts): a request on any other connection is answered 481 before
// anything about the dialog changes, and server transactions are per connection too.
import {
  SipParseError,
  createResponse,
  generateTag,
  getHeader,
  getHeaderValues,
  parseCSeq,
  parseNameAddr,
  tagOf,
  type SipHeader,
  type SipMessage,
  type SipRequest,
  type SipResponse,
} from '@pchat/protocol';
import { randomUUID } from 'node:crypto';
import { silentLogger, type SipConnectionLike, type SipLogger } from '../transport/types.js';
import { ClientTransaction } from './client-transaction.js';
import {
  createInDialogRequest,
  dialogFromRequest,
  ourVia,
  type InDialogRequestOptions,
  type SipDialog,
} from './dialog.js';
import { DialogTable } from './dialogs.js';
import type { AcceptDialogOptions, RespondOptions, SipHandlerTable, SipRequestContext } from './handler.js';
import { clientKeyOfResponse, serverKey, topVia } from './keys.js';
import { ServerTransaction } from './server-transaction.js';
import { DEFAULT_TIMERS, timeout64, type SipTimers } from './timers.js';

const TARGET_REFRESH = new Set(['INVITE', 'UPDATE', 'SUBSCRIBE', 'NOTIFY', 'REFER']);
const KNOWN_METHODS = new Set([
  'INVITE',
  'ACK',
  'BYE',
  'CANCEL',
  'OPTIONS',
  'REGISTER',
  'INFO',
  'MESSAGE',
  'SUBSCRIBE',
  'NOTIFY',
  'REFER',
  'PRACK',
  'UPDATE',
  'PUBLISH',
  'BENOTIFY',
  'SERVICE',
  'NEGOTIATE',
]);

export interface SipEndpointOptions {
  handlers: SipHandlerTable;
  /** Methods advertised in Allow (OPTIONS, 405). Default: the handled methods plus ACK, BYE, CANCEL, OPTIONS. */
  allow?: string[];
  /** Advertised in Accept on OPTIONS. */
  accept?: string[];
  /** Advertised in Supported on OPTIONS. */
  supported?: string[];
  /** Sent as Server on every response. */
  serverName?: string;
  timers?: Partial<SipTimers>;
  log?: SipLogger;
  /** Called when a dialog ends (BYE, expiry by the layer above, or its connection closing). */
  onDialogTerminated?: (dialog: SipDialog, reason: string) => void;
  /** The dialog table, when the layer above shares it (the front end does); default: the endpoint's own. */
  dialogs?: DialogTable;
}

export class SipEndpoint {
  private readonly handlers: SipHandlerTable;
  private readonly options: SipEndpointOptions;
  private readonly timers: SipTimers;
  private readonly log: SipLogger;
  private readonly serverTx = new Map<string, ServerTransaction>();
  private readonly clientTx = new Map<string, ClientTransaction>();
  private readonly dialogTable: DialogTable;
  private requestSeq = 0;

  constructor(options: SipEndpointOptions) {
    this.options = options;
    this.handlers = options.handlers;
    this.timers = { ...DEFAULT_TIMERS, ...options.timers };
    this.log = options.log ?? silentLogger;
    this.dialogTable = options.dialogs ?? new DialogTable();
    if (options.onDialogTerminated) this.dialogTable.onTerminated(options.onDialogTerminated);
  }

  /** Feed every message a transport receives here. */
  receive(message: SipMessage, connection: SipConnectionLike): void {
    try {
      if (message.kind === 'response') this.receiveResponse(message);
      else this.receiveRequest(message, connection);
    } catch (e) {
      // The codec validated the message; a failure here is a header the layer could not use.
      if (!(e instanceof SipParseError)) throw e;
      this.log.info(
        { conn: connection.identity.id, kind: e.kind },
        'sip message refused by the transaction layer',
      );
      if (message.kind === 'request' && message.method !== 'ACK')
        connection.send(createResponse(message, 400, `Bad Request: ${e.kind}`));
    }
  }

  /** Call when a transport connection closes: fails its client transactions, ends its dialogs. */
  connectionClosed(connection: SipConnectionLike): void {
    for (const tx of [...this.clientTx.values()]) if (tx.connection === connection) tx.fail();
    for (const tx of [...this.serverTx.values()])
      if (tx.connection === connection) {
        tx.abort.abort();
        tx.terminate();
      }
    this.dialogTable.terminateConnection(connection.identity.id, 'connection closed');
  }

  /** Sends a non-INVITE request as a client transaction; resolves with the final response (408 on Timer F, 503 on transport failure). */
  request(
    connection: SipConnectionLike,
    request: SipRequest,
    onProvisional?: (r: SipResponse) => void,
  ): Promise<SipResponse> {
    if (request.method === 'INVITE' || request.method === 'ACK')
      throw new Error(`SipEndpoint.request sends non-INVITE requests only, got ${request.method}`);
    let via = topVia(request);
    if (via === undefined) {
      const c = connection.identity;
      via = ourVia(c.kind, c.localAddress, c.localPort);
      request.headers.unshift({ name: 'Via', value: via });
    }
    const key = clientKeyOfResponse(request);
    if (key === null) throw new Error('the request needs a Via with a branch and a CSeq');
    const tx = new ClientTransaction(
      key,
      request,
      connection,
      timeout64(this.timers),
      (t) => this.clientTx.delete(t.key),
      onProvisional,
    );
    this.clientTx.set(key, tx);
    if (!connection.send(request)) tx.fail('Connection closed');
    return tx.response;
  }

  /** Sends a request inside a dialog over the dialog's connection (§12.2.1.1). */
  requestInDialog(
    dialog: SipDialog,
    method: string,
    options: InDialogRequestOptions = {},
  ): Promise<SipResponse> {
    if (dialog.state !== 'confirmed') return Promise.reject(new Error(`dialog ${dialog.id} is terminated`));
    return this.request(dialog.connection, createInDialogRequest(dialog, method, options));
  }

  dialog(id: string): SipDialog | undefined {
    return this.dialogTable.get(id);
  }

  get dialogs(): IterableIterator<SipDialog> {
    return this.dialogTable.values();
  }

  /** Ends a dialog (the layer above decides when, e.g. a subscription expiring). */
  terminateDialog(dialog: SipDialog, reason: string): void {
    this.dialogTable.terminate(dialog, reason);
  }

  /** Open server / client transactions (metrics, tests). */
  get transactionCounts(): { server: number; client: number } {
    return { server: this.serverTx.size, client: this.clientTx.size };
  }

  private receiveResponse(response: SipResponse): void {
    const key = clientKeyOfResponse(response);
    const tx = key === null ? undefined : this.clientTx.get(key);
    // §18.1.2: a response matching no transaction is dropped (we are not a proxy).
    if (tx === undefined) return;
    tx.receive(response);
  }

  private receiveRequest(req: SipRequest, connection: SipConnectionLike): void {
    // Per connection: a request on another connection never matches (nor retransmits, ACKs or CANCELs)
    // a transaction of this one.
    const key = `${connection.identity.id}|${serverKey(req)}`;
    const existing = this.serverTx.get(key);
    if (req.method === 'ACK') {
      if (existing !== undefined)
        existing.ack(); // ACK for a non-2xx: ends the INVITE transaction
      else this.dispatchAck(req, connection);
      return;
    }
    if (existing !== undefined) {
      existing.retransmit();
      return;
    }
    const tx = new ServerTransaction(key, req, connection, generateTag(), timeout64(this.timers), (t) =>
      this.serverTx.delete(t.key),
    );
    this.serverTx.set(key, tx);
    if (req.method === 'CANCEL') {
      this.cancel(req, tx, connection);
      return;
    }
    let dialog: SipDialog | null = null;
    const toTag = tagOf(getHeader(req, 'To') ?? '');
    if (toTag !== null) {
      // §12.2.2: a request with a To tag belongs to a dialog we must know, on this connection. Checked
      // before anything about the dialog changes (CSeq, target, BYE).
      dialog = this.matchDialog(req, connection, toTag);
      if (dialog === null) {
        this.answer(tx, 481, 'Call/Transaction Does Not Exist');
        return;
      }
      const seq = parseCSeq(getHeader(req, 'CSeq') ?? '').seq;
      if (dialog.remoteSeq !== null && seq <= dialog.remoteSeq) {
        this.answer(tx, 500, 'Server Internal Error: CSeq out of order', [
          { name: 'Warning', value: `399 pchat "CSeq ${seq} is not above ${dialog.remoteSeq}"` },
        ]);
        return;
      }
      dialog.remoteSeq = seq;
      // §12.2.2: target refresh requests replace the remote target with their Contact.
      if (TARGET_REFRESH.has(req.method)) {
        const contact = getHeaderValues(req, 'Contact')[0];
        if (contact !== undefined) dialog.remoteTarget = parseNameAddr(contact).uri.raw;
      }
    }
    const handler = this.handlers[req.method];
    if (handler === undefined) {
      if (req.method === 'OPTIONS') this.answer(tx, 200, 'OK', this.capabilityHeaders());
      else if (req.method === 'BYE' && dialog !== null) {
        this.answer(tx, 200, 'OK');
        this.terminateDialog(dialog, 'BYE');
      } else if (KNOWN_METHODS.has(req.method))
        this.answer(tx, 405, 'Method Not Allowed', [{ name: 'Allow', value: this.allow().join(', ') }]);
      else this.answer(tx, 501, 'Not Implemented', [{ name: 'Allow', value: this.allow().join(', ') }]);
      return;
    }
    if (req.method === 'BYE' && dialog !== null) {
      const d = dialog;
      // The dialog ends once the BYE is answered, whatever the handler does.
      const ctx = this.context(tx, d);
      this.run(handler, ctx, tx, () => this.terminateDialog(d, 'BYE'));
      return;
    }
    this.run(handler, this.context(tx, dialog), tx);
  }

  private dispatchAck(req: SipRequest, connection: SipConnectionLike): void {
    const handler = this.handlers.ACK;
    if (handler === undefined) return; // ACK for a 2xx: nothing to do at this layer
    const tx = new ServerTransaction(`ack|${randomUUID()}`, req, connection, '', 0, () => undefined);
    const dialog = this.matchDialog(req, connection, tagOf(getHeader(req, 'To') ?? '') ?? '');
    try {
      void Promise.resolve(handler(this.context(tx, dialog))).catch((e: unknown) =>
        this.log.error({ err: String(e), conn: connection.identity.id }, 'ACK handler failed'),
      );
    } catch (e) {
      this.log.error({ err: String(e), conn: connection.identity.id }, 'ACK handler failed');
    }
  }

  private matchDialog(req: SipRequest, connection: SipConnectionLike, toTag: string): SipDialog | null {
    return (
      this.dialogTable.match(
        connection.identity.id,
        getHeader(req, 'Call-ID') ?? '',
        toTag,
        tagOf(getHeader(req, 'From') ?? '') ?? '',
      ) ?? null
    );
  }

  /** CANCEL (§9.2): 200 to the CANCEL, 487 to the INVITE if it is still pending; 481 if unknown. */
  private cancel(req: SipRequest, tx: ServerTransaction, connection: SipConnectionLike): void {
    const invite = this.serverTx.get(`${connection.identity.id}|${serverKey(req, 'INVITE')}`);
    if (invite === undefined) {
      this.answer(tx, 481, 'Call/Transaction Does Not Exist');
      return;
    }
    this.answer(tx, 200, 'OK');
    if (invite.finalResponseStatus === 0) {
      invite.abort.abort();
      invite.send(
        createResponse(invite.request, 487, 'Request Terminated', this.serverHeader(), {
          toTag: invite.toTag,
        }),
      );
    }
  }

  private run(
    handler: NonNullable<SipHandlerTable[string]>,
    ctx: SipRequestContext,
    tx: ServerTransaction,
    after?: () => void,
  ): void {
    const fail = (e: unknown) => {
      const errorId = randomUUID();
      this.log.error(
        {
          errorId,
          conn: ctx.connection.identity.id,
          req: ctx.requestId,
          method: tx.request.method,
          err: e instanceof Error ? e.stack : String(e),
        },
        'sip handler failed',
      );
      if (tx.finalResponseStatus === 0)
        this.answer(tx, 500, 'Server Internal Error', [
          { name: 'Warning', value: `399 pchat "internal error ${errorId}"` },
        ]);
    };
    const check = () => {
      if (tx.finalResponseStatus === 0 && tx.state !== 'terminated')
        fail(new Error(`handler for ${tx.request.method} sent no final response`));
      after?.();
    };
    try {
      const out = handler(ctx);
      if (out instanceof Promise)
        out.then(check, (e: unknown) => {
          fail(e);
          after?.();
        });
      else check();
    } catch (e) {
      fail(e);
      after?.();
    }
  }

  private context(tx: ServerTransaction, dialog: SipDialog | null): SipRequestContext {
    const respond = (status: number, reason?: string, o: RespondOptions = {}): SipResponse => {
      const r = createResponse(tx.request, status, reason, [...this.serverHeader(), ...(o.headers ?? [])], {
        toTag: tx.toTag,
        ...(o.body !== undefined ? { body: o.body } : {}),
        ...(o.contentType !== undefined ? { contentType: o.contentType } : {}),
      });
      tx.send(r);
      return r;
    };
    const acceptDialog = (status = 200, o: AcceptDialogOptions = {}): SipDialog => {
      const m = tx.request.method;
      if (m !== 'INVITE' && m !== 'SUBSCRIBE')
        throw new Error(`only INVITE and SUBSCRIBE create dialogs, not ${m}`);
      if (status < 200 || status > 299) throw new Error(`a dialog is created by a 2xx, not ${status}`);
      if (tx.finalResponseStatus !== 0) throw new Error('the request is already answered');
      const d = dialogFromRequest(tx.request, tx.toTag, tx.connection, o.data);
      const c = tx.connection.identity;
      const contact =
        o.contact ??
        `<sip:${c.localAddress.includes(':') ? `[${c.localAddress}]` : c.localAddress}:${c.localPort};transport=${c.kind}>`;
      const headers: SipHeader[] = [{ name: 'Contact', value: contact }, ...(o.headers ?? [])];
      this.dialogTable.add(d);
      respond(status, undefined, { ...o, headers });
      return d;
    };
    return {
      request: tx.request,
      connection: tx.connection,
      requestId: `r${++this.requestSeq}`,
      dialog,
      transaction: tx,
      signal: tx.abort.signal,
      get responded() {
        return tx.finalResponseStatus !== 0;
      },
      respond,
      send: (response: SipResponse) => {
        tx.send(response);
      },
      acceptDialog,
    };
  }

  private answer(tx: ServerTransaction, status: number, reason: string, headers: SipHeader[] = []): void {
    tx.send(
      createResponse(tx.request, status, reason, [...this.serverHeader(), ...headers], { toTag: tx.toTag }),
    );
  }

  private serverHeader(): SipHeader[] {
    return this.options.serverName ? [{ name: 'Server', value: this.options.serverName }] : [];
  }

  private allow(): string[] {
    if (this.options.allow) return this.options.allow;
    const set = new Set([
      'ACK',
      'BYE',
      'CANCEL',
      'OPTIONS',
      ...Object.keys(this.handlers).filter((k) => this.handlers[k] !== undefined),
    ]);
    return [...set];
  }

  /** Allow / Accept / Supported for OPTIONS (§11.2). */
  private capabilityHeaders(): SipHeader[] {
    const h: SipHeader[] = [{ name: 'Allow', value: this.allow().join(', ') }];
    h.push({ name: 'Accept', value: (this.options.accept ?? ['application/sdp', 'text/plain']).join(', ') });
    if (this.options.supported && this.options.supported.length > 0)
      h.push({ name: 'Supported', value: this.options.supported.join(', ') });
    else h.push({ name: 'Supported', value: '' });
    return h;
  }
}
