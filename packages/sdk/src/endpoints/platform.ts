// CollaborationPlatform (UCMA): the process-wide settings every endpoint shares — client or server mode, the
// transport (TCP, TLS, mutual TLS with the trusted application's certificate, WebSocket) and the timeouts.
import { PersistentChatError } from '../errors.js';
import { TypedEventTarget } from '../events.js';
import type { SipTransportFactory } from '../sip/transport.js';

/** Timeouts in milliseconds. Every request has one; none is a minute long (PC-82). */
export interface PlatformTimeouts {
  /** Opening a connection. Default 5000. */
  connectMs: number;
  /** Any SIP request or XCCOS command. Default 10000. */
  requestMs: number;
  /** Interval of connection keep-alives (servers close idle connections). Default 30000. */
  keepAliveMs: number;
}

/** Settings shared by both platform modes. */
interface PlatformSettingsBase {
  /** Names the application in User-Agent (UCMA's applicationUserAgent). */
  applicationName: string;
  /** How to reach the server: `tcpTransport()`/`tlsTransport()` from `@pchat/sdk/node`, or `webSocketTransport()`. */
  transport: SipTransportFactory;
  /** Overrides of the default timeouts. */
  timeouts?: Partial<PlatformTimeouts>;
}

/** UCMA ClientPlatformSettings: user endpoints that sign in with credentials. */
export interface ClientPlatformSettings extends PlatformSettingsBase {
  /** Client mode (the default). */
  mode?: 'client';
}

/**
 * UCMA ServerPlatformSettings: a trusted application. The transport must be mutual TLS with the
 * application's certificate (`tlsTransport({ cert, key, ca })` from `@pchat/sdk/node`), whose subject or
 * SAN names the trusted application's pool FQDN (New-CsTrustedApplication).
 */
export interface ServerPlatformSettings extends PlatformSettingsBase {
  /** Server mode: ApplicationEndpoints. */
  mode: 'server';
}

/** Either platform mode. */
export type PlatformSettings = ClientPlatformSettings | ServerPlatformSettings;

/** State of a {@link CollaborationPlatform}. */
export type PlatformState = 'Idle' | 'Started' | 'ShutDown';

/** Events of a {@link CollaborationPlatform}. */
export interface PlatformEvents {
  /** The platform started or shut down. */
  stateChanged: { previousState: PlatformState; state: PlatformState };
}

/** A UCMA CollaborationPlatform: start it, create endpoints on it, shut it down (which terminates them). */
export class CollaborationPlatform extends TypedEventTarget<PlatformEvents> {
  /** `client` or `server`. */
  readonly mode: 'client' | 'server';
  /** The effective timeouts. */
  readonly timeouts: PlatformTimeouts;
  private _state: PlatformState = 'Idle';
  private readonly endpoints = new Set<{ terminate(): Promise<void> }>();

  constructor(readonly settings: PlatformSettings) {
    super();
    this.mode = settings.mode ?? 'client';
    this.timeouts = { connectMs: 5000, requestMs: 10000, keepAliveMs: 30000, ...settings.timeouts };
  }

  /** The transport factory endpoints connect with. */
  get transport(): SipTransportFactory {
    return this.settings.transport;
  }

  /** Current state. */
  get state(): PlatformState {
    return this._state;
  }

  /** The User-Agent header value. */
  get userAgent(): string {
    return `${this.settings.applicationName} pchat-sdk/0.1`;
  }

  /** Starts the platform (UCMA BeginStartup). */
  async startup(): Promise<void> {
    if (this._state !== 'Idle')
      throw new PersistentChatError(
        'InvalidFlowOfOperations',
        `The platform is ${this._state}; startup() may be called once.`,
      );
    this.set('Started');
  }

  /** Terminates every endpoint created on it, then shuts down (UCMA BeginShutdown). */
  async shutdown(): Promise<void> {
    if (this._state === 'ShutDown') return;
    await Promise.allSettled([...this.endpoints].map((e) => e.terminate()));
    this.set('ShutDown');
  }

  /** @internal Endpoints register themselves so that shutdown() can terminate them. */
  track(endpoint: { terminate(): Promise<void> }): () => void {
    this.endpoints.add(endpoint);
    return () => this.endpoints.delete(endpoint);
  }

  /** @internal Throws unless started. */
  assertStarted(): void {
    if (this._state !== 'Started')
      throw new PersistentChatError(
        'InvalidFlowOfOperations',
        'Call platform.startup() before establishing endpoints.',
      );
  }

  private set(s: PlatformState): void {
    const previousState = this._state;
    this._state = s;
    this.emit('stateChanged', { previousState, state: s });
  }
}
