// The built-in directory (PC-26): users, groups with nested membership, OUs as a path hierarchy and
// domains. pchat keeps its own directory (AD sync can feed it later); principals are never deleted, users
// are disabled instead.
import { DomainError } from '../../errors.js';
import type { Actor, AdminRole, Domain, Group, OrgUnit, PrincipalUri, User } from '../../model/principal.js';
import { assertCan } from '../../access/can.js';
import { normalizeUri } from '../../access/ancestry.js';
import type { Store } from '../../ports/store.js';
import type { ServiceDeps } from '../deps.js';
import { newAudit, touched } from '../deps.js';
import { fqdn, nonEmpty, sipDomainOf, sipUri } from './validate.js';

const ADMIN_ROLES: readonly AdminRole[] = [
  'CsPersistentChatAdministrator',
  'CsAdministrator',
  'CsViewOnlyAdministrator',
  'CsHelpDesk',
];

export function domainUri(dnsName: string): PrincipalUri {
  return `ma-dom:${fqdn(dnsName, 'domain')}`;
}

/** `ma-ou:<domain>/<a>/<b>` from a path "a/b" in a domain. */
export function ouUri(domain: string, path: string): PrincipalUri {
  const parts = path
    .split('/')
    .map((p) => p.trim().toLowerCase())
    .filter(Boolean);
  if (parts.length === 0)
    throw new DomainError('InvalidArgument', 'The OU path is empty: use a path such as sales/emea.');
  return `ma-ou:${fqdn(domain, 'domain')}/${parts.join('/')}`;
}

async function ensureDomain(
  deps: ServiceDeps,
  tx: Store,
  actor: Actor,
  dnsName: string,
): Promise<PrincipalUri> {
  const uri = domainUri(dnsName);
  if (!(await tx.directory.get(uri))) {
    const d: Domain = {
      uri,
      kind: 'domain',
      guid: deps.ids.uuid(),
      displayName: dnsName,
      name: dnsName,
      audit: newAudit(actor.uri, deps.clock.now()),
    };
    await tx.directory.insert(d);
  }
  return uri;
}

export interface NewUserInput {
  sipAddress: string;
  displayName?: string;
  email?: string | null;
  companyName?: string | null;
  /** OU path within the user's domain ("sales/emea") or an ma-ou: URI; created when missing. */
  ou?: string | null;
  siteId?: string | null;
  adminRoles?: readonly AdminRole[];
  disabled?: boolean;
}

export async function createUser(deps: ServiceDeps, actor: Actor, input: NewUserInput): Promise<User> {
  assertCan(actor, 'admin.principal');
  const uri = sipUri(input.sipAddress);
  const dns = sipDomainOf(uri);
  const roles = checkRoles(input.adminRoles ?? []);
  return deps.store.transaction(async (tx) => {
    const domain = await ensureDomain(deps, tx, actor, dns);
    const ou = input.ou
      ? await ensureOu(
          deps,
          tx,
          actor,
          input.ou.startsWith('ma-ou:') ? normalizeUri(input.ou) : ouUri(dns, input.ou),
        )
      : null;
    if (input.siteId && !(await tx.topology.getSite(input.siteId))) {
      throw new DomainError(
        'NoSuchNode',
        `No site '${input.siteId}' exists. Create the site first or leave SiteId out.`,
        { siteId: input.siteId },
      );
    }
    const user: User = {
      uri,
      kind: 'user',
      guid: deps.ids.uuid(),
      displayName: input.displayName?.trim() || uri.slice(4, uri.indexOf('@')),
      email: input.email ?? null,
      companyName: input.companyName ?? null,
      disabled: input.disabled ?? false,
      ou,
      domain,
      siteId: input.siteId ?? null,
      policyTag: null,
      adminRoles: [...roles],
      audit: newAudit(actor.uri, deps.clock.now()),
    };
    await tx.directory.insert(user);
    return user;
  });
}

export interface UserPatch {
  displayName?: string;
  email?: string | null;
  companyName?: string | null;
  disabled?: boolean;
  siteId?: string | null;
  adminRoles?: readonly AdminRole[];
}

export async function updateUser(
  deps: ServiceDeps,
  actor: Actor,
  uri: string,
  patch: UserPatch,
): Promise<User> {
  assertCan(actor, 'admin.principal');
  return deps.store.transaction(async (tx) => {
    const user = await requireUser(tx, uri);
    if (patch.siteId && !(await tx.topology.getSite(patch.siteId)))
      throw new DomainError('NoSuchNode', `No site '${patch.siteId}' exists.`, { siteId: patch.siteId });
    const next: User = {
      ...user,
      ...(patch.displayName !== undefined
        ? { displayName: nonEmpty(patch.displayName, 'The display name') }
        : {}),
      ...(patch.email !== undefined ? { email: patch.email } : {}),
      ...(patch.companyName !== undefined ? { companyName: patch.companyName } : {}),
      ...(patch.disabled !== undefined ? { disabled: patch.disabled } : {}),
      ...(patch.siteId !== undefined ? { siteId: patch.siteId } : {}),
      ...(patch.adminRoles !== undefined ? { adminRoles: [...checkRoles(patch.adminRoles)] } : {}),
      audit: touched(user.audit, actor.uri, deps.clock.now()),
    };
    await tx.directory.update(next);
    return next;
  });
}

export async function requireUser(store: Store, uri: string): Promise<User> {
  const p = await store.directory.get(normalizeUri(uri.includes(':') ? uri : `sip:${uri}`));
  if (!p || p.kind !== 'user')
    throw new DomainError('NoSuchPrincipal', `No user ${uri} exists. Check the SIP address.`, { uri });
  return p;
}

function checkRoles(roles: readonly AdminRole[]): readonly AdminRole[] {
  for (const r of roles)
    if (!ADMIN_ROLES.includes(r))
      throw new DomainError(
        'InvalidArgument',
        `Unknown admin role '${r}': use one of ${ADMIN_ROLES.join(', ')}.`,
      );
  return [...new Set(roles)];
}

/** Creates the OU and every missing parent; returns its URI. */
async function ensureOu(
  deps: ServiceDeps,
  tx: Store,
  actor: Actor,
  uri: PrincipalUri,
): Promise<PrincipalUri> {
  const m = /^ma-ou:([^/]+)\/(.+)$/.exec(uri);
  if (!m) throw new DomainError('InvalidArgument', `'${uri}' is not an OU URI: use ma-ou:<domain>/<path>.`);
  const [, dns, path] = m as unknown as [string, string, string];
  const domain = await ensureDomain(deps, tx, actor, dns);
  const parts = path.split('/');
  let parent: PrincipalUri | null = null;
  for (let i = 1; i <= parts.length; i++) {
    const u = `ma-ou:${dns}/${parts.slice(0, i).join('/')}`;
    if (!(await tx.directory.get(u))) {
      const ou: OrgUnit = {
        uri: u,
        kind: 'ou',
        guid: deps.ids.uuid(),
        displayName: parts[i - 1] as string,
        parent,
        domain,
        audit: newAudit(actor.uri, deps.clock.now()),
      };
      await tx.directory.insert(ou);
    }
    parent = u;
  }
  return uri;
}

export async function createOu(
  deps: ServiceDeps,
  actor: Actor,
  input: { domain: string; path: string },
): Promise<PrincipalUri> {
  assertCan(actor, 'admin.principal');
  const uri = ouUri(input.domain, input.path);
  return deps.store.transaction(async (tx) => {
    if (await tx.directory.get(uri))
      throw new DomainError('DuplicateName', `The OU ${uri} already exists.`, { uri });
    return ensureOu(deps, tx, actor, uri);
  });
}

export async function createGroup(
  deps: ServiceDeps,
  actor: Actor,
  input: { displayName: string; groupType?: Group['groupType']; members?: readonly string[] },
): Promise<Group> {
  assertCan(actor, 'admin.principal');
  const guid = deps.ids.uuid();
  const group: Group = {
    uri: `ma-grp:${guid}@u.g`,
    kind: 'group',
    guid,
    displayName: nonEmpty(input.displayName, 'The group name'),
    groupType: input.groupType ?? 'security',
    audit: newAudit(actor.uri, deps.clock.now()),
  };
  return deps.store.transaction(async (tx) => {
    const clash = await tx.directory.search({ kinds: ['group'], text: group.displayName, limit: 50 });
    if (clash.some((g) => g.displayName.toLowerCase() === group.displayName.toLowerCase())) {
      throw new DomainError(
        'DuplicateName',
        `A group named '${group.displayName}' already exists (duplicate names block room edits). Choose another name.`,
      );
    }
    await tx.directory.insert(group);
    await editGroupMembers(tx, group.uri, { add: input.members ?? [] });
    return group;
  });
}

/** Adds and removes direct members; refuses unknown principals and membership cycles. */
export async function updateGroupMembers(
  deps: ServiceDeps,
  actor: Actor,
  groupUri: string,
  edit: { add?: readonly string[]; remove?: readonly string[] },
): Promise<void> {
  assertCan(actor, 'admin.principal');
  await deps.store.transaction((tx) => editGroupMembers(tx, normalizeUri(groupUri), edit));
}

async function editGroupMembers(
  tx: Store,
  group: PrincipalUri,
  edit: { add?: readonly string[]; remove?: readonly string[] },
): Promise<void> {
  const g = await tx.directory.get(group);
  if (!g || g.kind !== 'group')
    throw new DomainError('NoSuchPrincipal', `No group ${group} exists.`, { uri: group });
  for (const raw of edit.add ?? []) {
    const member = normalizeUri(raw);
    const p = await tx.directory.get(member);
    if (!p || (p.kind !== 'user' && p.kind !== 'group')) {
      throw new DomainError(
        'NoSuchPrincipal',
        `Cannot add ${raw} to group '${g.displayName}': no such user or group.`,
        { uri: raw },
      );
    }
    if (p.kind === 'group' && (member === group || (await reaches(tx, member, group)))) {
      throw new DomainError(
        'InvalidArgument',
        `Adding group ${raw} to '${g.displayName}' would make a membership cycle.`,
        { uri: raw },
      );
    }
    await tx.directory.addGroupMember({ group, member });
  }
  for (const raw of edit.remove ?? [])
    await tx.directory.removeGroupMember({ group, member: normalizeUri(raw) });
}

/** True when `target` is among the transitive members of `from`. */
async function reaches(tx: Store, from: PrincipalUri, target: PrincipalUri): Promise<boolean> {
  const seen = new Set<PrincipalUri>([from]);
  const queue = [from];
  while (queue.length) {
    for (const m of await tx.directory.listGroupMembers(queue.shift() as PrincipalUri)) {
      const ml = normalizeUri(m);
      if (ml === target) return true;
      if (!seen.has(ml)) {
        seen.add(ml);
        queue.push(ml);
      }
    }
  }
  return false;
}
