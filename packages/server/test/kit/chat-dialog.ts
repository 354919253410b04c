// A chat dialog over a SipTestClient: INVITE a chat URI, then in-dialog requests carrying the dialog's
// Call-ID and tags, XCCOS commands in INFOs, and the server's INFOs decoded back.
import {
  decodeServerEnvelope,
  encodeCommandEnvelope,
  getHeader,
  tagOf,
  type DecodedServerItem,
  type SipRequest,
  type SipResponse,
  type XccosCommand,
} from '@pchat/protocol';
import type { SipTestClient } from './sip-client.js';

/** Waits (by polling, never asserting on time) for server INFOs whose XCCOS items satisfy `pred`. */
export async function waitItems(
  c: SipTestClient,
  pred: (items: DecodedServerItem[]) => boolean,
  tries = 500,
): Promise<DecodedServerItem[]> {
  for (let i = 0; i < tries; i++) {
    const items = c.incoming
      .filter((r) => r.method === 'INFO')
      .flatMap((r) => decodeServerEnvelope(r.body).items);
    if (pred(items)) return items;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('the expected XCCOS items never arrived');
}

export class ChatDialogClient {
  private envid = 500;
  toTag = '';
  readonly callId = `chat-${Math.random()}`;
  constructor(
    readonly sip: SipTestClient,
    readonly aor: string,
    readonly target: string,
  ) {}

  get from(): string {
    return `<${this.aor}>;tag=${this.sip.tag};epid=ep-${this.sip.tag}`;
  }

  async invite(): Promise<SipResponse> {
    const r = await this.sip.request(
      'INVITE',
      this.target,
      [
        { name: 'Contact', value: `<sip:127.0.0.1:${this.sip.localPort};transport=tcp>` },
        { name: 'Supported', value: 'ms-sender' },
        { name: 'Content-Type', value: 'application/sdp' },
      ],
      'v=0\r\nm=message 5060 sip null\r\n',
      { from: this.from, callId: this.callId },
    );
    this.toTag = tagOf(getHeader(r, 'To') ?? '') ?? '';
    return r;
  }

  inDialog(method: string, body = ''): Promise<SipResponse> {
    const headers = body === '' ? [] : [{ name: 'Content-Type', value: 'text/plain' }];
    return this.sip.request(method, this.target, headers, body, {
      from: this.from,
      to: `<${this.target}>;tag=${this.toTag}`,
      callId: this.callId,
    });
  }

  command(c: XccosCommand): Promise<SipResponse> {
    return this.inDialog('INFO', encodeCommandEnvelope(++this.envid, c));
  }

  infos(): SipRequest[] {
    return this.sip.incoming.filter((r) => r.method === 'INFO' && getHeader(r, 'Call-ID') === this.callId);
  }
}
