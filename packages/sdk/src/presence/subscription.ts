// One SIP subscription of a user endpoint to its own URI (RFC 6665; [MS-SIP] roaming contacts, [MS-PRES]
// batched presence): SUBSCRIBE, the first document on the 200 OK (`ms-piggyback-first-notify`), later ones
// in NOTIFY / BENOTIFY inside the dialog, refreshed before it expires, ended with `Expires: 0`. A lost
// connection ends the dialog; once the endpoint is back (connectionRestored) the owner's `restore` opens a
// new one, so watchers and contact lists survive a short drop (PC-86).
import {
  generateCallId,
  generateTag,
  getHeader,
  type SipHeader,
  type SipRequest,
  type SipResponse,
} from '@pchat/protocol';
import type { LocalEndpoint } from '../endpoints/local-endpoint.js';
import { errorFromResponse } from '../sip/diagnostics.js';
import { SipDialog } from '../sip/dialog.js';

/** A document of the subscription: its content type and body. */
export type DocumentHandler = (contentType: string, body: string) => void;

const EXPIRES = 3600;

export class EventSubscription {
  private dialog: SipDialog | null = null;
  private removeHandler: () => void = () => {};
  private refresh: ReturnType<typeof setTimeout> | null = null;
  /** Opened once and not closed since: restored after a reconnection. */
  private wanted = false;
  private readonly unlisten: Array<() => void>;

  constructor(
    private readonly endpoint: LocalEndpoint,
    private readonly event: string,
    private readonly accept: string,
    private readonly onDocument: DocumentHandler,
    /** Subscribes again (with everything the owner watches) after the connection came back. */
    restore: () => Promise<void>,
  ) {
    this.unlisten = [
      endpoint.on('connectionLost', () => this.stop()),
      endpoint.on('connectionRestored', () => {
        if (this.wanted) restore().catch(() => undefined);
      }),
    ];
  }

  get active(): boolean {
    return this.dialog !== null;
  }

  /** Opens the subscription (or, when open, re-SUBSCRIBEs in its dialog) with an optional body. */
  async send(
    operation: string,
    body?: string,
    contentType?: string,
    headers: SipHeader[] = [],
  ): Promise<void> {
    const ua = this.endpoint.requireUa(operation);
    const all: SipHeader[] = [
      { name: 'Event', value: this.event },
      { name: 'Accept', value: this.accept },
      { name: 'Supported', value: 'ms-piggyback-first-notify' },
      { name: 'Supported', value: 'ms-benotify' },
      { name: 'Expires', value: String(EXPIRES) },
      { name: 'Contact', value: this.endpoint.contactValue() },
      ...headers,
    ];
    const timeoutMs = this.endpoint.platform.timeouts.requestMs;
    let res: SipResponse;
    if (this.dialog !== null) {
      res = await this.dialog.request('SUBSCRIBE', {
        timeoutMs,
        operation,
        headers: all,
        ...(body !== undefined ? { body } : {}),
        ...(contentType !== undefined ? { contentType } : {}),
      });
    } else {
      const req = ua.build({
        method: 'SUBSCRIBE',
        uri: this.endpoint.ownerUri,
        from: `<${this.endpoint.ownerUri}>;tag=${generateTag()}`,
        to: `<${this.endpoint.ownerUri}>`,
        callId: generateCallId(),
        cseq: 1,
        headers: all,
        ...(body !== undefined ? { body } : {}),
        ...(contentType !== undefined ? { contentType } : {}),
      });
      res = await ua.send(req, { timeoutMs, operation });
      if (res.status < 300) this.open(req, res);
    }
    if (res.status >= 300) throw errorFromResponse(res, operation);
    this.wanted = true;
    this.schedule(res);
    if (res.body.trim() !== '') this.onDocument(getHeader(res, 'Content-Type') ?? '', res.body);
  }

  /** Ends the subscription (best effort when the connection is gone). */
  async close(): Promise<void> {
    const d = this.dialog;
    this.wanted = false;
    for (const u of this.unlisten) u();
    this.stop();
    if (d === null) return;
    try {
      await d.request('SUBSCRIBE', {
        timeoutMs: this.endpoint.platform.timeouts.requestMs,
        operation: `end ${this.event} subscription`,
        headers: [
          { name: 'Event', value: this.event },
          { name: 'Expires', value: '0' },
          { name: 'Contact', value: this.endpoint.contactValue() },
        ],
      });
    } catch {
      // the connection may be gone: the server ends the subscription with it
    }
  }

  private open(req: SipRequest, ok: SipResponse): void {
    this.dialog = SipDialog.fromInvite(this.endpoint.ua!, req, ok);
    const d = this.dialog;
    this.removeHandler = this.endpoint.addRequestHandler((r) => {
      if ((r.method !== 'NOTIFY' && r.method !== 'BENOTIFY') || !d.matches(r)) return null;
      if ((r.body ?? '').trim() !== '') this.onDocument(getHeader(r, 'Content-Type') ?? '', r.body);
      return null; // the endpoint answers NOTIFY with 200 (BENOTIFY needs none, a 200 does no harm)
    });
  }

  private schedule(res: SipResponse): void {
    if (this.refresh) clearTimeout(this.refresh);
    const granted = Number(getHeader(res, 'Expires') ?? EXPIRES) || EXPIRES;
    this.refresh = setTimeout(
      () => {
        this.send(`refresh ${this.event} subscription`).catch(() => this.stop());
      },
      Math.max(30, granted - 60) * 1000,
    );
    (this.refresh as { unref?: () => void }).unref?.();
  }

  private stop(): void {
    if (this.refresh) clearTimeout(this.refresh);
    this.refresh = null;
    this.removeHandler();
    this.removeHandler = () => {};
    this.dialog = null;
  }
}
