// Composition root (docs/architecture.md): reads the config, opens the store, creates the demo deployment on
// a first start, and starts the edges. Tests build their own root through the same function.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { FastifyInstance } from 'fastify';
import type { Store } from '@pchat/domain';
import { openStore } from '@pchat/storage';
import type { PchatConfig } from './config/schema.js';
import { dataPath } from './config/load.js';
import { createLogger } from './logger.js';
import { createHttpApp } from './http/app.js';
import { ensureWebBuild, WEB_PACKAGE_DIR } from './http/web-app.js';
import { CredentialVault } from './credentials/vault.js';
import { cryptoIds, systemClock } from './platform.js';
import { createDemoDeployment, describeDemo, writeDemoSheet, type DemoDeployment } from './setup/demo.js';
import { startFrontend, type RunningFrontend } from './frontend/start.js';
import { createChatService, type ChatService } from './chat/index.js';
import { ChatSipRouter } from './frontend/routing/chat-sessions.js';
import { defaultPoolFor } from '@pchat/domain';
import { ComplianceRunner } from './compliance/runner.js';
import { RetentionRunner } from './compliance/retention-runner.js';
import { FailureThrottle } from './auth/throttle.js';
import { createDirectory, type RunningDirectory } from './directory/start.js';
import { openBus } from './pool/index.js';
import { nodeName } from './pool/node-name.js';
import { NodeRegistry } from './pool/registry.js';
import { refuseLocalBusPool } from './pool/guard.js';
import type { Bus } from './chat/bus.js';

export const VERSION = '0.1.0';

export interface RunningServer {
  readonly config: PchatConfig;
  readonly store: Store;
  readonly logger: Logger;
  readonly http: FastifyInstance | null;
  /** Bound addresses, e.g. { http: 'http://127.0.0.1:8080' }; ports chosen by the OS when configured as 0. */
  readonly addresses: Readonly<Record<string, string>>;
  readonly vault: CredentialVault;
  /** Set when this start created the demo deployment (first start on an empty store). */
  readonly demo: { deployment: DemoDeployment; sheet: string; sheetFile: string } | null;
  /** The SIP front end (registrar, auth, provisioning, routing), or null when no SIP listener is configured. */
  readonly sip: RunningFrontend | null;
  /** The chat service of the pool this node serves, or null while no pool exists. */
  readonly chat: ChatService | null;
  /** The LDAP directory (sync, sign-in), or null with `directory.kind: builtin`. */
  readonly directory: RunningDirectory | null;
  /** This node in its pool's registry (docs/pool.md), or null while no pool exists. */
  readonly pool: NodeRegistry | null;
  close(): Promise<void>;
  /** SIGTERM (docs/pool.md): marks the node draining, then closes like close(). */
  drain(): Promise<void>;
}

export interface StartOptions {
  logger?: Logger;
  /** Fixed demo passwords (tests); default random, printed once and kept in <dataDir>/demo-users.txt. */
  demoPasswords?: Record<string, string>;
  /**
   * The web app at `/`: 'build' builds packages/web first when its output is missing (`pchat serve` on a
   * fresh clone); 'serve' (the default) serves it only when it is built, so test servers never wait for a
   * build. Either way `/` answers 503 with what to do when there is no build.
   */
  webApp?: 'build' | 'serve';
}

export async function startServer(config: PchatConfig, opts: StartOptions = {}): Promise<RunningServer> {
  const logger = opts.logger ?? createLogger(config.log.level as 'info');
  mkdirSync(config.dataDir, { recursive: true });
  const store = await openConfiguredStore(config);
  const closers: Array<() => Promise<void>> = [() => store.close()];
  const addresses: Record<string, string> = {};
  let http: FastifyInstance | null = null;
  let demo: RunningServer['demo'] = null;
  let sip: RunningFrontend | null = null;
  let chat: ChatService | null = null;
  let vault: CredentialVault;
  let directory: RunningDirectory | null;
  let registry: NodeRegistry | null = null;
  // One throttle for every sign-in path: SIP registrations and the HTTP directory sign-in.
  const throttle = new FailureThrottle(config.auth.throttle);
  // Until a chat service is attached, INVITEs to chat URIs are answered at once with 503 + ms-diagnostics.
  const chatRouter = new ChatSipRouter({ log: logger.child({ component: 'chat-sip' }) });
  try {
    vault = CredentialVault.openKeyFile(dataPath(config, 'secrets/credential.key'));
    let deployment: DemoDeployment | null = null;
    if (config.demo.createIfEmpty && (await store.topology.listPools()).length === 0) {
      deployment = await createDemoDeployment(
        { store, clock: systemClock, ids: cryptoIds },
        {
          domain: config.domain,
          realm: config.auth.realm,
          vault,
          ...(opts.demoPasswords ? { passwords: opts.demoPasswords } : {}),
        },
      );
    }
    // Uploads cut off by a crash never completed; an hour is longer than any transfer still running.
    await store.files.deleteIncomplete(Date.now() - 3_600_000);
    const pool = config.poolFqdn
      ? await store.topology.getPool(config.poolFqdn.toLowerCase())
      : await defaultPoolFor({ store }, null);
    if (pool) {
      const node = nodeName(config);
      await refuseLocalBusPool(config, store, pool.fqdn, node);
      const bus: Bus = await openBus(config, node, logger.child({ component: 'bus' }));
      closers.push(() => bus.close());
      const service = await createChatService({
        store,
        poolFqdn: pool.fqdn,
        logger: logger.child({ component: 'chat' }),
        httpBase: () => httpBase(config, addresses),
        bus,
        node,
      });
      chat = service;
      chatRouter.attach(service);
      registry = new NodeRegistry({
        store,
        poolFqdn: pool.fqdn,
        node,
        heartbeatMs: config.node.heartbeatSeconds * 1000,
        addresses: () => addresses,
        log: logger.child({ component: 'pool' }),
        onNodeLost: (lost) => {
          bus.resyncAll();
          service.nodeLost(lost);
        },
      });
      const reg = registry;
      chatRouter.setGate(() => reg.refusal());
      closers.unshift(() => service.close());
      const runner = new ComplianceRunner({
        store,
        pool,
        dataDir: config.dataDir,
        log: logger.child({ component: 'compliance' }),
        batchSize: config.compliance.batchSize,
        leaseMs: config.compliance.leaseSeconds * 1000,
        runIntervalMs:
          config.compliance.runIntervalSeconds === null ? null : config.compliance.runIntervalSeconds * 1000,
        retryBaseMs: config.compliance.retryBaseSeconds * 1000,
        maxRetryMs: config.compliance.maxRetrySeconds * 1000,
      });
      runner.start();
      closers.unshift(() => runner.stop());
      const retention = new RetentionRunner({
        store,
        pool,
        log: logger.child({ component: 'retention' }),
        intervalMs: config.retention.intervalSeconds * 1000,
        batchSize: config.retention.batchSize,
      });
      retention.start();
      closers.unshift(() => retention.stop());
    } else {
      logger.warn(
        { poolFqdn: config.poolFqdn },
        'no Persistent Chat pool to serve: chat INVITEs are refused until a pool exists (create one with the admin API, then restart)',
      );
    }
    directory = createDirectory(config, store, chat?.events, throttle, logger);
    if (directory) {
      const d = directory;
      closers.unshift(() => d.close());
    }
    if (config.listen.httpPort !== null) {
      const webDist =
        opts.webApp === 'build'
          ? await ensureWebBuild(logger)
          : existsSync(join(WEB_PACKAGE_DIR, 'dist', 'index.html'))
            ? join(WEB_PACKAGE_DIR, 'dist')
            : null;
      http = createHttpApp({
        webDist,
        store,
        logger,
        version: VERSION,
        httpBase: () => httpBase(config, addresses) ?? '',
        ...(chat ? { compliance: chat.compliance } : {}),

        ...(directory ? { directorySignIn: directory.signIn } : {}),
        // Admin changes reach the chat service's behaviours (kick removed members, close disabled rooms).
        admin: {
          vault,
          dataDir: config.dataDir,
          realm: config.auth.realm,
          domain: config.domain,
          ...(chat ? { events: chat.events } : {}),
          ...(directory ? { directorySync: directory.sync } : {}),
        },
      });
      await http.listen({ host: config.listen.host, port: config.listen.httpPort });
      const a = http.server.address() as AddressInfo;
      addresses.http = `http://${a.address}:${a.port}`;
      const app = http;
      closers.unshift(() => app.close());
    }
    if (config.listen.sipTcpPort !== null || config.listen.sipTlsPort !== null || http !== null) {
      const fe = await startFrontend({
        config,
        store,
        vault,
        logger,
        httpServer: http?.server ?? null,
        chat: chatRouter,
        throttle,
        ...(directory ? { extraVerifiers: directory.tokens.verifiersOf.bind(directory.tokens) } : {}),
      });
      sip = fe;
      Object.assign(addresses, fe.addresses);
      closers.unshift(() => fe.close());
    }
    if (deployment) {
      const sheet = describeDemo(deployment, addresses);
      const sheetFile = dataPath(config, 'demo-users.txt');
      writeDemoSheet(sheetFile, sheet);
      demo = { deployment, sheet, sheetFile };
    }
    // Registered once every edge listens, so the registry shows where this node can be reached.
    if (registry) {
      const reg = registry;
      await reg.start();
      closers.unshift(() => reg.stop());
    }
    // The first sync starts once every edge listens; until it finishes chat serves from the stored copy.
    directory?.sync.start();
  } catch (err) {
    await closeAll(closers);
    throw err;
  }
  logger.info({ addresses, store: store.dialect }, 'pchat started');
  return {
    config,
    store,
    logger,
    http,
    addresses,
    vault,
    demo,
    sip,
    chat,
    directory,
    pool: registry,
    close: () => closeAll(closers),
    async drain() {
      // docs/pool.md, drain: refuse new chat sessions at once, then close the listeners and connections
      // first (clients reconnect to another node), then end the sessions and let the store finish its
      // commits before it closes.
      await registry?.drain();
      await closeAll(closers);
    },
  };
}

/** The address clients are given for HTTP (file links): the configured public URL, else the listener. */
function httpBase(config: PchatConfig, addresses: Record<string, string>): string | null {
  return config.listen.publicHttpUrl ?? addresses.http ?? null;
}

async function openConfiguredStore(config: PchatConfig): Promise<Store> {
  const s = config.store;
  return s.kind === 'sqlite'
    ? openStore({ kind: 'sqlite', file: dataPath(config, s.sqliteFile), synchronous: s.sqliteSynchronous })
    : openStore({ kind: 'postgres', url: s.postgresUrl, poolSize: s.postgresPoolSize });
}

async function closeAll(closers: Array<() => Promise<void>>): Promise<void> {
  for (const c of closers) {
    try {
      await c();
    } catch {
      // Closing continues: one edge failing to close must not keep the store open.
    }
  }
}
