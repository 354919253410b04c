// The /v1 admin API (docs/admin-api.md): registers the route table on the HTTP edge. Every route
// authenticates (auth.ts) and is authorised by role (roles.ts) before its body is parsed; refusals go through
// the edge's one error mapper (../errors.ts).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isDomainError } from '@pchat/domain';
import { signInLocked } from '../../errors/http.js';
import { AdminTokens, authenticate, bootstrapAdminToken, SignInLocked } from './auth.js';
import type { AdminDeps, Caller } from './context.js';
import { openApiDocument } from './openapi.js';
import { authorize } from './roles.js';
import { withDisplayNames } from './display.js';
import type { AdminRoute } from './route.js';
import { addinRoutes } from './routes/addins.js';
import { categoryRoutes } from './routes/categories.js';
import { complianceRoutes } from './routes/compliance.js';
import { directoryRoutes } from './routes/directory.js';
import { directorySyncRoutes } from './routes/directory-sync.js';
import { endpointRoutes } from './routes/endpoints.js';
import { administrationRoutes } from './routes/administration.js';
import { policyRoutes } from './routes/policies.js';
import { retentionRoutes } from './routes/retention.js';
import { roomRoutes } from './routes/rooms.js';
import { certificateRoutes } from './routes/certificates.js';
import { topologyRoutes } from './routes/topology.js';
import { transferRoutes } from './routes/transfer.js';
import { trustedPoolRoutes } from './routes/trusted-pools.js';

export type { AdminDeps, AdminOptions } from './context.js';
export { ADMIN_TOKEN_FILE } from './auth.js';

const callers = new WeakMap<FastifyRequest, Caller>();

export function adminRoutes(tokens: AdminTokens): AdminRoute[] {
  return [
    ...topologyRoutes,
    ...policyRoutes,
    ...categoryRoutes,
    ...roomRoutes,
    ...addinRoutes,
    ...endpointRoutes,
    ...trustedPoolRoutes,
    ...certificateRoutes,
    ...directoryRoutes,
    ...directorySyncRoutes,
    ...complianceRoutes,
    ...retentionRoutes,
    ...transferRoutes,
    ...administrationRoutes(tokens),
  ];
}

export function registerAdminApi(app: FastifyInstance, deps: AdminDeps, version: string): void {
  const tokens = AdminTokens.forDataDir(deps.dataDir);
  const routes = adminRoutes(tokens);
  const openapi = openApiDocument(routes, version);

  // Import bodies are streamed to the handler, never buffered (1M messages do not fit a body limit).
  app.addContentTypeParser('application/x-ndjson', (_req, payload, done) => done(null, payload));
  app.addHook('onReady', async () => {
    const admin = await bootstrapAdminToken(deps, tokens);
    if (admin)
      app.log.info(
        { admin, file: `${deps.dataDir}/admin-token` },
        'admin API token issued for the administrator',
      );
  });

  app.get('/v1/openapi.json', async () => openapi);

  for (const r of routes) {
    app.route({
      method: r.method,
      url: r.url,
      schema: {
        ...(r.body ? { body: r.body } : {}),
        ...(r.querystring ? { querystring: r.querystring } : {}),
      },
      onRequest: async (req, reply) => {
        reply.header('Cache-Control', 'no-store');
        try {
          const caller = await authenticate(
            deps,
            tokens,
            req.headers.authorization,
            req.socket.remoteAddress ?? '',
          );
          authorize(caller, r.access, r.cmdlet);
          callers.set(req, caller);
        } catch (e) {
          if (e instanceof SignInLocked) {
            req.log.info({ remote: req.socket.remoteAddress }, 'admin API sign-in refused: throttled');
            const refused = signInLocked(e.retryAfterSeconds);
            return reply
              .status(refused.status)
              .header('Retry-After', String(refused.retryAfterSeconds))
              .send(refused.body);
          }
          if (isDomainError(e) && e.code === 'InvalidToken')
            req.log.info({ remote: req.socket.remoteAddress }, 'admin API sign-in failed');
          reply.header('WWW-Authenticate', 'Bearer realm="pchat", Basic realm="pchat", charset="UTF-8"');
          throw e;
        }
      },
      handler: async (req, reply) => {
        const query = (req.query ?? {}) as Record<string, unknown>;
        const w = query.whatIf;
        const whatIf = r.whatIf === true && (w === true || w === 'true' || w === '1' || w === '');
        const result = await r.handler({
          deps,
          caller: callers.get(req) as Caller,
          req,
          reply,
          body: (r.ndjsonBody ? {} : (req.body ?? {})) as Record<string, unknown>,
          query,
          params: (req.params ?? {}) as Record<string, string>,
          whatIf,
        });
        // The running server applies the change now, not at its next restart.
        if (r.applies === 'topology' && !whatIf) await deps.runtime?.topologyChanged();
        if (r.applies === 'settings' && !whatIf) await deps.runtime?.settingsChanged();
        // `?display=names`: principals by display name instead of identity (the CLI's default output).
        return query.display === 'names' && !reply.sent ? withDisplayNames(deps.store, result) : result;
      },
    });
  }
}
