// UCMA ApplicationEndpoint (PC-87): a trusted application over mutual TLS. It registers without credentials
// (the certificate is the credential), may act for users (P-Asserted-Identity, RFC 3325), spreads over the
// pool's servers and, after a lost connection, re-establishes forever with capped exponential back-off and
// jitter until terminated. Its owner URI should be a user's (PC-82) to use Persistent Chat.
import { PersistentChatError } from '../errors.js';
import { backoffDelay, type BackoffSettings } from './backoff.js';
import type { CollaborationPlatform } from './platform.js';
import { LocalEndpoint, type LocalEndpointSettings, type RegisterAuth } from './local-endpoint.js';
import { requireUserEndpoint } from '../presence/presence.js';

/** UCMA ApplicationEndpointSettings. */
export interface ApplicationEndpointSettings extends LocalEndpointSettings {
  /** Re-establishment back-off; default 250 ms doubling to 30 s, with jitter. */
  backoff?: Partial<BackoffSettings>;
}

/** A trusted application's endpoint. */
export class ApplicationEndpoint extends LocalEndpoint {
  /** Always true: a trusted application may act for users. */
  readonly trusted = true;
  private readonly backoff: BackoffSettings;

  constructor(platform: CollaborationPlatform, settings: ApplicationEndpointSettings) {
    super(platform, settings);
    if (platform.mode !== 'server') {
      throw new PersistentChatError(
        'InvalidArgument',
        'An ApplicationEndpoint needs a server-mode CollaborationPlatform ({ mode: "server", transport: tlsTransport({ cert, key, ca }) }).',
      );
    }
    this.backoff = { initialMs: 250, maxMs: 30_000, ...settings.backoff };
  }

  /** Refused at once: application endpoints cannot publish presence (PC-87, docs/presence.md). */
  get localOwnerPresence(): never {
    requireUserEndpoint(this, 'publish presence');
    throw new Error('unreachable');
  }

  /** Refused at once: application endpoints cannot perform contact operations. */
  get contactGroupServices(): never {
    requireUserEndpoint(this, 'manage contacts');
    throw new Error('unreachable');
  }

  /** Refused at once: application endpoints have no presence view of their own. */
  createPresenceView(): never {
    requireUserEndpoint(this, 'watch presence');
    throw new Error('unreachable');
  }

  /** @internal Trusted applications answer no challenge: a 401 means the certificate was not trusted. */
  protected registerAuth(): RegisterAuth | null {
    return null;
  }

  /** @internal PC-87: retry forever (until terminate()), rotating over the servers. */
  protected async recover(): Promise<void> {
    for (let attempt = 0; this.state === 'Reestablishing'; attempt++) {
      if (!(await this.sleep(backoffDelay(attempt, this.backoff)))) return;
      try {
        await this.connectAndRegister(this.nextServer());
        if (this.state !== 'Reestablishing') return;
        await this.reconnected(attempt + 1);
        return;
      } catch {
        // next attempt after the back-off
      }
    }
  }
}
