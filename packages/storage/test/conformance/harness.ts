// What the conformance suite needs from a driver: a fresh, empty store per test (its own SQLite file or
// its own PostgreSQL schema), and a way to reopen the same database.
import type { Store } from '@pchat/domain';
import type { StoreOptions } from '../../src/index.js';

export interface Fresh {
  /** Options that open this test's database (pass `now` to control the clock). */
  options: StoreOptions;
  store: Store;
}

export interface DriverUnderTest {
  name: 'sqlite' | 'postgres';
  /** A new empty database, opened. The harness closes the store after the test. */
  fresh(now?: () => number, extra?: { searchCountCap?: number }): Promise<Fresh>;
  /** Options of a new, empty, never opened database. */
  blank(): Promise<StoreOptions>;
}
