// Schema version 6: the node registry of a pool (docs/pool.md). Each pchat process of a pool keeps one row
// with its addresses and a heartbeat; the live nodes are those heard from recently.
import type { DialectName } from '../dialect.js';

export function nodes(d: DialectName): string[] {
  const big = d === 'sqlite' ? 'INTEGER' : 'BIGINT';
  return [
    `CREATE TABLE nodes (name TEXT PRIMARY KEY, pool_fqdn TEXT NOT NULL, addresses TEXT NOT NULL,
      started_at ${big} NOT NULL, heartbeat_at ${big} NOT NULL, ttl_ms ${big} NOT NULL, state TEXT NOT NULL)`,
    `CREATE INDEX nodes_pool ON nodes (pool_fqdn, heartbeat_at)`,
  ];
}
