// The pool (docs/pool.md): the bus adapters between nodes, the node registry and the drain.
import type { PchatConfig } from '../config/schema.js';
import { InProcessBus, type Bus } from '../chat/bus.js';
import { NatsBus } from './nats-bus.js';
import { RedisBus } from './redis-bus.js';
import type { RelayLog } from './relay-bus.js';

export { NatsBus, RedisBus };

/** The configured bus: in-process for `local`, else a connection to NATS or Redis (refused loudly if down). */
export async function openBus(config: PchatConfig, node: string, log: RelayLog): Promise<Bus> {
  const b = config.bus;
  if (b.kind === 'nats') return NatsBus.connect(b.url ?? 'nats://127.0.0.1:4222', node, b.prefix, log);
  if (b.kind === 'redis') return RedisBus.connect(b.url ?? 'redis://127.0.0.1:6379', node, b.prefix, log);
  return new InProcessBus((e, ev) => log.error({ err: e, roomId: ev.roomId }, 'bus handler failed'));
}
