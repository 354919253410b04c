// The adapter run (PC-70): every RunInterval this node claims batches from the pool-wide queue (one
// node at a time per batch), hands each to the adapter, and deletes it only after the adapter succeeded.
// A failure keeps the batch for a retry with exponential backoff; it is logged and shown by
// Get-CsPersistentChatComplianceState. Nothing is lost: the events stay in the store until written.
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Pool, Store } from '@pchat/domain';
import type { ChatLogger } from '../chat/types.js';
import { adapterSettings, createAdapter, type Adapter, type AdapterSettings } from './adapter.js';
import { buildConversations } from './conversations.js';
import { prepareDirectory } from './output.js';
import { effectiveCompliance, timeSpanSeconds } from './settings.js';

export interface RunnerOptions {
  store: Store;
  pool: Pool;
  dataDir: string;
  log: ChatLogger;
  /** Events per batch. */
  batchSize: number;
  /** How long a claimed batch stays this node's; a node that dies mid-run loses it after this. */
  leaseMs: number;
  /** Overrides the configuration's RunInterval on this node (demos and tests); null = RunInterval. */
  runIntervalMs: number | null;
  /** First retry after a failure; doubles per attempt up to maxRetryMs. */
  retryBaseMs: number;
  maxRetryMs: number;
  now?: () => number;
}

export interface RunResult {
  batches: number;
  events: number;
  failed: number;
}

export class ComplianceRunner {
  /** Unique per process: a restarted node must not pass for the one that held a lease before. */
  readonly owner = `${hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<RunResult> | null = null;
  private adapter: { key: string; adapter: Adapter } | null = null;
  private stopped = false;
  private readonly now: () => number;

  constructor(private readonly o: RunnerOptions) {
    this.now = o.now ?? Date.now;
  }

  /** The first run comes soon after start (a restart catches up), or after one interval when overridden. */
  start(): void {
    this.stopped = false;
    this.schedule(this.o.runIntervalMs ?? 1000);
  }

  /**
   * The compliance configuration changed (Set-CsPersistentChatComplianceConfiguration): the next run reads
   * it now instead of after the old RunInterval.
   */
  settingsChanged(): void {
    if (!this.stopped) this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), ms);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    let next = 60_000;
    try {
      const cfg = await effectiveCompliance(this.o.store, this.o.pool);
      next = this.o.runIntervalMs ?? timeSpanSeconds(cfg.runInterval) * 1000;
      const r = await this.runOnce();
      if (r.failed > 0) next = Math.min(next, this.o.retryBaseMs);
    } catch (e) {
      this.o.log.error({ err: e }, 'compliance run failed');
    }
    this.schedule(next);
  }

  /** One run: batches until the queue has none due (or one fails). Concurrent calls share the run. */
  runOnce(): Promise<RunResult> {
    this.running ??= this.run().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async run(): Promise<RunResult> {
    const out: RunResult = { batches: 0, events: 0, failed: 0 };
    const cfg = await effectiveCompliance(this.o.store, this.o.pool);
    if (cfg.adapterType.trim() === '') return out; // recording is off; events left from before wait
    while (!this.stopped) {
      const events = await this.o.store.compliance.claim(this.owner, this.o.batchSize, this.o.leaseMs);
      const first = events[0];
      if (!first) break;
      const info = { batchId: first.batchId, attempts: first.attempts };
      try {
        const s = adapterSettings(cfg, this.o.dataDir);
        const adapter = await this.adapterFor(s);
        const conversations = await buildConversations(this.o.store, events, s);
        await adapter.translate(conversations, info);
      } catch (e) {
        const delay = Math.min(this.o.maxRetryMs, this.o.retryBaseMs * 2 ** first.attempts);
        const message = e instanceof Error ? e.message : String(e);
        await this.o.store.compliance.fail(this.owner, first.batchId, message, this.now() + delay);
        this.o.log.error(
          {
            err: e,
            batch: first.batchId,
            events: events.length,
            attempt: first.attempts + 1,
            retryInMs: delay,
          },
          'compliance adapter failed; the batch is kept and retried',
        );
        out.failed++;
        this.adapter = null; // reload a module adapter on the retry
        break;
      }
      const deleted = await this.o.store.compliance.complete(this.owner, first.batchId);
      if (deleted !== events.length)
        this.o.log.warn(
          { batch: first.batchId, events: events.length, deleted },
          'compliance batch lease expired during the adapter run; another node may write it again (same file names)',
        );
      out.batches++;
      out.events += events.length;
    }
    if (out.batches > 0) this.o.log.info(out, 'compliance run done');
    return out;
  }

  private async adapterFor(s: AdapterSettings): Promise<Adapter> {
    const key = JSON.stringify(s);
    if (this.adapter?.key === key) return this.adapter.adapter;
    await prepareDirectory(s.outputDirectory);
    const adapter = await createAdapter(s);
    this.adapter = { key, adapter };
    return adapter;
  }
}
