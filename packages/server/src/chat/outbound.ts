// A session's bounded outbound queue (PC-08; DEVELOPING.md, outbound bounds): bodies go straight to the sink
// while it keeps up; while it is backed up (send() returned false, or bufferedAmount() is over the high-water
// mark) they wait here, bounded by count and bytes. Past either bound the session is dropped, so one slow
// receiver never slows the room.
import type { ChatSink, OutboundLimits } from './types.js';

export class Outbound {
  private readonly queue: string[] = [];
  private bytes = 0;
  private paused = false;
  private overflowed = false;

  constructor(
    private readonly sink: ChatSink,
    private readonly limits: OutboundLimits,
    private readonly onOverflow: () => void,
  ) {}

  get queued(): number {
    return this.queue.length;
  }

  /** Sends or queues one body. Never throws for a slow sink; calls onOverflow (once) past the bounds. */
  push(body: string): void {
    if (this.overflowed) return;
    if (this.queue.length > 0) this.flush();
    if (this.queue.length === 0 && !this.backedUp()) {
      this.write(body);
      return;
    }
    this.queue.push(body);
    this.bytes += body.length;
    if (this.queue.length > this.limits.maxQueued || this.bytes > this.limits.maxQueuedBytes) {
      this.overflowed = true;
      this.queue.length = 0;
      this.bytes = 0;
      this.onOverflow();
    }
  }

  /** The adapter tells us the sink drained: send what waited, in order. */
  drained(): void {
    this.paused = false;
    this.flush();
  }

  private flush(): void {
    while (this.queue.length > 0 && !this.backedUp()) {
      const body = this.queue.shift() as string;
      this.bytes -= body.length;
      this.write(body);
    }
  }

  private backedUp(): boolean {
    return this.paused || (this.sink.bufferedAmount?.() ?? 0) > this.limits.highWaterBytes;
  }

  private write(body: string): void {
    if (this.sink.send(body) === false) this.paused = true;
  }
}
