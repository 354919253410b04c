// A PostgreSQL database of its own for one test file (pchat_test_<random>), dropped at the end, so
// parallel test files and CI runs never collide. Unreachable PostgreSQL fails loudly: never skipped.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const PG_ADMIN_URL = process.env.PCHAT_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  url: string;
  /** A URL for a fresh schema inside the test database (cheap isolation per test). */
  schemaUrl(): Promise<string>;
  drop(): Promise<void>;
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>, url = PG_ADMIN_URL): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  try {
    await c.connect();
  } catch (e) {
    throw new Error(
      `PostgreSQL is required by the storage tests and is not reachable at ${url} (${e instanceof Error ? e.message : String(e)}). ` +
        'Start it or point PCHAT_TEST_PG at one.',
      { cause: e },
    );
  }
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `pchat_test_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const u = new URL(PG_ADMIN_URL);
  u.pathname = `/${name}`;
  const url = u.toString();
  let n = 0;
  return {
    url,
    async schemaUrl() {
      const schema = `s${++n}`;
      await admin((c) => c.query(`CREATE SCHEMA ${schema}`), url);
      const su = new URL(url);
      su.searchParams.set('options', `-c search_path=${schema}`);
      return su.toString();
    },
    async drop() {
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}
