// Record builders for the conformance suite.
import type {
  Addin,
  AuditData,
  Category,
  Contact,
  Domain,
  Group,
  NewMessage,
  OrgUnit,
  Room,
  User,
} from '@pchat/domain';

export const audit = (t = 1000): AuditData => ({
  createdBy: 'sip:admin@example.test',
  createdOn: t,
  updatedBy: null,
  updatedOn: t,
});

let n = 0;
export const uid = (p = 'id'): string => `${p}-${++n}-${Math.random().toString(36).slice(2, 8)}`;

export const user = (name: string, o: Partial<User> = {}): User => ({
  uri: `sip:${name}@example.test`,
  kind: 'user',
  guid: uid('g'),
  displayName: name.toUpperCase(),
  audit: audit(),
  email: `${name}@example.test`,
  companyName: null,
  disabled: false,
  ou: null,
  domain: 'ma-dom:example.test',
  siteId: null,
  policyTag: null,
  adminRoles: [],
  ...o,
});
export const group = (name: string): Group => ({
  uri: `ma-grp:${name}@u.g`,
  kind: 'group',
  guid: uid('g'),
  displayName: name,
  audit: audit(),
  groupType: 'security',
});
export const ou = (path: string, parent: string | null): OrgUnit => ({
  uri: `ma-ou:${path}`,
  kind: 'ou',
  guid: uid('g'),
  displayName: path,
  audit: audit(),
  parent,
  domain: 'ma-dom:example.test',
});
export const domain = (name: string): Domain => ({
  uri: `ma-dom:${name}`,
  kind: 'domain',
  guid: uid('g'),
  displayName: name,
  audit: audit(),
  name,
});
export const contact = (name: string, poolFqdn: string | null): Contact => ({
  uri: `sip:${name}@example.test`,
  kind: 'contact',
  guid: uid('g'),
  displayName: name,
  audit: audit(),
  contactType: 'persistentChatEndpoint',
  poolFqdn,
  applicationId: null,
});

export const POOL = 'pool1.example.test';

export const category = (name: string, o: Partial<Category> = {}): Category => {
  const id = uid('cat');
  return {
    id,
    uri: `ma-cat://example.test/${id}`,
    poolFqdn: POOL,
    name,
    description: `about ${name}`,
    allowedMembers: ['ma-dom:example.test'],
    deniedMembers: [],
    creators: ['sip:admin@example.test'],
    fileUpload: true,
    invitations: true,
    chatHistory: true,
    version: 1,
    audit: audit(),
    ...o,
  };
};

export const room = (name: string, o: Partial<Room> = {}): Room => {
  const id = uid('room');
  return {
    id,
    uri: `ma-chan://example.test/${id}`,
    poolFqdn: POOL,
    categoryId: 'cat-root',
    name,
    description: `${name} room`,
    privacy: 'Closed',
    type: 'Normal',
    invitations: 'Inherit',
    disabled: false,
    addinId: null,
    members: ['sip:bob@example.test', 'sip:alice@example.test'],
    managers: ['sip:alice@example.test'],
    presenters: [],
    version: 1,
    audit: audit(),
    ...o,
  };
};

export const addin = (name: string): Addin => ({
  id: uid('addin'),
  poolFqdn: POOL,
  name,
  url: `https://x.test/${name}`,
  version: 1,
  audit: audit(),
});

export const msg = (roomId: string, text: string, o: Partial<NewMessage> = {}): NewMessage => ({
  roomId,
  author: 'sip:alice@example.test',
  kind: 'plain',
  text,
  storyTitle: null,
  rtf: null,
  parts: null,
  ...o,
});
