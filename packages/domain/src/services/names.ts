// Principals by name (PC-26, PC-44): every cmdlet and admin call that takes principals accepts them the
// way a Lync administrator writes them — a SIP address, a UPN or DOMAIN\sAMAccountName for users, a group's
// name or distinguished name, an OU's distinguished name, a domain name — for the built-in directory and
// a synced one alike. An ambiguous name is refused with its candidates, never guessed.
import { DomainError } from '../errors.js';
import type { Principal, PrincipalKind, PrincipalUri } from '../model/principal.js';
import type { DirectoryStore } from '../ports/store.js';
import { normalizeUri } from '../access/ancestry.js';
import { nameKey } from '../access/names.js';
import type { ListEdit } from './principals.js';

type DirectoryPort = { readonly directory: DirectoryStore };

/** pchat's own identity forms (a bare user@host is not one of them). */
const URI_FORM = /^(sips?|ma-grp|ma-ou|ma-dom):/i;
const MAX_CANDIDATES = 10;

export interface ResolveOptions {
  /** Kinds accepted (default: every kind). */
  kinds?: readonly PrincipalKind[];
}

/** How a principal is shown to administrators: its display name with its identity for telling apart. */
export function describePrincipal(p: Principal): string {
  const where = p.dn ?? p.uri;
  return `${p.displayName} (${p.kind}, ${where})`;
}

const KIND_WORDS: Record<PrincipalKind, string> = {
  user: 'user',
  group: 'group',
  ou: 'OU',
  domain: 'domain',
  contact: 'contact',
};

/**
 * The one principal a typed name means. Unknown names are refused (NoSuchPrincipal) with the forms that
 * work; a name that fits several principals is refused (InvalidArgument) with the candidates listed.
 */
export async function resolvePrincipal(
  store: DirectoryPort,
  name: string,
  opts: ResolveOptions = {},
): Promise<Principal> {
  const key = nameKey(name);
  if (key === '') throw new DomainError('InvalidArgument', 'A principal name is empty.');
  let found = await store.directory.findByName(key, MAX_CANDIDATES + 1);
  if (opts.kinds) found = found.filter((p) => opts.kinds?.includes(p.kind));
  // Someone still in the directory wins over a namesake that is gone.
  if (found.length > 1 && found.some((p) => !p.gone)) found = found.filter((p) => !p.gone);
  if (found.length === 0 && (!opts.kinds || opts.kinds.includes('user'))) {
    // A user's display name, as Lync's -Identity takes it ("Pat Admin"); exact, case-insensitive.
    const wanted = name.trim().toLowerCase();
    found = (
      await store.directory.search({ kinds: ['user'], text: name.trim(), limit: MAX_CANDIDATES + 1 })
    ).filter((p) => p.displayName.trim().toLowerCase() === wanted);
  }
  if (found.length === 1) return found[0] as Principal;
  const kinds = (opts.kinds ?? (['user', 'group', 'ou', 'domain'] as const)).map((k) => KIND_WORDS[k]);
  if (found.length === 0)
    throw new DomainError(
      'NoSuchPrincipal',
      `No ${kinds.join(', ')} is called '${name.trim()}'. Name users by SIP address, UPN, DOMAIN\\sAMAccountName or display name, groups by name or distinguished name, OUs by distinguished name and domains by DNS name; search with Get-CsAdPrincipal -Filter.`,
      { principals: [name.trim()] },
    );
  const shown = found.slice(0, MAX_CANDIDATES);
  throw new DomainError(
    'InvalidArgument',
    `'${name.trim()}' is ambiguous: it names ${found.length > MAX_CANDIDATES ? `more than ${MAX_CANDIDATES}` : found.length} principals: ${shown.map(describePrincipal).join('; ')}. Use a distinguished name or SIP address instead.`,
    {
      name: name.trim(),
      candidates: shown.map((p) => ({
        identity: p.uri,
        displayName: p.displayName,
        kind: p.kind,
        dn: p.dn ?? null,
      })),
    },
  );
}

/**
 * The URI a typed name means. A name nothing answers to passes through (lower-cased; `user@host` gains
 * `sip:` when users are asked for) so that the service refuses it with its own words (NoSuchPrincipal with
 * the list it was refused from); an ambiguous name is refused here.
 */
export async function resolvePrincipalUri(
  store: DirectoryPort,
  name: string,
  opts: ResolveOptions = {},
): Promise<PrincipalUri> {
  try {
    return normalizeUri((await resolvePrincipal(store, name, opts)).uri);
  } catch (e) {
    if (!(e instanceof DomainError) || e.code !== 'NoSuchPrincipal') throw e;
    const n = normalizeUri(name);
    const userAddress = !URI_FORM.test(n) && /^[^\\=,@\s]+@[^@\s]+$/.test(n);
    return opts.kinds?.includes('user') && userAddress ? `sip:${n}` : n;
  }
}

export async function resolvePrincipalUris(
  store: DirectoryPort,
  names: readonly string[],
  opts: ResolveOptions = {},
): Promise<PrincipalUri[]> {
  const out: PrincipalUri[] = [];
  for (const n of names) out.push(await resolvePrincipalUri(store, n, opts));
  return out;
}

/** A list edit whose names are resolved to URIs (the services then check kinds and scope). */
export async function resolveListEdit(store: DirectoryPort, edit: ListEdit): Promise<ListEdit> {
  const out: ListEdit = {};
  if (edit.add) out.add = await resolvePrincipalUris(store, edit.add);
  if (edit.remove) out.remove = await resolvePrincipalUris(store, edit.remove);
  if (edit.replace !== undefined)
    out.replace = edit.replace === null ? null : await resolvePrincipalUris(store, edit.replace);
  return out;
}

/** Display names for URIs (output shows names; ids on request). Unknown URIs show as themselves. */
export async function displayNames(
  store: DirectoryPort,
  uris: readonly PrincipalUri[],
): Promise<Map<PrincipalUri, string>> {
  const out = new Map<PrincipalUri, string>();
  for (const p of await store.directory.getMany(uris)) out.set(normalizeUri(p.uri), p.displayName);
  return out;
}
