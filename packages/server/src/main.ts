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
import { writeAdminAddress } from './config/admin-address.js';
import { createLogger } from './logger.js';
import { createHttpApp } from './http/app.js';
import { ensureWebBuild, WEB_PACKAGE_DIR } from './http/web-app.js';
import { CredentialVault } from './credentials/vault.js';
import { cryptoIds, systemClock } from './platform.js';
import { createDemoDeployment, describeDemo, writeDemoSheet, type DemoDeployment } from './setup/demo.js';
import { explainListenFailure, plannedAddresses } from './setup/listeners.js';
import { startFrontend, type RunningFrontend } from './frontend/start.js';
import { ServerMetrics } from './metrics/registry.js';
import { PoolPresenceBus } from './presence/pool-link.js';
import type { ChatService } from './chat/index.js';
import { ChatSipRouter } from './frontend/routing/chat-sessions.js';
import { ChatHost } from './setup/chat-host.js';
import { ensureDevCa, issueDevCertificate } from './tls/dev-ca.js';
import { FailureThrottle } from './auth/throttle.js';
import { WebSessions } from './auth/web-session/sessions.js';
import { createDirectory, type RunningDirectory } from './directory/start.js';
import type { NodeRegistry } from './pool/registry.js';

export const VERSION = '0.1.0';

/** The demo sign-in sheet in the data directory (mode 0600). */
export const DEMO_SHEET_FILE = 'demo-users.txt';

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
  /**
   * The demo sheet kept from an earlier first start (its passwords are not stored anywhere else), when this
   * start did not create the demo and the file still exists; null otherwise.
   */
  readonly demoSheetFile: string | null;
  /** The SIP front end (registrar, auth, provisioning, routing), or null when no SIP listener is configured. */
  readonly sip: RunningFrontend | null;
  /** The chat service of the pool this node serves, or null while no pool exists (it starts when one is created). */
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
  // Metrics (docs/security.md, "Operations"): the store's calls timed, the chat service's counters.
  const metrics = config.metrics.enabled ? new ServerMetrics() : null;
  const opened = await openConfiguredStore(config);
  const store = metrics ? metrics.instrumentStore(opened) : opened;
  // Readiness (/readyz): every listener up, and not stopping.
  let started = false;
  let stopping = false;
  const closers: Array<() => Promise<void>> = [() => store.close()];
  const addresses: Record<string, string> = {};
  let http: FastifyInstance | null = null;
  let demo: RunningServer['demo'] = null;
  let sip: RunningFrontend | null = null;
  let chatHost: ChatHost | null = null;
  // Presence and contact list changes: this node's, and the pool's once the chat host opens its bus.
  const presenceBus = new PoolPresenceBus((err) => logger.error({ err }, 'presence handler failed'));
  let vault: CredentialVault;
  let directory: RunningDirectory | null;
  // One throttle for every sign-in path: SIP registrations, admin API Basic and the HTTP directory sign-in.
  const throttle = new FailureThrottle(config.auth.throttle);
  // Browser sessions (docs/web.md): issued on the SIP WebSocket handshake, read and ended over HTTP.
  const webSessions = new WebSessions(store, config.auth.webSessionHours * 3_600_000);
  // Until a chat service is attached, INVITEs to chat URIs are answered at once with 503 + ms-diagnostics.
  const chatRouter = new ChatSipRouter({ log: logger.child({ component: 'chat-sip' }) });
  const sheetFile = dataPath(config, DEMO_SHEET_FILE);
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
      // Written before any listener binds: the random passwords exist nowhere else, and a start that dies
      // on a busy port must not lose them. Rewritten with the bound addresses once every edge listens.
      writeDemoSheet(sheetFile, describeDemo(deployment, plannedAddresses(config)));
    }
    // Uploads cut off by a crash never completed; an hour is longer than any transfer still running.
    await store.files.deleteIncomplete(Date.now() - 3_600_000);
    chatHost = new ChatHost({
      config,
      store,
      logger,
      onBus: (bus) => presenceBus.attach(bus),
      router: chatRouter,
      httpBase: () => httpBase(config, addresses),
      addresses: () => addresses,
      ...(metrics ? { metrics: metrics.chat } : {}),
    });
    const host = chatHost;
    closers.unshift(() => host.close());
    metrics?.attach({
      sessions: () => host.service?.sessionCount ?? 0,
      queues: () => host.service?.queues() ?? { outbound: 0, inbound: 0, rooms: 0 },
    });
    await host.start();
    directory = createDirectory(config, store, chatHost.events, throttle, logger);
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
        ...(metrics ? { metrics } : {}),
        notReady: () =>
          stopping
            ? 'the node is shutting down'
            : started
              ? null
              : 'the node is still starting its listeners',
        version: VERSION,
        httpBase: () => httpBase(config, addresses) ?? '',
        compliance: chatHost.compliance,

        ...(directory ? { directorySignIn: directory.signIn } : {}),
        webSessions,
        // Admin changes reach the chat service's behaviours (kick removed members, close disabled rooms).
        admin: {
          vault,
          dataDir: config.dataDir,
          realm: config.auth.realm,
          domain: config.domain,
          throttle,
          events: chatHost.events,
          // Pools created or data imported start the chat service at once; settings apply at once.
          runtime: chatHost,
          // Development only: the CA the SIP TLS listener then trusts (frontend/start.ts).
          ...(config.tls.certFile || config.tls.caFile
            ? {}
            : {
                issueDevCertificate: (name: string, days?: number) =>
                  issueDevCertificate(ensureDevCa(config.dataDir), name, days),
              }),
          ...(directory ? { directorySync: directory.sync } : {}),
        },
      });
      await http.listen({ host: config.listen.host, port: config.listen.httpPort });
      const a = http.server.address() as AddressInfo;
      addresses.http = `http://${a.address}:${a.port}`;
      writeAdminAddress(config, a);
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
        presenceBus,
        throttle,
        webSessions,
        ...(directory ? { extraVerifiers: directory.tokens.verifiersOf.bind(directory.tokens) } : {}),
      });
      sip = fe;
      Object.assign(addresses, fe.addresses);
      metrics?.attach({ connections: () => fe.stats().connections, dialogs: () => fe.stats().dialogs });
      closers.unshift(() => fe.close());
    }
    if (deployment) {
      const sheet = describeDemo(deployment, addresses);
      writeDemoSheet(sheetFile, sheet);
      demo = { deployment, sheet, sheetFile };
    }
    // Registered once every edge listens, so the registry shows where this node can be reached.
    await chatHost?.edgesListening();
    // The first sync starts once every edge listens; until it finishes chat serves from the stored copy.
    directory?.sync.start();
  } catch (err) {
    await closeAll(closers);
    throw explainListenFailure(err, config);
  }
  started = true;
  closers.unshift(async () => {
    stopping = true;
  });
  logger.info({ addresses, store: store.dialect }, 'pchat started');
  return {
    config,
    store,
    logger,
    http,
    addresses,
    vault,
    demo,
    demoSheetFile: !demo && existsSync(sheetFile) ? sheetFile : null,
    sip,
    get chat() {
      return chatHost?.service ?? null;
    },
    directory,
    get pool() {
      return chatHost?.registry ?? null;
    },
    close: () => closeAll(closers),
    async drain() {
      // docs/pool.md, drain: refuse new chat sessions at once, then close the listeners and connections
      // first (clients reconnect to another node), then end the sessions and let the store finish its
      // commits before it closes. /readyz answers 503 from the start of it.
      stopping = true;
      await chatHost?.drain();
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
