// Room role lists (PC-04, PC-32): members, managers and presenters must be in the category's scope;
// presenters must be members; removing a member also removes them as presenter.
import { DomainError } from '../errors.js';
import type { PrincipalUri } from '../model/principal.js';
import type { Category, Room } from '../model/room.js';
import type { Store } from '../ports/store.js';
import { resolveAncestry } from '../access/ancestry.js';
import { listNames } from '../access/scope.js';
import { added, notInScopeError, outOfScope, removed } from './principals.js';

export interface RoleLists {
  members: PrincipalUri[];
  managers: PrincipalUri[];
  presenters: PrincipalUri[];
}

/** A presenter entry counts as a member when the members list names it or one of its ancestors. */
async function isMemberEntry(
  store: Store,
  uri: PrincipalUri,
  members: readonly PrincipalUri[],
): Promise<boolean> {
  return listNames(await resolveAncestry(store, uri), members);
}

/**
 * Validates role lists after an edit. `before` holds the lists already stored (empty at creation): only
 * entries that are new are checked for scope (PrincipalsNotInScope listing every offender, NoSuchPrincipal
 * for unknown URIs); stale presenters that are no longer members are dropped (PC-04 cascade), newly named
 * presenters that are not members are refused (PresenterNotInMemList).
 */
export async function validateRoleLists(
  store: Store,
  roomName: string,
  category: Category,
  before: RoleLists,
  next: RoleLists,
): Promise<RoleLists> {
  for (const [list, name] of [
    [next.members, 'members'],
    [next.managers, 'managers'],
    [next.presenters, 'presenters'],
  ] as const) {
    const prev =
      name === 'members' ? before.members : name === 'managers' ? before.managers : before.presenters;
    const bad = await outOfScope(store, added(prev, list), category);
    if (bad.length > 0) throw notInScopeError(bad, name, roomName, category);
  }
  const presenters: PrincipalUri[] = [];
  const notMembers: PrincipalUri[] = [];
  for (const p of next.presenters) {
    if (await isMemberEntry(store, p, next.members)) presenters.push(p);
    else if (!before.presenters.includes(p)) notMembers.push(p);
    // else: was a presenter and is no longer a member: dropped silently (cascade, PC-04).
  }
  if (notMembers.length > 0) {
    throw new DomainError(
      'PresenterNotInMemList',
      `Cannot make ${notMembers.join(', ')} presenter${notMembers.length === 1 ? '' : 's'} of '${roomName}': presenters must already be members. Add them as members first.`,
      { principals: notMembers },
    );
  }
  return { members: next.members, managers: next.managers, presenters };
}

/** Role entries out of the category's scope are purged (PC-34 move; D-6 narrowed scope). */
export async function purgeLists(store: Store, room: Room, category: Category): Promise<RoleLists> {
  const drop = new Set([
    ...(await outOfScope(store, room.members, category)),
    ...(await outOfScope(store, room.managers, category)),
    ...(await outOfScope(store, room.presenters, category)),
  ]);
  const members = room.members.filter((u) => !drop.has(u));
  const managers = room.managers.filter((u) => !drop.has(u));
  const presenters: PrincipalUri[] = [];
  for (const p of room.presenters)
    if (!drop.has(p) && (await isMemberEntry(store, p, members))) presenters.push(p);
  return { members, managers, presenters };
}

export function diffLists(before: RoleLists, after: RoleLists): RoleLists {
  return {
    members: removed(before.members, after.members),
    managers: removed(before.managers, after.managers),
    presenters: removed(before.presenters, after.presenters),
  };
}

export function isEmptyDiff(d: RoleLists): boolean {
  return d.members.length + d.managers.length + d.presenters.length === 0;
}
