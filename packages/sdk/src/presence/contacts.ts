// Contacts and groups of a UserEndpoint (PC-86; UCMA ContactGroupServices): the roaming contact list kept
// on the server, the same on every endpoint of the user. getContacts() subscribes to it; every change, made
// here or on another endpoint, arrives as a contactListChanged event with the whole list. Edits are SOAP
// over SERVICE ([MS-SIP]) and resolve once the server stored them.
import {
  CT_ROAMING_CONTACTS,
  CT_SET_CONTAINER_MEMBERS,
  CT_SOAP,
  EVENT_ROAMING_CONTACTS,
  decodeAddGroupResponse,
  decodeRoamingContacts,
  encodeContactSoap,
  encodeSetContainerMembers,
  normaliseSipUri,
  type ContactSoapRequest,
} from '@pchat/protocol';
import { PersistentChatError } from '../errors.js';
import { TypedEventTarget } from '../events.js';
import type { LocalEndpoint } from '../endpoints/local-endpoint.js';
import { requireUserEndpoint, sendService } from './presence.js';
import { EventSubscription } from './subscription.js';

export interface ContactGroup {
  id: number;
  /** `~` is the default group ("Other Contacts"). */
  name: string;
}

export interface Contact {
  uri: string;
  name: string;
  groups: number[];
  subscribed: boolean;
}

export interface ContactList {
  /** The list's version on the server (raised by every change). */
  deltaNum: number;
  groups: ContactGroup[];
  contacts: Contact[];
}

/** Events of {@link ContactGroupServices}. */
export interface ContactGroupServicesEvents {
  /** The list changed (here or on another endpoint of the user): the whole list after the change. */
  contactListChanged: ContactList;
}

/** What setContact takes: the address and groups; name defaults to '', subscribed to true. */
export interface ContactInput {
  uri: string;
  groups: readonly number[];
  name?: string;
  subscribed?: boolean;
}

export class ContactGroupServices extends TypedEventTarget<ContactGroupServicesEvents> {
  private readonly sub: EventSubscription;
  private list: ContactList | null = null;

  constructor(private readonly endpoint: LocalEndpoint) {
    super();
    requireUserEndpoint(endpoint, 'manage contacts');
    this.sub = new EventSubscription(
      endpoint,
      EVENT_ROAMING_CONTACTS,
      CT_ROAMING_CONTACTS,
      (_ct, body) => this.take(body),
      () => this.sub.send('get contacts'),
    );
  }

  /** The contact list (subscribes on first use, then answers from the kept copy). */
  async getContacts(): Promise<ContactList> {
    if (this.list === null || !this.sub.active) await this.sub.send('get contacts');
    return structuredClone(this.list!);
  }

  /** Creates a group; resolves with it (its id comes from the server). */
  async addGroup(name: string): Promise<ContactGroup> {
    const body = await this.soap({ method: 'addGroup', name }, 'add contact group');
    const id = decodeAddGroupResponse(body);
    if (id === null)
      throw new PersistentChatError('CommandFailed', 'The server created the group but did not say its id.');
    return { id, name: name.trim() };
  }

  async renameGroup(id: number, name: string): Promise<void> {
    await this.soap({ method: 'modifyGroup', groupId: id, name }, 'rename contact group');
  }

  /** Deletes a group; its contacts leave it (and those in no other group leave the list). */
  async deleteGroup(id: number): Promise<void> {
    await this.soap({ method: 'deleteGroup', groupId: id }, 'delete contact group');
  }

  /** Adds a contact, or changes its groups, name or subscription. */
  async setContact(c: ContactInput): Promise<void> {
    await this.soap(
      {
        method: 'setContact',
        uri: normaliseSipUri(c.uri),
        displayName: c.name ?? '',
        groups: [...c.groups],
        subscribed: c.subscribed ?? true,
      },
      'set contact',
    );
  }

  async removeContact(uri: string): Promise<void> {
    await this.soap({ method: 'deleteContact', uri: normaliseSipUri(uri) }, 'remove contact');
  }

  /**
   * Blocks someone: they then see this user offline, whatever the user publishes (container 32000,
   * docs/presence.md). `unblock` undoes it.
   */
  async block(uri: string): Promise<void> {
    await this.containers(uri, 'add', 'block');
  }

  async unblock(uri: string): Promise<void> {
    await this.containers(uri, 'remove', 'unblock');
  }

  /** Stops following changes. */
  async close(): Promise<void> {
    this.list = null;
    await this.sub.close();
  }

  private async containers(uri: string, action: 'add' | 'remove', operation: string): Promise<void> {
    const body = encodeSetContainerMembers([
      { container: 32000, action, type: 'user', value: normaliseSipUri(uri) },
    ]);
    await sendService(this.endpoint, operation, body, CT_SET_CONTAINER_MEMBERS);
  }

  private soap(r: ContactSoapRequest, operation: string): Promise<string> {
    return sendService(this.endpoint, operation, encodeContactSoap(r, this.list?.deltaNum), CT_SOAP);
  }

  private take(body: string): void {
    let doc;
    try {
      doc = decodeRoamingContacts(body);
    } catch {
      return;
    }
    if (doc.kind === 'list') {
      this.list = { deltaNum: doc.deltaNum, groups: doc.groups, contacts: doc.contacts };
    } else {
      const l = this.list ?? { deltaNum: 0, groups: [], contacts: [] };
      const groups = new Map(l.groups.map((g) => [g.id, g]));
      for (const g of [...doc.addedGroups, ...doc.modifiedGroups]) groups.set(g.id, g);
      for (const id of doc.deletedGroups) groups.delete(id);
      const contacts = new Map(l.contacts.map((c) => [c.uri, c]));
      for (const c of [...doc.addedContacts, ...doc.modifiedContacts]) contacts.set(c.uri, c);
      for (const u of doc.deletedContacts) contacts.delete(u);
      this.list = {
        deltaNum: doc.deltaNum,
        groups: [...groups.values()].sort((a, b) => a.id - b.id),
        contacts: [...contacts.values()].sort((a, b) => a.uri.localeCompare(b.uri)),
      };
    }
    this.emit('contactListChanged', structuredClone(this.list));
  }
}
