// The directory sync job (PC-26): a full read on start and every `fullSyncMinutes` (it catches deletions
// and moves), an incremental read every `intervalSeconds` in between, and Update-CsUserDatabase on demand.
// One run at a time; a request during a run joins it. When the directory is down the run fails, is retried
// with a doubling delay, and chat keeps serving from what the store holds.
import { randomUUID } from 'node:crypto';
import { syncDirectory, type ServiceDeps, type SyncProgress, type SyncReport } from '@pchat/domain';
import type { ChatLogger } from '../chat/types.js';
import type { DirectoryRead } from './ldap/reader.js';

/** What reads the directory (the LDAP reader, or a test double). */
export interface DirectorySource {
  read(since: string | null, onEntries?: (n: number) => void): Promise<DirectoryRead>;
}

export interface SyncTimings {
  intervalMs: number;
  fullEveryMs: number;
  retryInitialMs: number;
  retryMaxMs: number;
  batchSize: number;
}

export interface SyncRunStatus {
  id: string;
  full: boolean;
  startedAt: number;
  /** 'reading' while entries arrive, then the domain's phases. */
  phase: 'reading' | SyncProgress['phase'] | 'done' | 'failed';
  done: number;
  total: number;
  finishedAt: number | null;
  report: SyncReport | null;
  error: string | null;
}

export interface SyncStatus {
  running: SyncRunStatus | null;
  last: SyncRunStatus | null;
  lastSuccessAt: number | null;
  nextRunAt: number | null;
  failuresInARow: number;
}

const MARKER = 'ldap:marker';
const LAST_FULL = 'ldap:lastFull';

export class DirectorySync {
  private running: { status: SyncRunStatus; done: Promise<SyncRunStatus> } | null = null;
  private last: SyncRunStatus | null = null;
  private lastSuccessAt: number | null = null;
  private failures = 0;
  private timer: NodeJS.Timeout | null = null;
  private nextRunAt: number | null = null;
  private closed = false;

  constructor(
    private readonly deps: ServiceDeps,
    private readonly source: DirectorySource,
    private readonly t: SyncTimings,
    private readonly log: ChatLogger,
    private readonly now: () => number = Date.now,
  ) {}

  /** Starts the schedule: the first run now. */
  start(): void {
    this.schedule(0);
  }

  status(): SyncStatus {
    return {
      running: this.running ? { ...this.running.status } : null,
      last: this.last,
      lastSuccessAt: this.lastSuccessAt,
      nextRunAt: this.nextRunAt,
      failuresInARow: this.failures,
    };
  }

  /** Update-CsUserDatabase: runs a sync now (full when asked or due), or joins the one running. */
  runNow(full = false): { status: SyncRunStatus; done: Promise<SyncRunStatus> } {
    if (this.running) return this.running;
    const status: SyncRunStatus = {
      id: randomUUID(),
      full,
      startedAt: this.now(),
      phase: 'reading',
      done: 0,
      total: 0,
      finishedAt: null,
      report: null,
      error: null,
    };
    const done = this.execute(status).finally(() => {
      this.running = null;
      this.last = status;
    });
    this.running = { status, done };
    return this.running;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.done.catch(() => undefined);
  }

  private schedule(delayMs: number): void {
    if (this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    this.nextRunAt = this.now() + delayMs;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.runNow(false).done.then((s) => {
        if (s.error === null) this.schedule(this.t.intervalMs > 0 ? this.t.intervalMs : this.t.fullEveryMs);
        else {
          const wait = Math.min(
            this.t.retryMaxMs,
            this.t.retryInitialMs * 2 ** Math.min(this.failures - 1, 20),
          );
          this.schedule(wait);
        }
      });
    }, delayMs);
    this.timer.unref();
  }

  private async execute(status: SyncRunStatus): Promise<SyncRunStatus> {
    const dir = this.deps.store.directory;
    try {
      const marker = await dir.getSyncState(MARKER);
      const lastFull = Number((await dir.getSyncState(LAST_FULL)) ?? '0');
      const full = status.full || marker === null || this.now() - lastFull >= this.t.fullEveryMs;
      status.full = full;
      const read = await this.source.read(full ? null : marker, (n) => {
        status.done = n;
      });
      status.total = read.records.length;
      const report = await syncDirectory(this.deps, {
        records: read.records,
        full,
        batchSize: this.t.batchSize,
        onProgress: (p) => {
          status.phase = p.phase;
          status.done = p.done;
          status.total = p.total;
        },
      });
      // The marker moves only after every batch committed: a failed run is read again next time.
      await this.deps.store.transaction(async (tx) => {
        if (read.marker !== null) await tx.directory.putSyncState(MARKER, read.marker);
        if (full) await tx.directory.putSyncState(LAST_FULL, String(status.startedAt));
      });
      status.report = report;
      status.phase = 'done';
      this.failures = 0;
      this.lastSuccessAt = this.now();
      this.log.info(
        { full, ...report.counts, affectedUsers: report.affectedUsers },
        'directory sync finished',
      );
    } catch (e) {
      this.failures++;
      status.phase = 'failed';
      status.error = (e as Error).message;
      this.log.warn(
        { err: status.error, failuresInARow: this.failures },
        'directory sync failed; chat keeps serving from the last synced copy and the sync retries',
      );
    }
    status.finishedAt = this.now();
    return status;
  }
}
