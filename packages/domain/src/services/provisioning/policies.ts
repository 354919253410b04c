// CsPersistentChatPolicy (PC-36, PC-41) and CsPersistentChatConfiguration (PC-42).
import { DomainError } from '../../errors.js';
import type { Actor } from '../../model/principal.js';
import {
  CONFIG_DEFAULTS,
  type ChatConfiguration,
  type ChatPolicy,
  type ConfigIdentity,
  type PolicyIdentity,
} from '../../model/topology.js';
import { assertCan } from '../../access/can.js';
import type { ServiceDeps } from '../deps.js';
import { intInRange } from './validate.js';
import { requireUser } from './directory.js';

export function parsePolicyIdentity(identity: string): PolicyIdentity {
  const i = identity.trim();
  if (i.toLowerCase() === 'global') return 'global';
  const m = /^(site|tag):(.+)$/i.exec(i);
  if (m?.[1] && m[2]) return `${m[1].toLowerCase() as 'site' | 'tag'}:${m[2]}`;
  // A bare name is a per-user tag, as in the cmdlets (New-CsPersistentChatPolicy -Identity SalesPolicy).
  if (/^[\w.-]+$/.test(i)) return `tag:${i}`;
  throw new DomainError(
    'InvalidArgument',
    `'${identity}' is not a policy identity: use global, site:<name> or a tag name.`,
  );
}

/** PC-41: a new global policy cannot be created (it always exists); use setPolicy. */
export async function newPolicy(
  deps: ServiceDeps,
  actor: Actor,
  identity: string,
  input: Partial<Omit<ChatPolicy, 'identity'>>,
): Promise<ChatPolicy> {
  assertCan(actor, 'admin.policy');
  const id = parsePolicyIdentity(identity);
  if (id === 'global')
    throw new DomainError(
      'DuplicateName',
      'The global policy always exists and cannot be created: change it with Set-CsPersistentChatPolicy -Identity global.',
    );
  return deps.store.transaction(async (tx) => {
    if (await tx.topology.getPolicy(id))
      throw new DomainError(
        'DuplicateName',
        `The policy ${id} already exists: change it with Set-CsPersistentChatPolicy.`,
        { identity: id },
      );
    if (id.startsWith('site:') && !(await tx.topology.getSite(id.slice(5))))
      throw new DomainError('NoSuchNode', `No site '${id.slice(5)}' exists.`, { identity: id });
    const p: ChatPolicy = {
      identity: id,
      description: input.description ?? '',
      enablePersistentChat: input.enablePersistentChat ?? false,
      // pchat: changing one's own messages is off unless the policy says so (absent = off).
      ...(input.allowEditOwnMessages !== undefined
        ? { allowEditOwnMessages: input.allowEditOwnMessages }
        : {}),
      ...(input.allowDeleteOwnMessages !== undefined
        ? { allowDeleteOwnMessages: input.allowDeleteOwnMessages }
        : {}),
      ...(input.editWindowMinutes !== undefined ? { editWindowMinutes: input.editWindowMinutes } : {}),
    };
    await tx.topology.putPolicy(p);
    return p;
  });
}

export async function setPolicy(
  deps: ServiceDeps,
  actor: Actor,
  identity: string,
  patch: Partial<Omit<ChatPolicy, 'identity'>>,
): Promise<ChatPolicy> {
  assertCan(actor, 'admin.policy');
  const id = parsePolicyIdentity(identity);
  return deps.store.transaction(async (tx) => {
    const cur =
      (await tx.topology.getPolicy(id)) ??
      (id === 'global' ? { identity: id, description: '', enablePersistentChat: false } : null);
    if (!cur)
      throw new DomainError(
        'NoSuchNode',
        `No policy ${id} exists. Create it with New-CsPersistentChatPolicy.`,
        { identity: id },
      );
    const next: ChatPolicy = { ...cur, ...patch };
    await tx.topology.putPolicy(next);
    return next;
  });
}

/** Removing the global policy resets it to its defaults (as the cmdlet does); others are deleted. */
export async function removePolicy(deps: ServiceDeps, actor: Actor, identity: string): Promise<void> {
  assertCan(actor, 'admin.policy');
  const id = parsePolicyIdentity(identity);
  await deps.store.transaction(async (tx) => {
    if (!(await tx.topology.getPolicy(id)) && id !== 'global')
      throw new DomainError('NoSuchNode', `No policy ${id} exists.`, { identity: id });
    if (id === 'global')
      await tx.topology.putPolicy({ identity: 'global', description: '', enablePersistentChat: false });
    else await tx.topology.deletePolicy(id);
  });
}

/** Grant-CsPersistentChatPolicy: assign a tag policy to a user, or null to fall back to site/global. */
export async function grantPolicy(
  deps: ServiceDeps,
  actor: Actor,
  userUri: string,
  policyName: string | null,
): Promise<void> {
  assertCan(actor, 'admin.policy');
  await deps.store.transaction(async (tx) => {
    const user = await requireUser(tx, userUri);
    let tag: string | null = null;
    if (policyName !== null) {
      const id = parsePolicyIdentity(policyName.startsWith('tag:') ? policyName : `tag:${policyName}`);
      if (!(await tx.topology.getPolicy(id)))
        throw new DomainError(
          'NoSuchNode',
          `No policy ${id} exists. Create it with New-CsPersistentChatPolicy first.`,
          { identity: id },
        );
      tag = id.slice(4);
    }
    await tx.directory.update({ ...user, policyTag: tag });
  });
}

export function parseConfigIdentity(identity: string): ConfigIdentity {
  const i = identity.trim();
  if (i.toLowerCase() === 'global') return 'global';
  const site = /^site:(.+)$/i.exec(i);
  if (site?.[1]) return `site:${site[1]}`;
  const svc = /^service:PersistentChatServer:(.+)$/i.exec(i);
  if (svc?.[1]) return `service:PersistentChatServer:${svc[1].toLowerCase()}`;
  throw new DomainError(
    'InvalidArgument',
    `'${identity}' is not a configuration identity: use global, site:<name> or service:PersistentChatServer:<pool fqdn>.`,
  );
}

export type ConfigPatch = Partial<Omit<ChatConfiguration, 'identity'>>;

function validateConfig(c: ChatConfiguration): ChatConfiguration {
  intInRange(c.defaultChatHistory, 1, 500, 'DefaultChatHistory'); // PC-42
  intInRange(c.participantUpdateLimit, 1, 100000, 'ParticipantUpdateLimit');
  intInRange(c.maxFileSizeKB, 1, 10_000_000, 'MaxFileSizeKB');
  intInRange(c.messageSizeLimit, 1, 1_000_000, 'MessageSizeLimit');
  intInRange(c.storySizeLimit, 1, 10_000_000, 'StorySizeLimit');
  intInRange(c.searchLimit, 1, 10_000, 'SearchLimit');
  return c;
}

export async function newConfiguration(
  deps: ServiceDeps,
  actor: Actor,
  identity: string,
  patch: ConfigPatch,
): Promise<ChatConfiguration> {
  assertCan(actor, 'admin.configuration');
  const id = parseConfigIdentity(identity);
  return deps.store.transaction(async (tx) => {
    if (id === 'global' || (await tx.topology.getConfig(id))) {
      throw new DomainError(
        'DuplicateName',
        `The configuration ${id} already exists: change it with Set-CsPersistentChatConfiguration.`,
        { identity: id },
      );
    }
    const c = validateConfig({ ...CONFIG_DEFAULTS, ...patch, identity: id });
    await tx.topology.putConfig(c);
    return c;
  });
}

export async function setConfiguration(
  deps: ServiceDeps,
  actor: Actor,
  identity: string,
  patch: ConfigPatch,
): Promise<ChatConfiguration> {
  assertCan(actor, 'admin.configuration');
  const id = parseConfigIdentity(identity);
  return deps.store.transaction(async (tx) => {
    const cur =
      (await tx.topology.getConfig(id)) ?? (id === 'global' ? { ...CONFIG_DEFAULTS, identity: id } : null);
    if (!cur)
      throw new DomainError(
        'NoSuchNode',
        `No configuration ${id} exists. Create it with New-CsPersistentChatConfiguration.`,
        { identity: id },
      );
    const c = validateConfig({ ...cur, ...patch, identity: id });
    await tx.topology.putConfig(c);
    return c;
  });
}

export async function removeConfiguration(deps: ServiceDeps, actor: Actor, identity: string): Promise<void> {
  assertCan(actor, 'admin.configuration');
  const id = parseConfigIdentity(identity);
  await deps.store.transaction(async (tx) => {
    if (id === 'global') await tx.topology.putConfig({ ...CONFIG_DEFAULTS, identity: 'global' });
    else if (!(await tx.topology.getConfig(id)))
      throw new DomainError('NoSuchNode', `No configuration ${id} exists.`, { identity: id });
    else await tx.topology.deleteConfig(id);
  });
}
