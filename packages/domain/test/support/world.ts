// TEST SUPPORT ONLY: a small directory and topology on the in-memory store, plus deterministic clock/ids
// and an event recorder. Service tests run against any Store (the storage engineer reuses them).
import type {
  Actor,
  DomainEvent,
  Group,
  OrgUnit,
  Domain,
  Store,
  User,
  Category,
  Room,
} from '../../src/index.js';
import { buildActor, createCategory, createRoom } from '../../src/index.js';
import type { ServiceDeps } from '../../src/services/deps.js';
import { MemoryStore } from './memory-store.js';
import { DomainError } from '../../src/errors.js';
import assert from 'node:assert/strict';

export const POOL = 'p1.example.test';
export const DOM = 'ma-dom:example.test';
export const OU_SALES = 'ma-ou:example.test/sales';
export const OU_EMEA = 'ma-ou:example.test/sales/emea';
export const G_TRADERS = 'ma-grp:traders@u.g';
export const G_HELP = 'ma-grp:helpdesk@u.g';
export const ROOT_URI = 'ma-cat://example.test/root';

const audit = { createdBy: null, createdOn: 0, updatedBy: null, updatedOn: 0 };
const user = (name: string, extra: Partial<User> = {}): User => ({
  uri: `sip:${name}@example.test`,
  kind: 'user',
  guid: `g-${name}`,
  displayName: name,
  audit,
  email: `${name}@example.test`,
  companyName: null,
  disabled: false,
  ou: null,
  domain: DOM,
  siteId: null,
  policyTag: null,
  adminRoles: [],
  ...extra,
});

export const U = {
  admin: 'sip:admin@example.test',
  carol: 'sip:carol@example.test', // creator of IT
  mike: 'sip:mike@example.test', // manager
  mary: 'sip:mary@example.test', // member
  bob: 'sip:bob@example.test',
  ted: 'sip:ted@example.test', // trader: behind the ethical wall
  eve: 'sip:eve@other.test', // outside every scope
  emma: 'sip:emma@example.test', // in OU sales/emea
  app: 'sip:bot-contact@example.test', // a contact object
};

export interface World extends ServiceDeps {
  store: MemoryStore;
  events: { publish(e: DomainEvent): void; list: DomainEvent[] };
  actor(uri: string): Promise<Actor>;
  it: Category;
  root: Category;
  sales: Category;
  /** A Closed room in IT: managers [carol, mike], members [mary, mike]. */
  helpDesk: Room;
}

export async function makeWorld(): Promise<World> {
  const store = new MemoryStore();
  let n = 0;
  const list: DomainEvent[] = [];
  const deps: ServiceDeps & { store: MemoryStore } = {
    store,
    clock: { now: () => 1_700_000_000_000 },
    ids: { uuid: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}` },
  };
  const d = store.directory;
  await d.insert({
    uri: DOM,
    kind: 'domain',
    guid: 'd1',
    displayName: 'example.test',
    audit,
    name: 'example.test',
  } satisfies Domain);
  await d.insert({
    uri: 'ma-dom:other.test',
    kind: 'domain',
    guid: 'd2',
    displayName: 'other.test',
    audit,
    name: 'other.test',
  } satisfies Domain);
  await d.insert({
    uri: OU_SALES,
    kind: 'ou',
    guid: 'o1',
    displayName: 'Sales',
    audit,
    parent: null,
    domain: DOM,
  } satisfies OrgUnit);
  await d.insert({
    uri: OU_EMEA,
    kind: 'ou',
    guid: 'o2',
    displayName: 'EMEA',
    audit,
    parent: OU_SALES,
    domain: DOM,
  } satisfies OrgUnit);
  for (const g of [G_TRADERS, G_HELP])
    await d.insert({
      uri: g,
      kind: 'group',
      guid: g,
      displayName: g,
      audit,
      groupType: 'security',
    } satisfies Group);
  await d.insert(user('admin', { adminRoles: ['CsPersistentChatAdministrator'] }));
  for (const name of ['carol', 'mike', 'mary', 'bob', 'ted']) await d.insert(user(name));
  await d.insert(user('emma', { ou: OU_EMEA }));
  await d.insert(user('eve', { uri: U.eve, domain: 'ma-dom:other.test' }));
  await d.insert({
    uri: U.app,
    kind: 'contact',
    guid: 'c1',
    displayName: 'bot',
    audit,
    contactType: 'application',
    poolFqdn: null,
    applicationId: 'bot',
  });
  await d.addGroupMember({ group: G_TRADERS, member: U.ted });
  await d.addGroupMember({ group: G_HELP, member: U.mary });
  await d.addGroupMember({ group: G_HELP, member: U.bob });
  await store.topology.putPool({
    fqdn: POOL,
    domain: 'example.test',
    chatServerUri: 'sip:pchat@example.test',
    displayName: 'Pool 1',
    siteId: null,
    rootCategoryUri: ROOT_URI,
    databaseVersion: 'db',
    audit,
  });
  await store.topology.putPolicy({ identity: 'global', description: '', enablePersistentChat: true });
  const root: Category = {
    id: 'root',
    uri: ROOT_URI,
    poolFqdn: POOL,
    name: 'Root',
    description: '',
    allowedMembers: [DOM],
    deniedMembers: [],
    creators: [],
    fileUpload: false,
    invitations: false,
    chatHistory: true,
    version: 1,
    audit,
  };
  await store.rooms.insertCategory(root);

  const actor = (uri: string): Promise<Actor> => buildActor(store, uri);
  const admin = await actor(U.admin);
  const it = await createCategory(deps, admin, {
    name: 'IT',
    allowedMembers: [DOM],
    deniedMembers: [G_TRADERS],
    creators: [U.carol],
    invitations: true,
  });
  const sales = await createCategory(deps, admin, {
    name: 'Sales',
    allowedMembers: [OU_SALES, U.mike],
    creators: [U.mike],
  });
  const helpDesk = await createRoom(deps, await actor(U.carol), {
    categoryId: it.id,
    name: 'Help Desk',
    members: [U.mary, U.mike],
    managers: [U.mike],
  });
  const events = { list, publish: (e: DomainEvent) => void list.push(e) };
  return { ...deps, store, events, actor, it, root, sales, helpDesk };
}

/** Runs fn, expects a DomainError with the code, and that the store is exactly as before. */
export async function refusesCleanly(
  store: Store & { snapshot(): unknown },
  code: string,
  fn: () => Promise<unknown>,
): Promise<Error> {
  const before = store.snapshot();
  let caught: unknown;
  try {
    await fn();
  } catch (e) {
    caught = e;
  }
  if (!(caught instanceof DomainError))
    throw new Error(`expected DomainError ${code}, got ${String(caught)}`);
  if (caught.code !== code) throw new Error(`expected ${code}, got ${caught.code}: ${caught.message}`);
  assert.deepStrictEqual(store.snapshot(), before, 'the store is unchanged after the refusal');
  return caught;
}
