// The read worker's thread (read-worker.ts): a read-only better-sqlite3 connection on the store's file,
// running the same search code as the main thread (search.ts), one request at a time.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Ctx } from './context.js';
import type { ReadReply, ReadRequest, ReadWorkerData } from './read-worker.js';
import type { DB } from './schema.js';
import { searchRoom } from './search.js';

const data = workerData as ReadWorkerData;
const database = new Database(data.file, { readonly: true, fileMustExist: true });
database.pragma(`busy_timeout = ${data.busyTimeoutMs}`);
const db = new Kysely<DB>({ dialect: new SqliteDialect({ database }) });
const c: Ctx = {
  dialect: 'sqlite',
  db,
  ex: db,
  inTx: false,
  now: () => Date.now(),
  searchCountCap: data.searchCountCap,
  guardTransactions: false,
};

let queue: Promise<void> = Promise.resolve();
parentPort?.on('message', (m: ReadRequest) => {
  queue = queue.then(async () => {
    let reply: ReadReply;
    try {
      reply = { id: m.id, result: await searchRoom(c, m.roomId, m.q, m.now) };
    } catch (e) {
      reply = { id: m.id, error: e instanceof Error ? e.message : String(e) };
    }
    parentPort?.postMessage(reply);
  });
});
