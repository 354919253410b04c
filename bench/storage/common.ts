// Shared pieces of the storage benchmarks: driver choice, a throw-away database, percentiles.
// Usage of every script: node --conditions=development --import tsx bench/storage/<file>.ts [--driver sqlite|postgres]
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Room } from '@pchat/domain';
import { openStore, type SqlStore, type StoreOptions } from '@pchat/storage';

export type Driver = 'sqlite' | 'postgres';

export function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** Drivers to run: --driver picks one, default both. */
export function drivers(): Driver[] {
  const d = arg('driver');
  if (d === 'sqlite' || d === 'postgres') return [d];
  if (d !== undefined) throw new Error(`--driver must be sqlite or postgres, not ${d}`);
  return ['sqlite', 'postgres'];
}

/** PostgreSQL admin URL: benchmarks create and drop their databases through it. */
export const PG_ADMIN =
  process.env.PCHAT_BENCH_PG ?? process.env.PCHAT_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Runs one statement (CREATE / DROP DATABASE) on a connection of its own to PG_ADMIN. */
export async function pgAdmin(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: PG_ADMIN });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

export interface BenchDb {
  options: StoreOptions;
  open(): Promise<SqlStore>;
  dispose(): Promise<void>;
}

/** A fresh database for one benchmark run (temp SQLite file or pchat_bench_<random> on PostgreSQL). */
export async function benchDb(
  driver: Driver,
  extra: { synchronous?: 'NORMAL' | 'FULL'; poolSize?: number } = {},
): Promise<BenchDb> {
  if (driver === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'pchat-bench-'));
    const options: StoreOptions = {
      kind: 'sqlite',
      file: join(dir, 'bench.db'),
      synchronous: extra.synchronous,
    };
    return {
      options,
      open: () => openStore(options),
      dispose: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `pchat_bench_${randomBytes(5).toString('hex')}`;
  await pgAdmin(`CREATE DATABASE ${name}`);
  const u = new URL(PG_ADMIN);
  u.pathname = `/${name}`;
  const options: StoreOptions = { kind: 'postgres', url: u.toString(), poolSize: extra.poolSize };
  return {
    options,
    open: () => openStore(options),
    dispose: () => pgAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

export function benchRoom(id: string): Room {
  return {
    id,
    uri: `ma-chan://example.test/${id}`,
    poolFqdn: 'pool1.example.test',
    categoryId: 'cat',
    name: `Bench ${id}`,
    description: '',
    privacy: 'Open',
    type: 'Normal',
    invitations: 'Inherit',
    disabled: false,
    addinId: null,
    members: [],
    managers: [],
    presenters: [],
    version: 1,
    audit: { createdBy: null, createdOn: 0, updatedBy: null, updatedOn: 0 },
  };
}

/** Percentile (0..100) of a list of numbers, nearest-rank. */
export function pct(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] as number;
}

export const ms = (x: number): string => `${x.toFixed(x < 1 ? 3 : x < 10 ? 2 : 1)} ms`;

export function nowMs(): number {
  return performance.now();
}
