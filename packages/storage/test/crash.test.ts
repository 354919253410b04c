// Durability under kill -9 (store.ts MessageStore.append): a child appends with concurrent posters and
// prints each acknowledged id; after some hundreds of acks it is SIGKILLed. Reopened, the store holds
// every acknowledged message, ids are gapless from 1, and it opens cleanly (SQLite integrity_check ok).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { openStore, type StoreOptions } from '../src/index.js';
import { room } from './conformance/fixtures.js';
import { createTestDatabase } from './pg-test-db.js';

const CHILD = new URL('./crash-child.ts', import.meta.url).pathname;
const ACKS_BEFORE_KILL = 400;

/** Runs the child until it has acknowledged `n` messages, then SIGKILLs it; returns id -> text acked. */
function runAndKill(kind: string, where: string, roomId: string, n: number): Promise<Map<number, string>> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--conditions=development', '--import', 'tsx', CHILD, kind, where, roomId, '8'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const acked = new Map<number, string>();
    let buf = '';
    let err = '';
    let killed = false;
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        const [id, text] = line.split(' ');
        if (text !== undefined) acked.set(Number(id), text);
      }
      if (!killed && acked.size >= n) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(acked);
      else reject(new Error(`child exited (${code}) before it was killed: ${err}`));
    });
  });
}

async function crashAndCheck(
  options: StoreOptions,
  where: string,
  check?: (s: Awaited<ReturnType<typeof openStore>>) => Promise<void>,
) {
  const setup = await openStore(options);
  const r = room('Crash');
  await setup.rooms.insertRoom(r);
  await setup.close();

  const acked = await runAndKill(options.kind, where, r.id, ACKS_BEFORE_KILL);
  assert.ok(acked.size >= ACKS_BEFORE_KILL);

  const s = await openStore(options);
  try {
    await check?.(s);
    const stored = await s.messages.after(r.id, 0, 1_000_000);
    const ids = stored.map((m) => m.id);
    assert.deepEqual(
      ids,
      Array.from({ length: ids.length }, (_, i) => i + 1),
      'ids are gapless and increasing from 1',
    );
    const byId = new Map(stored.map((m) => [m.id, m.text]));
    for (const [id, text] of acked) assert.equal(byId.get(id), text, `acknowledged message ${id} is stored`);
    assert.equal(await s.messages.lastId(r.id), ids.length);
    // The store keeps working after the crash: the next id follows on.
    assert.equal(
      (
        await s.messages.append({
          roomId: r.id,
          author: 'sip:a@example.test',
          kind: 'plain',
          text: 'after',
          storyTitle: null,
          rtf: null,
          parts: null,
        })
      ).id,
      ids.length + 1,
    );
  } finally {
    await s.close();
  }
}

describe('crash: kill -9 while appending', () => {
  it('sqlite (WAL, synchronous NORMAL)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pchat-crash-'));
    try {
      const file = join(dir, 'crash.db');
      await crashAndCheck({ kind: 'sqlite', file }, file, async (s) => {
        const r = await sql<{ integrity_check: string }>`PRAGMA integrity_check`.execute(s.kysely);
        assert.deepEqual(
          r.rows.map((x) => x.integrity_check),
          ['ok'],
        );
        const fts =
          await sql`INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)`.execute(
            s.kysely,
          );
        assert.ok(fts);
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('postgres', async () => {
    const db = await createTestDatabase();
    try {
      await crashAndCheck({ kind: 'postgres', url: db.url }, db.url);
    } finally {
      await db.drop();
    }
  });
});
