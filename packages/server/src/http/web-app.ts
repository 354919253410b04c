// The web app (packages/web) at `/` on the HTTP port, the same origin as /v1 and the SIP WebSocket at
// /sip. Its build output is never committed: `npm install` builds it (root postinstall) and the first
// start builds it when it is missing. Served with a strict Content-Security-Policy (no inline script, no
// third-party origin) and an SPA fallback so that /my-rooms (and reloads of any app path) get index.html.
// The admin token never reaches the browser: the app signs in over SIP like every other client.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';

/** packages/web, from src/http or dist/http of packages/server alike. */
export const WEB_PACKAGE_DIR = new URL('../../../web/', import.meta.url).pathname;

/**
 * CSP (W3C CSP Level 3): scripts and styles from this origin only; `connect-src 'self'` covers the
 * same-origin WebSocket (ws/wss) at /sip. React sets style properties through the CSSOM, which style-src
 * does not restrict, so no 'unsafe-inline' is needed.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
};

/** Paths that belong to the server, never to the app's fallback. */
const SERVER_PREFIXES = ['/v1', '/sip', '/healthz', '/readyz', '/metrics', '/files'];

/** Builds packages/web with Vite when its output is missing (first start of a fresh clone). */
export async function ensureWebBuild(logger: Logger, dir = WEB_PACKAGE_DIR): Promise<string | null> {
  const dist = join(dir, 'dist');
  if (existsSync(join(dist, 'index.html'))) return dist;
  if (!existsSync(join(dir, 'package.json'))) return null;
  let viteBin: string;
  try {
    viteBin = join(
      createRequire(join(dir, 'package.json')).resolve('vite/package.json'),
      '..',
      'bin',
      'vite.js',
    );
  } catch {
    logger.warn('the web app is not built and Vite is not installed: run `npm install` (it builds the app)');
    return null;
  }
  logger.info('building the web app (first start; npm install normally does this)');
  const code = await new Promise<number | null>((resolve) => {
    const p = spawn(process.execPath, [viteBin, 'build', '--logLevel', 'warn'], {
      cwd: dir,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    p.on('error', () => resolve(1));
    p.on('exit', resolve);
  });
  if (code !== 0 || !existsSync(join(dist, 'index.html'))) {
    logger.warn('building the web app failed: run `npm run build -w packages/web` to see why');
    return null;
  }
  return dist;
}

/** The app's index page for a GET that is no file and no server path (SPA fallback), else null. */
export type WebFallback = (req: FastifyRequest, reply: FastifyReply) => FastifyReply | null;

/** Mounts the app at `/`; `dist` null answers `/` with 503 and what to do. Returns the SPA fallback. */
export function registerWebApp(app: FastifyInstance, dist: string | null): WebFallback {
  if (dist === null) {
    app.get('/', (_req, reply) =>
      reply
        .status(503)
        .type('text/plain; charset=utf-8')
        .send(
          'The pchat web app is not built. Run `npm install` (or `npm run build -w packages/web`) and restart.',
        ),
    );
    return () => null;
  }
  const index = readFileSync(join(dist, 'index.html'), 'utf8');
  const sendIndex = (reply: FastifyReply): FastifyReply =>
    reply
      .headers({ ...SECURITY_HEADERS, 'cache-control': 'no-cache' })
      .type('text/html; charset=utf-8')
      .send(index);
  void app.register(fastifyStatic, {
    root: dist,
    prefix: '/',
    index: false,
    wildcard: true,
    setHeaders: (res, path) => {
      for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
      // Hashed file names under assets/ never change.
      res.setHeader(
        'cache-control',
        path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  app.get('/', (_req, reply) => sendIndex(reply));
  return (req, reply) => {
    const path = req.url.replace(/[?#].*$/, '');
    if (
      req.method !== 'GET' ||
      SERVER_PREFIXES.some((p) => path === p || path.startsWith(`${p}/`)) ||
      path.startsWith('/assets/') ||
      !(req.headers.accept ?? '').includes('text/html')
    )
      return null;
    return sendIndex(reply);
  };
}
