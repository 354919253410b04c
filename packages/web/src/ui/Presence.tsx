// Presence in the web app (docs/presence.md): a coloured dot with the status in words for assistive
// technology, the user's own status and note, and the contact list by group with add and remove.
import { useEffect, useState } from 'react';
import type { AvailabilityWord } from '@pchat/sdk';
import { OWN_STATES } from '../client/presence-state.js';
import { useClient } from './hooks.js';

const WORDS: Record<AvailabilityWord, string> = {
  online: 'Available',
  idle: 'Inactive',
  busy: 'Busy',
  'do-not-disturb': 'Do not disturb',
  'be-right-back': 'Be right back',
  away: 'Away',
  offline: 'Offline',
};

/** The status of `uri` as a dot (and in words for screen readers and the tooltip). */
export function PresenceDot({ uri }: { uri: string }): React.JSX.Element {
  const client = useClient();
  const p = client.presence.of(uri);
  const state = p?.state ?? 'offline';
  const words = `${WORDS[state]}${p?.note ? `: ${p.note}` : ''}`;
  return (
    <span className="presence-dot" data-presence={state} title={words}>
      <span className="visually-hidden">{words}</span>
    </span>
  );
}

/** Watches the given people (a roster) while shown. */
export function useWatch(uris: readonly string[]): void {
  const client = useClient();
  const key = uris.join(' ');
  useEffect(() => {
    void client.presence.watch(key === '' ? [] : key.split(' '));
  }, [client, key]);
}

export function ContactsPanel(): React.JSX.Element {
  const client = useClient();
  const ps = client.presence;
  const [address, setAddress] = useState('');
  const [group, setGroup] = useState('Contacts');
  const [note, setNote] = useState(ps.own.note);
  const list = ps.contacts;
  return (
    <section className="contacts" aria-label="Contacts">
      <h2 className="section-title">My status</h2>
      <div className="own-status">
        <PresenceDot uri={client.user} />
        <label className="grow">
          <span className="visually-hidden">Status</span>
          <select
            className="full"
            aria-label="Status"
            value={ps.own.state}
            onChange={(e) => void ps.setOwn(e.target.value as AvailabilityWord, note)}
          >
            {OWN_STATES.map((s) => (
              <option key={s.state} value={s.state}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void ps.setOwn(ps.own.state, note);
          }}
          className="own-note"
        >
          <input
            className="grow"
            aria-label="Note"
            placeholder="What's happening?"
            value={note}
            onChange={(e) => setNote(e.target.value)}
            maxLength={512}
          />
          <button type="submit" className="small">
            Set note
          </button>
        </form>
      </div>
      <h2 className="section-title">Contacts</h2>
      {list === null ? (
        <p className="muted small-text">Loading contacts…</p>
      ) : list.contacts.length === 0 ? (
        <p className="muted small-text">No contacts yet. Add someone below.</p>
      ) : (
        list.groups.map((g) => {
          const people = list.contacts.filter((c) => c.groups.includes(g.id));
          if (people.length === 0) return null;
          return (
            <div key={g.id} role="group" aria-label={g.name === '~' ? 'Other Contacts' : g.name}>
              <h3 className="small-text muted contact-group">{g.name === '~' ? 'Other Contacts' : g.name}</h3>
              <ul
                role="list"
                aria-label={`Contacts in ${g.name === '~' ? 'Other Contacts' : g.name}`}
                className="contact-list"
              >
                {people.map((c) => {
                  const p = ps.of(c.uri);
                  return (
                    <li key={c.uri} className="contact">
                      <PresenceDot uri={c.uri} />
                      <span title={c.uri} className="contact-name">
                        {c.name || c.uri.replace(/^sip:/, '')}
                      </span>
                      <button
                        type="button"
                        className="small"
                        aria-label={`Remove ${c.uri.replace(/^sip:/, '')}`}
                        onClick={() => void ps.removeContact(c.uri)}
                      >
                        ×
                      </button>
                      {p?.note && <span className="muted small-text contact-note">{p.note}</span>}
                    </li>
                  );
                })}
              </ul>
            </div>
          );
        })
      )}
      <form
        aria-label="Add a contact"
        onSubmit={(e) => {
          e.preventDefault();
          void ps.addContact(address, group).then((ok) => ok && setAddress(''));
        }}
        className="add-contact"
      >
        <input
          className="full"
          aria-label="Contact address"
          placeholder="name@example.test"
          value={address}
          onChange={(e) => setAddress(e.target.value)}
          required
        />
        <input className="grow" aria-label="Group" value={group} onChange={(e) => setGroup(e.target.value)} />
        <button type="submit" className="small">
          Add contact
        </button>
      </form>
      {ps.error && (
        <p role="alert" className="small-text">
          {ps.error}
        </p>
      )}
    </section>
  );
}
