// The conformance suite on PostgreSQL: one database per run, one schema per test.
import { after, before, describe } from 'node:test';
import { openStore } from '../src/index.js';
import { runConformance } from './conformance/index.js';
import { createTestDatabase, type TestDatabase } from './pg-test-db.js';

let db: TestDatabase | undefined;
before(async () => {
  db = await createTestDatabase();
});
after(async () => {
  await db?.drop();
});

describe('postgres store conformance', () => {
  runConformance({
    name: 'postgres',
    async fresh(now, extra) {
      if (!db) throw new Error('test database not created');
      const options = {
        kind: 'postgres' as const,
        url: await db.schemaUrl(),
        poolSize: 4,
        now,
        guardTransactions: true,
        ...extra,
      };
      return { options, store: await openStore(options) };
    },
    async blank() {
      if (!db) throw new Error('test database not created');
      return { kind: 'postgres', url: await db.schemaUrl(), poolSize: 2 };
    },
  });
});
