// Identities as administrators type them (PC-44; docs/features.md, Identifiers): "<poolFqdn>\<name>", a
// bare name (when one pool, or the name is unique), the server id, or the ma-cat:// / ma-chan:// URI.
import { DomainError, type Addin, type Category, type Room, type Store } from '@pchat/domain';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function split(identity: string): { pool: string | null; name: string } {
  const i = identity.indexOf('\\');
  return i < 0
    ? { pool: null, name: identity.trim() }
    : { pool: identity.slice(0, i).trim().toLowerCase(), name: identity.slice(i + 1).trim() };
}

async function byName<T>(
  store: Store,
  identity: string,
  what: string,
  get: (pool: string, name: string) => Promise<T | null>,
): Promise<T> {
  const { pool, name } = split(identity);
  const pools = pool ? [pool] : (await store.topology.listPools()).map((p) => p.fqdn);
  const found: T[] = [];
  for (const p of pools) {
    const x = await get(p, name);
    if (x) found.push(x);
  }
  if (found.length === 1) return found[0] as T;
  if (found.length > 1)
    throw new DomainError(
      'InvalidArgument',
      `Several pools have a ${what} named '${name}': use "<poolFqdn>\\${name}".`,
    );
  throw new DomainError(
    'NoSuchNode',
    `No ${what} '${identity}' exists. Check the identity ("<poolFqdn>\\<name>"), or list them with Get-CsPersistentChat${what === 'chat room' ? 'Room' : what === 'category' ? 'Category' : 'Addin'}.`,
    { identity },
  );
}

export async function resolveCategory(store: Store, identity: string): Promise<Category> {
  if (GUID.test(identity)) {
    const c = await store.rooms.getCategory(identity.toLowerCase());
    if (c) return c;
  }
  if (/^ma-cat:\/\//i.test(identity)) {
    const c = (await store.rooms.listCategories()).find(
      (x) => x.uri.toLowerCase() === identity.toLowerCase(),
    );
    if (c) return c;
    throw new DomainError('NoSuchNode', `No category ${identity} exists. Check the URI.`, { identity });
  }
  return byName(store, identity, 'category', (p, n) => store.rooms.getCategoryByName(p, n));
}

export async function resolveRoom(store: Store, identity: string): Promise<Room> {
  if (GUID.test(identity)) {
    const r = await store.rooms.getRoom(identity.toLowerCase());
    if (r) return r;
  }
  const m = /^ma-chan:\/\/[^/]+\/(.+)$/i.exec(identity);
  if (m?.[1]) {
    const r = await store.rooms.getRoom(m[1]);
    if (r) return r;
    throw new DomainError('NoSuchNode', `No chat room ${identity} exists. Check the URI.`, { identity });
  }
  return byName(store, identity, 'chat room', (p, n) => store.rooms.getRoomByName(p, n));
}

export async function resolveAddin(store: Store, identity: string): Promise<Addin> {
  if (GUID.test(identity)) {
    const a = await store.rooms.getAddin(identity.toLowerCase());
    if (a) return a;
  }
  return byName(store, identity, 'add-in', (p, n) => store.rooms.getAddinByName(p, n));
}

export const nodeIdentity = (x: { poolFqdn: string; name: string }): string => `${x.poolFqdn}\\${x.name}`;
