// Heavy SQLite reads off the event loop (docs/security.md, "Bounded requests and limits"). better-sqlite3
// is synchronous: a history search of many common words or a long case-sensitive post-filter would hold
// the one JavaScript thread, and every other user, for its whole run. On a file database the root store
// therefore runs history search on a worker thread with a read-only connection of its own (WAL lets it
// read while the main connection writes; each query sees every commit made before it starts, so a post
// acknowledged before a search is found by it). The worker answers one query at a time, in order.
// PostgreSQL needs none of this: its driver is asynchronous.
import { Worker } from 'node:worker_threads';
import type { HistoryQuery, HistoryResult } from '@pchat/domain';

interface Pending {
  resolve: (r: HistoryResult) => void;
  reject: (e: Error) => void;
}

export interface ReadWorkerData {
  file: string;
  searchCountCap: number;
  busyTimeoutMs: number;
}

export type ReadRequest = { id: number; roomId: string; q: HistoryQuery; now: number };
export type ReadReply = { id: number; result?: HistoryResult; error?: string };

/** The worker's module, next to this one: .ts under the development loader, .js when built. */
const FROM_SOURCE = import.meta.url.endsWith('.ts');
const THREAD_URL = new URL(`./read-worker-thread.${FROM_SOURCE ? 'ts' : 'js'}`, import.meta.url);

/**
 * Running from the TypeScript sources (development, tests), the worker registers tsx itself first: on
 * Node 20 the parent's `--import tsx` does not reach a worker thread's module loader.
 */
function startThread(data: ReadWorkerData): Worker {
  if (!FROM_SOURCE) return new Worker(THREAD_URL, { workerData: data });
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(THREAD_URL.href)}); })`;
  return new Worker(boot, { eval: true, workerData: data });
}

/** The worker is gone (it failed to start or stopped): the caller reads on its own connection instead. */
export class ReadWorkerGone extends Error {}

export class SqliteReadWorker {
  private worker: Worker | null;
  private readonly pending = new Map<number, Pending>();
  private next = 1;

  constructor(data: ReadWorkerData) {
    const w = startThread(data);
    // The store's close ends it; an idle worker never keeps the process alive.
    w.unref();
    w.on('message', (m: ReadReply) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.error !== undefined) p.reject(new Error(m.error));
      else p.resolve(m.result as HistoryResult);
    });
    const fail = (e: Error): void => {
      this.worker = null;
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
    };
    w.on('error', (e) => fail(new ReadWorkerGone(`the store's read worker failed: ${e.message}`)));
    w.on('exit', (code) => fail(new ReadWorkerGone(`the store's read worker stopped (exit code ${code})`)));
    this.worker = w;
  }

  /** False once the worker is gone: the caller then reads on its own connection. */
  get alive(): boolean {
    return this.worker !== null;
  }

  searchRoom(roomId: string, q: HistoryQuery, now: number): Promise<HistoryResult> {
    const w = this.worker;
    if (!w) return Promise.reject(new ReadWorkerGone("the store's read worker is not running"));
    const id = this.next++;
    return new Promise<HistoryResult>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      // Referenced while a query waits, so the process waits for the answer.
      w.ref();
      w.postMessage({ id, roomId, q, now } satisfies ReadRequest);
    }).finally(() => {
      if (this.pending.size === 0) this.worker?.unref();
    });
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }
}
