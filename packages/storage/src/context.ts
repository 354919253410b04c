// What every sub-store needs: the dialect, the root connection, and the executor it runs on (the root
// or a transaction, when the store is bound to one by Store.transaction()).
import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { DialectName } from './dialect.js';
import type { DB } from './schema.js';
import { assertNotInOwnTx } from './tx-guard.js';
import type { SqliteReadWorker } from './read-worker.js';

export interface Ctx {
  readonly dialect: DialectName;
  readonly db: Kysely<DB>;
  /** `db` itself, or the transaction this store is bound to (kysely's Transaction is a Kysely). */
  readonly ex: Kysely<DB>;
  readonly inTx: boolean;
  readonly now: () => number;
  /** search() counts matches up to this many (totalCount is exact below it). */
  readonly searchCountCap: number;
  /** Detect the root store used inside its own transaction (tx-guard.ts); costs an AsyncLocalStorage. */
  readonly guardTransactions: boolean;
  /** The raw SQLite handle under kysely, for the append fast path (fast-append.ts). */
  readonly sqlite?: BetterSqlite3.Database;
  /** SQLite on a file: history search runs here, off the event loop (read-worker.ts). */
  readonly reads?: SqliteReadWorker;
}

/** Runs a multi-statement method atomically: joins the bound transaction, or opens its own. */
export async function atomic<T>(c: Ctx, fn: (ex: Kysely<DB>) => Promise<T>): Promise<T> {
  if (c.inTx) return fn(c.ex);
  assertNotInOwnTx(c.db);
  return c.db.transaction().execute(fn);
}
