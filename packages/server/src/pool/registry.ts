// This node in the pool's registry (docs/pool.md): it registers with its addresses, renews a heartbeat,
// reads the pool state (active servers), and watches the other nodes. When a node falls silent, every
// room open here resyncs from the store: that node may have committed posts it never published.
import type { PoolNode, Store } from '@pchat/domain';
import { getPoolState, isActive, isLive, type PoolState } from './state.js';

export interface RegistryLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface NodeRegistryOptions {
  store: Store;
  poolFqdn: string;
  node: string;
  heartbeatMs: number;
  addresses: () => Record<string, string>;
  log: RegistryLog;
  /** A node of the pool went silent (or this node's heartbeat failed and came back). */
  onNodeLost: (name: string) => void;
  now?: () => number;
}

export class NodeRegistry {
  private timer: NodeJS.Timeout | null = null;
  private state: PoolNode['state'] = 'running';
  private live = new Map<string, PoolNode>();
  private poolState: PoolState | null = null;
  private beating: Promise<void> = Promise.resolve();
  private readonly now: () => number;

  constructor(private readonly o: NodeRegistryOptions) {
    this.now = o.now ?? Date.now;
  }

  get name(): string {
    return this.o.node;
  }

  get draining(): boolean {
    return this.state === 'draining';
  }

  async start(): Promise<void> {
    const at = this.now();
    await this.o.store.nodes.register({
      name: this.o.node,
      poolFqdn: this.o.poolFqdn,
      addresses: this.o.addresses(),
      startedAt: at,
      heartbeatAt: at,
      ttlMs: this.o.heartbeatMs * 3,
      state: 'running',
    });
    await this.refresh();
    this.timer = setInterval(() => {
      this.beating = this.beat();
    }, this.o.heartbeatMs);
    this.timer.unref();
  }

  /** Whether this node may open chat sessions now; otherwise the reason, naming a node that may. */
  refusal(): string | null {
    const state = this.poolState;
    if (!this.draining && (!state || isActive(state, this.o.poolFqdn, this.o.node))) return null;
    const other = [...this.live.values()].find(
      (n) =>
        n.name !== this.o.node &&
        n.state === 'running' &&
        (!state || isActive(state, this.o.poolFqdn, n.name)),
    );
    const where = other
      ? ` Connect to ${other.name}${other.addresses.sipTcp ? ` (${other.addresses.sipTcp})` : ''}.`
      : ' No other server of the pool is running; try again shortly.';
    return this.draining
      ? `This Persistent Chat server is shutting down.${where}`
      : `This server is not an active Persistent Chat server of the pool (Set-CsPersistentChatActiveServer).${where}`;
  }

  /** Live nodes of the pool, this one included. */
  nodes(): PoolNode[] {
    return [...this.live.values()];
  }

  async drain(): Promise<void> {
    this.state = 'draining';
    await this.beating;
    await this.o.store.nodes.heartbeat(this.o.node, this.now(), 'draining').catch(() => false);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.beating;
    await this.o.store.nodes.remove(this.o.node).catch(() => undefined);
  }

  private async beat(): Promise<void> {
    try {
      const renewed = await this.o.store.nodes.heartbeat(this.o.node, this.now(), this.state);
      if (!renewed) {
        // Removed by someone (or the table was emptied): register again, this node is alive.
        await this.o.store.nodes.register({
          name: this.o.node,
          poolFqdn: this.o.poolFqdn,
          addresses: this.o.addresses(),
          startedAt: this.now(),
          heartbeatAt: this.now(),
          ttlMs: this.o.heartbeatMs * 3,
          state: this.state,
        });
      }
      await this.refresh();
    } catch (e) {
      this.o.log.error({ err: e }, 'node registry: the heartbeat failed (the store is unreachable?)');
    }
  }

  private async refresh(): Promise<void> {
    const now = this.now();
    const all = await this.o.store.nodes.list(this.o.poolFqdn);
    const live = new Map(all.filter((n) => isLive(n, now)).map((n) => [n.name, n]));
    for (const [name, before] of this.live) {
      const after = live.get(name);
      // Gone, or restarted (a new start time): what it published last may never have left it.
      if (name !== this.o.node && (!after || after.startedAt !== before.startedAt)) {
        this.o.log.warn(
          { node: name },
          'pool: a node stopped or restarted; open rooms resync from the store',
        );
        this.o.onNodeLost(name);
      }
    }
    this.live = live;
    this.poolState = await getPoolState(this.o.store, this.o.poolFqdn);
  }
}
