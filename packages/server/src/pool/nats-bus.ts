// The pool bus on core NATS (docs/decisions.md: chosen over Redis pub/sub, with figures): one subject per
// room, at-most-once. Delivery needs nothing more, because the store is the truth: a node that reconnects
// resyncs every open room from the store, and a gap in a room's ids is read back (room-runtime.ts).
import { connect, type NatsConnection, type Subscription } from 'nats';
import { ConfigError } from '../config/load.js';
import { RelayBus, type RelayLog } from './relay-bus.js';

export class NatsBus extends RelayBus {
  private readonly subs = new Map<string, Subscription>();

  private constructor(
    private readonly nc: NatsConnection,
    node: string,
    prefix: string,
    log: RelayLog,
  ) {
    super(node, prefix, log);
    this.nc.subscribe(this.domainSubject, { callback: (err, msg) => !err && this.receive(msg.data) });
    void this.watch();
  }

  static async connect(url: string, node: string, prefix: string, log: RelayLog): Promise<NatsBus> {
    let nc: NatsConnection;
    try {
      nc = await connect({
        servers: url,
        name: `pchat ${node}`,
        // This node's own events are served in-process; NATS must not send them back.
        noEcho: true,
        maxReconnectAttempts: -1,
        reconnectTimeWait: 250,
      });
    } catch (e) {
      throw new ConfigError(
        `Cannot reach the NATS server of the pool bus at ${url} (${e instanceof Error ? e.message : String(e)}). Start NATS or correct bus.url.`,
        { cause: e },
      );
    }
    return new NatsBus(nc, node, prefix, log);
  }

  private async watch(): Promise<void> {
    for await (const s of this.nc.status()) {
      if (s.type === 'disconnect')
        this.log.warn({ server: s.data }, 'pool bus: NATS connection lost, reconnecting');
      if (s.type === 'reconnect') {
        this.log.warn({ server: s.data }, 'pool bus: NATS connection back; rooms resync from the store');
        this.resyncAll();
      }
    }
  }

  protected send(subject: string, bytes: Uint8Array): void {
    try {
      this.nc.publish(subject, bytes);
    } catch (e) {
      // Closed or draining: the store has the event; other nodes resync when they notice.
      this.log.error({ err: e, subject }, 'pool bus: publishing failed');
    }
  }

  protected listen(roomId: string): void {
    const sub = this.nc.subscribe(this.roomSubject(roomId), {
      callback: (err, msg) => !err && this.receive(msg.data),
    });
    this.subs.set(roomId, sub);
    // Events published by other nodes between this node's store read and the subscription reaching the
    // NATS server would be missed: once the server has it, resync the room.
    void this.nc.flush().then(
      () => this.local.publish(roomId, { type: 'resync', roomId }),
      () => undefined,
    );
  }

  protected unlisten(roomId: string): void {
    this.subs.get(roomId)?.unsubscribe();
    this.subs.delete(roomId);
  }

  async close(): Promise<void> {
    if (!this.nc.isClosed()) await this.nc.drain().catch(() => this.nc.close());
  }
}
