// The background retention purge of this node's pool: every `intervalMs`, purgeExpired() deletes
// messages past their RetentionDays in bounded batches, skipping rooms under legal hold. On a pool of
// several nodes each node runs it; the deletes are idempotent, so overlapping passes only cost time.
import type { Pool, Store } from '@pchat/domain';
import { purgeExpired } from '@pchat/domain';
import type { ChatLogger } from '../chat/types.js';

export class RetentionRunner {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly o: {
      store: Store;
      pool: Pool;
      log: ChatLogger;
      intervalMs: number;
      batchSize: number;
      now?: () => number;
    },
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.runOnce(), this.o.intervalMs);
    this.timer.unref();
  }

  runOnce(): Promise<void> {
    this.running ??= (async () => {
      try {
        const r = await purgeExpired(this.o.store, this.o.pool, (this.o.now ?? Date.now)(), this.o.batchSize);
        if (r.purged > 0 || r.held > 0) this.o.log.info(r, 'retention purge done');
      } catch (e) {
        this.o.log.error({ err: e }, 'retention purge failed; it runs again at the next interval');
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
