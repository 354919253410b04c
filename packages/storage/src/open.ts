// openStore(): the one way to get a Store. Opens the driver, applies the migrations, returns the store.
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Ctx } from './context.js';
import type { DialectName } from './dialect.js';
import { migrate } from './migrate.js';
import type { DB } from './schema.js';
import { makeStore, type SqlStore } from './store.js';
import { TxGuardPlugin } from './tx-guard.js';
import { SqliteReadWorker } from './read-worker.js';

export interface SqliteOptions {
  kind: 'sqlite';
  /** Database file (WAL needs a real file; ':memory:' works but is not durable). */
  file: string;
  /**
   * NORMAL (default): survives a process crash, may lose the last commits on power loss. FULL: fsync on
   * every commit (≈15× fewer commits/s; bench/storage/baseline.ts measures it).
   */
  synchronous?: 'NORMAL' | 'FULL';
  /** Milliseconds to wait for another process's write lock (default 5000). */
  busyTimeoutMs?: number;
  now?: () => number;
  /** See PostgresOptions.searchCountCap. */
  searchCountCap?: number;
  /**
   * History search on a worker thread with a read-only connection, so it never blocks the event loop
   * (read-worker.ts). Default on for a file database; ':memory:' cannot be shared and never uses it.
   */
  readWorker?: boolean;
}

export interface PostgresOptions {
  kind: 'postgres';
  /** postgres://user@host:port/database */
  url: string;
  /** Connections in the pool (default 10). */
  poolSize?: number;
  now?: () => number;
  /**
   * search() counts matches exactly up to this many (default 2,000: ten pages of the default
   * searchLimit); beyond it totalCount is the cap
   * and exceededLimit is true. Counting all 600k hits of a common word takes ~0.5 s on 1 M messages
   * (bench/RESULTS.md). Infinity = always exact.
   */
  searchCountCap?: number;
}

interface CommonOptions {
  /**
   * Throw a clear error when code inside `transaction(fn)` uses the root store instead of `tx` (on
   * SQLite that call would wait forever). Off by default: it needs an AsyncLocalStorage, which in
   * Node 20 roughly doubles the cost of every await in the process (measured). Turn it on in tests.
   */
  guardTransactions?: boolean;
}

export type StoreOptions = (SqliteOptions | PostgresOptions) & CommonOptions;

export const DEFAULT_SEARCH_COUNT_CAP = 2_000;

const INT8_OID = 20;
const NUMERIC_OID = 1700;

/** int8 (ids, epoch ms, counts) as JS numbers: every value pchat stores is below 2^53. */
const pgTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID || oid === NUMERIC_OID
      ? (v: string) => Number(v)
      : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
};

function openSqlite(o: SqliteOptions): {
  db: Kysely<DB>;
  close: () => Promise<void>;
  sqlite: Database.Database;
} {
  const database = new Database(o.file);
  database.pragma('journal_mode = WAL');
  database.pragma(`synchronous = ${o.synchronous === 'FULL' ? 'FULL' : 'NORMAL'}`);
  database.pragma('foreign_keys = ON');
  database.pragma(`busy_timeout = ${o.busyTimeoutMs ?? 5000}`);
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database }) });
  return { db, close: () => db.destroy(), sqlite: database };
}

async function openPostgres(
  o: PostgresOptions,
): Promise<{ db: Kysely<DB>; close: () => Promise<void>; sqlite?: undefined }> {
  const pool = new pg.Pool({ connectionString: o.url, max: o.poolSize ?? 10, types: pgTypes });
  // An idle connection that dies (server restart, network) emits 'error' on the pool; unhandled, that
  // would crash the process. The pool drops the client; the next query opens a new one or fails.
  pool.on('error', () => {});
  try {
    const client = await pool.connect();
    client.release();
  } catch (e) {
    await pool.end();
    const why = e instanceof Error ? e.message : String(e);
    throw new Error(`Cannot connect to PostgreSQL at ${redact(o.url)}: ${why}`, { cause: e });
  }
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return { db, close: () => db.destroy() };
}

/** The URL without its password, for error messages. */
function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}

/** Opens (and migrates) a store. Throws SchemaTooNewError when the database was written by a newer pchat. */
export async function openStore(o: StoreOptions): Promise<SqlStore> {
  const dialect: DialectName = o.kind;
  const { db, close, sqlite } = o.kind === 'sqlite' ? openSqlite(o) : await openPostgres(o);
  const now = o.now ?? Date.now;
  try {
    await migrate(db, dialect, now);
  } catch (e) {
    await close();
    throw e;
  }
  const guardTransactions = o.guardTransactions ?? false;
  const searchCountCap = o.searchCountCap ?? DEFAULT_SEARCH_COUNT_CAP;
  const reads =
    o.kind === 'sqlite' && o.file !== ':memory:' && o.file !== '' && (o.readWorker ?? true)
      ? new SqliteReadWorker({ file: o.file, searchCountCap, busyTimeoutMs: o.busyTimeoutMs ?? 5000 })
      : undefined;
  const c: Ctx = {
    dialect,
    db,
    ex: guardTransactions ? db.withPlugin(new TxGuardPlugin(db)) : db,
    inTx: false,
    now,
    sqlite,
    searchCountCap,
    guardTransactions,
    ...(reads ? { reads } : {}),
  };
  return makeStore(c, async () => {
    await reads?.close();
    await close();
  });
}
