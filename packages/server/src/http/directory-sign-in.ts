// POST /v1/auth/directory-token: sign-in with the directory password (docs/directory.md "Sign-in"). Not an
// admin route: any directory user may call it. The password crosses the wire here, so the route answers
// only over TLS (directly or through a proxy that says so) or on the loopback interface.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import Type from 'typebox';
import {
  DIRECTORY_TOKEN_PATH,
  type DirectoryTokenRequest,
  type DirectoryTokenResponse,
} from '@pchat/protocol';
import { signInLocked } from '../errors/http.js';
import { DirectoryUnavailable } from '../directory/ldap/reader.js';
import type { DirectorySignIn } from '../directory/sign-in.js';

function secure(req: FastifyRequest): boolean {
  if (req.protocol === 'https' || req.headers['x-forwarded-proto'] === 'https') return true;
  const ip = req.socket.remoteAddress ?? '';
  return ip === '127.0.0.1' || ip === '::1' || ip.startsWith('::ffff:127.');
}

export function registerDirectorySignIn(app: FastifyInstance, signIn: DirectorySignIn): void {
  app.post(
    DIRECTORY_TOKEN_PATH,
    {
      schema: {
        body: Type.Object(
          { user: Type.String({ minLength: 1, maxLength: 512 }), password: Type.String({ maxLength: 1024 }) },
          { additionalProperties: false },
        ),
      },
    },
    async (req, reply) => {
      reply.header('Cache-Control', 'no-store');
      if (!secure(req))
        return reply.status(403).send({
          error: {
            code: 'ErrorPermission',
            message:
              'Directory passwords are accepted over HTTPS only: connect to the server through TLS (or its TLS proxy).',
          },
        });
      const b = req.body as DirectoryTokenRequest;
      let out;
      try {
        out = await signIn.signIn(b.user, b.password, req.socket.remoteAddress ?? '');
      } catch (e) {
        if (!(e instanceof DirectoryUnavailable)) throw e;
        req.log.warn({ err: e.message }, 'directory sign-in: directory unavailable');
        return reply.status(503).send({
          error: {
            code: 'DatabaseConnection',
            message: 'The directory cannot check passwords right now. Try again in a few minutes.',
          },
        });
      }
      if (out.kind === 'locked') {
        const refused = signInLocked(out.retryAfterSeconds);
        reply.header('Retry-After', String(refused.retryAfterSeconds));
        return reply.status(refused.status).send(refused.body);
      }
      if (out.kind === 'failed') {
        req.log.info({ remote: req.socket.remoteAddress }, 'directory sign-in failed');
        return reply.status(401).send({
          error: { code: 'InvalidToken', message: 'Sign-in failed: the user name or password is wrong.' },
        });
      }
      const body: DirectoryTokenResponse = {
        sipAddress: out.uri,
        token: out.token,
        expiresAt: new Date(out.expiresAt).toISOString(),
      };
      return body;
    },
  );
}
