// In-memory ContactStore for the domain's service tests (same contract as the SQL one, see
// packages/storage/test/conformance/contacts.ts).
import { DomainError } from '../../src/errors.js';
import type { ContactGroup, ContactList, ContactListEntry } from '../../src/model/contacts.js';
import type { PrincipalUri } from '../../src/model/principal.js';
import type { ContactStore } from '../../src/ports/store.js';

interface List {
  deltaNum: number;
  groups: ContactGroup[];
  contacts: Map<string, ContactListEntry>;
}

const noGroup = (id: number): DomainError => new DomainError('NoSuchNode', `No contact group ${id}.`);

export class MemoryContacts implements ContactStore {
  private readonly lists = new Map<string, List>();
  private readonly blocks = new Map<string, Set<string>>();

  private get(u: string): List {
    let l = this.lists.get(u.toLowerCase());
    if (!l) this.lists.set(u.toLowerCase(), (l = { deltaNum: 0, groups: [], contacts: new Map() }));
    return l;
  }

  async list(userUri: PrincipalUri): Promise<ContactList> {
    const l = this.get(userUri);
    return structuredClone({
      deltaNum: l.deltaNum,
      groups: l.groups,
      contacts: [...l.contacts.values()].sort((a, b) => a.uri.localeCompare(b.uri)),
    });
  }

  async addGroup(userUri: PrincipalUri, name: string): Promise<{ group: ContactGroup; deltaNum: number }> {
    const l = this.get(userUri);
    if (l.groups.some((g) => g.name.toLowerCase() === name.toLowerCase()))
      throw new DomainError('DuplicateName', `A group named ${name} exists.`);
    const group = { id: Math.max(0, ...l.groups.map((g) => g.id)) + 1, name };
    l.groups.push(group);
    return { group, deltaNum: ++l.deltaNum };
  }

  async renameGroup(userUri: PrincipalUri, id: number, name: string): Promise<number> {
    const l = this.get(userUri);
    const g = l.groups.find((x) => x.id === id);
    if (!g) throw noGroup(id);
    if (l.groups.some((x) => x.id !== id && x.name.toLowerCase() === name.toLowerCase()))
      throw new DomainError('DuplicateName', `A group named ${name} exists.`);
    g.name = name;
    return ++l.deltaNum;
  }

  async deleteGroup(
    userUri: PrincipalUri,
    id: number,
  ): Promise<{ deltaNum: number; modified: ContactListEntry[]; deleted: PrincipalUri[] }> {
    const l = this.get(userUri);
    if (!l.groups.some((g) => g.id === id)) throw noGroup(id);
    l.groups = l.groups.filter((g) => g.id !== id);
    const modified: ContactListEntry[] = [];
    const deleted: PrincipalUri[] = [];
    for (const c of [...l.contacts.values()].sort((a, b) => a.uri.localeCompare(b.uri))) {
      if (!c.groups.includes(id)) continue;
      c.groups = c.groups.filter((g) => g !== id);
      if (c.groups.length === 0) {
        l.contacts.delete(c.uri);
        deleted.push(c.uri);
      } else modified.push(structuredClone(c));
    }
    return { deltaNum: ++l.deltaNum, modified, deleted };
  }

  async setContact(
    userUri: PrincipalUri,
    contact: ContactListEntry,
  ): Promise<{ deltaNum: number; created: boolean }> {
    const l = this.get(userUri);
    for (const g of contact.groups) if (!l.groups.some((x) => x.id === g)) throw noGroup(g);
    const uri = contact.uri.toLowerCase();
    const created = !l.contacts.has(uri);
    l.contacts.set(uri, structuredClone({ ...contact, uri }));
    return { deltaNum: ++l.deltaNum, created };
  }

  async deleteContact(userUri: PrincipalUri, uri: PrincipalUri): Promise<number | null> {
    const l = this.get(userUri);
    return l.contacts.delete(uri.toLowerCase()) ? ++l.deltaNum : null;
  }

  async blocked(userUri: PrincipalUri): Promise<PrincipalUri[]> {
    return [...(this.blocks.get(userUri.toLowerCase()) ?? [])].sort();
  }

  async setBlocked(userUri: PrincipalUri, uri: PrincipalUri, blocked: boolean): Promise<void> {
    const k = userUri.toLowerCase();
    let s = this.blocks.get(k);
    if (!s) this.blocks.set(k, (s = new Set()));
    if (blocked) s.add(uri.toLowerCase());
    else s.delete(uri.toLowerCase());
  }
}
