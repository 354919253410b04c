// Operations endpoints on the HTTP port (docs/security.md, "Operations"):
// - GET /healthz: liveness. The process answers; nothing else is checked, so a slow store never gets a
//   live node restarted.
// - GET /readyz: readiness. 200 when the store answers and every listener is up (and the node is not
//   stopping); 503 with the reason otherwise, so a load balancer sends no one here.
// - GET /metrics: Prometheus text format (prom-client). Without authentication: it holds counts under
//   fixed labels only — no user, room, address or secret — and a scraper rarely holds credentials;
//   set `metrics.enabled: false` or block the path at the proxy where the HTTP port is public.
import type { FastifyInstance } from 'fastify';
import type { HttpDeps } from './app.js';

export function registerHealth(app: FastifyInstance, deps: HttpDeps): void {
  app.get('/healthz', async () => ({ status: 'ok', version: deps.version }));

  app.get('/readyz', async (_req, reply) => {
    const started = performance.now();
    try {
      await deps.store.topology.listPools();
    } catch (err) {
      deps.logger.error({ err }, 'readiness check: store unavailable');
      return reply
        .status(503)
        .send({ status: 'unavailable', store: deps.store.dialect, reason: 'the store did not answer' });
    }
    const storeMs = +(performance.now() - started).toFixed(2);
    const reason = deps.notReady?.() ?? null;
    if (reason !== null)
      return reply.status(503).send({ status: 'unavailable', store: deps.store.dialect, storeMs, reason });
    return { status: 'ok', version: deps.version, store: deps.store.dialect, storeMs };
  });

  const metrics = deps.metrics;
  if (metrics)
    app.get('/metrics', async (_req, reply) =>
      reply.header('content-type', metrics.registry.contentType).send(await metrics.registry.metrics()),
    );
}
