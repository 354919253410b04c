// Server transactions over reliable transports (RFC 3261 §17.2). Non-INVITE: Trying ->
// Proceeding -> Completed, and with Timer J = 0 straight to Terminated. INVITE: Proceeding ->
// Terminated on 2xx (the ACK belongs to the dialog), or Completed on 300-699, waiting for the ACK
// under Timer H (64*T1), then Confirmed -> Terminated (Timer I = 0).
import type { SipRequest, SipResponse } from '@pchat/protocol';
import type { SipConnectionLike } from '../transport/types.js';

export type ServerTransactionState = 'trying' | 'proceeding' | 'completed' | 'confirmed' | 'terminated';

export class ServerTransaction {
  readonly key: string;
  readonly request: SipRequest;
  readonly connection: SipConnectionLike;
  /** The tag this transaction puts in To for every response but 100 (§8.2.6.2). */
  readonly toTag: string;
  /** Aborted on CANCEL (INVITE) or when the connection closes. */
  readonly abort = new AbortController();
  state: ServerTransactionState;
  /** The last response sent, kept as a message (not bytes) so that a retransmission passes the transport's
   *  outgoing hook again (a signed connection signs it anew). */
  private last: SipResponse | null = null;
  private finalStatus = 0;
  private timerH: NodeJS.Timeout | null = null;
  private readonly onTerminated: (tx: ServerTransaction) => void;
  private readonly timerHMs: number;

  constructor(
    key: string,
    request: SipRequest,
    connection: SipConnectionLike,
    toTag: string,
    timerHMs: number,
    onTerminated: (tx: ServerTransaction) => void,
  ) {
    this.key = key;
    this.request = request;
    this.connection = connection;
    this.toTag = toTag;
    this.timerHMs = timerHMs;
    this.onTerminated = onTerminated;
    this.state = request.method === 'INVITE' ? 'proceeding' : 'trying';
  }

  get isInvite(): boolean {
    return this.request.method === 'INVITE';
  }

  /** Status of the final response sent, or 0 while none. */
  get finalResponseStatus(): number {
    return this.finalStatus;
  }

  /** Sends a response and moves the state machine. Responses after the final one are ignored. */
  send(response: SipResponse): boolean {
    if (this.finalStatus !== 0 || this.state === 'terminated') return false;
    this.last = response;
    this.connection.send(response);
    if (response.status < 200) {
      this.state = 'proceeding';
      return true;
    }
    this.finalStatus = response.status;
    if (this.isInvite && response.status >= 300) {
      this.state = 'completed';
      this.timerH = setTimeout(() => this.terminate(), this.timerHMs);
      this.timerH.unref();
    } else {
      this.terminate();
    }
    return true;
  }

  /** A retransmission of the request arrived: repeat the last response (§17.2.1, §17.2.2). */
  retransmit(): void {
    if (this.last !== null) this.connection.send(this.last);
  }

  /** The ACK for a non-2xx final response (§17.2.1): Confirmed, then Terminated (Timer I = 0). */
  ack(): void {
    if (this.state !== 'completed') return;
    this.state = 'confirmed';
    this.terminate();
  }

  terminate(): void {
    if (this.state === 'terminated') return;
    this.state = 'terminated';
    if (this.timerH) clearTimeout(this.timerH);
    this.onTerminated(this);
  }
}
