// A pool on PostgreSQL needs a bus between its nodes (docs/pool.md): with the in-process bus, a post on one
// node would never reach the users of another. Refused at start, with what to do.
import type { Store } from '@pchat/domain';
import type { PchatConfig } from '../config/schema.js';
import { ConfigError } from '../config/load.js';
import { getPoolState, isLive } from './state.js';

export async function refuseLocalBusPool(
  config: PchatConfig,
  store: Store,
  poolFqdn: string,
  node: string,
): Promise<void> {
  if (config.bus.kind !== 'local') return;
  const state = await getPoolState(store, poolFqdn);
  const named = state.activeServers.filter((s) => s.toLowerCase() !== poolFqdn.toLowerCase());
  const now = Date.now();
  const others = (await store.nodes.list(poolFqdn))
    .filter((n) => n.name !== node && isLive(n, now))
    .map((n) => n.name);
  if (named.length > 1 || others.length > 0)
    throw new ConfigError(
      `Pool ${poolFqdn} has ${
        others.length > 0 ? `another running node (${others.join(', ')})` : `${named.length} active servers`
      } on this database, but this node's bus is local: posts made on one node would never reach users on another. ` +
        'Set bus.kind to nats (or redis) and bus.url on every node, or run a single active server (Set-CsPersistentChatActiveServer).',
    );
}
