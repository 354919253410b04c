// Runs the migrations on open. Each version is applied in its own transaction together with its row in
// schema_migrations; on PostgreSQL an advisory lock makes concurrent openers (several server processes
// sharing one database) apply each version once. A database newer than this code refuses to open.
import { sql, type Kysely } from 'kysely';
import type { DialectName } from './dialect.js';
import type { DB } from './schema.js';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from './migrations/index.js';

/** Arbitrary constant naming pchat's migration lock in pg_advisory_xact_lock. */
const PG_MIGRATION_LOCK = 7_120_455_001;

export class SchemaTooNewError extends Error {
  override readonly name = 'SchemaTooNewError';
  constructor(
    readonly found: number,
    readonly known: number,
  ) {
    super(
      `The database schema is version ${found}, but this pchat knows versions up to ${known}: ` +
        'it was written by a newer pchat. Upgrade pchat (or restore a backup) before opening it.',
    );
  }
}

async function currentVersion(db: Kysely<DB>): Promise<number> {
  const r = await db
    .selectFrom('schema_migrations')
    .select((eb) => eb.fn.max('version').as('v'))
    .executeTakeFirst();
  return Number(r?.v ?? 0);
}

export async function migrate(db: Kysely<DB>, d: DialectName, now: () => number = Date.now): Promise<number> {
  // Under the lock on PostgreSQL: two processes racing on CREATE TABLE IF NOT EXISTS can both miss the
  // table and one then fails on the catalog's unique index.
  await db.transaction().execute(async (trx) => {
    if (d === 'postgres') await sql`SELECT pg_advisory_xact_lock(${PG_MIGRATION_LOCK})`.execute(trx);
    await sql`CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL,
      applied_at BIGINT NOT NULL)`.execute(trx);
  });
  const found = await currentVersion(db);
  if (found > LATEST_SCHEMA_VERSION) throw new SchemaTooNewError(found, LATEST_SCHEMA_VERSION);
  for (const m of MIGRATIONS) {
    if (m.version <= found) continue;
    await db.transaction().execute(async (trx) => {
      if (d === 'postgres') await sql`SELECT pg_advisory_xact_lock(${PG_MIGRATION_LOCK})`.execute(trx);
      // Re-read under the lock: another process may have applied it meanwhile.
      const done = await trx
        .selectFrom('schema_migrations')
        .select('version')
        .where('version', '=', m.version)
        .executeTakeFirst();
      if (done) return;
      for (const s of m.statements(d)) await sql.raw(s).execute(trx);
      await trx
        .insertInto('schema_migrations')
        .values({ version: m.version, name: m.name, applied_at: now() })
        .execute();
    });
  }
  const after = await currentVersion(db);
  if (after > LATEST_SCHEMA_VERSION) throw new SchemaTooNewError(after, LATEST_SCHEMA_VERSION);
  return after;
}
