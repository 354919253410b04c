// What handlers and behaviours share: the store and the domain's service deps, this node's pool and its
// effective configuration (PC-42), the bus, the room runtimes and the open sessions.
import {
  effectiveConfig,
  type ChatConfiguration,
  type Clock,
  type Pool,
  type PreferenceQuota,
  type ServiceDeps,
  type Store,
} from '@pchat/domain';
import type { ComplianceRecorder } from '../compliance/recorder.js';
import type { Bus } from './bus.js';
import type { RateLimiter } from './rate-limits.js';
import type { RoomRegistry } from './rooms.js';
import type { ChatSession } from './session.js';
import type { ChatLogger, ChatMetrics, CloseReason } from './types.js';

export interface ChatContext {
  readonly store: Store;
  /** For the domain services (preferences, history, directory). */
  readonly deps: ServiceDeps;
  readonly clock: Clock;
  readonly pool: Pool;
  /** The pool's effective configuration; reloaded by ChatService.reloadConfig(). */
  config: ChatConfiguration;
  readonly bus: Bus;
  readonly log: ChatLogger;
  /** Compliance recording (PC-70, PC-71). */
  readonly compliance: ComplianceRecorder;
  readonly rooms: RoomRegistry;
  readonly sessions: SessionIndex;
  /** Counters for /metrics (NO_CHAT_METRICS when nobody reads them). */
  readonly metrics: ChatMetrics;
  /** Per-user and per-connection rate limits (rate-limits.ts). */
  readonly limiter: RateLimiter;
  /** Preference bundles (PC-19): bytes of one bundle, bundles per user. */
  readonly preferenceQuota: PreferenceQuota;
  /** Where this node serves HTTP, for file transfer links (PC-15); null without an HTTP listener. */
  httpBase(): string | null;
  /** The server's envelope ids, one counter for the node (see ChatSession). */
  nextEnvid(): number;
  /** Ends a session on the server's initiative (the sink closes the dialog with `message`). */
  endSession(session: ChatSession, reason: CloseReason, message: string): void;
}

export async function loadConfig(store: Store, pool: Pool): Promise<ChatConfiguration> {
  return effectiveConfig(store, { poolFqdn: pool.fqdn, siteId: pool.siteId });
}

/** Open chat sessions by user URI (invitations reach every endpoint of a user, PC-12). */
export class SessionIndex {
  private readonly byUser = new Map<string, Set<ChatSession>>();

  add(s: ChatSession): void {
    let set = this.byUser.get(s.uri);
    if (!set) this.byUser.set(s.uri, (set = new Set()));
    set.add(s);
  }

  remove(s: ChatSession): void {
    const set = this.byUser.get(s.uri);
    if (!set) return;
    set.delete(s);
    if (set.size === 0) this.byUser.delete(s.uri);
  }

  of(uri: string): ChatSession[] {
    return [...(this.byUser.get(uri.toLowerCase()) ?? [])];
  }

  get size(): number {
    let n = 0;
    for (const set of this.byUser.values()) n += set.size;
    return n;
  }

  all(): ChatSession[] {
    const out: ChatSession[] = [];
    for (const set of this.byUser.values()) out.push(...set);
    return out;
  }
}
