// Scope evaluation (PC-30..PC-32): in scope = some ancestor in AllowedMembers and none in DeniedMembers.
import type { PrincipalUri } from '../model/principal.js';
import type { Category } from '../model/room.js';

/** True when the list names the principal or one of its ancestors. Lists hold lower-cased URIs. */
export function listNames(ancestry: ReadonlySet<PrincipalUri>, list: readonly PrincipalUri[]): boolean {
  for (const entry of list) if (ancestry.has(entry.toLowerCase())) return true;
  return false;
}

/** PC-31 deny overrides allow. */
export function inScope(
  ancestry: ReadonlySet<PrincipalUri>,
  category: Pick<Category, 'allowedMembers' | 'deniedMembers'>,
): boolean {
  return listNames(ancestry, category.allowedMembers) && !listNames(ancestry, category.deniedMembers);
}
