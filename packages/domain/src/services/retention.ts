// Retention and legal hold: messages older than the RetentionDays of their category (else of the pool's
// configuration) are purged in the background in bounded batches; a legal hold on a room or its category
// stops purges and every deletion or replacement of content (Clear-CsPersistentChatRoom,
// Remove-CsPersistentChatMessage, an author's edit or delete), with a refusal that names the hold.
import { DomainError } from '../errors.js';
import type { Actor } from '../model/principal.js';
import type { Category, LegalHold, Room } from '../model/room.js';
import type { Store } from '../ports/store.js';
import { assertCan } from '../access/can.js';
import { effectiveConfig } from '../access/policy.js';
import type { ServiceDeps } from './deps.js';
import { requireRoom } from './nodes.js';

const DAY = 86_400_000;

/** The hold that protects a room's content, if any: the room's own, else its category's. */
export function holdOf(room: Room, category: Category): { on: string; hold: LegalHold } | null {
  if (room.legalHold) return { on: `room ${room.name}`, hold: room.legalHold };
  if (category.legalHold) return { on: `category ${category.name}`, hold: category.legalHold };
  return null;
}

/** Throws when a legal hold protects the room's content; `what` says what was refused. */
export function assertNoHold(room: Room, category: Category, what: string): void {
  const h = holdOf(room, category);
  if (!h) return;
  throw new DomainError(
    'ErrorPermission',
    `${what} is refused: the ${h.on} is under legal hold ("${h.hold.reason}", placed by ${h.hold.setBy} on ${new Date(h.hold.setOn).toISOString().slice(0, 10)}). Content under hold cannot be removed or changed until the hold is lifted with Set-CsPersistentChatLegalHold -Enabled $false.`,
    { hold: h.on },
  );
}

export async function assertRoomNotHeld(store: Store, roomId: string, what: string): Promise<void> {
  const { room, category } = await requireRoom(store, roomId);
  assertNoHold(room, category, what);
}

function checkDays(days: number): number {
  if (!Number.isInteger(days) || days < 0 || days > 36500)
    throw new DomainError(
      'InvalidArgument',
      `RetentionDays must be a whole number of days from 0 (keep forever) to 36500; got ${days}.`,
    );
  return days;
}

/** Set-CsPersistentChatRetention on a category (null = use the configuration's). */
export async function setCategoryRetention(
  deps: ServiceDeps,
  actor: Actor,
  category: Category,
  days: number | null,
): Promise<Category> {
  assertCan(actor, 'admin.purge');
  return deps.store.rooms.updateCategory(
    { ...category, retentionDays: days === null ? null : checkDays(days) },
    category.version,
  );
}

/** Set-CsPersistentChatRetention on a configuration scope (global, site:..., service:...). */
export async function setConfigRetention(
  deps: ServiceDeps,
  actor: Actor,
  identity: 'global' | `site:${string}` | `service:PersistentChatServer:${string}`,
  days: number,
): Promise<number> {
  assertCan(actor, 'admin.purge');
  const cur = await deps.store.topology.getConfig(identity);
  if (!cur && identity !== 'global')
    throw new DomainError('NoSuchNode', `No Persistent Chat configuration ${identity} exists.`, { identity });
  const base = cur ?? (await effectiveConfig(deps.store, {}));
  await deps.store.topology.putConfig({ ...base, identity, retentionDays: checkDays(days) });
  return days;
}

/** Set-CsPersistentChatLegalHold on a room or a category: on with a reason, or off. */
export async function setLegalHold(
  deps: ServiceDeps,
  actor: Actor,
  target: { room: Room } | { category: Category },
  enabled: boolean,
  reason: string,
): Promise<LegalHold | null> {
  assertCan(actor, 'admin.purge');
  if (enabled && reason.trim() === '')
    throw new DomainError(
      'InvalidArgument',
      'Say why the hold is placed (-Reason): it is shown in every refusal.',
    );
  const hold: LegalHold | null = enabled
    ? { reason: reason.trim(), setBy: actor.uri, setOn: deps.clock.now() }
    : null;
  if ('room' in target)
    await deps.store.rooms.updateRoom({ ...target.room, legalHold: hold }, target.room.version);
  else
    await deps.store.rooms.updateCategory({ ...target.category, legalHold: hold }, target.category.version);
  return hold;
}

export interface RetentionRun {
  purged: number;
  /** Rooms skipped because of a legal hold. */
  held: number;
}

/**
 * One background pass over a pool: for every room whose effective RetentionDays > 0 and that is not
 * under hold, deletes messages older than the cut-off in batches of `batchSize` (each its own short
 * statement) until none is left or `maxBatches` were used (the next pass continues).
 */
export async function purgeExpired(
  store: Store,
  pool: { fqdn: string; siteId: string | null },
  now: number,
  batchSize: number,
  maxBatches = 1000,
): Promise<RetentionRun> {
  const config = await effectiveConfig(store, { poolFqdn: pool.fqdn, siteId: pool.siteId });
  const out: RetentionRun = { purged: 0, held: 0 };
  let batches = 0;
  for (const category of await store.rooms.listCategories(pool.fqdn)) {
    const days = category.retentionDays ?? config.retentionDays ?? 0;
    if (days <= 0) continue;
    const cutoff = now - days * DAY;
    for (let offset = 0; ; offset += 500) {
      const rooms = await store.rooms.listRooms({
        poolFqdn: pool.fqdn,
        categoryId: category.id,
        limit: 500,
        offset,
      });
      for (const room of rooms) {
        if (holdOf(room, category)) {
          out.held++;
          continue;
        }
        for (;;) {
          if (batches++ >= maxBatches) return out;
          const n = await store.messages.purgeOlderThan(room.id, cutoff, batchSize);
          out.purged += n;
          if (n < batchSize) break;
        }
      }
      if (rooms.length < 500) break;
    }
  }
  return out;
}
