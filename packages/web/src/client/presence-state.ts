// Presence and the contact list in the web app (docs/presence.md), through the SDK only: the user is
// published online at sign-in; one RemotePresenceView watches the contacts and everyone shown in a
// roster; the roaming contact list follows changes made on any of the user's endpoints. Kept apart from
// ChatClient, which only attaches and detaches it.
import {
  type AvailabilityWord,
  type ContactGroupServices,
  type ContactList,
  type RemotePresence,
  type RemotePresenceView,
  type UserEndpoint,
} from '@pchat/sdk';

/** The statuses the user can pick. */
export const OWN_STATES: ReadonlyArray<{ state: AvailabilityWord; label: string }> = [
  { state: 'online', label: 'Available' },
  { state: 'busy', label: 'Busy' },
  { state: 'do-not-disturb', label: 'Do not disturb' },
  { state: 'be-right-back', label: 'Be right back' },
  { state: 'away', label: 'Away' },
];

export class PresenceState {
  presences = new Map<string, RemotePresence>();
  contacts: ContactList | null = null;
  own: { state: AvailabilityWord; note: string } = { state: 'online', note: '' };
  error: string | null = null;
  private endpoint: UserEndpoint | null = null;
  private view: RemotePresenceView | null = null;
  private services: ContactGroupServices | null = null;
  private readonly watched = new Set<string>();

  constructor(private readonly changed: () => void) {}

  /** After sign-in: publish, read the contact list, watch the contacts. Never throws (presence is extra). */
  async attach(endpoint: UserEndpoint): Promise<void> {
    this.endpoint = endpoint;
    this.watched.clear();
    try {
      await endpoint.localOwnerPresence.publish({ availability: this.own.state, note: this.own.note });
      const view = endpoint.createPresenceView();
      view.on('presenceChanged', (p) => {
        this.presences.set(p.uri, p);
        this.changed();
      });
      this.view = view;
      const services = endpoint.contactGroupServices;
      services.on('contactListChanged', (l) => {
        this.contacts = l;
        this.changed();
        void this.watch(l.contacts.map((c) => c.uri));
      });
      this.services = services;
      this.contacts = await services.getContacts();
      this.changed();
      await this.watch(this.contacts.contacts.map((c) => c.uri));
    } catch (e) {
      this.fail(e);
    }
  }

  detach(): void {
    this.endpoint = null;
    this.view = null;
    this.services = null;
    this.watched.clear();
  }

  of(uri: string): RemotePresence | undefined {
    return this.presences.get(uri.toLowerCase());
  }

  /** Watches people not watched yet (roster members, contacts). */
  async watch(uris: readonly string[]): Promise<void> {
    const fresh = [...new Set(uris.map((u) => u.toLowerCase()))].filter((u) => !this.watched.has(u));
    if (fresh.length === 0 || this.view === null) return;
    for (const u of fresh) this.watched.add(u);
    try {
      await this.view.subscribe(fresh);
    } catch (e) {
      for (const u of fresh) this.watched.delete(u);
      this.fail(e);
    }
  }

  async setOwn(state: AvailabilityWord, note: string): Promise<void> {
    this.own = { state, note };
    this.changed();
    try {
      await this.endpoint?.localOwnerPresence.publish({ availability: state, note });
      this.error = null;
    } catch (e) {
      this.fail(e);
    }
  }

  /** Adds a contact to a group by name (the group is created when new). */
  async addContact(uri: string, groupName: string): Promise<boolean> {
    const s = this.services;
    if (s === null) return false;
    try {
      const list = this.contacts ?? (await s.getContacts());
      const name = groupName.trim() || 'Contacts';
      const group =
        list.groups.find((g) => g.name.toLowerCase() === name.toLowerCase()) ?? (await s.addGroup(name));
      await s.setContact({ uri, groups: [group.id] });
      this.error = null;
      this.changed();
      return true;
    } catch (e) {
      this.fail(e);
      return false;
    }
  }

  async removeContact(uri: string): Promise<void> {
    try {
      await this.services?.removeContact(uri);
    } catch (e) {
      this.fail(e);
    }
  }

  private fail(e: unknown): void {
    this.error = e instanceof Error ? e.message : String(e);
    this.changed();
  }
}
