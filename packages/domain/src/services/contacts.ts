// Roaming contacts and groups (PC-86: "through the UserEndpoint class, you can perform contact
// and contact group operations"): the edits pidgin-sipe sends as SOAP and the SDK's ContactsService,
// checked here and stored through the ContactStore port. Every change returns what it did, so the edge can
// tell the user's other endpoints (roaming). Knows no SIP.
import { assertCan } from '../access/can.js';
import { DomainError } from '../errors.js';
import {
  CONTACT_LIMITS,
  emptyChange,
  type ContactListEntry,
  type ContactGroup,
  type ContactList,
  type ContactListChange,
} from '../model/contacts.js';
import type { Actor, PrincipalUri } from '../model/principal.js';
import type { ContactStore } from '../ports/store.js';

const SIP_ADDRESS = /^sip:[^@\s<>"]+@[^@\s<>";]+$/;

export function contactAddress(uri: string): PrincipalUri {
  const u = uri.trim().toLowerCase();
  const withSip = u.startsWith('sip:') ? u : `sip:${u}`;
  if (!SIP_ADDRESS.test(withSip))
    throw new DomainError('InvalidArgument', `'${uri}' is not a SIP address: write it as sip:user@domain.`);
  return withSip;
}

function groupName(name: string): string {
  const n = name.trim();
  if (n === '') throw new DomainError('InvalidArgument', 'A contact group needs a name.');
  if (n.length > CONTACT_LIMITS.nameLength)
    throw new DomainError(
      'InvalidArgument',
      `A contact group name may have at most ${CONTACT_LIMITS.nameLength} characters.`,
    );
  return n;
}

export interface ContactsServiceDeps {
  contacts: ContactStore;
  /** Told when a user blocks or unblocks someone (the presence service re-reads its access list). */
  onBlockedChanged?: (owner: PrincipalUri) => void;
}

export class ContactsService {
  constructor(private readonly deps: ContactsServiceDeps) {}

  async list(actor: Actor): Promise<ContactList> {
    assertCan(actor, 'contacts.manage');
    return this.deps.contacts.list(actor.uri);
  }

  async addGroup(actor: Actor, name: string): Promise<{ group: ContactGroup; change: ContactListChange }> {
    assertCan(actor, 'contacts.manage');
    const n = groupName(name);
    const list = await this.deps.contacts.list(actor.uri);
    if (list.groups.length >= CONTACT_LIMITS.groups)
      throw new DomainError(
        'LimitExceeded',
        `A contact list may have at most ${CONTACT_LIMITS.groups} groups: delete a group first.`,
      );
    const r = await this.deps.contacts.addGroup(actor.uri, n);
    return { group: r.group, change: { ...emptyChange(r.deltaNum), addedGroups: [r.group] } };
  }

  async renameGroup(actor: Actor, id: number, name: string): Promise<ContactListChange> {
    assertCan(actor, 'contacts.manage');
    const n = groupName(name);
    const deltaNum = await this.deps.contacts.renameGroup(actor.uri, id, n);
    return { ...emptyChange(deltaNum), modifiedGroups: [{ id, name: n }] };
  }

  async deleteGroup(actor: Actor, id: number): Promise<ContactListChange> {
    assertCan(actor, 'contacts.manage');
    const r = await this.deps.contacts.deleteGroup(actor.uri, id);
    return {
      ...emptyChange(r.deltaNum),
      modifiedContacts: r.modified,
      deletedContacts: r.deleted,
      deletedGroups: [id],
    };
  }

  /** Adds a contact or changes its name, groups or subscription. */
  async setContact(actor: Actor, contact: ContactListEntry): Promise<ContactListChange> {
    assertCan(actor, 'contacts.manage');
    const uri = contactAddress(contact.uri);
    if (contact.groups.length === 0)
      throw new DomainError('InvalidArgument', `Put ${uri} in at least one contact group.`);
    if (contact.name.length > CONTACT_LIMITS.nameLength)
      throw new DomainError(
        'InvalidArgument',
        `A contact's name may have at most ${CONTACT_LIMITS.nameLength} characters.`,
      );
    const c: ContactListEntry = {
      ...contact,
      uri,
      groups: [...new Set(contact.groups)].sort((a, b) => a - b),
    };
    const list = await this.deps.contacts.list(actor.uri);
    if (!list.contacts.some((x) => x.uri === uri) && list.contacts.length >= CONTACT_LIMITS.contacts)
      throw new DomainError(
        'LimitExceeded',
        `A contact list may have at most ${CONTACT_LIMITS.contacts} contacts: remove a contact first.`,
      );
    const r = await this.deps.contacts.setContact(actor.uri, c);
    return r.created
      ? { ...emptyChange(r.deltaNum), addedContacts: [c] }
      : { ...emptyChange(r.deltaNum), modifiedContacts: [c] };
  }

  /** Removes a contact; null when it was not on the list (nothing to tell anyone). */
  async deleteContact(actor: Actor, uri: string): Promise<ContactListChange | null> {
    assertCan(actor, 'contacts.manage');
    const u = contactAddress(uri);
    const deltaNum = await this.deps.contacts.deleteContact(actor.uri, u);
    return deltaNum === null ? null : { ...emptyChange(deltaNum), deletedContacts: [u] };
  }

  async blocked(actor: Actor): Promise<PrincipalUri[]> {
    assertCan(actor, 'contacts.manage');
    return this.deps.contacts.blocked(actor.uri);
  }

  /** Blocks (the person then sees the actor offline, whatever the actor publishes) or unblocks someone. */
  async setBlocked(actor: Actor, uri: string, blocked: boolean): Promise<void> {
    assertCan(actor, 'contacts.manage');
    const u = contactAddress(uri);
    if (u === actor.uri) throw new DomainError('InvalidArgument', 'You cannot block yourself.');
    await this.deps.contacts.setBlocked(actor.uri, u, blocked);
    this.deps.onBlockedChanged?.(actor.uri);
  }
}
