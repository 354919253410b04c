// UCMA UserEndpoint (PC-86): owned by a user, signs in with credentials (Digest, RFC 8760), not trusted.
// After a lost connection it re-registers once (Reestablishing) and, if that fails, terminates — as UCMA does.
import { getHeaders } from '@pchat/protocol';
import { PersistentChatError } from '../errors.js';
import { digestAuthorization, pickDigestChallenge } from '../sip/digest.js';
import type { CollaborationPlatform } from './platform.js';
import {
  LocalEndpoint,
  unreachable,
  type LocalEndpointSettings,
  type RegisterAuth,
} from './local-endpoint.js';
import { LocalOwnerPresence, RemotePresenceView } from '../presence/presence.js';
import { ContactGroupServices } from '../presence/contacts.js';

/** Credentials of a user (UCMA NetworkCredential). */
export interface UserCredentials {
  /** The Digest user name: by default the user part of the owner URI (pchat's registrar expects that). */
  username?: string;
  /**
   * The password. Empty: sign in only where the registrar asks for no credentials (a browser page whose
   * web session cookie is live, a trusted network); a challenge then fails at once as AuthenticationFailed
   * without sending a Digest answer, so it costs nothing in the server's sign-in throttle.
   */
  password: string;
}

/** UCMA UserEndpointSettings. */
export interface UserEndpointSettings extends LocalEndpointSettings {
  /** How to sign in. */
  credentials: UserCredentials;
}

/** A user's endpoint: signs in with the user's credentials. */
export class UserEndpoint extends LocalEndpoint {
  /** Always false: user endpoints cannot assert other identities. */
  readonly trusted = false;
  private nc = 0;
  private ownPresence: LocalOwnerPresence | null = null;
  private contactServices: ContactGroupServices | null = null;

  constructor(platform: CollaborationPlatform, settings: UserEndpointSettings) {
    super(platform, settings);
  }

  /** The user's own presence: publish availability and note (docs/presence.md). */
  get localOwnerPresence(): LocalOwnerPresence {
    return (this.ownPresence ??= new LocalOwnerPresence(this));
  }

  /** The user's roaming contacts and groups. */
  get contactGroupServices(): ContactGroupServices {
    return (this.contactServices ??= new ContactGroupServices(this));
  }

  /** A new view for watching others' presence (one subscription for many people). */
  createPresenceView(): RemotePresenceView {
    return new RemotePresenceView(this);
  }

  /** @internal */
  protected registerAuth(): RegisterAuth {
    const s = this.settings as UserEndpointSettings;
    const username =
      s.credentials.username ??
      this.ownerUri.slice(this.ownerUri.indexOf(':') + 1, this.ownerUri.indexOf('@'));
    return {
      answer: async (res, req) => {
        if (s.credentials.password === '')
          throw new PersistentChatError(
            'AuthenticationFailed',
            'The server asks for a password and none was given: sign in with the password.',
            { sipStatus: res.status, operation: 'REGISTER' },
          );
        const c = pickDigestChallenge(getHeaders(res, 'WWW-Authenticate'));
        if (c === null) return null;
        this.nc = 1;
        return digestAuthorization(c, {
          username,
          password: s.credentials.password,
          method: req.method,
          uri: req.uri,
          nc: this.nc,
        });
      },
    };
  }

  /**
   * @internal PC-86: one re-registration, then Terminated. With several servers (a pool, docs/pool.md) the
   * one re-registration tries the server it was on first, then each other server once, as establish() does:
   * a node lost with kill -9 moves the user to a node that is up.
   */
  protected async recover(error: Error | undefined): Promise<void> {
    const first = this.currentServer ?? this.nextServer();
    const order = [first, ...this.servers.filter((s) => s !== first)];
    let attempts = 0;
    let last: unknown;
    for (const server of order) {
      try {
        attempts++;
        await this.connectAndRegister(server);
        if (this.state !== 'Reestablishing') return;
        await this.reconnected(attempts);
        return;
      } catch (e) {
        if (this.state !== 'Reestablishing') return;
        last = e;
        if (!unreachable(e)) break;
      }
    }
    const why = last instanceof Error ? last.message : String(last);
    this.fail(
      new PersistentChatError(
        'ConnectionFailed',
        `The connection to the server was lost${error ? ` (${error.message})` : ''} and the one re-registration a UserEndpoint makes failed (${why}). Create and establish a new endpoint; use an ApplicationEndpoint for a service that must stay up.`,
        { cause: last },
      ),
    );
  }
}
