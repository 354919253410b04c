// The pool bus on Redis pub/sub: the second adapter (docs/decisions.md has why NATS is the default). One
// channel per room; a subscriber connection of its own, as Redis requires; frames from this node are
// dropped on arrival (Redis has no echo suppression).
import { createClient } from 'redis';
import { ConfigError } from '../config/load.js';
import { RelayBus, type RelayLog } from './relay-bus.js';

type Client = ReturnType<typeof createClient>;

export class RedisBus extends RelayBus {
  private constructor(
    private readonly pub: Client,
    private readonly sub: Client,
    node: string,
    prefix: string,
    log: RelayLog,
  ) {
    super(node, prefix, log);
    void this.sub.subscribe(this.domainSubject, (m) => this.receive(m));
    // After a reconnect the client subscribes again by itself; what was published meanwhile is read back.
    this.sub.on('ready', () => this.resyncAll());
  }

  static async connect(url: string, node: string, prefix: string, log: RelayLog): Promise<RedisBus> {
    const pub = createClient({ url });
    const sub = pub.duplicate();
    for (const c of [pub, sub]) c.on('error', (e: unknown) => log.error({ err: e }, 'pool bus: Redis error'));
    try {
      await Promise.all([pub.connect(), sub.connect()]);
    } catch (e) {
      throw new ConfigError(
        `Cannot reach the Redis server of the pool bus at ${url} (${e instanceof Error ? e.message : String(e)}). Start Redis or correct bus.url.`,
        { cause: e },
      );
    }
    return new RedisBus(pub, sub, node, prefix, log);
  }

  protected send(subject: string, bytes: Uint8Array): void {
    this.pub
      .publish(subject, Buffer.from(bytes))
      .catch((e: unknown) => this.log.error({ err: e, subject }, 'pool bus: publishing failed'));
  }

  protected listen(roomId: string): void {
    const channel = this.roomSubject(roomId);
    this.sub
      .subscribe(channel, (m) => this.receive(m))
      .then(
        () => this.local.publish(roomId, { type: 'resync', roomId }),
        (e: unknown) => this.log.error({ err: e, channel }, 'pool bus: subscribing failed'),
      );
  }

  protected unlisten(roomId: string): void {
    void this.sub.unsubscribe(this.roomSubject(roomId)).catch(() => undefined);
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.sub.quit(), this.pub.quit()]);
  }
}
