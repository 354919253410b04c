// Web sessions (docs/web.md "Sessions and passwords"). The token is handed to the browser in the
// WebSocket handshake's Set-Cookie before anyone signed in; it becomes a session only when a REGISTER on
// that very connection authenticates with a password (Digest), so a cookie planted from elsewhere (session
// fixation) is never bound: a handshake whose cookie names no live session gets a new token.
import type { IncomingHttpHeaders } from 'node:http';
import type { Store } from '@pchat/domain';
import { fromSameOrigin, newSessionToken, sessionCookie, sessionTokenOf } from './cookie.js';

/** What a SIP WebSocket handshake carries: the token and whether this server just issued it. */
export interface HandshakeSession {
  token: string;
  /** True when issued by this handshake (bindable); false when the cookie named a live session. */
  fresh: boolean;
  /** The Set-Cookie header value for the 101 answer, when fresh. */
  setCookie: string | null;
}

/** Expired sessions removed per sign-in: the table stays small without a timer of its own. */
const PURGE_BATCH = 100;

export class WebSessions {
  constructor(
    private readonly store: Store,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The session of a SIP WebSocket handshake: null for a handshake that does not come from a page of this
   * origin (pidgin-sipe, the SDK in Node, another site's page), which then signs in as before.
   */
  async handshake(headers: IncomingHttpHeaders, secure: boolean): Promise<HandshakeSession | null> {
    if (!fromSameOrigin(headers)) return null;
    const existing = sessionTokenOf(headers);
    if (existing !== null && (await this.store.webSessions.get(existing, this.now())) !== null)
      return { token: existing, fresh: false, setCookie: null };
    const token = newSessionToken();
    return { token, fresh: true, setCookie: sessionCookie(token, this.ttlMs / 1000, secure) };
  }

  /** A password sign-in on a connection with a fresh token: the token now signs this user in until expiry. */
  async bind(token: string, uri: string): Promise<void> {
    const t = this.now();
    await this.store.webSessions.put(token, { uri, createdOn: t, expiresOn: t + this.ttlMs });
    await this.store.webSessions.purgeExpired(t, PURGE_BATCH);
  }

  /** The live session a request's cookie names, with its token. */
  async current(
    headers: IncomingHttpHeaders,
  ): Promise<{ token: string; uri: string; expiresOn: number } | null> {
    const token = sessionTokenOf(headers);
    if (token === null) return null;
    const s = await this.store.webSessions.get(token, this.now());
    return s ? { token, uri: s.uri, expiresOn: s.expiresOn } : null;
  }

  /** Sign-out: the session ends on every node at once. */
  async end(token: string): Promise<void> {
    await this.store.webSessions.delete(token);
  }
}
