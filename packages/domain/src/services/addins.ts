// Add-ins (PC-18, PC-46): admin-registered {Name unique per pool, URL}.
import { DomainError } from '../errors.js';
import type { Actor } from '../model/principal.js';
import type { Addin } from '../model/room.js';
import { assertCan } from '../access/can.js';
import type { ServiceDeps } from './deps.js';
import { newAudit, touched } from './deps.js';
import { checkName, requirePool } from './nodes.js';

function checkUrl(url: string): string {
  const u = url.trim();
  if (!/^https?:\/\/\S+$/i.test(u))
    throw new DomainError(
      'InvalidArgument',
      `The add-in URL '${url}' is not an http(s) URL. Give the full URL of the add-in page.`,
    );
  return u;
}

async function assertAddinNameFree(
  deps: ServiceDeps,
  poolFqdn: string,
  name: string,
  selfId?: string,
): Promise<void> {
  const other = await deps.store.rooms.getAddinByName(poolFqdn, name);
  if (other && other.id !== selfId)
    throw new DomainError(
      'DuplicateAddinName',
      `An add-in named '${name}' is already registered in pool ${poolFqdn}. Choose another name.`,
      { name },
    );
}

export async function createAddin(
  deps: ServiceDeps,
  actor: Actor,
  input: { name: string; url: string; poolFqdn?: string },
): Promise<Addin> {
  assertCan(actor, 'admin.addin');
  return deps.store.transaction(async (store) => {
    const pool = await requirePool(store, input.poolFqdn);
    const name = checkName(input.name, 'add-in');
    await assertAddinNameFree({ ...deps, store }, pool.fqdn, name);
    const a: Addin = {
      id: deps.ids.uuid(),
      poolFqdn: pool.fqdn,
      name,
      url: checkUrl(input.url),
      version: 1,
      audit: newAudit(actor.uri, deps.clock.now()),
    };
    await store.rooms.insertAddin(a);
    return a;
  });
}

export async function updateAddin(
  deps: ServiceDeps,
  actor: Actor,
  id: string,
  expectedVersion: number,
  patch: { name?: string; url?: string },
): Promise<Addin> {
  assertCan(actor, 'admin.addin');
  return deps.store.transaction(async (store) => {
    const a = await store.rooms.getAddin(id);
    if (!a)
      throw new DomainError('NoSuchNode', `No add-in ${id} exists. Check the add-in identity.`, {
        addinId: id,
      });
    const next: Addin = { ...a, audit: touched(a.audit, actor.uri, deps.clock.now()) };
    if (patch.name !== undefined) {
      next.name = checkName(patch.name, 'add-in');
      await assertAddinNameFree({ ...deps, store }, a.poolFqdn, next.name, a.id);
    }
    if (patch.url !== undefined) next.url = checkUrl(patch.url);
    return store.rooms.updateAddin(next, expectedVersion);
  });
}

/** Rooms that used the add-in lose it in the same transaction (a room has at most one, PC-18; D-9). */
export async function deleteAddin(deps: ServiceDeps, actor: Actor, id: string): Promise<void> {
  assertCan(actor, 'admin.addin');
  await deps.store.transaction(async (store) => {
    const a = await store.rooms.getAddin(id);
    if (!a)
      throw new DomainError('NoSuchNode', `No add-in ${id} exists. Check the add-in identity.`, {
        addinId: id,
      });
    for (const r of await store.rooms.listRooms({ addinId: id })) {
      await store.rooms.updateRoom(
        { ...r, addinId: null, audit: touched(r.audit, actor.uri, deps.clock.now()) },
        r.version,
      );
    }
    await store.rooms.deleteAddin(id);
  });
}
