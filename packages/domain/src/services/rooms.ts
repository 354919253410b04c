// Room lifecycle (PC-01..PC-05, PC-12, PC-14, PC-18, PC-33, PC-34, PC-44): create, update (properties,
// role lists, disable/enable, move), delete. Every write is one transaction; events go out after commit.
import { DomainError } from '../errors.js';
import type { Actor } from '../model/principal.js';
import type { Category, Room, RoomInvitations, RoomPrivacy, RoomType } from '../model/room.js';
import type { Store } from '../ports/store.js';
import { assertCan } from '../access/can.js';
import type { ServiceDeps } from './deps.js';
import { newAudit, publishAll, touched } from './deps.js';
import type { DomainEvent } from './events.js';
import type { ListEdit } from './principals.js';
import { added, applyListEdit, normalizeList } from './principals.js';
import {
  assertNameFree,
  checkName,
  isRootCategory,
  nodeUri,
  requireCategory,
  requirePool,
  requireRoom,
} from './nodes.js';
import { diffLists, isEmptyDiff, purgeLists, validateRoleLists } from './room-lists.js';
import { inviteNewMembers } from './invitations.js';
import { collision } from './categories.js';

const PRIVACIES: readonly RoomPrivacy[] = ['Open', 'Closed', 'Secret'];
const TYPES: readonly RoomType[] = ['Normal', 'Auditorium'];
const INVITATIONS: readonly RoomInvitations[] = ['Inherit', 'False'];

export interface NewRoomInput {
  categoryId: string;
  name: string;
  description?: string;
  privacy?: RoomPrivacy; // default Closed (PC-03)
  type?: RoomType; // default Normal (PC-02)
  invitations?: RoomInvitations; // default Inherit (PC-12)
  disabled?: boolean;
  addinId?: string | null;
  members?: readonly string[];
  managers?: readonly string[];
  presenters?: readonly string[];
  /** PC-33: the creator becomes a manager. Default true; the admin API may pass false (New-CsPersistentChatRoom). */
  creatorIsManager?: boolean;
}

export interface RoomPatch {
  name?: string;
  description?: string;
  privacy?: RoomPrivacy;
  type?: RoomType;
  invitations?: RoomInvitations;
  disabled?: boolean;
  addinId?: string | null;
  members?: ListEdit;
  managers?: ListEdit;
  presenters?: ListEdit;
  /** Move to another category (PC-34). */
  categoryId?: string;
}

function checkEnums(p: { privacy?: RoomPrivacy; type?: RoomType; invitations?: RoomInvitations }): void {
  if (p.privacy !== undefined && !PRIVACIES.includes(p.privacy))
    throw new DomainError(
      'InvalidArgument',
      `Privacy '${String(p.privacy)}' is not valid: use Open, Closed or Secret.`,
    );
  if (p.type !== undefined && !TYPES.includes(p.type))
    throw new DomainError(
      'InvalidArgument',
      `Type '${String(p.type)}' is not valid: use Normal or Auditorium.`,
    );
  if (p.invitations !== undefined && !INVITATIONS.includes(p.invitations))
    throw new DomainError(
      'InvalidArgument',
      `Invitations '${String(p.invitations)}' is not valid: use Inherit or False.`,
    );
}

async function checkAddin(store: Store, addinId: string | null | undefined, poolFqdn: string): Promise<void> {
  if (addinId === null || addinId === undefined) return;
  const a = await store.rooms.getAddin(addinId);
  if (!a || a.poolFqdn !== poolFqdn)
    throw new DomainError(
      'NoSuchNode',
      `No add-in ${addinId} is registered in pool ${poolFqdn}. Pick one from the registered add-ins.`,
      { addinId },
    );
}

async function requireNonRoot(store: Store, category: Category): Promise<void> {
  if (await isRootCategory(store, category)) {
    throw new DomainError(
      'NodeHierarchyViolation',
      'Rooms cannot live in the root category. Choose a category under the root.',
    );
  }
}

export async function createRoom(deps: ServiceDeps, actor: Actor, input: NewRoomInput): Promise<Room> {
  checkEnums(input);
  const events: DomainEvent[] = [];
  const room = await deps.store.transaction(async (store) => {
    const category = await requireCategory(store, input.categoryId);
    await requireNonRoot(store, category);
    assertCan(actor, 'category.createRoom', { category }); // PC-33
    const pool = await requirePool(store, category.poolFqdn);
    const name = checkName(input.name, 'room');
    await assertNameFree(store, pool.fqdn, name, 'room', undefined, actor);
    await checkAddin(store, input.addinId, pool.fqdn);
    const managers = normalizeList(input.managers ?? []);
    if ((input.creatorIsManager ?? true) && !managers.includes(actor.uri)) managers.unshift(actor.uri); // PC-33
    const empty = { members: [], managers: [], presenters: [] };
    // The creator is in scope (can() checked it) or an admin (PC-35): not re-checked as a list entry.
    const lists = await validateRoleLists(
      store,
      name,
      category,
      { ...empty, managers: [actor.uri] },
      {
        members: normalizeList(input.members ?? []),
        managers,
        presenters: normalizeList(input.presenters ?? []),
      },
    );
    const id = deps.ids.uuid();
    const now = deps.clock.now();
    const r: Room = {
      id,
      uri: nodeUri('ma-chan', pool, id),
      poolFqdn: pool.fqdn,
      categoryId: category.id,
      name,
      description: input.description ?? '',
      privacy: input.privacy ?? 'Closed',
      type: input.type ?? 'Normal',
      invitations: input.invitations ?? 'Inherit',
      disabled: input.disabled ?? false,
      addinId: input.addinId ?? null,
      ...lists,
      version: 1,
      audit: newAudit(actor.uri, now),
    };
    await store.rooms.insertRoom(r);
    events.push({ type: 'RoomCreated', room: r });
    const inv = await inviteNewMembers(store, r, category, r.members, actor.uri, now); // PC-12 "including at room creation"
    if (inv.length > 0) events.push({ type: 'InvitationsCreated', room: r, invitations: inv });
    return r;
  });
  publishAll(deps, events);
  return room;
}

/** Set-CsPersistentChatRoom / SDK UpdateChatRoom: managers and admins (PC-34). */
export async function updateRoom(
  deps: ServiceDeps,
  actor: Actor,
  roomId: string,
  expectedVersion: number,
  patch: RoomPatch,
): Promise<Room> {
  checkEnums(patch);
  const events: DomainEvent[] = [];
  const saved = await deps.store.transaction(async (store) => {
    const { room: before, category: from } = await requireRoom(store, roomId);
    assertCan(actor, 'room.manage', { room: before, category: from });
    if (before.version !== expectedVersion) throw collision(before.name);
    const now = deps.clock.now();

    let category = from;
    if (patch.categoryId !== undefined && patch.categoryId !== from.id) {
      const to = await requireCategory(store, patch.categoryId);
      await requireNonRoot(store, to);
      if (to.poolFqdn !== before.poolFqdn) {
        throw new DomainError(
          'InvalidArgument',
          `Cannot move '${before.name}' to category '${to.name}': it belongs to another pool, and rooms never move between pools.`,
        );
      }
      assertCan(actor, 'room.changeCategory', { room: before, category: from, to });
      category = to;
    }

    const next: Room = { ...before, categoryId: category.id, audit: touched(before.audit, actor.uri, now) };
    if (patch.name !== undefined) {
      next.name = checkName(patch.name, 'room');
      if (next.name.toLowerCase() !== before.name.toLowerCase())
        await assertNameFree(store, before.poolFqdn, next.name, 'room', before.id, actor);
    }
    if (patch.description !== undefined) next.description = patch.description;
    if (patch.privacy !== undefined) next.privacy = patch.privacy;
    if (patch.type !== undefined) next.type = patch.type;
    if (patch.invitations !== undefined) next.invitations = patch.invitations; // D-8: Inherit never exceeds the category
    if (patch.disabled !== undefined) next.disabled = patch.disabled; // PC-14: managers may disable/enable
    if (patch.addinId !== undefined) {
      await checkAddin(store, patch.addinId, before.poolFqdn);
      next.addinId = patch.addinId;
    }

    // PC-34: a move purges the entries the new category does not allow, then the edits apply.
    const base = category === from ? before : { ...before, ...(await purgeLists(store, before, category)) };
    const lists = await validateRoleLists(store, next.name, category, base, {
      members: applyListEdit(base.members, patch.members),
      managers: applyListEdit(base.managers, patch.managers),
      presenters: applyListEdit(base.presenters, patch.presenters),
    });
    Object.assign(next, lists);

    const stored = await store.rooms.updateRoom(next, expectedVersion);
    events.push({ type: 'RoomUpdated', room: stored, before });
    if (category !== from) events.push({ type: 'RoomMoved', room: stored, from, to: category });
    const diff = diffLists(before, stored);
    if (!isEmptyDiff(diff))
      events.push({
        type: 'MembersRemoved',
        room: stored,
        ...diff,
        reason: category !== from ? 'categoryChange' : 'edit',
      });
    if (stored.disabled && !before.disabled) events.push({ type: 'RoomDisabled', room: stored });
    if (!stored.disabled && before.disabled) events.push({ type: 'RoomEnabled', room: stored });
    const inv = await inviteNewMembers(
      store,
      stored,
      category,
      added(before.members, stored.members),
      actor.uri,
      now,
    );
    if (inv.length > 0) events.push({ type: 'InvitationsCreated', room: stored, invitations: inv });
    return stored;
  });
  publishAll(deps, events);
  return saved;
}

/** Remove-CsPersistentChatRoom: admins only (PC-14, D-5). Unknown rooms: NoSuchNode. */
export async function deleteRoom(deps: ServiceDeps, actor: Actor, roomId: string): Promise<void> {
  const room = await deps.store.transaction(async (store) => {
    const { room: r, category } = await requireRoom(store, roomId);
    assertCan(actor, 'room.delete', { room: r, category });
    await store.rooms.deleteRoom(r.id);
    return r;
  });
  publishAll(deps, [{ type: 'RoomDeleted', room }]);
}
