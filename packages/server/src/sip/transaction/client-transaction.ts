// Client transactions over reliable transports (RFC 3261 §17.1): no retransmissions, Timer F
// (non-INVITE) = 64*T1 after which the transaction user gets a 408 (§17.1.2.2); a transport
// failure gives a 503 (§17.1.4). Only non-INVITE requests are sent by this server.
import { createResponse, type SipRequest, type SipResponse } from '@pchat/protocol';
import type { SipConnectionLike } from '../transport/types.js';

export class ClientTransaction {
  readonly key: string;
  readonly request: SipRequest;
  readonly connection: SipConnectionLike;
  readonly response: Promise<SipResponse>;
  private resolve!: (r: SipResponse) => void;
  private timer: NodeJS.Timeout;
  private done = false;
  private readonly onDone: (tx: ClientTransaction) => void;
  private readonly onProvisional: ((r: SipResponse) => void) | undefined;

  constructor(
    key: string,
    request: SipRequest,
    connection: SipConnectionLike,
    timeoutMs: number,
    onDone: (tx: ClientTransaction) => void,
    onProvisional?: (r: SipResponse) => void,
  ) {
    this.key = key;
    this.request = request;
    this.connection = connection;
    this.onDone = onDone;
    this.onProvisional = onProvisional;
    this.response = new Promise((r) => (this.resolve = r));
    this.timer = setTimeout(() => this.finish(createResponse(request, 408, 'Request Timeout')), timeoutMs);
    this.timer.unref();
  }

  receive(response: SipResponse): void {
    if (this.done) return;
    if (response.status < 200) this.onProvisional?.(response);
    else this.finish(response);
  }

  /** Transport failure: the peer's connection closed or the send failed (§17.1.4). */
  fail(reason = 'Service Unavailable'): void {
    this.finish(createResponse(this.request, 503, reason));
  }

  private finish(response: SipResponse): void {
    if (this.done) return;
    this.done = true;
    clearTimeout(this.timer);
    this.onDone(this);
    this.resolve(response);
  }
}
