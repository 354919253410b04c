// Read side: room directory search/browse with visibility (PC-11), categories with create rights (PC-33),
// eligible principals for a role (PC-48, SDK FindUsersOrGroupsForRole).
import { DomainError } from '../errors.js';
import type { Actor, User } from '../model/principal.js';
import type { Category, Room } from '../model/room.js';
import type { RoomFilter } from '../ports/store.js';
import { can } from '../access/can.js';
import { resolveAncestry } from '../access/ancestry.js';
import { inScope, listNames } from '../access/scope.js';
import type { ServiceDeps } from './deps.js';
import { isRootCategory, requireCategory, requireRoom } from './nodes.js';

/**
 * Rooms matching the filter that the actor may see (room.view): Open/Closed to everyone in scope, Secret to
 * members (and managers), disabled rooms only to their managers and admins (PC-11, PC-14). Paging applies
 * after the visibility filter, so pages never have holes.
 */
export async function searchRooms(deps: ServiceDeps, actor: Actor, filter: RoomFilter): Promise<Room[]> {
  const { limit, offset, ...rest } = filter;
  const categories = new Map<string, Category | null>();
  const out: Room[] = [];
  for (const room of await deps.store.rooms.listRooms(rest)) {
    if (!categories.has(room.categoryId))
      categories.set(room.categoryId, await deps.store.rooms.getCategory(room.categoryId));
    const category = categories.get(room.categoryId);
    if (category && can(actor, 'room.view', { room, category }).allowed) out.push(room);
  }
  const start = offset ?? 0;
  return out.slice(start, limit === undefined ? undefined : start + limit);
}

/** SDK FindCategoriesWithCreateRights: empty = no rights (PC-33). The root is never offered (PC-30). */
export async function categoriesWithCreateRights(
  deps: ServiceDeps,
  actor: Actor,
  poolFqdn?: string,
): Promise<Category[]> {
  const out: Category[] = [];
  for (const c of await deps.store.rooms.listCategories(poolFqdn)) {
    if (!(await isRootCategory(deps.store, c)) && can(actor, 'category.createRoom', { category: c }).allowed)
      out.push(c);
  }
  return out;
}

export type EligibleRole = 'member' | 'manager' | 'presenter' | 'creator';

export interface EligibleQuery {
  /** A room (members/managers/presenters) or a category (members/managers/creators... see role). */
  roomId?: string;
  categoryId?: string;
  role: EligibleRole;
  /** Matches SIP addresses only (PC-48); `*` wildcards are ignored (substring match). */
  filter?: string;
  limit: number;
}

/**
 * Users eligible for a role (PC-48): member/manager = enabled users in the category's scope; presenter =
 * users who are already members of the room (and in scope). Creator is refused, as the SDK's
 * FindUsersOrGroupsForRole does. Admin-facing: the caller checks who may ask (admin or the room's managers).
 */
export async function eligiblePrincipals(deps: ServiceDeps, q: EligibleQuery): Promise<User[]> {
  if (q.role === 'creator')
    throw new DomainError(
      'InvalidArgument',
      'Eligible principals can be listed for the member, manager and presenter roles only; Creator is not a room role.',
    );
  if (q.limit <= 0) throw new DomainError('InvalidArgument', 'The result size must be at least 1.');
  let category: Category;
  let room: Room | null = null;
  if (q.roomId !== undefined) ({ room, category } = await requireRoom(deps.store, q.roomId));
  else if (q.categoryId !== undefined) category = await requireCategory(deps.store, q.categoryId);
  else throw new DomainError('InvalidArgument', 'Name a room or a category to list eligible principals for.');
  if (q.role === 'presenter' && room === null)
    throw new DomainError(
      'InvalidArgument',
      'Eligible presenters are listed per room (they must be its members).',
    );

  const needle = (q.filter ?? '').replace(/\*/g, '').toLowerCase();
  const out: User[] = [];
  const page = 500;
  for (let offset = 0; out.length < q.limit; offset += page) {
    const batch = await deps.store.directory.search({ kinds: ['user'], text: needle, limit: page, offset });
    for (const p of batch) {
      if (p.kind !== 'user' || p.disabled || !p.uri.toLowerCase().includes(needle)) continue;
      const ancestry = await resolveAncestry(deps.store, p.uri);
      if (!inScope(ancestry, category)) continue;
      if (q.role === 'presenter' && !listNames(ancestry, (room as Room).members)) continue;
      out.push(p);
      if (out.length >= q.limit) break;
    }
    if (batch.length < page) break;
  }
  return out;
}
