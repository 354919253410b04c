// Test root for the /v1 admin API: a real server (SQLite in a temp dir, the demo deployment with fixed
// passwords, HTTP on port 0, no SIP listeners), the first-start admin token, and a JSON request helper.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, loadConfig, startServer, type RunningServer } from '../../src/index.js';

export interface AdminReply {
  status: number;
  headers: Headers;
  body: (Record<string, unknown> & { error?: { code: string; message: string } }) | null;
}

export interface AdminKit {
  server: RunningServer;
  dir: string;
  base: string;
  token: string;
  /** A request as the demo administrator (Bearer token); extra headers override. */
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<AdminReply>;
  close(): Promise<void>;
}

export async function startAdminKit(prefix: string): Promise<AdminKit> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const config = loadConfig({
    env: {},
    dataDir: dir,
    overrides: { listen: { httpPort: 0, sipTcpPort: null, sipTlsPort: null } },
  });
  const server = await startServer(config, {
    logger: createLogger('silent'),
    demoPasswords: { admin: 'pw-admin', alice: 'a', bob: 'b', carol: 'c', dave: 'd' },
  });
  const base = server.addresses.http as string;
  const token = readFileSync(join(dir, 'admin-token'), 'utf8').trim();
  return {
    server,
    dir,
    base,
    token,
    call: async (method, path, body, headers = {}) => {
      const res = await fetch(base + path, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      return {
        status: res.status,
        headers: res.headers,
        body: text ? (JSON.parse(text) as AdminReply['body']) : null,
      };
    },
    close: async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
