// Effective policy (PC-36, PC-41) and effective configuration (PC-42).
import type { Actor, PrincipalUri, User } from '../model/principal.js';
import type { ChatConfiguration, ChatPolicy, ConfigIdentity, PolicyIdentity } from '../model/topology.js';
import { CONFIG_DEFAULTS } from '../model/topology.js';
import type { DirectoryStore, TopologyStore } from '../ports/store.js';
import { DomainError } from '../errors.js';
import { isChatAdminUser, normalizeUri, resolveAncestry } from './ancestry.js';

type TopologyPort = { readonly topology: TopologyStore };

/**
 * EnablePersistentChat of the user's effective policy: the user's tag, else the site policy, else the
 * global policy; false when none exists (PC-36: the feature is off out of the box). A tag that names a
 * policy that no longer exists falls through to site/global (Grant-CsPersistentChatPolicy would refuse it).
 */
export async function effectivePolicyEnabled(
  store: TopologyPort,
  user: Pick<User, 'policyTag' | 'siteId'>,
): Promise<boolean> {
  return (await effectivePolicy(store, user))?.enablePersistentChat ?? false;
}

/** The user's effective policy (tag, else site, else global), or null when none exists. */
export async function effectivePolicy(
  store: TopologyPort,
  user: Pick<User, 'policyTag' | 'siteId'>,
): Promise<ChatPolicy | null> {
  const chain: PolicyIdentity[] = [];
  if (user.policyTag) chain.push(`tag:${user.policyTag}`);
  if (user.siteId) chain.push(`site:${user.siteId}`);
  chain.push('global');
  for (const id of chain) {
    const p = await store.topology.getPolicy(id);
    if (p) return p;
  }
  return null;
}

/** The effective configuration: service > site > global (PC-42), missing scopes fall back to CONFIG_DEFAULTS. */
export async function effectiveConfig(
  store: TopologyPort,
  where: { poolFqdn?: string | null; siteId?: string | null },
): Promise<ChatConfiguration> {
  const chain: ConfigIdentity[] = [];
  if (where.poolFqdn) chain.push(`service:PersistentChatServer:${where.poolFqdn}`);
  if (where.siteId) chain.push(`site:${where.siteId}`);
  chain.push('global');
  for (const id of chain) {
    const c = await store.topology.getConfig(id);
    if (c) return { ...CONFIG_DEFAULTS, ...c };
  }
  return { identity: 'global', ...CONFIG_DEFAULTS };
}

/**
 * Builds the Actor for a principal URI: contacts become contact actors (refused by can(), PC-82); users get
 * their ancestry, policy and admin flag. Other kinds (groups, OUs, domains) and unknown URIs cannot act.
 */
export async function buildActor(
  store: TopologyPort & { readonly directory: DirectoryStore },
  uri: PrincipalUri,
): Promise<Actor> {
  const u = normalizeUri(uri);
  const p = await store.directory.get(u);
  if (p === null) {
    throw new DomainError(
      'NoSuchPrincipal',
      `No principal ${u} is known to this server. Check the SIP URI, or ask an administrator to provision the user.`,
      { uri: u },
    );
  }
  if (p.kind === 'contact') {
    return {
      uri: u,
      kind: 'contact',
      disabled: false,
      ancestry: new Set([u]),
      enabledByPolicy: false,
      isChatAdmin: false,
    };
  }
  if (p.kind !== 'user') {
    throw new DomainError(
      'NotAUserPrincipal',
      `${u} is a ${p.kind}, not a user: only users can use Persistent Chat.`,
      { uri: u },
    );
  }
  const policy = await effectivePolicy(store, p);
  return {
    uri: u,
    kind: 'user',
    disabled: p.disabled,
    ancestry: await resolveAncestry(store, u),
    enabledByPolicy: policy?.enablePersistentChat ?? false,
    isChatAdmin: isChatAdminUser(p),
    ownMessages: {
      edit: policy?.allowEditOwnMessages ?? false,
      delete: policy?.allowDeleteOwnMessages ?? false,
      windowMinutes: policy?.editWindowMinutes ?? 0,
    },
  };
}
