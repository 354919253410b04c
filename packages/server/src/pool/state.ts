// The pool state of Get-CsPersistentChatState / Set-CsPersistentChatActiveServer (docs/pool.md): Normal or
// FailedOver, and the active servers. Kept as a record of the configuration table under the reserved
// identity "x-state:<pool>", which Get-CsPersistentChatConfiguration hides.
import type { ChatConfiguration, ConfigIdentity, PoolNode, Store } from '@pchat/domain';

/** Lync Server 2013 ran up to four active Persistent Chat servers per pool; pchat keeps that limit. */
export const MAX_ACTIVE_SERVERS = 4;

export interface PoolState {
  identity: string;
  poolState: 'Normal' | 'FailedOver';
  /**
   * Node names (node.name). The default, the pool's own FQDN, means "every node of the pool": a pool
   * whose administrator never named servers keeps all its nodes active.
   */
  activeServers: string[];
}

export async function getPoolState(store: Store, poolFqdn: string): Promise<PoolState> {
  const raw = (await store.topology.getConfig(`x-state:${poolFqdn}` as ConfigIdentity)) as unknown as {
    state?: PoolState;
  } | null;
  return (
    raw?.state ?? {
      identity: `service:PersistentChatServer:${poolFqdn}`,
      poolState: 'Normal',
      activeServers: [poolFqdn],
    }
  );
}

export async function putPoolState(store: Store, poolFqdn: string, state: PoolState): Promise<void> {
  await store.topology.putConfig({ identity: `x-state:${poolFqdn}`, state } as unknown as ChatConfiguration);
}

/** Whether `node` may serve chat sessions under this state (the pool's FQDN as the list = every node). */
export function isActive(state: PoolState, poolFqdn: string, node: string): boolean {
  const list = state.activeServers.map((s) => s.toLowerCase());
  return list.includes(node.toLowerCase()) || list.includes(poolFqdn.toLowerCase());
}

/** Whether a registered node was heard from within its time-out (a silent node is lost: docs/pool.md). */
export function isLive(node: PoolNode, now: number): boolean {
  return node.heartbeatAt + node.ttlMs >= now;
}
