// A client-side INVITE dialog (RFC 3261 §12): the chat dialog to the chat server URI (docs/xccos.md §1: all
// XCCOS traffic is INFO inside it).
import {
  createResponse,
  getHeader,
  parseNameAddr,
  tagOf,
  type SipHeader,
  type SipRequest,
  type SipResponse,
} from '@pchat/protocol';
import type { RequestOptions, SipUserAgent } from './user-agent.js';

/** An established dialog. */
export class SipDialog {
  private cseq: number;

  constructor(
    private readonly ua: SipUserAgent,
    /** Call-ID. */
    readonly callId: string,
    /** Our From value, with our tag. */
    readonly local: string,
    /** The peer's To value, with its tag. */
    readonly remote: string,
    /** Where in-dialog requests go (the peer's Contact, else the request URI). */
    readonly target: string,
    firstCseq: number,
    /** Headers added to every request (e.g. P-Asserted-Identity). */
    private readonly extra: SipHeader[] = [],
  ) {
    this.cseq = firstCseq;
  }

  /** Creates the dialog from a 2xx INVITE answer. */
  static fromInvite(
    ua: SipUserAgent,
    invite: SipRequest,
    ok: SipResponse,
    extra: SipHeader[] = [],
  ): SipDialog {
    const contact = getHeader(ok, 'Contact');
    let target = invite.uri;
    if (contact !== undefined) {
      try {
        target = parseNameAddr(contact).uri.raw;
      } catch {
        // keep the request URI
      }
    }
    const cseq = parseInt(getHeader(invite, 'CSeq') ?? '1', 10);
    return new SipDialog(
      ua,
      getHeader(invite, 'Call-ID')!,
      getHeader(invite, 'From')!,
      getHeader(ok, 'To')!,
      target,
      cseq,
      extra,
    );
  }

  /** Our tag. */
  get localTag(): string | null {
    return tagOf(this.local);
  }

  /** The peer's tag. */
  get remoteTag(): string | null {
    return tagOf(this.remote);
  }

  /** True when `req` belongs to this dialog (Call-ID and both tags, §12.2.2). */
  matches(req: SipRequest): boolean {
    return (
      getHeader(req, 'Call-ID') === this.callId &&
      tagOf(getHeader(req, 'To') ?? '') === this.localTag &&
      tagOf(getHeader(req, 'From') ?? '') === this.remoteTag
    );
  }

  /** ACK for the 2xx (§13.2.2.4: a new transaction, CSeq of the INVITE). */
  ack(): void {
    const req = this.ua.build({
      method: 'ACK',
      uri: this.target,
      from: this.local,
      to: this.remote,
      callId: this.callId,
      cseq: this.cseq,
      headers: [...this.extra],
    });
    this.ua.write(req);
  }

  /** Sends a request inside the dialog and resolves with the final response. */
  request(
    method: string,
    opts: RequestOptions & { body?: string; contentType?: string; headers?: SipHeader[] },
  ): Promise<SipResponse> {
    this.cseq += 1;
    const req = this.ua.build({
      method,
      uri: this.target,
      from: this.local,
      to: this.remote,
      callId: this.callId,
      cseq: this.cseq,
      headers: [...this.extra, ...(opts.headers ?? [])],
      ...(opts.body !== undefined ? { body: opts.body } : {}),
      ...(opts.contentType !== undefined ? { contentType: opts.contentType } : {}),
    });
    return this.ua.send(req, opts);
  }

  /** Answers a request the peer sent in this dialog. */
  answer(req: SipRequest, status: number, headers: SipHeader[] = []): SipResponse {
    return createResponse(req, status, undefined, headers);
  }
}
