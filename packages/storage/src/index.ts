// @pchat/storage: the Store port (packages/domain/src/ports/store.ts) on SQLite and PostgreSQL.
export { openStore, type PostgresOptions, type SqliteOptions, type StoreOptions } from './open.js';
export { SchemaTooNewError } from './migrate.js';
export { LATEST_SCHEMA_VERSION } from './migrations/index.js';
export type { SqlStore } from './store.js';
export type { DB } from './schema.js';
