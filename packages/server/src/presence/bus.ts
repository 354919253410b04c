// The presence bus on one node (docs/presence.md): handlers run synchronously, in subscription order; a
// failing handler does not stop the others. A pool carries the same PresenceChange values between nodes
// through its own implementation of the port.
import type { PresenceBus, PresenceChange, PresenceHandler } from '@pchat/domain';

export class InProcessPresenceBus implements PresenceBus {
  private readonly handlers = new Set<PresenceHandler>();

  constructor(private readonly onHandlerError: (e: unknown) => void = () => undefined) {}

  publish(change: PresenceChange): void {
    for (const h of [...this.handlers]) {
      try {
        h(change);
      } catch (e) {
        this.onHandlerError(e);
      }
    }
  }

  subscribe(handler: PresenceHandler): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }
}
