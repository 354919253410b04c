// Group commit (bench/README.md goal 5; DEVELOPING.md, group commit): while one commit is in flight, arriving
// items queue; the next commit carries all of them in one transaction. A single poster pays one commit per
// item; many concurrent posters share commits. Each caller's promise settles only after its own commit.
interface Pending<I, O> {
  item: I;
  resolve: (o: O) => void;
  reject: (e: unknown) => void;
}

export class GroupCommitter<I, O> {
  private queue: Pending<I, O>[] = [];
  private running: Promise<void> | null = null;

  constructor(
    /** Commits items in one transaction; returns one result per item, in order. */
    private readonly commit: (items: I[]) => Promise<O[]>,
    private readonly maxBatch = 2000,
  ) {}

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.running ??= this.drain();
    });
  }

  /** Resolves when everything submitted so far has settled. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.maxBatch);
        await this.run(batch);
      }
    } finally {
      this.running = null;
    }
  }

  private async run(batch: Pending<I, O>[]): Promise<void> {
    try {
      const out = await this.commit(batch.map((p) => p.item));
      batch.forEach((p, i) => p.resolve(out[i] as O));
    } catch (e) {
      if (batch.length === 1) {
        batch[0]?.reject(e);
        return;
      }
      // The transaction rolled back as a whole; retry one by one so only the faulty item fails.
      for (const p of batch) await this.run([p]);
    }
  }
}
