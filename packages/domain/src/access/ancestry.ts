// Ancestry resolution (PC-04, PC-26, PC-31): a principal is inside a role or scope list when the list names
// the principal or any of its ancestors: the groups it is in (transitively), its OU and every parent OU,
// and its domain. Computed once per session or request and handed to can() as plain data.
import type { Principal, PrincipalUri, User } from '../model/principal.js';
import type { DirectoryStore } from '../ports/store.js';

type DirectoryPort = { readonly directory: DirectoryStore };

/** URIs compare case-insensitively; the domain lower-cases them before they reach the store or a set. */
export function normalizeUri(uri: string): PrincipalUri {
  return uri.trim().toLowerCase();
}

/**
 * The principal's own URI plus every group that contains it (transitively: nested groups; cycles are
 * walked once), its OU and all parent OUs, and its domain. Unknown principals yield just their own URI.
 */
export async function resolveAncestry(store: DirectoryPort, uri: PrincipalUri): Promise<Set<PrincipalUri>> {
  const self = normalizeUri(uri);
  const out = new Set<PrincipalUri>([self]);
  const principal = await store.directory.get(self);

  // Groups: breadth-first over "groups that directly contain X"; the visited set makes cycles harmless.
  const queue: PrincipalUri[] = [self];
  while (queue.length > 0) {
    const next = queue.shift() as PrincipalUri;
    for (const g of await store.directory.listGroupsOf(next)) {
      const gl = normalizeUri(g);
      if (!out.has(gl)) {
        out.add(gl);
        queue.push(gl);
      }
    }
  }

  // OU chain and domain.
  let ou: PrincipalUri | null = null;
  if (principal?.kind === 'user') {
    ou = principal.ou;
    out.add(normalizeUri(principal.domain));
  } else if (principal?.kind === 'ou') {
    ou = principal.parent;
    out.add(normalizeUri(principal.domain));
  }
  const seenOu = new Set<PrincipalUri>();
  while (ou !== null) {
    const o = normalizeUri(ou);
    if (seenOu.has(o)) break; // defensive: a corrupt parent cycle must not loop forever
    seenOu.add(o);
    out.add(o);
    const rec: Principal | null = await store.directory.get(o);
    if (rec?.kind !== 'ou') break;
    out.add(normalizeUri(rec.domain));
    ou = rec.parent;
  }
  return out;
}

/** Chat-admin roles bypass scope and creators (PC-35, PC-40). */
export function isChatAdminUser(user: User): boolean {
  return (
    user.adminRoles.includes('CsPersistentChatAdministrator') || user.adminRoles.includes('CsAdministrator')
  );
}
