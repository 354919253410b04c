// The conformance suite on SQLite: a new database file per test, in a temp directory removed at the end.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe } from 'node:test';
import { openStore } from '../src/index.js';
import { runConformance } from './conformance/index.js';

const dir = mkdtempSync(join(tmpdir(), 'pchat-sqlite-'));
let n = 0;
after(() => rmSync(dir, { recursive: true, force: true }));

describe('sqlite store conformance', () => {
  runConformance({
    name: 'sqlite',
    async fresh(now, extra) {
      const options = {
        kind: 'sqlite' as const,
        file: join(dir, `t${++n}.db`),
        now,
        guardTransactions: true,
        ...extra,
      };
      return { options, store: await openStore(options) };
    },
    async blank() {
      return { kind: 'sqlite', file: join(dir, `t${++n}.db`) };
    },
  });
});
