// The presence bus port (docs/presence.md): aggregated presence changes for fan-out, like the room bus
// carries room events. In-process for one node; a pool implementation carries the same changes between
// nodes, so that a watcher on one node hears of a user signed in on another.
import type { PrincipalUri } from '../model/principal.js';
import type { PresenceState } from '../model/presence.js';

export interface PresenceChange {
  uri: PrincipalUri;
  state: PresenceState;
  /**
   * The person blocked or unblocked someone: every node that keeps their blocked list reads it again
   * before telling the watchers (a node only learns of the change through this).
   */
  accessChanged?: true;
}

export type PresenceHandler = (change: PresenceChange) => void;

export interface PresenceBus {
  publish(change: PresenceChange): void;
  /** Every change, whoever it is about. Returns the unsubscribe function. */
  subscribe(handler: PresenceHandler): () => void;
}
