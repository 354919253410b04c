// A small SIP user agent for black-box tests: one TCP or TLS connection, requests built by hand, responses
// matched by Call-ID and CSeq. It uses the protocol package's framer only to cut the stream.
import { connect as tcpConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { createHash, randomBytes } from 'node:crypto';
import {
  SipStreamFramer,
  serializeMessage,
  getHeader,
  getHeaders,
  parseAuth,
  type SipHeader,
  type SipMessage,
  type SipRequest,
  type SipResponse,
} from '@pchat/protocol';

export interface ConnectOptions {
  port: number;
  host?: string;
  tls?: { cert?: Buffer; key?: Buffer; ca?: Buffer };
  localAddress?: string;
}

export class SipTestClient {
  readonly incoming: SipRequest[] = [];
  readonly closed: Promise<void>;
  private readonly framer = new SipStreamFramer({ validate: false });
  private waiters: Array<{
    match: (r: SipResponse) => boolean;
    resolve: (r: SipResponse) => void;
    reject: (e: Error) => void;
  }> = [];
  private cseq = 1;
  readonly callId = randomBytes(8).toString('hex');
  readonly tag = randomBytes(4).toString('hex');
  isClosed = false;

  private constructor(readonly socket: Socket) {
    this.closed = new Promise((resolve) =>
      socket.on('close', () => {
        this.isClosed = true;
        // A closed connection answers nothing more: fail waiting requests instead of hanging.
        for (const w of this.waiters.splice(0)) w.reject(new Error('the server closed the connection'));
        resolve();
      }),
    );
    socket.on('error', () => {});
    socket.on('data', (chunk: Buffer) => {
      for (const ev of this.framer.push(chunk)) {
        if (ev.type !== 'message') continue;
        const m = ev.message;
        if (m.kind === 'request') this.incoming.push(m);
        else {
          const i = this.waiters.findIndex((w) => w.match(m));
          if (i >= 0) this.waiters.splice(i, 1)[0]!.resolve(m);
        }
      }
    });
  }

  static connect(o: ConnectOptions): Promise<SipTestClient> {
    return new Promise((resolve, reject) => {
      const host = o.host ?? '127.0.0.1';
      const s: Socket = o.tls
        ? tlsConnect(
            {
              port: o.port,
              host,
              ...o.tls,
              rejectUnauthorized: false,
              ...(o.localAddress ? { localAddress: o.localAddress } : {}),
            },
            () => resolve(new SipTestClient(s)),
          )
        : tcpConnect(
            { port: o.port, host, ...(o.localAddress ? { localAddress: o.localAddress } : {}) },
            () => resolve(new SipTestClient(s)),
          );
      s.once('error', reject);
    });
  }

  get localPort(): number {
    return this.socket.localPort ?? 0;
  }

  /** Sends a request; resolves with its final response (provisional ones are skipped). */
  request(
    method: string,
    uri: string,
    headers: SipHeader[] = [],
    body = '',
    opts: { callId?: string; from?: string; to?: string; cseq?: number } = {},
  ): Promise<SipResponse> {
    const seq = opts.cseq ?? this.cseq++;
    const callId = opts.callId ?? this.callId;
    const req: SipRequest = {
      kind: 'request',
      method,
      uri,
      headers: [
        {
          name: 'Via',
          value: `SIP/2.0/TCP 127.0.0.1:${this.localPort};branch=z9hG4bK${randomBytes(6).toString('hex')}`,
        },
        { name: 'Max-Forwards', value: '70' },
        { name: 'From', value: opts.from ?? `<sip:anonymous@example.test>;tag=${this.tag}` },
        { name: 'To', value: opts.to ?? `<${uri}>` },
        { name: 'Call-ID', value: callId },
        { name: 'CSeq', value: `${seq} ${method}` },
        ...headers,
      ],
      body,
    };
    const p = this.waitResponse(
      (r) =>
        getHeader(r, 'Call-ID') === callId && getHeader(r, 'CSeq') === `${seq} ${method}` && r.status >= 200,
    );
    this.send(req);
    return p;
  }

  waitResponse(match: (r: SipResponse) => boolean): Promise<SipResponse> {
    if (this.isClosed) return Promise.reject(new Error('the connection is closed'));
    return new Promise((resolve, reject) => this.waiters.push({ match, resolve, reject }));
  }

  send(m: SipMessage): void {
    this.socket.write(serializeMessage(m));
  }

  write(data: string | Buffer): boolean {
    return this.socket.write(data);
  }

  /** REGISTER as pidgin-sipe does (epid, +sip.instance, gruu-10), with optional Digest credentials. */
  register(
    aor: string,
    o: {
      epid?: string;
      instance?: string;
      expires?: number;
      contactExpires?: number;
      authorization?: string;
      extra?: SipHeader[];
      contact?: string;
    } = {},
  ): Promise<SipResponse> {
    const from = `<${aor}>;tag=${this.tag}${o.epid ? `;epid=${o.epid}` : ''}`;
    const contact =
      o.contact ??
      `<sip:127.0.0.1:${this.localPort};transport=tcp>${o.contactExpires !== undefined ? `;expires=${o.contactExpires}` : ''}${o.instance ? `;+sip.instance="<urn:uuid:${o.instance}>"` : ''}`;
    const headers: SipHeader[] = [
      { name: 'Contact', value: contact },
      { name: 'Supported', value: 'gruu-10, adhoclist, msrtc-event-categories' },
      { name: 'Event', value: 'registration' },
      { name: 'ms-keep-alive', value: 'UAC;hop-hop=yes' },
      ...(o.expires !== undefined ? [{ name: 'Expires', value: String(o.expires) }] : []),
      ...(o.authorization ? [{ name: 'Authorization', value: o.authorization }] : []),
      ...(o.extra ?? []),
    ];
    return this.request('REGISTER', `sip:${aor.split('@')[1]}`, headers, '', { from, to: `<${aor}>` });
  }

  /** REGISTER, answer the 401 with Digest for the given password (first challenge of `algorithm`). */
  async registerWithDigest(
    aor: string,
    password: string,
    o: { algorithm?: 'MD5' | 'SHA-256'; epid?: string; instance?: string; username?: string } = {},
  ): Promise<SipResponse> {
    const first = await this.register(aor, { ...o });
    if (first.status !== 401) return first;
    const authorization = digestAuthorization(first, {
      method: 'REGISTER',
      uri: `sip:${aor.split('@')[1]}`,
      username: o.username ?? aor.slice(4).split('@')[0]!,
      password,
      algorithm: o.algorithm ?? 'SHA-256',
    });
    return this.register(aor, { ...o, authorization });
  }

  close(): void {
    this.socket.end();
  }

  destroy(): void {
    this.socket.destroy();
  }
}

/** Builds Digest credentials (RFC 7616 §3.4) independently of the server's code. */
export function digestAuthorization(
  challengeResponse: SipResponse,
  o: {
    method: string;
    uri: string;
    username: string;
    password: string;
    algorithm: 'MD5' | 'SHA-256';
    nc?: string;
  },
): string {
  const ch = getHeaders(challengeResponse, 'WWW-Authenticate')
    .map(parseAuth)
    .find((a) => (a.params.get('algorithm') ?? 'MD5').toUpperCase() === o.algorithm);
  if (!ch) throw new Error(`no ${o.algorithm} challenge in ${challengeResponse.status}`);
  const realm = ch.params.get('realm')!;
  const nonce = ch.params.get('nonce')!;
  const h = (s: string): string =>
    createHash(o.algorithm === 'MD5' ? 'md5' : 'sha256')
      .update(s)
      .digest('hex');
  const cnonce = randomBytes(8).toString('hex');
  const nc = o.nc ?? '00000001';
  const ha1 = h(`${o.username}:${realm}:${o.password}`);
  const ha2 = h(`${o.method}:${o.uri}`);
  const response = h(`${ha1}:${nonce}:${nc}:${cnonce}:auth:${ha2}`);
  return `Digest username="${o.username}", realm="${realm}", nonce="${nonce}", uri="${o.uri}", response="${response}", algorithm=${o.algorithm}, qop=auth, nc=${nc}, cnonce="${cnonce}"`;
}
