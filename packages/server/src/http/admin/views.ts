// What the admin API returns: the domain records plus the identities administrators use
// ("<pool>\<name>") and names instead of internal ids, in the shape of the cmdlets' output objects.
import type {
  Addin,
  Category,
  ChatConfiguration,
  ChatPolicy,
  Contact,
  Principal,
  Room,
  Store,
  TrustedApplication,
} from '@pchat/domain';
import { nodeIdentity } from './identity.js';
import { contentVersion } from './route.js';

export function categoryView(c: Category) {
  return {
    identity: nodeIdentity(c),
    name: c.name,
    description: c.description,
    persistentChatPoolFqdn: c.poolFqdn,
    uri: c.uri,
    id: c.id,
    allowedMembers: c.allowedMembers,
    deniedMembers: c.deniedMembers,
    creators: c.creators,
    fileUpload: c.fileUpload,
    invitations: c.invitations,
    chatHistory: c.chatHistory,
    version: c.version,
  };
}

export async function roomViews(store: Store, rooms: readonly Room[]) {
  const cats = new Map<string, Category | null>();
  const addins = new Map<string, Addin | null>();
  const out = [];
  for (const r of rooms) {
    if (!cats.has(r.categoryId)) cats.set(r.categoryId, await store.rooms.getCategory(r.categoryId));
    if (r.addinId && !addins.has(r.addinId)) addins.set(r.addinId, await store.rooms.getAddin(r.addinId));
    const c = cats.get(r.categoryId);
    const a = r.addinId ? addins.get(r.addinId) : null;
    out.push({
      identity: nodeIdentity(r),
      name: r.name,
      description: r.description,
      persistentChatPoolFqdn: r.poolFqdn,
      roomUri: r.uri,
      id: r.id,
      category: c ? nodeIdentity(c) : r.categoryId,
      privacy: r.privacy,
      type: r.type,
      invitations: r.invitations,
      disabled: r.disabled,
      addin: a ? nodeIdentity(a) : null,
      members: r.members,
      managers: r.managers,
      presenters: r.presenters,
      version: r.version,
    });
  }
  return out;
}

export async function roomView(store: Store, r: Room) {
  return (await roomViews(store, [r]))[0];
}

export function addinView(a: Addin) {
  return {
    identity: nodeIdentity(a),
    name: a.name,
    url: a.url,
    persistentChatPoolFqdn: a.poolFqdn,
    id: a.id,
    version: a.version,
  };
}

export function policyView(p: ChatPolicy) {
  const identity = p.identity.startsWith('tag:')
    ? `Tag:${p.identity.slice(4)}`
    : p.identity.startsWith('site:')
      ? `Site:${p.identity.slice(5)}`
      : 'Global';
  return {
    identity,
    description: p.description,
    enablePersistentChat: p.enablePersistentChat,
    allowEditOwnMessages: p.allowEditOwnMessages ?? false,
    allowDeleteOwnMessages: p.allowDeleteOwnMessages ?? false,
    editWindowMinutes: p.editWindowMinutes ?? 0,
    version: contentVersion(p),
  };
}

export function configView(c: ChatConfiguration) {
  return { ...c, version: contentVersion(c) };
}

export function endpointView(c: Contact) {
  return {
    identity: c.uri.replace(/^sip:/, ''),
    sipAddress: c.uri,
    displayName: c.displayName,
    persistentChatPoolFqdn: c.poolFqdn,
    contactType: c.contactType,
    applicationId: c.applicationId,
    guid: c.guid,
  };
}

export function principalView(p: Principal) {
  const base = {
    identity: p.uri,
    displayName: p.displayName,
    kind: p.kind,
    guid: p.guid,
    // Synced principals: where they live in the directory, and whether the directory still has them.
    ...(p.dn ? { distinguishedName: p.dn } : {}),
    ...(p.gone ? { gone: true } : {}),
  };
  switch (p.kind) {
    case 'user':
      return {
        ...base,
        sipAddress: p.uri,
        email: p.email,
        companyName: p.companyName,
        disabled: p.disabled,
        ou: p.ou,
        domain: p.domain,
        siteId: p.siteId,
        persistentChatPolicy: p.policyTag,
        adminRoles: p.adminRoles,
      };
    case 'group':
      return { ...base, groupType: p.groupType };
    case 'ou':
      return { ...base, parent: p.parent, domain: p.domain };
    case 'domain':
      return { ...base, name: p.name };
    case 'contact':
      return {
        ...base,
        contactType: p.contactType,
        persistentChatPoolFqdn: p.poolFqdn,
        applicationId: p.applicationId,
      };
  }
}

export function trustedAppView(a: TrustedApplication) {
  return {
    identity: `${a.poolFqdn}/urn:application:${a.id.toLowerCase()}`,
    applicationId: a.id,
    trustedApplicationPoolFqdn: a.poolFqdn,
    port: a.port,
  };
}
