// The admin API client: where the server is and who we are (-Server / PCHAT_SERVER, else what the
// data directory and configuration of `pchat serve` say; -Token / PCHAT_TOKEN / <DataDir>/admin-token, the
// last only for the server that issued it; or -AdminUser/-AdminPassword for Basic), and one request function
// that turns API refusals into ApiError carrying the server's words.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, configuredAdminUrl, loadConfig, readAdminAddress } from '@pchat/server/config';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Written by the server's first start (docs/admin-api.md, "Authentication"). */
const ADMIN_TOKEN_FILE = 'admin-token';

export interface Connection {
  server: string;
  authorization: string;
}

/** Where the server is and which data directory is its, from the same configuration as `pchat serve`. */
export interface ServerPlace {
  server: string;
  dataDir: string;
  /** The admin API addresses of the data directory's server (recorded by its last start, else configured). */
  issuers: string[];
}

function nonEmpty(v: unknown): string | undefined {
  return v === undefined || v === null || v === '' ? undefined : String(v);
}

/**
 * -Server / PCHAT_SERVER, else the address the data directory's server recorded at its last start, else the
 * address its configuration (-Config / PCHAT_CONFIG / ./pchat.yaml) gives, else http://127.0.0.1:8080.
 */
export function locate(common: Record<string, unknown>, env: NodeJS.ProcessEnv = process.env): ServerPlace {
  let config;
  try {
    config = loadConfig({ file: nonEmpty(common.Config), dataDir: nonEmpty(common.DataDir), env });
  } catch (e) {
    if (e instanceof ConfigError) throw new ApiError(0, 'Usage', e.message);
    throw e;
  }
  const recorded = readAdminAddress(config.dataDir);
  const configured = configuredAdminUrl(config);
  const issuers = recorded ?? (configured ? [configured] : []);
  const server = (
    nonEmpty(common.Server) ??
    nonEmpty(env.PCHAT_SERVER) ??
    issuers[0] ??
    'http://127.0.0.1:8080'
  ).replace(/\/+$/, '');
  return { server, dataDir: config.dataDir, issuers };
}

/** Same origin, counting localhost, 127.0.0.1 and [::1] as one host. */
function sameServer(a: string, b: string): boolean {
  const norm = (x: string) => {
    try {
      const u = new URL(x);
      const host = ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname) ? 'loopback' : u.hostname;
      return `${u.protocol}//${host}:${u.port || (u.protocol === 'https:' ? '443' : '80')}`;
    } catch {
      return x;
    }
  };
  return norm(a) === norm(b);
}

export function connect(common: Record<string, unknown>, env: NodeJS.ProcessEnv = process.env): Connection {
  const { server, dataDir, issuers } = locate(common, env);
  const user = nonEmpty(common.AdminUser ?? env.PCHAT_USER);
  if (user) {
    const password = nonEmpty(common.AdminPassword ?? env.PCHAT_PASSWORD);
    if (!password)
      throw new ApiError(
        0,
        'Usage',
        `-AdminUser needs -AdminPassword (or PCHAT_PASSWORD) to sign in to ${server}.`,
      );
    // RFC 7617: the user-id carries no colon, so the sip: prefix is left out.
    return {
      server,
      authorization: `Basic ${Buffer.from(`${user.replace(/^sips?:/i, '')}:${password}`).toString('base64')}`,
    };
  }
  // A token given explicitly goes where the administrator sends it.
  const given = nonEmpty(common.Token) ?? nonEmpty(env.PCHAT_TOKEN);
  if (given) return { server, authorization: `Bearer ${given}` };
  const file = join(dataDir, ADMIN_TOKEN_FILE);
  if (!existsSync(file)) {
    throw new ApiError(
      0,
      'Usage',
      `No admin token for ${server}: give -Token or PCHAT_TOKEN, sign in with -AdminUser and -AdminPassword, or point -DataDir, PCHAT_DATA_DIR or -Config at the server's data directory (its first start writes admin-token there; looked in ${file}).`,
    );
  }
  // The token of a data directory belongs to that directory's server and is sent to no other.
  if (!issuers.some((i) => sameServer(i, server))) {
    throw new ApiError(
      0,
      'Usage',
      `The admin token in ${file} was issued by ${issuers.length ? `the server at ${issuers.join(' or ')}` : 'a server whose address that directory does not record'}, so it is not sent to ${server}. For ${server}, give its token with -Token or PCHAT_TOKEN, sign in with -AdminUser and -AdminPassword, or point -DataDir or -Config at its data directory.`,
    );
  }
  return { server, authorization: `Bearer ${readFileSync(file, 'utf8').trim()}` };
}

export function url(c: Connection, path: string, query?: Record<string, unknown>): string {
  const u = new URL(c.server + path);
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v === undefined || v === null) continue;
    u.searchParams.set(k, Array.isArray(v) ? v.join(',') : String(v));
  }
  return u.toString();
}

async function failure(c: Connection, res: Response): Promise<ApiError> {
  if (res.status >= 300 && res.status < 400) {
    return new ApiError(
      res.status,
      'Redirect',
      `The server at ${c.server} redirects to ${res.headers.get('location') ?? 'another address'}; credentials are not sent on. If that is the admin API, give its address with -Server.`,
    );
  }
  const text = await res.text();
  try {
    const j = JSON.parse(text) as { error?: { code?: string; message?: string } };
    if (j.error?.message) return new ApiError(res.status, j.error.code ?? 'Error', j.error.message);
  } catch {
    // not JSON: fall through
  }
  return new ApiError(
    res.status,
    'Error',
    `The server at ${c.server} answered ${res.status} ${res.statusText}${text ? `: ${text.slice(0, 200)}` : ''}.`,
  );
}

export async function request(
  c: Connection,
  method: string,
  path: string,
  query?: Record<string, unknown>,
  body?: unknown,
): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(url(c, path, query), {
      method,
      // A redirect would carry the credentials to another address: it is reported, never followed.
      redirect: 'manual',
      headers: {
        authorization: c.authorization,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch (e) {
    throw new ApiError(
      0,
      'Connection',
      `Cannot reach the pchat server at ${c.server} (${(e as Error).cause instanceof Error ? ((e as Error).cause as Error).message : (e as Error).message}). Is it running? Give its address with -Server or PCHAT_SERVER.`,
    );
  }
  if (!res.ok) throw await failure(c, res);
  const text = await res.text();
  return text ? (JSON.parse(text) as unknown) : null;
}

export async function raw(
  c: Connection,
  method: string,
  path: string,
  query: Record<string, unknown>,
  init: RequestInit = {},
): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url(c, path, query), {
      ...init,
      redirect: 'manual',
      method,
      headers: { authorization: c.authorization, ...(init.headers as Record<string, string> | undefined) },
    });
  } catch (e) {
    throw new ApiError(
      0,
      'Connection',
      `Cannot reach the pchat server at ${c.server} (${(e as Error).message}). Is it running? Give its address with -Server.`,
    );
  }
  if (!res.ok) throw await failure(c, res);
  return res;
}
