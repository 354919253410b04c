// A Lync-style SIP client for black-box tests: one TCP connection, connection-less NTLMv2 sign-in with the
// ntlm core's client side (createAuthenticateMessage), MS-SIPAE signatures on every message it sends
// (crand/cnum/response, as pidgin-sipe does) and a check of the Authentication-Info of every message the
// server sends once the security association exists. Hooks let a test corrupt a message after signing it.
import { connect, type Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import {
  SipStreamFramer,
  createResponse,
  getHeader,
  getHeaders,
  serializeMessage,
  type SipHeader,
  type SipMessage,
  type SipRequest,
  type SipResponse,
} from '@pchat/protocol';
import { SecurityAssociation, createAuthenticateMessage, parseAuthParams } from '@pchat/ntlm';
import { signatureFieldsOf } from '../../src/auth/ntlm.js';

export const REALM = 'SIP Communications Service';

/** One message received after sign-in and what its Authentication-Info said. */
export interface CheckedMessage {
  message: SipMessage;
  /** 'valid': Authentication-Info present and verified; 'missing'; 'invalid'. */
  signature: 'valid' | 'missing' | 'invalid';
}

export interface RequestOptions {
  callId?: string;
  from?: string;
  to?: string;
  headers?: SipHeader[];
  body?: string;
  /** Sign the request (default: when signed in). */
  sign?: boolean;
  /** Runs after signing, before sending: corrupt the request here. */
  tamper?: (r: SipRequest) => void;
}

export class NtlmSipClient {
  readonly incoming: SipRequest[] = [];
  /** Every message received while a security association existed, with its signature check. */
  readonly checked: CheckedMessage[] = [];
  readonly sent: SipRequest[] = [];
  readonly callId = randomBytes(8).toString('hex');
  readonly tag = randomBytes(4).toString('hex');
  sa: SecurityAssociation | null = null;
  targetname = '';
  private readonly framer = new SipStreamFramer({ validate: false });
  private waiters: Array<{
    match: (r: SipResponse) => boolean;
    resolve: (r: SipResponse) => void;
    reject: (e: Error) => void;
  }> = [];
  private cseq = 1;
  private cnum = 0;
  closed = false;
  readonly closedPromise: Promise<void>;

  private constructor(
    private readonly socket: Socket,
    readonly aor: string,
  ) {
    this.closedPromise = new Promise((resolve) =>
      socket.on('close', () => {
        this.closed = true;
        for (const w of this.waiters.splice(0)) w.reject(new Error('the server closed the connection'));
        resolve();
      }),
    );
    socket.on('error', () => {});
    socket.on('data', (chunk: Buffer) => {
      for (const ev of this.framer.push(chunk)) if (ev.type === 'message') this.receive(ev.message);
    });
  }

  static connect(port: number, aor: string): Promise<NtlmSipClient> {
    return new Promise((resolve, reject) => {
      const s = connect({ port, host: '127.0.0.1' }, () => resolve(new NtlmSipClient(s, aor)));
      s.once('error', reject);
    });
  }

  get localPort(): number {
    return this.socket.localPort ?? 0;
  }

  get fromHeader(): string {
    return `<${this.aor}>;tag=${this.tag};epid=ep${this.tag}`;
  }

  private receive(m: SipMessage): void {
    if (this.sa) this.checked.push({ message: m, signature: this.verify(m) });
    if (m.kind === 'request') {
      this.incoming.push(m);
      // Answer server requests (the chat service's INFOs) like pidgin-sipe: 200, signed.
      if (m.method !== 'ACK') this.sendSigned(createResponse(m, 200, 'OK'));
      return;
    }
    const i = this.waiters.findIndex((w) => w.match(m));
    if (i >= 0) this.waiters.splice(i, 1)[0]!.resolve(m);
  }

  /** Checks Authentication-Info as pidgin-sipe does (its srand/snum/realm/targetname, our server keys). */
  verify(m: SipMessage): CheckedMessage['signature'] {
    const v = getHeader(m, 'Authentication-Info');
    if (v === undefined || !this.sa) return 'missing';
    const p = parseAuthParams(v).params;
    if (
      p.get('opaque') !== this.sa.opaque ||
      p.get('realm') !== this.sa.realm ||
      p.get('targetname') !== this.sa.targetname
    )
      return 'invalid';
    return this.sa.verifyServerMessage(
      signatureFieldsOf(m),
      p.get('srand') ?? '',
      p.get('snum') ?? '',
      p.get('rspauth') ?? '',
    )
      ? 'valid'
      : 'invalid';
  }

  /** Adds `Authorization: NTLM ... crand, cnum, response` for the message as it stands. */
  sign(m: SipMessage, extra: Array<[string, string]> = []): void {
    if (!this.sa) throw new Error('not signed in');
    const crand = randomBytes(4).toString('hex');
    const cnum = String(++this.cnum);
    const response = this.sa.signClientMessage(signatureFieldsOf(m), crand, cnum);
    const params: Array<[string, string]> = [
      ['qop', 'auth'],
      ['opaque', this.sa.opaque],
      ['realm', this.sa.realm],
      ['targetname', this.sa.targetname],
      ...extra,
      ['crand', crand],
      ['cnum', cnum],
      ['response', response],
    ];
    m.headers = m.headers.filter((h) => h.name.toLowerCase() !== 'authorization');
    m.headers.push({
      name: 'Authorization',
      value: `NTLM ${params.map(([k, v]) => `${k}="${v}"`).join(', ')}`,
    });
  }

  sendSigned(m: SipMessage): void {
    if (this.sa) this.sign(m);
    this.write(m);
  }

  write(m: SipMessage | string): void {
    this.socket.write(typeof m === 'string' ? m : serializeMessage(m));
  }

  build(method: string, uri: string, o: RequestOptions = {}): SipRequest {
    const seq = this.cseq++;
    return {
      kind: 'request',
      method,
      uri,
      headers: [
        {
          name: 'Via',
          value: `SIP/2.0/TCP 127.0.0.1:${this.localPort};branch=z9hG4bK${randomBytes(6).toString('hex')}`,
        },
        { name: 'Max-Forwards', value: '70' },
        { name: 'From', value: o.from ?? this.fromHeader },
        { name: 'To', value: o.to ?? `<${uri}>` },
        { name: 'Call-ID', value: o.callId ?? this.callId },
        { name: 'CSeq', value: `${seq} ${method}` },
        ...(o.headers ?? []),
      ],
      body: o.body ?? '',
    };
  }

  /** Sends a request (signed once signed in) and resolves with its final response. */
  request(method: string, uri: string, o: RequestOptions = {}): Promise<SipResponse> {
    const req = this.build(method, uri, o);
    if (o.sign ?? this.sa !== null) this.sign(req);
    o.tamper?.(req);
    return this.sendRaw(req);
  }

  /** Sends a request exactly as given; resolves with its final response. */
  sendRaw(req: SipRequest): Promise<SipResponse> {
    const callId = getHeader(req, 'Call-ID');
    const cseq = getHeader(req, 'CSeq');
    const p = this.waitResponse(
      (r) => getHeader(r, 'Call-ID') === callId && getHeader(r, 'CSeq') === cseq && r.status >= 200,
    );
    this.sent.push(req);
    this.write(req);
    return p;
  }

  waitResponse(match: (r: SipResponse) => boolean): Promise<SipResponse> {
    if (this.closed) return Promise.reject(new Error('the connection is closed'));
    return new Promise((resolve, reject) => this.waiters.push({ match, resolve, reject }));
  }

  private registerRequest(authorization?: string): SipRequest {
    const domain = this.aor.split('@')[1] ?? '';
    const headers: SipHeader[] = [
      {
        name: 'Contact',
        value: `<sip:127.0.0.1:${this.localPort};transport=tcp>;+sip.instance="<urn:uuid:${this.tag}-0000-0000-0000-000000000000>"`,
      },
      { name: 'Supported', value: 'gruu-10, adhoclist, msrtc-event-categories' },
      { name: 'Event', value: 'registration' },
      ...(authorization ? [{ name: 'Authorization', value: authorization }] : []),
    ];
    return this.build('REGISTER', `sip:${domain}`, { to: `<${this.aor}>`, callId: this.callId, headers });
  }

  /**
   * The three REGISTER legs. Returns every response; `sa` is set once the AUTHENTICATE is sent (so the
   * final answer is checked with the new keys).
   */
  async signIn(
    password: string,
    o: { user?: string; domain?: string; tamperAuthenticate?: (r: SipRequest) => void } = {},
  ): Promise<{ first: SipResponse; second: SipResponse; final: SipResponse }> {
    const first = await this.sendRaw(this.registerRequest());
    const ntlm = getHeaders(first, 'WWW-Authenticate').find((v) => v.startsWith('NTLM '));
    if (!ntlm) return { first, second: first, final: first };
    const base = parseAuthParams(ntlm).params;
    this.targetname = base.get('targetname') ?? '';
    const realm = base.get('realm') ?? '';
    const second = await this.sendRaw(
      this.registerRequest(
        `NTLM qop="auth", realm="${realm}", targetname="${this.targetname}", gssapi-data="", version=4`,
      ),
    );
    const withToken = getHeaders(second, 'WWW-Authenticate')
      .map((v) => parseAuthParams(v).params)
      .find((p) => p.has('gssapi-data'));
    if (!withToken) return { first, second, final: second };
    const opaque = withToken.get('opaque') ?? '';
    const auth = createAuthenticateMessage({
      challenge: new Uint8Array(Buffer.from(withToken.get('gssapi-data') ?? '', 'base64')),
      user: o.user ?? this.aor.slice(4),
      domain: o.domain ?? '',
      workstation: 'TESTWS',
      password,
    });
    this.sa = SecurityAssociation.fromKeys({
      keys: auth.keys,
      opaque,
      user: o.user ?? this.aor.slice(4),
      domain: '',
      realm,
      targetname: this.targetname,
      nowMs: Date.now(),
    });
    this.cnum = 0;
    const req = this.registerRequest();
    this.sign(req, [
      ['gssapi-data', Buffer.from(auth.message).toString('base64')],
      ['version', '4'],
    ]);
    o.tamperAuthenticate?.(req);
    const final = await this.sendRaw(req);
    return { first, second, final };
  }

  destroy(): void {
    this.socket.destroy();
  }
}
