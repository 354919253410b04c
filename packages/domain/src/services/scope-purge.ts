// D-6: when an admin narrows a category's scope, role entries of its rooms that fall out of it are purged,
// the same rule PC-34 states for moving a room, so lists never show people who cannot use them.
import type { Actor } from '../model/principal.js';
import type { Category } from '../model/room.js';
import type { Store } from '../ports/store.js';
import type { ServiceDeps } from './deps.js';
import { touched } from './deps.js';
import type { DomainEvent } from './events.js';
import { diffLists, isEmptyDiff, purgeLists } from './room-lists.js';

export async function purgeOutOfScope(
  store: Store,
  deps: ServiceDeps,
  actor: Actor,
  category: Category,
  reason: 'scopeNarrowed' | 'categoryChange',
): Promise<DomainEvent[]> {
  const events: DomainEvent[] = [];
  for (const room of await store.rooms.listRooms({ categoryId: category.id })) {
    const lists = await purgeLists(store, room, category);
    const diff = diffLists(room, lists);
    if (isEmptyDiff(diff)) continue;
    const saved = await store.rooms.updateRoom(
      { ...room, ...lists, audit: touched(room.audit, actor.uri, deps.clock.now()) },
      room.version,
    );
    events.push({ type: 'RoomUpdated', room: saved, before: room });
    events.push({ type: 'MembersRemoved', room: saved, ...diff, reason });
  }
  return events;
}
