// The machine's own limit, measured in the same run as the store (bench/README.md: compare with the
// limit in the same run): single-row autocommit inserts straight on the driver, no pchat code.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { benchDb, nowMs } from './common.js';

export async function sqliteCommitsPerSec(synchronous: 'NORMAL' | 'FULL', seconds = 2): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'pchat-baseline-'));
  const db = new Database(join(dir, 'b.db'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${synchronous}`);
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, room TEXT, body TEXT)');
    const ins = db.prepare('INSERT INTO t (room, body) VALUES (?, ?)');
    let n = 0;
    const end = nowMs() + seconds * 1000;
    const t0 = nowMs();
    while (nowMs() < end) {
      ins.run('r1', 'the quick brown fox jumps over the lazy dog');
      n++;
    }
    return n / ((nowMs() - t0) / 1000);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function pgCommitsPerSec(seconds = 2): Promise<number> {
  const b = await benchDb('postgres');
  const c = new pg.Client({ connectionString: b.options.kind === 'postgres' ? b.options.url : '' });
  await c.connect();
  try {
    await c.query('CREATE TABLE t (id BIGSERIAL PRIMARY KEY, room TEXT, body TEXT)');
    let n = 0;
    const end = nowMs() + seconds * 1000;
    const t0 = nowMs();
    while (nowMs() < end) {
      await c.query('INSERT INTO t (room, body) VALUES ($1, $2)', [
        'r1',
        'the quick brown fox jumps over the lazy dog',
      ]);
      n++;
    }
    return n / ((nowMs() - t0) / 1000);
  } finally {
    await c.end();
    await b.dispose();
  }
}
