// Output with display names (PC-26): `?display=names` replaces the principal URIs in role and scope lists
// (and a user's OU and domain) by the principals' display names, as the Lync cmdlets print them. The JSON
// API answers with identities by default (scripts use them); the CLI asks for names unless -Ids or -Json.
import { displayNames, normalizeUri, type PrincipalUri, type Store } from '@pchat/domain';

const PRINCIPAL_LISTS = new Set([
  'allowedMembers',
  'deniedMembers',
  'creators',
  'members',
  'managers',
  'presenters',
]);
const PRINCIPAL_FIELDS = new Set(['ou', 'domain', 'parent']);

function collect(v: unknown, out: Set<PrincipalUri>): void {
  if (Array.isArray(v)) for (const x of v) collect(x, out);
  else if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) {
      if (PRINCIPAL_LISTS.has(k) && Array.isArray(x))
        for (const u of x)
          if (typeof u === 'string') out.add(normalizeUri(u));
          else if (PRINCIPAL_FIELDS.has(k) && typeof x === 'string') out.add(normalizeUri(x));
          else collect(x, out);
    }
}

function replace(v: unknown, names: Map<PrincipalUri, string>): unknown {
  const name = (u: unknown) => (typeof u === 'string' ? (names.get(normalizeUri(u)) ?? u) : u);
  if (Array.isArray(v)) return v.map((x) => replace(x, names));
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v))
      out[k] =
        PRINCIPAL_LISTS.has(k) && Array.isArray(x)
          ? x.map(name)
          : PRINCIPAL_FIELDS.has(k)
            ? name(x)
            : replace(x, names);
    return out;
  }
  return v;
}

export async function withDisplayNames(store: Store, result: unknown): Promise<unknown> {
  const uris = new Set<PrincipalUri>();
  collect(result, uris);
  if (uris.size === 0) return result;
  return replace(result, await displayNames(store, [...uris]));
}
