// The chat side of one node: the chat service of the pool this node serves, with its compliance and
// retention runners. It can start later than the node (a pool created by New-CsPersistentChatPool or by an
// import after the first start) and restart (an import that replaced the pool's data), so chat works at
// once after such a change instead of after a restart of the server. The edges hold this host, not the
// service: its `events` and `compliance` forward to whichever service is current. With the service go the
// node's bus connection and its place in the pool's registry (docs/pool.md), which belong to one pool.
import type { Logger } from 'pino';
import { defaultPoolFor, type DomainEvent, type Pool, type Store } from '@pchat/domain';
import type { PchatConfig } from '../config/schema.js';
import { createChatService, type ChatMetrics, type ChatService } from '../chat/index.js';
import type { BehaviourSink } from '../chat/behaviours/index.js';
import type { FileTransferEvent } from '../compliance/recorder.js';
import { ComplianceRunner } from '../compliance/runner.js';
import { RetentionRunner } from '../compliance/retention-runner.js';
import type { ChatSipRouter } from '../frontend/routing/chat-sessions.js';
import type { Bus } from '../chat/bus.js';
import { openBus } from '../pool/index.js';
import { nodeName } from '../pool/node-name.js';
import { NodeRegistry } from '../pool/registry.js';
import { refuseLocalBusPool } from '../pool/guard.js';

export interface ChatHostOptions {
  config: PchatConfig;
  store: Store;
  logger: Logger;
  router: ChatSipRouter;
  httpBase: () => string | null;
  /** Where this node's edges listen, shown to the other nodes of the pool. */
  addresses: () => Record<string, string>;
  /** Counters for /metrics. */
  metrics?: ChatMetrics;
  /** Told of the pool bus once it is open (presence rides on it too: docs/presence.md). */
  onBus?: (bus: Bus) => void;
}

interface Running {
  pool: Pool;
  bus: Bus;
  service: ChatService;
  compliance: ComplianceRunner;
  registry: NodeRegistry;
  stop(): Promise<void>;
}

/** What the admin API tells the node after a change (docs/admin-api.md, "When changes apply"). */
export interface ChatRuntime {
  /** Pools or the chat data changed (New-CsPersistentChatPool, an import): (re)start the chat service. */
  topologyChanged(): Promise<void>;
  /** Chat or compliance configuration changed: the running service reads it again now. */
  settingsChanged(): Promise<void>;
}

export class ChatHost implements ChatRuntime {
  private running: Running | null = null;
  private queue: Promise<void> = Promise.resolve();
  /** Set once every edge listens: the registry then shows where this node can be reached. */
  private listening = false;

  constructor(private readonly o: ChatHostOptions) {}

  get service(): ChatService | null {
    return this.running?.service ?? null;
  }

  /** This node in its pool's registry, or null while no pool exists. */
  get registry(): NodeRegistry | null {
    return this.running?.registry ?? null;
  }

  /** Forwards to the current service's behaviours (kicks, disables); dropped while no service runs. */
  readonly events: BehaviourSink = {
    publish: (e: DomainEvent) => this.running?.service.events.publish(e),
    idle: () => this.running?.service.events.idle() ?? Promise.resolve(),
  };

  readonly compliance = {
    recordFileTransfer: (e: FileTransferEvent): Promise<void> =>
      this.running ? this.running.service.compliance.recordFileTransfer(e) : Promise.resolve(),
  };

  /** Starts the service of the configured (or default) pool; logs what to do when there is none. */
  start(): Promise<void> {
    return this.serial(async () => {
      if (this.running) return;
      const pool = await this.pool();
      if (pool) this.running = await this.launch(pool);
      else
        this.o.logger.warn(
          { poolFqdn: this.o.config.poolFqdn },
          this.o.config.poolFqdn
            ? `no Persistent Chat pool '${this.o.config.poolFqdn}' exists: chat INVITEs are refused until it is created (pchat New-CsPersistentChatPool -Identity ${this.o.config.poolFqdn}); chat starts at once then`
            : 'no Persistent Chat pool to serve: chat INVITEs are refused until one is created (pchat New-CsPersistentChatPool -Identity <pool FQDN>, or Import-CsPersistentChatData); chat starts at once then',
        );
    });
  }

  topologyChanged(): Promise<void> {
    // The other nodes of a pool restart their chat service too (docs/pool.md).
    this.running?.bus.signal('topology');
    return this.restart();
  }

  private restart(): Promise<void> {
    return this.serial(async () => {
      const pool = await this.pool();
      if (!pool && !this.running) return;
      const old = this.running;
      this.running = null;
      // Sessions of the old service end (clients sign in to chat again), so none keeps a stale room or pool.
      await old?.stop();
      if (pool) this.running = await this.launch(pool);
      this.o.logger.info({ poolFqdn: pool?.fqdn ?? null }, 'chat service restarted after a topology change');
    });
  }

  settingsChanged(): Promise<void> {
    // The other nodes of a pool read the settings again too (docs/pool.md).
    this.running?.bus.signal('settings');
    return this.reloadSettings();
  }

  private reloadSettings(): Promise<void> {
    return this.serial(async () => {
      const r = this.running;
      if (!r) return;
      await r.service.reloadConfig(); // also forgets the cached compliance setting
      r.compliance.settingsChanged();
    });
  }

  /** Every edge listens now: register this node in its pool (and any pool started later at once). */
  edgesListening(): Promise<void> {
    return this.serial(async () => {
      this.listening = true;
      await this.running?.registry.start();
    });
  }

  /** docs/pool.md, drain: new chat sessions are refused at once, naming another node. */
  async drain(): Promise<void> {
    await this.running?.registry.drain();
  }

  close(): Promise<void> {
    return this.serial(async () => {
      const r = this.running;
      this.running = null;
      await r?.stop();
    });
  }

  private serial(fn: () => Promise<void>): Promise<void> {
    const next = this.queue.then(fn);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async pool(): Promise<Pool | null> {
    const { config, store } = this.o;
    return config.poolFqdn
      ? store.topology.getPool(config.poolFqdn.toLowerCase())
      : defaultPoolFor({ store }, null);
  }

  private async launch(pool: Pool): Promise<Running> {
    const { config, store, logger } = this.o;
    const node = nodeName(config);
    await refuseLocalBusPool(config, store, pool.fqdn, node);
    const bus = await openBus(config, node, logger.child({ component: 'bus' }));
    this.o.onBus?.(bus);
    const service = await createChatService({
      store,
      poolFqdn: pool.fqdn,
      logger: logger.child({ component: 'chat' }),
      httpBase: this.o.httpBase,
      bus,
      ...(this.o.metrics ? { metrics: this.o.metrics } : {}),
      // docs/security.md, "Bounded requests and limits": the config's `limits` section.
      rateLimits: {
        user: config.limits.user,
        connection: config.limits.connection,
        burstSeconds: config.limits.burstSeconds,
        maxQueuedCommands: config.limits.maxQueuedCommands,
      },
      preferenceQuota: {
        bundleBytes: config.limits.preferenceBundleBytes,
        bundles: config.limits.preferenceBundles,
      },
      node,
    });
    const registry = new NodeRegistry({
      store,
      poolFqdn: pool.fqdn,
      node,
      heartbeatMs: config.node.heartbeatSeconds * 1000,
      addresses: this.o.addresses,
      log: logger.child({ component: 'pool' }),
      // A lost node may have committed posts it never published, and its users leave the rosters.
      onNodeLost: (lost) => {
        bus.resyncAll();
        service.nodeLost(lost);
      },
    });
    if (this.listening) await registry.start();
    const compliance = new ComplianceRunner({
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
    compliance.start();
    const retention = new RetentionRunner({
      store,
      pool,
      log: logger.child({ component: 'retention' }),
      intervalMs: config.retention.intervalSeconds * 1000,
      batchSize: config.retention.batchSize,
    });
    retention.start();
    this.o.router.attach(service);
    this.o.router.setGate(() => registry.refusal());
    // A change made through another node's admin API applies here too, without telling the others again.
    bus.onSignal((signal) => {
      const apply = signal === 'settings' ? this.reloadSettings() : this.restart();
      apply.catch((e: unknown) =>
        logger.error({ err: e, signal }, 'applying a change made on another node of the pool failed'),
      );
    });
    return {
      pool,
      bus,
      service,
      compliance,
      registry,
      stop: async () => {
        await registry.stop();
        await retention.stop();
        await compliance.stop();
        await service.close();
        await bus.close();
      },
    };
  }
}
