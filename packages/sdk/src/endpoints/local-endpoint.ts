// UCMA LocalEndpoint: the signed-in SIP presence of one identity on one connection (connection-oriented, as
// Lync: MS-SIPAE §3.1). It registers, answers provisioning, carries the chat dialogs, and recovers from a
// lost connection — once for a UserEndpoint (PC-86), forever with back-off for an ApplicationEndpoint (PC-87).
import {
  buildProvisioningRequest,
  createResponse,
  generateCallId,
  generateTag,
  getHeader,
  getHeaders,
  PROVISIONING_V2_CONTENT_TYPE,
  PROVISIONING_V2_EVENT,
  type SipHeader,
  type SipRequest,
  type SipResponse,
} from '@pchat/protocol';
import { PersistentChatError } from '../errors.js';
import { TypedEventTarget } from '../events.js';
import { errorFromResponse } from '../sip/diagnostics.js';
import { SipUserAgent, type RequestHandler } from '../sip/user-agent.js';
import type { CollaborationPlatform } from './platform.js';
import { provisioningDataFrom, type ProvisioningData } from './provisioning.js';

/** UCMA LocalEndpointState. */
export type LocalEndpointState =
  'Idle' | 'Establishing' | 'Established' | 'Reestablishing' | 'Terminating' | 'Terminated';

/** Events of a {@link LocalEndpoint}. */
export interface LocalEndpointEvents {
  /** The state changed; `reason` says why when it is a failure (e.g. re-registration failed). */
  stateChanged: {
    previousState: LocalEndpointState;
    state: LocalEndpointState;
    reason?: PersistentChatError;
  };
  /** The connection was lost and is back (registered again): chat endpoints re-establish on it. */
  connectionRestored: { server: string; attempts: number };
  /** The connection was lost; the endpoint is Reestablishing. */
  connectionLost: { error?: Error };
}

/** Settings shared by both endpoint kinds. */
export interface LocalEndpointSettings {
  /** The owner's SIP URI, e.g. `sip:alice@example.test`. */
  ownerUri: string;
  /** Display name for From. */
  ownerDisplayName?: string;
  /**
   * The server (or pool) to connect to, in the transport's form: `host:port` for TCP/TLS, a `ws(s)://…/sip`
   * URL for WebSocket. Several servers spread ApplicationEndpoints over a pool (PC-87).
   */
  server: string | string[];
  /** Seconds to ask for in REGISTER (the registrar may grant less). Default: the registrar's default. */
  registrationExpires?: number;
}

/** Internal: what a concrete endpoint adds to REGISTER. */
export interface RegisterAuth {
  /** Produces the Authorization header for a 401 challenge, or null when it cannot answer. */
  answer(res: SipResponse, req: SipRequest): Promise<string | null>;
}

let instanceCounter = 0;

function uuid(): string {
  const c = globalThis.crypto as {
    randomUUID?: () => string;
    getRandomValues<T extends Uint8Array>(a: T): T;
  };
  if (typeof c.randomUUID === 'function') return c.randomUUID();
  const b = new Uint8Array(16);
  c.getRandomValues(b);
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The common base of {@link UserEndpoint} and {@link ApplicationEndpoint}. */
export abstract class LocalEndpoint extends TypedEventTarget<LocalEndpointEvents> {
  /** The owner's SIP URI (lower-cased). */
  readonly ownerUri: string;
  /** The servers this endpoint may use, in preference order. */
  readonly servers: readonly string[];
  /** @internal */
  ua: SipUserAgent | null = null;
  /** @internal The server the current connection goes to. */
  currentServer: string | null = null;
  private _state: LocalEndpointState = 'Idle';
  private readonly callId = generateCallId();
  private readonly fromTag = generateTag();
  private readonly epid = generateTag().slice(0, 10);
  private readonly instance = `<urn:uuid:${uuid()}>`;
  private cseq = 1;
  private refreshTimer: ReturnType<typeof setTimeout> | null = null;
  private keepAliveTimer: ReturnType<typeof setInterval> | null = null;
  private untrack: () => void = () => {};
  private readonly handlers = new Set<RequestHandler>();
  /** The number of the next server to try (round-robin). */
  protected serverCursor: number;
  /** Pending retry sleep, cancelled by terminate(). */
  protected sleeper: { timer: ReturnType<typeof setTimeout>; resolve: () => void } | null = null;

  protected constructor(
    readonly platform: CollaborationPlatform,
    readonly settings: LocalEndpointSettings,
  ) {
    super();
    this.ownerUri = settings.ownerUri.toLowerCase();
    if (!/^sips?:[^@]+@[^@]+$/.test(this.ownerUri))
      throw new PersistentChatError(
        'InvalidArgument',
        `ownerUri "${settings.ownerUri}" is not a SIP address of the form sip:user@domain.`,
      );
    this.servers = Array.isArray(settings.server) ? [...settings.server] : [settings.server as string];
    if (this.servers.length === 0)
      throw new PersistentChatError('InvalidArgument', 'Give at least one server.');
    this.serverCursor = instanceCounter++ % this.servers.length;
  }

  /** Current state. */
  get state(): LocalEndpointState {
    return this._state;
  }

  /** True once terminate() (or a final failure) began. */
  private get ending(): boolean {
    return this._state === 'Terminating' || this._state === 'Terminated';
  }

  /** The SIP domain of the owner. */
  get domain(): string {
    return this.ownerUri.slice(this.ownerUri.indexOf('@') + 1);
  }

  /** `<sip:owner>;tag=..;epid=..` */
  get fromValue(): string {
    const name = this.settings.ownerDisplayName
      ? `"${this.settings.ownerDisplayName.replace(/["\\]/g, '')}" `
      : '';
    return `${name}<${this.ownerUri}>;tag=${this.fromTag};epid=${this.epid}`;
  }

  /** A Contact value for this connection. */
  contactValue(): string {
    const t = this.ua!.transport;
    const user = this.ownerUri.slice(this.ownerUri.indexOf(':') + 1, this.ownerUri.indexOf('@'));
    return `<sip:${user}@${t.local.host}:${t.local.port};transport=${t.name}>;+sip.instance="${this.instance}"`;
  }

  /** Whether this endpoint is a trusted application (may assert identities). */
  abstract readonly trusted: boolean;
  /** @internal Authentication for REGISTER. */
  protected abstract registerAuth(): RegisterAuth | null;
  /** @internal What to do when the connection is lost while Established. */
  protected abstract recover(error: Error | undefined): Promise<void>;

  /** Connects and registers (UCMA BeginEstablish). Rejects with a typed error at once on refusal. */
  async establish(): Promise<void> {
    this.platform.assertStarted();
    if (this._state !== 'Idle')
      throw new PersistentChatError(
        'InvalidFlowOfOperations',
        `The endpoint is ${this._state}; an endpoint can be established once. Create a new one.`,
      );
    this.untrack = this.platform.track(this);
    this.setState('Establishing');
    let last: unknown;
    for (let i = 0; i < this.servers.length; i++) {
      try {
        await this.connectAndRegister(this.nextServer());
        this.setState('Established');
        return;
      } catch (e) {
        last = e;
        if (!unreachable(e)) break;
      }
    }
    const err =
      last instanceof PersistentChatError
        ? last
        : new PersistentChatError('ConnectionFailed', String(last), { cause: last });
    this.teardown();
    this.setState('Terminated', err);
    throw err;
  }

  /** Un-registers and closes (UCMA BeginTerminate). Idempotent. */
  async terminate(): Promise<void> {
    if (this._state === 'Terminated' || this._state === 'Terminating') return;
    if (this._state === 'Idle') {
      this.setState('Terminated');
      return;
    }
    this.setState('Terminating');
    this.cancelSleep();
    const ua = this.ua;
    if (ua && !ua.isClosed) {
      try {
        await this.register(0);
      } catch {
        // best effort: the connection closes anyway and the registrar drops bindings with it
      }
    }
    this.teardown();
    this.setState('Terminated');
  }

  /** Fetches the in-band provisioning document (UCMA BeginGetProvisioningData, PC-81). */
  async getProvisioningData(): Promise<ProvisioningData> {
    const ua = this.requireUa('getProvisioningData');
    const req = ua.build({
      method: 'SUBSCRIBE',
      uri: this.ownerUri,
      from: `<${this.ownerUri}>;tag=${generateTag()}`,
      to: `<${this.ownerUri}>`,
      callId: generateCallId(),
      cseq: 1,
      headers: [
        { name: 'Contact', value: this.contactValue() },
        { name: 'Event', value: PROVISIONING_V2_EVENT },
        { name: 'Accept', value: PROVISIONING_V2_CONTENT_TYPE },
        { name: 'Supported', value: 'ms-piggyback-first-notify' },
        { name: 'Expires', value: '0' },
        { name: 'User-Agent', value: this.platform.userAgent },
      ],
      body: buildProvisioningRequest(['ServerConfiguration', 'persistentChatConfiguration']),
      contentType: 'application/vnd-microsoft-roaming-provisioning-v2+xml',
    });
    const res = await ua.send(req, {
      timeoutMs: this.platform.timeouts.requestMs,
      operation: 'getProvisioningData (SUBSCRIBE provisioning-v2)',
    });
    if (res.status >= 300) throw errorFromResponse(res, 'getProvisioningData (SUBSCRIBE provisioning-v2)');
    if (res.body.trim() === '')
      throw new PersistentChatError(
        'CommandFailed',
        'The server answered the provisioning SUBSCRIBE without a document (it may send it in a NOTIFY, which this SDK does not wait for yet).',
      );
    try {
      return provisioningDataFrom(res.body);
    } catch (e) {
      throw new PersistentChatError(
        'CommandFailed',
        `The provisioning document is unreadable: ${(e as Error).message}`,
        { cause: e },
      );
    }
  }

  /** @internal Adds a handler for requests the server sends (chat dialogs); returns the remover. */
  addRequestHandler(h: RequestHandler): () => void {
    this.handlers.add(h);
    return () => this.handlers.delete(h);
  }

  /** @internal The user agent, or a typed error when not connected. */
  requireUa(operation: string): SipUserAgent {
    if (
      this.ua === null ||
      this.ua.isClosed ||
      (this._state !== 'Established' && this._state !== 'Establishing')
    ) {
      throw new PersistentChatError(
        'InvalidFlowOfOperations',
        `${operation}: the endpoint ${this.ownerUri} is ${this._state}, not Established.`,
        { operation },
      );
    }
    return this.ua;
  }

  /** @internal Round-robin over the servers. */
  protected nextServer(): string {
    const s = this.servers[this.serverCursor % this.servers.length]!;
    this.serverCursor++;
    return s;
  }

  /** @internal Opens a connection to `server` and registers on it. */
  protected async connectAndRegister(server: string): Promise<void> {
    this.closeUa();
    const transport = await this.platform.transport.connect(server, {
      timeoutMs: this.platform.timeouts.connectMs,
    });
    if (this.ending) {
      // terminate() ran while we were connecting: do not keep the new connection.
      transport.close();
      throw new PersistentChatError(
        'InvalidFlowOfOperations',
        'The endpoint was terminated while connecting.',
      );
    }
    const ua = new SipUserAgent(transport);
    this.ua = ua;
    this.currentServer = server;
    ua.onRequest = (req) => this.dispatch(req);
    ua.onClosed = (e) => {
      if (this.ua === ua) void this.lost(e);
    };
    this.keepAliveTimer = setInterval(() => ua.transport.keepAlive(), this.platform.timeouts.keepAliveMs);
    (this.keepAliveTimer as { unref?: () => void }).unref?.();
    await this.register(this.settings.registrationExpires ?? null);
    if (this.ending) {
      this.closeUa();
      throw new PersistentChatError(
        'InvalidFlowOfOperations',
        'The endpoint was terminated while registering.',
      );
    }
  }

  /** @internal REGISTER (expires null: the registrar's default; 0: un-register). */
  protected async register(expires: number | null): Promise<void> {
    const ua = this.ua!;
    const auth = this.registerAuth();
    let authorization: string | null = null;
    for (let round = 0; round < 3; round++) {
      const headers: SipHeader[] = [
        { name: 'Contact', value: this.contactValue() },
        { name: 'Supported', value: 'gruu-10' },
        { name: 'User-Agent', value: this.platform.userAgent },
      ];
      if (expires !== null) headers.push({ name: 'Expires', value: String(expires) });
      if (authorization !== null) headers.push({ name: 'Authorization', value: authorization });
      const req = ua.build({
        method: 'REGISTER',
        uri: `sip:${this.domain}`,
        from: this.fromValue,
        to: `<${this.ownerUri}>`,
        callId: this.callId,
        cseq: this.cseq++,
        headers,
      });
      const res = await ua.send(req, { timeoutMs: this.platform.timeouts.requestMs, operation: 'REGISTER' });
      if (res.status === 401 || res.status === 407) {
        const challenges = getHeaders(res, res.status === 401 ? 'WWW-Authenticate' : 'Proxy-Authenticate');
        const answer = auth && challenges.length ? await auth.answer(res, req) : null;
        if (auth && answer === null && authorization === null && challenges.length) {
          const offered = [...new Set(challenges.map((c) => c.trim().split(/\s+/)[0]))].join(', ');
          throw new PersistentChatError(
            'AuthenticationFailed',
            `REGISTER: the registrar offers ${offered}; this SDK signs users in with Digest (RFC 8760). Enable "digest" in the server's auth.schemes, or connect as a trusted application.`,
            { sipStatus: res.status, operation: 'REGISTER' },
          );
        }
        if (
          answer === null ||
          (authorization !== null && !/stale\s*=\s*"?true/i.test(challenges.join(',')))
        ) {
          const err = errorFromResponse(res, 'REGISTER');
          throw new PersistentChatError(
            'AuthenticationFailed',
            auth
              ? `${err.message} Check the user name and password.`
              : `REGISTER refused (${res.status}): this connection is not a trusted application. ${serverReason(res) ?? "Connect over mutual TLS with the trusted application's certificate (New-CsTrustedApplication)"}; or use a UserEndpoint with credentials.`,
            {
              sipStatus: res.status,
              operation: 'REGISTER',
              ...(err.diagnosticCode !== undefined ? { diagnosticCode: err.diagnosticCode } : {}),
            },
          );
        }
        authorization = answer;
        continue;
      }
      if (res.status >= 300) throw errorFromResponse(res, 'REGISTER');
      if (expires !== 0) this.scheduleRefresh(res);
      return;
    }
    throw new PersistentChatError(
      'AuthenticationFailed',
      'REGISTER: the registrar kept challenging; check the credentials.',
      { operation: 'REGISTER' },
    );
  }

  private scheduleRefresh(res: SipResponse): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    const granted = parseInt(getHeader(res, 'Expires') ?? '', 10);
    if (!Number.isFinite(granted) || granted <= 0) return;
    // Refresh well before expiry (pidgin-sipe uses expires − 30 s).
    const ms = Math.max(1000, Math.min(granted * 1000 - 30_000, granted * 800));
    const ua = this.ua;
    this.refreshTimer = setTimeout(() => {
      if (this.ua !== ua || this._state !== 'Established') return;
      this.register(this.settings.registrationExpires ?? null).catch((e: unknown) => {
        // PC-86/PC-87: a failed refresh is a lost registration.
        if (this.ua === ua) {
          this.closeUa();
          void this.lost(e instanceof Error ? e : undefined);
        }
      });
    }, ms);
    (this.refreshTimer as { unref?: () => void }).unref?.();
  }

  private async dispatch(req: SipRequest): Promise<SipResponse | null> {
    for (const h of this.handlers) {
      const r = await h(req);
      if (r !== null || req.method === 'ACK') return r;
    }
    if (req.method === 'ACK') return null;
    if (req.method === 'OPTIONS' || req.method === 'NOTIFY' || req.method === 'BENOTIFY')
      return createResponse(req, 200);
    return createResponse(req, 481);
  }

  private async lost(error: Error | undefined): Promise<void> {
    if (this._state !== 'Established') return;
    this.closeUa();
    this.emit('connectionLost', error ? { error } : {});
    this.setState('Reestablishing');
    await this.recover(error);
  }

  /** @internal Reconnects; emits connectionRestored. */
  protected async reconnected(attempts: number): Promise<void> {
    this.setState('Established');
    this.emit('connectionRestored', { server: this.currentServer!, attempts });
  }

  /** @internal Ends in Terminated with a reason. */
  protected fail(reason: PersistentChatError): void {
    if (this._state === 'Terminated') return;
    this.setState('Terminating', reason);
    this.teardown();
    this.setState('Terminated', reason);
  }

  /** @internal Sleeps unless terminated meanwhile; returns false when terminated. */
  protected sleep(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.sleeper = null;
        resolve(this._state === 'Reestablishing');
      }, ms);
      this.sleeper = { timer, resolve: () => resolve(false) };
    });
  }

  private cancelSleep(): void {
    if (!this.sleeper) return;
    clearTimeout(this.sleeper.timer);
    this.sleeper.resolve();
    this.sleeper = null;
  }

  private closeUa(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = null;
    if (this.keepAliveTimer) clearInterval(this.keepAliveTimer);
    this.keepAliveTimer = null;
    const ua = this.ua;
    this.ua = null;
    if (ua && !ua.isClosed) ua.close();
  }

  private teardown(): void {
    this.cancelSleep();
    this.closeUa();
    this.untrack();
  }

  /** @internal */
  protected setState(state: LocalEndpointState, reason?: PersistentChatError): void {
    const previousState = this._state;
    if (previousState === state) return;
    this._state = state;
    this.emit('stateChanged', reason ? { previousState, state, reason } : { previousState, state });
  }
}

/** The server's own words for a refusal (Warning: 399 <host> "<text>", RFC 3261 §20.43). */
function serverReason(res: SipResponse): string | null {
  const w = getHeaders(res, 'Warning').find((v) => /^399\s/.test(v));
  return w ? (/"(.*)"\s*$/.exec(w)?.[1] ?? null) : null;
}

/**
 * Whether a failed connect-and-register may move on to the next server of the list: an unreachable,
 * silent or unavailable server may; a refusal (bad password, unknown user) is final everywhere.
 */
export function unreachable(e: unknown): boolean {
  return (
    e instanceof PersistentChatError &&
    (e.code === 'ConnectionFailed' || e.code === 'OperationTimeout' || e.code === 'ServiceUnavailable')
  );
}
