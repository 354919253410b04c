// @pchat/storage: the Store port (packages/domain/src/ports/store.ts) on SQLite and PostgreSQL.
// openStore({ kind: 'sqlite', file, synchronous?: 'NORMAL' | 'FULL', busyTimeoutMs?, now?, searchCountCap?, guardTransactions? })
// openStore({ kind: 'postgres', url, poolSize?, now?, searchCountCap?, guardTransactions? })
// Both resolve to a migrated SqlStore (a Store, plus `kysely` for tools); close() waits for pending appends.
export {
  DEFAULT_SEARCH_COUNT_CAP,
  openStore,
  type PostgresOptions,
  type SqliteOptions,
  type StoreOptions,
} from './open.js';
export { SchemaTooNewError } from './migrate.js';
export { LATEST_SCHEMA_VERSION } from './migrations/index.js';
export type { SqlStore } from './store.js';
export type { DB } from './schema.js';
