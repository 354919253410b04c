// Shared lookups for categories and rooms: pools, the root category (PC-30), name rules (PC-01).
import { DomainError } from '../errors.js';
import type { Category, Room } from '../model/room.js';
import type { Pool } from '../model/topology.js';
import type { Store } from '../ports/store.js';
import type { Actor } from '../model/principal.js';
import { can } from '../access/can.js';

export const MAX_NAME_LENGTH = 256; // PC-01

export async function requirePool(store: Store, poolFqdn: string | undefined): Promise<Pool> {
  if (poolFqdn === undefined || poolFqdn === '') {
    // PC-44: the pool can be left out when there is exactly one.
    const pools = await store.topology.listPools();
    if (pools.length === 1) return pools[0] as Pool;
    throw new DomainError(
      'InvalidArgument',
      pools.length === 0
        ? 'No Persistent Chat pool is defined. Create a pool first.'
        : 'Several Persistent Chat pools exist: name the pool (PersistentChatPoolFqdn).',
    );
  }
  const pool =
    (await store.topology.getPool(poolFqdn.toLowerCase())) ?? (await store.topology.getPool(poolFqdn));
  if (!pool)
    throw new DomainError(
      'NoSuchNode',
      `No Persistent Chat pool '${poolFqdn}' exists. Check the pool FQDN.`,
      { poolFqdn },
    );
  return pool;
}

export async function isRootCategory(store: Store, category: Category): Promise<boolean> {
  const pool = await store.topology.getPool(category.poolFqdn);
  return pool !== null && pool.rootCategoryUri.toLowerCase() === category.uri.toLowerCase();
}

// Control characters (NUL, tab, line breaks, the C1 range), the Unicode line and paragraph separators and
// the bidirectional overrides and isolates: a name is one line of visible text, so it cannot break a log
// line, a CLI table or an XML attribute, nor show itself reversed to pass for another name.
const NAME_CONTROL = /[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

export function checkName(name: string, what: 'room' | 'category' | 'add-in'): string {
  const n = name.trim();
  if (n === '')
    throw new DomainError('InvalidArgument', `The ${what} name is empty. Give the ${what} a name.`);
  if (NAME_CONTROL.test(n))
    throw new DomainError(
      'InvalidArgument',
      `The ${what} name contains a control character (such as a line break, a tab or NUL) or a text-direction override. Use visible characters and spaces only.`,
    );
  if (n.length > MAX_NAME_LENGTH) {
    throw new DomainError(
      'LimitExceeded',
      `The ${what} name is ${n.length} characters long; at most ${MAX_NAME_LENGTH} are allowed. Shorten it.`,
      { length: n.length, limit: MAX_NAME_LENGTH },
    );
  }
  return n;
}

/**
 * PC-01: room names are unique per pool across rooms and categories. `selfId` excludes the object being
 * renamed. A clash with a room the actor may see is DuplicateRoomName (categories: DuplicateName). A clash
 * with anything the actor may not see — a Secret room it is not a member of, or a category (users are
 * never shown categories by name) — gets one and the same answer, so the refusal never confirms that a
 * Secret room of that name exists (docs/security.md). `actor` absent: a system caller that sees all.
 */
export async function assertNameFree(
  store: Store,
  poolFqdn: string,
  name: string,
  kind: 'room' | 'category',
  selfId?: string,
  actor?: Actor,
): Promise<void> {
  const code = kind === 'room' ? 'DuplicateRoomName' : 'DuplicateName';
  const unavailable = (): DomainError =>
    new DomainError(
      'InvalidArgument',
      `The name '${name}' is not available in pool ${poolFqdn}. Choose another name.`,
      { name },
    );
  const room = await store.rooms.getRoomByName(poolFqdn, name);
  if (room && room.id !== selfId) {
    if (actor !== undefined) {
      const category = await store.rooms.getCategory(room.categoryId);
      if (
        category === null ||
        !can(actor, 'room.view', { room: { ...room, disabled: false }, category }).allowed
      )
        throw unavailable();
    }
    throw new DomainError(
      code,
      `The name '${name}' is already used by a chat room in pool ${poolFqdn}. Choose another name.`,
      { name },
    );
  }
  const cat = await store.rooms.getCategoryByName(poolFqdn, name);
  if (cat && cat.id !== selfId) {
    if (actor !== undefined && !actor.isChatAdmin) throw unavailable();
    throw new DomainError(
      code,
      `The name '${name}' is already used by a category in pool ${poolFqdn}; rooms and categories cannot share a name. Choose another name.`,
      { name },
    );
  }
}

export async function requireCategory(store: Store, id: string): Promise<Category> {
  const c = await store.rooms.getCategory(id);
  if (c) return c;
  // The root category of each pool is fixed and holds no rooms (PC-30); pools carry its URI and no
  // category record exists for it, so naming it is a hierarchy violation, not an unknown node.
  const pools = await store.topology.listPools();
  if (
    pools.some(
      (p) =>
        p.rootCategoryUri.toLowerCase().endsWith(`/${id.toLowerCase()}`) ||
        p.rootCategoryUri.toLowerCase() === id.toLowerCase(),
    )
  ) {
    throw new DomainError(
      'NodeHierarchyViolation',
      'The root category cannot hold rooms and cannot be changed. Choose a category under it.',
      { categoryId: id },
    );
  }
  throw new DomainError('NoSuchNode', `No category ${id} exists. Check the category identity.`, {
    categoryId: id,
  });
}

/** Unknown rooms: the same words as an invisible Secret room (can() 'NoSuchNode'). */
export async function requireRoom(store: Store, id: string): Promise<{ room: Room; category: Category }> {
  const room = await store.rooms.getRoom(id);
  if (!room)
    throw new DomainError(
      'NoSuchNode',
      `No chat room ${id} exists, or you are not allowed to see it. Check the room URI or name.`,
      { roomId: id },
    );
  const category = await requireCategory(store, room.categoryId);
  return { room, category };
}

/** The SIP domain used in node URIs: the pool's domain (ma-chan://<domain>/<id>, PC-01). */
export function nodeUri(scheme: 'ma-chan' | 'ma-cat', pool: Pool, id: string): string {
  return `${scheme}://${pool.domain}/${id}`;
}
