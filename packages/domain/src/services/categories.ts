// Category administration (PC-30..PC-33, PC-43): admin only.
import { DomainError } from '../errors.js';
import type { Actor } from '../model/principal.js';
import type { Category } from '../model/room.js';
import type { Store } from '../ports/store.js';
import { assertCan } from '../access/can.js';
import { normalizeUri } from '../access/ancestry.js';
import type { ServiceDeps } from './deps.js';
import { newAudit, publishAll, touched } from './deps.js';
import type { DomainEvent } from './events.js';
import type { ListEdit } from './principals.js';
import {
  applyListEdit,
  normalizeList,
  notInScopeError,
  outOfScope,
  requirePrincipals,
} from './principals.js';
import { assertNameFree, checkName, isRootCategory, nodeUri, requireCategory, requirePool } from './nodes.js';
import { purgeOutOfScope } from './scope-purge.js';

export interface NewCategoryInput {
  name: string;
  poolFqdn?: string;
  description?: string;
  allowedMembers?: readonly string[];
  deniedMembers?: readonly string[];
  creators?: readonly string[];
  fileUpload?: boolean; // default false (New-CsPersistentChatCategory -EnableFileUpload)
  invitations?: boolean; // default false (-EnableInvitations)
  chatHistory?: boolean; // default true (-RemoveChatHistory turns it off)
}

export interface CategoryPatch {
  name?: string;
  description?: string;
  allowedMembers?: ListEdit;
  deniedMembers?: ListEdit;
  creators?: ListEdit;
  fileUpload?: boolean;
  invitations?: boolean;
  chatHistory?: boolean;
}

async function validateLists(store: Store, c: Category): Promise<void> {
  await requirePrincipals(store, c.allowedMembers, `the AllowedMembers of category '${c.name}'`);
  await requirePrincipals(store, c.deniedMembers, `the DeniedMembers of category '${c.name}'`);
  // PC-32: creators must themselves be in scope.
  const bad = await outOfScope(store, c.creators, c);
  if (bad.length > 0) throw notInScopeError(bad, 'creators', c.name, c);
}

export async function createCategory(
  deps: ServiceDeps,
  actor: Actor,
  input: NewCategoryInput,
): Promise<Category> {
  assertCan(actor, 'admin.category');
  const category = await deps.store.transaction(async (store) => {
    const pool = await requirePool(store, input.poolFqdn);
    const name = checkName(input.name, 'category');
    await assertNameFree(store, pool.fqdn, name, 'category');
    const id = deps.ids.uuid();
    const c: Category = {
      id,
      uri: nodeUri('ma-cat', pool, id),
      poolFqdn: pool.fqdn,
      name,
      description: input.description ?? '',
      allowedMembers: normalizeList(input.allowedMembers ?? []),
      deniedMembers: normalizeList(input.deniedMembers ?? []),
      creators: normalizeList(input.creators ?? []),
      fileUpload: input.fileUpload ?? false,
      invitations: input.invitations ?? false,
      chatHistory: input.chatHistory ?? true,
      version: 1,
      audit: newAudit(actor.uri, deps.clock.now()),
    };
    await validateLists(store, c);
    await store.rooms.insertCategory(c);
    return c;
  });
  publishAll(deps, [{ type: 'CategoryCreated', category }]);
  return category;
}

/**
 * Set-CsPersistentChatCategory. Narrowing the scope (AllowedMembers/DeniedMembers) purges the role entries
 * of the category's rooms, and the creators, that fall out of it, like a move does (PC-34; D-6).
 */
export async function updateCategory(
  deps: ServiceDeps,
  actor: Actor,
  id: string,
  expectedVersion: number,
  patch: CategoryPatch,
): Promise<Category> {
  assertCan(actor, 'admin.category');
  const events: DomainEvent[] = [];
  const updated = await deps.store.transaction(async (store) => {
    const before = await requireCategory(store, id);
    if (await isRootCategory(store, before)) {
      throw new DomainError(
        'NodeHierarchyViolation',
        'The root category cannot be modified. Create a category under it instead.',
      );
    }
    if (before.version !== expectedVersion) throw collision(before.name);
    const next: Category = {
      ...before,
      allowedMembers: applyListEdit(before.allowedMembers, patch.allowedMembers),
      deniedMembers: applyListEdit(before.deniedMembers, patch.deniedMembers),
      creators: applyListEdit(before.creators, patch.creators),
      audit: touched(before.audit, actor.uri, deps.clock.now()),
    };
    if (patch.name !== undefined) {
      next.name = checkName(patch.name, 'category');
      if (next.name.toLowerCase() !== before.name.toLowerCase())
        await assertNameFree(store, before.poolFqdn, next.name, 'category', before.id);
    }
    if (patch.description !== undefined) next.description = patch.description;
    if (patch.fileUpload !== undefined) next.fileUpload = patch.fileUpload;
    if (patch.invitations !== undefined) next.invitations = patch.invitations;
    if (patch.chatHistory !== undefined) next.chatHistory = patch.chatHistory;

    const scopeChanged =
      sameList(before.allowedMembers, next.allowedMembers) === false ||
      sameList(before.deniedMembers, next.deniedMembers) === false;
    await requirePrincipals(store, next.allowedMembers, `the AllowedMembers of category '${next.name}'`);
    await requirePrincipals(store, next.deniedMembers, `the DeniedMembers of category '${next.name}'`);
    // Creators the admin names explicitly must be in scope; existing ones that the narrowed scope
    // excludes are dropped (D-6).
    const newCreators = next.creators.filter((c) => !before.creators.includes(c));
    const badNew = await outOfScope(store, newCreators, next);
    if (badNew.length > 0) throw notInScopeError(badNew, 'creators', next.name, next);
    if (scopeChanged) {
      const stale = await outOfScope(store, next.creators, next);
      next.creators = next.creators.filter((c) => !stale.includes(c));
    }
    const saved = await store.rooms.updateCategory(next, expectedVersion);
    if (scopeChanged) events.push(...(await purgeOutOfScope(store, deps, actor, saved, 'scopeNarrowed')));
    events.unshift({ type: 'CategoryUpdated', category: saved, before });
    return saved;
  });
  publishAll(deps, events);
  return updated;
}

/** Remove-CsPersistentChatCategory: only when empty (PC-43). */
export async function deleteCategory(
  deps: ServiceDeps,
  actor: Actor,
  id: string,
  expectedVersion: number,
): Promise<void> {
  assertCan(actor, 'admin.category');
  const category = await deps.store.transaction(async (store) => {
    const c = await requireCategory(store, id);
    if (await isRootCategory(store, c)) {
      throw new DomainError('NodeHierarchyViolation', 'The root category cannot be removed.');
    }
    const n = await store.rooms.countRooms(id);
    if (n > 0) {
      throw new DomainError(
        'NotEmpty',
        `Category '${c.name}' still holds ${n} room${n === 1 ? '' : 's'}. Delete the rooms or move them to another category first.`,
        { count: n },
      );
    }
    if (c.version !== expectedVersion) throw collision(c.name);
    await store.rooms.deleteCategory(id, expectedVersion);
    return c;
  });
  publishAll(deps, [{ type: 'CategoryDeleted', category }]);
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => normalizeUri(x) === b[i]);
}

export function collision(name: string): DomainError {
  return new DomainError(
    'DataCollision',
    `'${name}' was changed by someone else since you read it. Refresh your copy and apply your change again.`,
  );
}
