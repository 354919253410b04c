// The admin API client: where the server is and who we are (--Server / PCHAT_SERVER; --Token /
// PCHAT_TOKEN / <DataDir>/admin-token; or -AdminUser/-AdminPassword for Basic), and one request function that
// turns API refusals into ApiError carrying the server's words.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

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

export interface Connection {
  server: string;
  authorization: string;
}

export function connect(common: Record<string, unknown>, env: NodeJS.ProcessEnv = process.env): Connection {
  const server = String(common.Server ?? env.PCHAT_SERVER ?? 'http://127.0.0.1:8080').replace(/\/+$/, '');
  const user = (common.AdminUser ?? env.PCHAT_USER) as string | undefined;
  if (user) {
    const password = (common.AdminPassword ?? env.PCHAT_PASSWORD) as string | undefined;
    if (!password) throw new ApiError(0, 'Usage', '-AdminUser needs -AdminPassword (or PCHAT_PASSWORD).');
    // RFC 7617: the user-id carries no colon, so the sip: prefix is left out.
    return {
      server,
      authorization: `Basic ${Buffer.from(`${user.replace(/^sips?:/i, '')}:${password}`).toString('base64')}`,
    };
  }
  let token = (common.Token ?? env.PCHAT_TOKEN) as string | undefined;
  if (!token) {
    const dir = resolve(String(common.DataDir ?? env.PCHAT_DATA_DIR ?? './.data'));
    const file = join(dir, 'admin-token');
    if (!existsSync(file)) {
      throw new ApiError(
        0,
        'Usage',
        `No admin token: give -Token, set PCHAT_TOKEN, or point -DataDir/PCHAT_DATA_DIR at the server's data directory (it writes admin-token there on first start; looked in ${file}).`,
      );
    }
    token = readFileSync(file, 'utf8').trim();
  }
  return { server, authorization: `Bearer ${token}` };
}

export function url(c: Connection, path: string, query?: Record<string, unknown>): string {
  const u = new URL(c.server + path);
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v === undefined || v === null) continue;
    u.searchParams.set(k, Array.isArray(v) ? v.join(',') : String(v));
  }
  return u.toString();
}

async function failure(res: Response): Promise<ApiError> {
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
    `The server answered ${res.status} ${res.statusText}${text ? `: ${text.slice(0, 200)}` : ''}.`,
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
  if (!res.ok) throw await failure(res);
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
  if (!res.ok) throw await failure(res);
  return res;
}
