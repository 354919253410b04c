// Roaming contact lists ([MS-SIP] 2.2.2 roaming contacts, 3.x "contact list management"): the full list
// (`contactList`) in the answer to SUBSCRIBE vnd-microsoft-roaming-contacts, and changes (`contactDelta`)
// in the BENOTIFYs that follow. `deltaNum` counts the list's versions. COMPAT(pidgin-sipe): in the full
// list a contact's uri has no `sip:` (the client adds it), in a delta it has one (the client looks the
// buddy up by it); group ids are decimal and a contact's groups are separated by single spaces with none at the end (sipe reads an empty id as "put it in the first group").
import { attr } from '../xccos/xml.js';
import { CT_ROAMING_CONTACTS } from './constants.js';
import { PresenceCodecError } from './errors.js';
import { attrOf, kids, localName, parseBody } from './xml.js';

export interface ContactGroupEntry {
  id: number;
  /** `~` is the default group ("Other Contacts" in the clients). */
  name: string;
}

export interface ContactEntry {
  /** `sip:user@domain`, lower-cased. */
  uri: string;
  /** The display name the user gave the contact ('' for none). */
  name: string;
  groups: number[];
  subscribed: boolean;
}

export interface ContactListDocument {
  deltaNum: number;
  groups: ContactGroupEntry[];
  contacts: ContactEntry[];
}

export interface ContactDeltaDocument {
  deltaNum: number;
  addedGroups: ContactGroupEntry[];
  modifiedGroups: ContactGroupEntry[];
  deletedGroups: number[];
  addedContacts: ContactEntry[];
  modifiedContacts: ContactEntry[];
  deletedContacts: string[];
}

const noSip = (u: string): string => u.replace(/^sip:/i, '');
const sip = (u: string): string => `sip:${noSip(u).toLowerCase()}`;

function groupXml(tag: string, g: ContactGroupEntry): string {
  return `<${tag}${attr('id', g.id)}${attr('name', g.name)} externalURI=""/>`;
}

function contactXml(tag: string, c: ContactEntry, withSip: boolean): string {
  const groups = c.groups.join(' ');
  return (
    `<${tag}${attr('uri', withSip ? c.uri : noSip(c.uri))}${attr('name', c.name)}` +
    `${attr('groups', groups)} subscribed="${c.subscribed}" externalURI=""/>`
  );
}

export function encodeContactList(d: ContactListDocument): string {
  let s = `<contactList deltaNum="${d.deltaNum}">`;
  for (const g of d.groups) s += groupXml('group', g);
  for (const c of d.contacts) s += contactXml('contact', c, false);
  return `${s}</contactList>`;
}

export function encodeContactDelta(d: ContactDeltaDocument): string {
  let s = `<contactDelta deltaNum="${d.deltaNum}">`;
  for (const g of d.addedGroups) s += groupXml('addedGroup', g);
  for (const g of d.modifiedGroups) s += groupXml('modifiedGroup', g);
  for (const c of d.addedContacts) s += contactXml('addedContact', c, true);
  for (const c of d.modifiedContacts) s += contactXml('modifiedContact', c, true);
  for (const u of d.deletedContacts) s += `<deletedContact${attr('uri', u)}/>`;
  for (const id of d.deletedGroups) s += `<deletedGroup id="${id}"/>`;
  return `${s}</contactDelta>`;
}

function readGroup(el: Parameters<typeof attrOf>[0]): ContactGroupEntry {
  const id = Number(attrOf(el, 'id') ?? 'NaN');
  if (!Number.isInteger(id)) throw new PresenceCodecError('bad-field', 'A contact group needs a numeric id.');
  return { id, name: attrOf(el, 'name') ?? '' };
}

function readContact(el: Parameters<typeof attrOf>[0]): ContactEntry {
  const uri = attrOf(el, 'uri');
  if (uri === undefined || uri === '') throw new PresenceCodecError('bad-field', 'A contact needs a uri.');
  const groups = (attrOf(el, 'groups') ?? '')
    .split(/\s+/)
    .filter((g) => /^\d+$/.test(g))
    .map(Number);
  return {
    uri: sip(uri),
    name: attrOf(el, 'name') ?? '',
    groups,
    subscribed: attrOf(el, 'subscribed') !== 'false',
  };
}

export type RoamingContactsDocument =
  ({ kind: 'list' } & ContactListDocument) | ({ kind: 'delta' } & ContactDeltaDocument);

export function decodeRoamingContacts(body: string): RoamingContactsDocument {
  const root = parseBody(body, CT_ROAMING_CONTACTS);
  const deltaNum = Number(attrOf(root, 'deltaNum') ?? '0') || 0;
  const name = localName(root);
  if (name === 'contactList')
    return {
      kind: 'list',
      deltaNum,
      groups: kids(root, 'group').map(readGroup),
      contacts: kids(root, 'contact').map(readContact),
    };
  if (name === 'contactDelta')
    return {
      kind: 'delta',
      deltaNum,
      addedGroups: kids(root, 'addedGroup').map(readGroup),
      modifiedGroups: kids(root, 'modifiedGroup').map(readGroup),
      deletedGroups: kids(root, 'deletedGroup').map((g) => readGroup(g).id),
      addedContacts: kids(root, 'addedContact').map(readContact),
      modifiedContacts: kids(root, 'modifiedContact').map(readContact),
      deletedContacts: kids(root, 'deletedContact').map((c) => readContact(c).uri),
    };
  throw new PresenceCodecError(
    'wrong-document',
    'A roaming contacts body must be <contactList> or <contactDelta>.',
  );
}
