// The node registry (docs/pool.md): one row per pchat process of a pool, renewed by its heartbeat.
import type { NodeStore, PoolNode } from '@pchat/domain';
import type { Ctx } from './context.js';
import type { NodeRow } from './schema.js';

const toNode = (r: NodeRow): PoolNode => ({
  name: r.name,
  poolFqdn: r.pool_fqdn,
  addresses: JSON.parse(r.addresses) as Record<string, string>,
  startedAt: Number(r.started_at),
  heartbeatAt: Number(r.heartbeat_at),
  ttlMs: Number(r.ttl_ms),
  state: r.state === 'draining' ? 'draining' : 'running',
});

export class SqlNodes implements NodeStore {
  constructor(private readonly c: Ctx) {}

  async register(n: PoolNode): Promise<void> {
    const row: NodeRow = {
      name: n.name.toLowerCase(),
      pool_fqdn: n.poolFqdn.toLowerCase(),
      addresses: JSON.stringify(n.addresses),
      started_at: n.startedAt,
      heartbeat_at: n.heartbeatAt,
      ttl_ms: n.ttlMs,
      state: n.state,
    };
    const { name: _name, ...rest } = row;
    await this.c.ex
      .insertInto('nodes')
      .values(row)
      .onConflict((oc) => oc.column('name').doUpdateSet(rest))
      .execute();
  }

  async heartbeat(name: string, at: number, state?: PoolNode['state']): Promise<boolean> {
    const r = await this.c.ex
      .updateTable('nodes')
      .set(state ? { heartbeat_at: at, state } : { heartbeat_at: at })
      .where('name', '=', name.toLowerCase())
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async list(poolFqdn: string, since = 0): Promise<PoolNode[]> {
    const rows = await this.c.ex
      .selectFrom('nodes')
      .selectAll()
      .where('pool_fqdn', '=', poolFqdn.toLowerCase())
      .where('heartbeat_at', '>=', since)
      .orderBy('name')
      .execute();
    return rows.map(toNode);
  }

  async remove(name: string): Promise<void> {
    await this.c.ex.deleteFrom('nodes').where('name', '=', name.toLowerCase()).execute();
  }
}
