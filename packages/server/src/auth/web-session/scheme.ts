// Sign-in with a web session: a browser that signed in once (Digest) on a connection whose handshake the
// server gave a fresh session cookie registers again after a reload, or after a server restart, on the
// strength of that cookie alone. It runs inside the registrar's authentication, behind the one sign-in
// throttle (auth/throttle.ts): a locked user is refused here too.
import type { Store } from '@pchat/domain';
import type { AuthOutcome, AuthRequestContext, AuthScheme } from '../scheme.js';

export class WebSessionScheme implements AuthScheme {
  readonly name = 'web-session';
  constructor(
    private readonly store: Store,
    private readonly now: () => number = Date.now,
  ) {}

  /** Nothing to offer in a 401: the browser presents the cookie on the WebSocket handshake, unasked. */
  challenges(): string[] {
    return [];
  }

  async authenticate(ctx: AuthRequestContext): Promise<AuthOutcome> {
    const ws = ctx.state.connection.webSession;
    if (ws === null || ws.fresh) return { kind: 'not-applicable' };
    const s = await this.store.webSessions.get(ws.token, this.now());
    // A session of another user, or one that ended meanwhile: the other schemes decide (Digest challenges).
    if (s === null || s.uri !== ctx.aor.toLowerCase()) return { kind: 'not-applicable' };
    return { kind: 'authenticated', uri: ctx.aor, method: 'web-session' };
  }
}
