// Role and scope lists: list edits (PC-43/PC-44 @{Add=..}/@{Remove=..}/$null), principal validation
// (NoSuchPrincipal) and entry-level scope checks (PC-32 PrincipalsNotInScope).
import { DomainError } from '../errors.js';
import type { Principal, PrincipalUri, User } from '../model/principal.js';
import type { Category } from '../model/room.js';
import type { Store } from '../ports/store.js';
import { normalizeUri, resolveAncestry } from '../access/ancestry.js';
import { inScope, listNames } from '../access/scope.js';

/**
 * A list edit: `replace` (null clears) applies first, then `remove`, then `add`. Omitted = unchanged.
 * Order is kept; duplicates collapse (store contract: lists contain no duplicates).
 */
export interface ListEdit {
  add?: readonly string[];
  remove?: readonly string[];
  replace?: readonly string[] | null;
}

export function normalizeList(list: readonly string[]): PrincipalUri[] {
  const out: PrincipalUri[] = [];
  for (const u of list) {
    const n = normalizeUri(u);
    if (n !== '' && !out.includes(n)) out.push(n);
  }
  return out;
}

export function applyListEdit(current: readonly PrincipalUri[], edit: ListEdit | undefined): PrincipalUri[] {
  if (!edit) return [...current];
  let base = edit.replace !== undefined ? normalizeList(edit.replace ?? []) : [...current];
  const rm = new Set(normalizeList(edit.remove ?? []));
  base = base.filter((u) => !rm.has(u));
  return normalizeList([...base, ...(edit.add ?? [])]);
}

/** Entries of `next` that were not in `prev`. */
export function added(prev: readonly PrincipalUri[], next: readonly PrincipalUri[]): PrincipalUri[] {
  const p = new Set(prev);
  return next.filter((u) => !p.has(u));
}
export function removed(prev: readonly PrincipalUri[], next: readonly PrincipalUri[]): PrincipalUri[] {
  return added(next, prev);
}

/**
 * Loads the principals, refusing unknown URIs (NoSuchPrincipal, listing them) and contacts, which can
 * never hold a role or sit on a scope list (PC-82: contacts are not users).
 */
export async function requirePrincipals(
  store: Store,
  uris: readonly PrincipalUri[],
  what: string,
): Promise<Map<PrincipalUri, Principal>> {
  const found = new Map<PrincipalUri, Principal>();
  if (uris.length === 0) return found;
  for (const p of await store.directory.getMany(uris)) found.set(normalizeUri(p.uri), p);
  const unknown = uris.filter((u) => !found.has(u));
  if (unknown.length > 0) {
    throw new DomainError(
      'NoSuchPrincipal',
      `Cannot add ${unknown.join(', ')} to ${what}: no such principal is known to this server. Name users by SIP address, UPN or DOMAIN\\sAMAccountName, groups by name or distinguished name, OUs by distinguished name, domains by DNS name.`,
      { principals: unknown },
    );
  }
  const contacts = uris.filter((u) => found.get(u)?.kind === 'contact');
  if (contacts.length > 0) {
    throw new DomainError(
      'NotAUserPrincipal',
      `Cannot add ${contacts.join(', ')} to ${what}: contact objects cannot hold roles or be on scope lists. Use a user, group, OU or domain.`,
      { principals: contacts },
    );
  }
  return found;
}

/**
 * Whether a list entry is in a category's scope (PC-32). A user, OU or domain entry is in scope when its
 * own ancestry is (deny overrides allow, PC-31). Groups carry no OU or domain in pchat's model, so a group
 * whose own ancestry is not named by AllowedMembers is in scope when it has users and every one of its
 * (transitive) users is in scope (docs/decisions.md D-7). can() re-checks each user at access time anyway.
 */
export async function entryInScope(
  store: Store,
  uri: PrincipalUri,
  kind: Principal['kind'],
  category: Category,
): Promise<boolean> {
  const ancestry = await resolveAncestry(store, uri);
  if (inScope(ancestry, category)) return true;
  if (kind !== 'group' || listNames(ancestry, category.deniedMembers)) return false;
  const users = await expandToUsers(store, [uri]);
  if (users.length === 0) return false;
  for (const u of users) if (!inScope(await resolveAncestry(store, u.uri), category)) return false;
  return true;
}

/** The entries that are out of the category's scope. */
export async function outOfScope(
  store: Store,
  uris: readonly PrincipalUri[],
  category: Category,
): Promise<PrincipalUri[]> {
  if (uris.length === 0) return [];
  const ps = await requirePrincipals(store, uris, `category '${category.name}'`);
  const out: PrincipalUri[] = [];
  for (const u of uris)
    if (!(await entryInScope(store, u, (ps.get(u) as Principal).kind, category))) out.push(u);
  return out;
}

export function notInScopeError(
  offenders: readonly PrincipalUri[],
  listName: string,
  containerName: string,
  category: Category,
): DomainError {
  return new DomainError(
    'PrincipalsNotInScope',
    `Cannot add ${offenders.join(', ')} to the ${listName} of '${containerName}': ${offenders.length === 1 ? 'the principal is' : 'these principals are'} outside the scope of category '${category.name}' (AllowedMembers/DeniedMembers). Ask an administrator to widen the category.`,
    { principals: [...offenders], list: listName },
  );
}

/**
 * Expands list entries into users (PC-48, PC-12): groups transitively (cycle-safe), OUs with their child
 * OUs, domains with all their users. Disabled users are included; callers filter.
 */
export async function expandToUsers(store: Store, uris: readonly PrincipalUri[]): Promise<User[]> {
  const users = new Map<PrincipalUri, User>();
  const seen = new Set<PrincipalUri>();
  const queue = [...uris.map(normalizeUri)];
  while (queue.length > 0) {
    const uri = queue.shift() as PrincipalUri;
    if (seen.has(uri)) continue;
    seen.add(uri);
    const p = await store.directory.get(uri);
    if (!p) continue;
    if (p.kind === 'user') users.set(uri, p);
    else if (p.kind === 'group')
      queue.push(...(await store.directory.listGroupMembers(uri)).map(normalizeUri));
    else if (p.kind === 'ou') {
      for (const u of await store.directory.listUsersInOus([uri])) users.set(normalizeUri(u.uri), u);
      queue.push(...(await store.directory.listChildOus(uri)).map(normalizeUri));
    } else if (p.kind === 'domain') {
      for (const u of await store.directory.listUsersInDomain(uri)) users.set(normalizeUri(u.uri), u);
    }
  }
  return [...users.values()];
}
