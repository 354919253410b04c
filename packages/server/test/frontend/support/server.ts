// Test root: the real server (startServer) on ports 0 with a temp data directory and a real SQLite store,
// seeded with the demo deployment (fixed passwords) plus what a test needs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { ServiceDeps } from '@pchat/domain';
import { loadConfig } from '../../../src/config/load.js';
import type { PchatConfig } from '../../../src/config/schema.js';
import { startServer, type RunningServer, type StartOptions } from '../../../src/main.js';
import { createLogger } from '../../../src/logger.js';

export const PASSWORDS = { admin: 'admin-pw', alice: 'alice-pw', bob: 'bob-pw', carol: 'carol-pw', dave: 'dave-pw' };
export const DOMAIN = 'example.test';

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

export interface TestServer {
  server: RunningServer;
  config: PchatConfig;
  tcpPort: number;
  tlsPort: number | null;
  httpPort: number;
  deps: ServiceDeps;
  dataDir: string;
  close(): Promise<void>;
}

export async function startTestServer(overrides: DeepPartial<PchatConfig> = {}, opts: StartOptions = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pchat-fe-'));
  const config = loadConfig({
    env: {},
    dataDir,
    overrides: {
      ...overrides,
      listen: { host: '127.0.0.1', sipTcpPort: 0, sipTlsPort: null, httpPort: 0, ...(overrides.listen ?? {}) },
      log: { level: 'silent' },
      frontend: { fqdn: 'fe1.example.test', ...(overrides.frontend ?? {}) },
    } as DeepPartial<PchatConfig>,
  });
  const server = await startServer(config, { logger: createLogger('silent'), demoPasswords: PASSWORDS, ...opts });
  const sip = server.sip!;
  return {
    server,
    config,
    tcpPort: sip.ports.tcp!,
    tlsPort: sip.ports.tls,
    httpPort: Number(new URL(server.addresses.http!).port),
    deps: { store: server.store, clock: { now: () => Date.now() }, ids: { uuid: () => randomUUID() } },
    dataDir,
    close: async () => {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
