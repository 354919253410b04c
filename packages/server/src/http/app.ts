// The HTTP edge (docs/architecture.md): health and metrics (health.ts), the /v1 admin API, SIP over WebSocket at /sip and the web
// app at / (web-app.ts) on the same server.
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Store } from '@pchat/domain';
import { mapErrorToHttp } from '../errors/http.js';
import { registerAdminApi, type AdminOptions } from './admin/index.js';
import { registerFileRoutes, type FileRoutesDeps } from './files.js';
import { cryptoIds, systemClock } from '../platform.js';
import { registerWebApp, type WebFallback } from './web-app.js';
import type { DirectorySignIn } from '../directory/sign-in.js';
import { registerDirectorySignIn } from './directory-sign-in.js';
import { registerHealth } from './health.js';
import type { ServerMetrics } from '../metrics/registry.js';
import type { WebSessions } from '../auth/web-session/sessions.js';
import { registerWebSession } from './web-session.js';

export interface HttpDeps {
  store: Store;
  logger: Logger;
  version: string;
  /** The /v1 admin API (docs/admin-api.md); left out, the server answers health only. */
  admin?: AdminOptions;
  /** The public base URL of this listener, for the file URIs of uploads (PC-15). */
  httpBase?: () => string;
  /** Compliance recording of file transfers (FILEUPLOAD, FILEDOWNLOAD; PC-71); left out, none. */
  compliance?: FileRoutesDeps['compliance'];
  /** The web app's build directory (packages/web/dist) to serve at `/`; null answers `/` with 503. */
  webDist?: string | null;
  /** Prometheus metrics at /metrics; left out, /metrics answers 404. */
  metrics?: ServerMetrics;
  /** Readiness beyond the store: null when every listener is up and the node is not stopping, else why not. */
  notReady?: () => string | null;
  /** POST /v1/auth/directory-token, with `directory.kind: ldap`. */
  directorySignIn?: DirectorySignIn;
  /** GET/DELETE /v1/auth/web-session: the web app's session after a reload, and sign-out. */
  webSessions?: WebSessions;
}

const socketIds = new WeakMap<object, string>();
let nextSocket = 1;
/** `http-<n>`, the same for every request on one keep-alive socket. */
function httpConnectionId(socket: object): string {
  let id = socketIds.get(socket);
  if (id === undefined) socketIds.set(socket, (id = `http-${nextSocket++}`));
  return id;
}

export function createHttpApp(deps: HttpDeps): FastifyInstance {
  const app: FastifyInstance = Fastify({
    loggerInstance: deps.logger.child({ edge: 'http' }) as FastifyBaseLogger,
    // Request logs at this rate would drown the server log; errors are still logged by the error handler.
    // Correlation ids on every line logged for a request (logger.ts): `req` per request, `conn` per socket.
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'req' }),
    childLoggerFactory: (logger, bindings, opts, raw) =>
      logger.child({ ...bindings, conn: httpConnectionId(raw.socket) }, opts),
  });

  app.setErrorHandler((err, req, reply) => {
    // One mapper (errors.ts): domain refusals, Fastify's refusals of the request by their code, the rest.
    const mapped = mapErrorToHttp(err);
    deps.metrics?.httpRefused(mapped.body.error.code);
    if (mapped.errorId) req.log.error({ err, errorId: mapped.errorId }, 'unexpected error');
    if (mapped.headers) reply.headers(mapped.headers);
    return reply.status(mapped.status).send(mapped.body);
  });
  const webFallback: WebFallback =
    deps.webDist !== undefined ? registerWebApp(app, deps.webDist) : () => null;
  app.setNotFoundHandler(
    (req, reply) =>
      webFallback(req, reply) ??
      reply
        .status(404)
        .send({ error: { code: 'NotFound', message: `No such endpoint: ${req.method} ${req.url}` } }),
  );

  registerHealth(app, deps);

  registerFileRoutes(app, {
    deps: { store: deps.store, clock: systemClock, ids: cryptoIds },
    httpBase: deps.httpBase ?? (() => ''),
    ...(deps.compliance ? { compliance: deps.compliance } : {}),
  });
  if (deps.directorySignIn) registerDirectorySignIn(app, deps.directorySignIn);
  if (deps.webSessions) registerWebSession(app, deps.webSessions);

  if (deps.admin)
    registerAdminApi(
      app,
      { ...deps.admin, store: deps.store, clock: systemClock, ids: cryptoIds },
      deps.version,
    );

  return app;
}
