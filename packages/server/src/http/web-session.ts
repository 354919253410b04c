// GET and DELETE /v1/auth/web-session (docs/web.md "Sessions and passwords"): whom the browser's session
// cookie signs in, and sign-out. Not admin routes: the cookie is the only credential, and it is HttpOnly
// and SameSite=Strict, so another site's page can neither read the answer nor send the cookie.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError } from '@pchat/domain';
import { WEB_SESSION_PATH, type WebSessionResponse } from '@pchat/protocol';
import { sessionCookie, sessionTokenOf } from '../auth/web-session/cookie.js';
import type { WebSessions } from '../auth/web-session/sessions.js';

function secure(req: FastifyRequest): boolean {
  return req.protocol === 'https' || req.headers['x-forwarded-proto'] === 'https';
}

export function registerWebSession(app: FastifyInstance, sessions: WebSessions): void {
  app.get(WEB_SESSION_PATH, async (req, reply) => {
    reply.header('Cache-Control', 'no-store');
    const s = await sessions.current(req.headers);
    if (s === null) {
      // An ended session's cookie is cleared, so the next SIP handshake is issued a fresh one. The
      // headers set here stay on the answer the edge's one error mapper (errors/http.ts) writes.
      if (sessionTokenOf(req.headers) !== null) reply.header('Set-Cookie', sessionCookie('', 0, secure(req)));
      throw new DomainError('InvalidToken', 'You are not signed in here: sign in with your password.');
    }
    const body: WebSessionResponse = { sipAddress: s.uri, expiresAt: new Date(s.expiresOn).toISOString() };
    return body;
  });

  app.delete(WEB_SESSION_PATH, async (req, reply) => {
    reply.header('Cache-Control', 'no-store');
    const token = sessionTokenOf(req.headers);
    if (token !== null) await sessions.end(token);
    reply.header('Set-Cookie', sessionCookie('', 0, secure(req)));
    return reply.status(204).send();
  });
}
