// Room lookup by URI and the registry of room runtimes on this node. A runtime exists while at least one
// session is joined; it caches the room and its category, refreshed by the behaviours on domain events.
import { DomainError, requireCategory, type Category, type Pool, type Room } from '@pchat/domain';
import { parseCategoryUri, parseRoomUri } from '@pchat/protocol';
import { RoomRuntime, type RuntimeDeps } from './room-runtime.js';

/** What the registry needs, stated explicitly (as RoomRuntime's RuntimeDeps are). */
export interface RegistryDeps extends RuntimeDeps {
  /** The pool this node serves: room and category URIs of other pools are NoSuchNode. */
  pool: Pick<Pool, 'domain' | 'fqdn'>;
  /** Read when a runtime starts (the configuration may have been reloaded since). */
  participantUpdateLimit: () => number;
}

export interface RoomTarget {
  room: Room;
  category: Category;
}

function noSuchRoom(uri: string): DomainError {
  // The same words as an invisible Secret room (can() 'NoSuchNode', PC-03).
  return new DomainError(
    'NoSuchNode',
    `No chat room ${uri} exists, or you are not allowed to see it. Check the room URI or name.`,
    { uri },
  );
}

export class RoomRegistry {
  private readonly runtimes = new Map<string, RoomRuntime>();
  private readonly starting = new Map<string, Promise<RoomRuntime>>();

  constructor(private readonly deps: RegistryDeps) {}

  get(roomId: string): RoomRuntime | undefined {
    return this.runtimes.get(roomId);
  }

  all(): RoomRuntime[] {
    return [...this.runtimes.values()];
  }

  /** `ma-chan://<pool domain>/<room id>` → the room and its category; anything else is NoSuchNode. */
  async resolve(uri: string): Promise<RoomTarget> {
    const c = this.deps;
    let id: string;
    try {
      const parsed = parseRoomUri(uri);
      if (parsed.domain.toLowerCase() !== c.pool.domain.toLowerCase()) throw noSuchRoom(uri);
      id = parsed.value;
    } catch {
      throw noSuchRoom(uri);
    }
    const rt = this.runtimes.get(id);
    if (rt) return { room: rt.room, category: rt.category };
    const room = await c.store.rooms.getRoom(id);
    if (!room || room.poolFqdn !== c.pool.fqdn) throw noSuchRoom(uri);
    const category = await c.store.rooms.getCategory(room.categoryId);
    if (!category) throw noSuchRoom(uri);
    return { room, category };
  }

  /**
   * `ma-cat://<pool domain>/<category id>` → the category of this pool; unknown or foreign is NoSuchNode, the
   * root category NodeHierarchyViolation (PC-30, rooms never live there). Categories are not secret (PC-33).
   */
  async resolveCategory(uri: string): Promise<Category> {
    const c = this.deps;
    const missing = new DomainError(
      'NoSuchNode',
      `No category ${uri} exists on this server. Check the category URI (cmd:nodespermcreatechild lists yours).`,
      { uri },
    );
    let id: string;
    try {
      const parsed = parseCategoryUri(uri);
      if (parsed.domain.toLowerCase() !== c.pool.domain.toLowerCase()) throw missing;
      id = parsed.value;
    } catch {
      throw missing;
    }
    const category = await requireCategory(c.store, id);
    if (category.poolFqdn !== c.pool.fqdn) throw missing;
    return category;
  }

  /** The runtime of a room, started on first use (reads the room's last message id once). */
  async ensure(t: RoomTarget): Promise<RoomRuntime> {
    const existing = this.runtimes.get(t.room.id);
    if (existing) return existing;
    let p = this.starting.get(t.room.id);
    if (!p) {
      p = (async () => {
        const c = this.deps;
        const lastId = await c.store.messages.lastId(t.room.id);
        const rt = new RoomRuntime(t.room, t.category, c.participantUpdateLimit(), lastId, {
          store: c.store,
          bus: c.bus,
          log: c.log,
          nextEnvid: c.nextEnvid,
          // PC-71: the PART of a session that ends or is removed without cmd:part.
          ...(c.onLeave ? { onLeave: c.onLeave } : {}),
          ...(c.node ? { node: c.node } : {}),
        });
        this.runtimes.set(t.room.id, rt);
        return rt;
      })();
      this.starting.set(t.room.id, p);
      void p.finally(() => this.starting.delete(t.room.id)).catch(() => undefined);
    }
    return p;
  }

  /**
   * Called in the same turn as the join that follows ensure(): if the runtime was released in between (the
   * last participant left), it is registered again, or the newer runtime of the room is used.
   */
  attach(rt: RoomRuntime): RoomRuntime {
    const current = this.runtimes.get(rt.roomId);
    if (current) return current;
    rt.reopen();
    this.runtimes.set(rt.roomId, rt);
    return rt;
  }

  /** Stops a runtime nobody is joined to any more. */
  releaseIfEmpty(rt: RoomRuntime): void {
    if (!rt.isEmpty || this.runtimes.get(rt.roomId) !== rt) return;
    rt.close();
    this.runtimes.delete(rt.roomId);
  }
}
