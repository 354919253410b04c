// Test root (docs/architecture.md: tests build their own root): a real SQLite store in a temp directory, the
// demo deployment with fixed passwords, and the front end's real listeners on port 0 (TCP, optionally TLS,
// and SIP over WebSocket at /sip on a plain HTTP server). Built from the same config schema and the same
// startFrontend the composition root uses, without the rest of the HTTP edge.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { ServiceDeps, Store } from '@pchat/domain';
import { openStore } from '@pchat/storage';
import { loadConfig } from '../../src/config/load.js';
import type { PchatConfig } from '../../src/config/schema.js';
import type { Logger } from 'pino';
import { createLogger } from '../../src/logger.js';
import { CredentialVault } from '../../src/credentials/vault.js';
import { createDemoDeployment } from '../../src/setup/demo.js';
import { startFrontend, type RunningFrontend } from '../../src/frontend/start.js';
import type { ChatServiceRouter } from '../../src/frontend/routing/chat-router.js';
import type { PoolPresenceBus } from '../../src/presence/pool-link.js';

export const PASSWORDS = {
  admin: 'admin-pw',
  alice: 'alice-pw',
  bob: 'bob-pw',
  carol: 'carol-pw',
  dave: 'dave-pw',
};
export const DOMAIN = 'example.test';

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

export interface TestServer {
  server: { sip: RunningFrontend; store: Store };
  config: PchatConfig;
  tcpPort: number;
  tlsPort: number | null;
  httpPort: number;
  deps: ServiceDeps;
  dataDir: string;
  close(): Promise<void>;
}

export async function startTestServer(
  overrides: DeepPartial<PchatConfig> = {},
  opts: { chatRouter?: ChatServiceRouter; logger?: Logger; presenceBus?: PoolPresenceBus } = {},
): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pchat-fe-'));
  const config = loadConfig({
    env: {},
    dataDir,
    overrides: {
      ...overrides,
      listen: {
        host: '127.0.0.1',
        sipTcpPort: 0,
        sipTlsPort: null,
        httpPort: 0,
        ...(overrides.listen ?? {}),
      },
      log: { level: 'silent' },
      frontend: { fqdn: 'fe1.example.test', ...(overrides.frontend ?? {}) },
    } as unknown as DeepPartial<PchatConfig>,
  });
  const store = await openStore({ kind: 'sqlite', file: join(dataDir, 'pchat.db'), synchronous: 'NORMAL' });
  const vault = CredentialVault.ephemeral();
  const deps: ServiceDeps = { store, clock: { now: () => Date.now() }, ids: { uuid: () => randomUUID() } };
  await createDemoDeployment(deps, {
    domain: config.domain,
    realm: config.auth.realm,
    vault,
    passwords: PASSWORDS,
  });
  const http: HttpServer = createServer((_req, res) => res.writeHead(404).end());
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const sip = await startFrontend({
    config,
    store,
    vault,
    logger: opts.logger ?? createLogger('silent'),
    httpServer: http,
    ...(opts.chatRouter ? { chat: opts.chatRouter } : {}),
    ...(opts.presenceBus ? { presenceBus: opts.presenceBus } : {}),
  });
  return {
    server: { sip, store },
    config,
    tcpPort: sip.ports.tcp!,
    tlsPort: sip.ports.tls,
    httpPort: (http.address() as AddressInfo).port,
    deps,
    dataDir,
    close: async () => {
      await sip.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
