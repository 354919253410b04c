// Invitations (PC-12): the category's Invitations bool is the gate; a room is Inherit (use it) or False.
import type { PrincipalUri } from '../model/principal.js';
import type { Category, Invitation, Room } from '../model/room.js';
import type { Store } from '../ports/store.js';
import { inScope } from '../access/scope.js';
import { resolveAncestry } from '../access/ancestry.js';
import { expandToUsers } from './principals.js';

/** Room invitations are on only when the room inherits and the category has them on (D-8). */
export function effectiveInvitations(
  room: Pick<Room, 'invitations'>,
  category: Pick<Category, 'invitations'>,
): boolean {
  return room.invitations === 'Inherit' && category.invitations;
}

/**
 * Creates one invitation per user the new member entries expand to (groups, OUs, domains included), for
 * enabled users in scope, except the actor who made the change. Runs inside the caller's transaction.
 */
export async function inviteNewMembers(
  store: Store,
  room: Room,
  category: Category,
  entries: readonly PrincipalUri[],
  actorUri: PrincipalUri,
  now: number,
): Promise<Invitation[]> {
  if (entries.length === 0 || !effectiveInvitations(room, category) || room.disabled) return [];
  const out: Invitation[] = [];
  for (const u of await expandToUsers(store, entries)) {
    const uri = u.uri.toLowerCase();
    if (u.disabled || uri === actorUri) continue;
    if (!inScope(await resolveAncestry(store, uri), category)) continue;
    out.push(await store.invitations.create(uri, room.id, now));
  }
  return out;
}
