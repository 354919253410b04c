// Presence in the web app (docs/presence.md): a coloured dot with the status in words for assistive
// technology, the user's own status and note, and the contact list by group with add and remove.
import { useEffect, useState } from 'react';
import type { AvailabilityWord } from '@pchat/sdk';
import { OWN_STATES } from '../client/presence-state.js';
import { useClient } from './hooks.js';

const COLOURS: Record<AvailabilityWord, string> = {
  online: '#2e9e44',
  idle: '#d9a400',
  busy: '#c62828',
  'do-not-disturb': '#8e0000',
  'be-right-back': '#d9a400',
  away: '#d9a400',
  offline: '#8a8a8a',
};

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
    <span
      className="presence-dot"
      data-presence={state}
      title={words}
      style={{
        display: 'inline-block',
        width: 10,
        height: 10,
        borderRadius: '50%',
        background: COLOURS[state],
        flex: 'none',
        marginInline: 4,
      }}
    >
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
    <section className="contacts" aria-label="Contacts" style={{ padding: '0 10px 12px' }}>
      <h2 className="section-title">My status</h2>
      <div style={{ display: 'flex', gap: 6, flexWrap: 'wrap', alignItems: 'center' }}>
        <PresenceDot uri={client.user} />
        <label style={{ flex: 1, minWidth: 0 }}>
          <span className="visually-hidden">Status</span>
          <select
            style={{ width: '100%' }}
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
          style={{ display: 'flex', gap: 4, width: '100%' }}
        >
          <input
            style={{ flex: 1, minWidth: 0 }}
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
              <h3 className="small-text muted" style={{ margin: '6px 0 2px' }}>
                {g.name === '~' ? 'Other Contacts' : g.name}
              </h3>
              <ul
                role="list"
                aria-label={`Contacts in ${g.name === '~' ? 'Other Contacts' : g.name}`}
                style={{ listStyle: 'none', margin: 0, padding: 0 }}
              >
                {people.map((c) => {
                  const p = ps.of(c.uri);
                  return (
                    <li
                      key={c.uri}
                      className="contact"
                      style={{
                        display: 'flex',
                        alignItems: 'center',
                        gap: 4,
                        flexWrap: 'wrap',
                        padding: '2px 0',
                      }}
                    >
                      <PresenceDot uri={c.uri} />
                      <span
                        title={c.uri}
                        style={{
                          flex: 1,
                          minWidth: 0,
                          overflow: 'hidden',
                          textOverflow: 'ellipsis',
                          whiteSpace: 'nowrap',
                        }}
                      >
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
                      {p?.note && (
                        <span
                          className="muted small-text"
                          style={{ flexBasis: '100%', paddingInlineStart: 18 }}
                        >
                          {p.note}
                        </span>
                      )}
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
        style={{ display: 'flex', gap: 4, flexWrap: 'wrap', marginTop: 8 }}
      >
        <input
          style={{ width: '100%' }}
          aria-label="Contact address"
          placeholder="name@example.test"
          value={address}
          onChange={(e) => setAddress(e.target.value)}
          required
        />
        <input
          style={{ flex: 1, minWidth: 0 }}
          aria-label="Group"
          value={group}
          onChange={(e) => setGroup(e.target.value)}
        />
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
