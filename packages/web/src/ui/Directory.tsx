// The room directory (PC-11): search by name and description; each room shows Open/Closed and its
// category when known; Join follows it (kept on the server, PC-20).
import { useEffect, useState, type FormEvent } from 'react';
import type { ChatRoomSnapshot } from '@pchat/sdk';
import { humanError } from '../client/errors.js';
import { useClient } from './hooks.js';

export function Directory({ onOpened }: { onOpened: (uri: string) => void }): React.JSX.Element {
  const client = useClient();
  const [query, setQuery] = useState('');
  const [rooms, setRooms] = useState<ChatRoomSnapshot[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function search(q: string): Promise<void> {
    const svc = client.chat?.persistentChatServices;
    if (!svc) return;
    setBusy(true);
    setError(null);
    try {
      setRooms(await svc.browseChatRoomsByCriteria(q.trim(), true, false, false, 100));
    } catch (e) {
      setError(humanError(e));
    } finally {
      setBusy(false);
    }
  }

  useEffect(() => {
    void search('');
  }, []);

  function submit(e: FormEvent): void {
    e.preventDefault();
    void search(query);
  }

  return (
    <section className="panel" aria-labelledby="dir-title">
      <header className="panel-head">
        <h1 id="dir-title">Find a room</h1>
        <form role="search" onSubmit={submit} className="search-form">
          <input
            type="search"
            aria-label="Search rooms"
            placeholder="Search rooms by name or description"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            autoFocus
          />
          <button type="submit" className="primary">
            Search
          </button>
        </form>
      </header>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {busy && rooms === null && <p className="muted">Searching…</p>}
      {rooms && rooms.length === 0 && <p className="muted">No rooms match “{query}”.</p>}
      {rooms && rooms.length > 0 && (
        <ul className="cards" aria-label="Rooms found">
          {rooms.map((r) => {
            const following = client.rooms.has(r.uri);
            return (
              <li key={r.uri} className="card">
                <div className="card-main">
                  <h2 className="card-title">{r.name}</h2>
                  <p className="card-desc">{r.description || 'No description'}</p>
                  <p className="card-meta">
                    <span className="tag">{r.isPrivate ? 'Closed' : 'Open'}</span>
                    <span>
                      {r.numberOfParticipants} {r.numberOfParticipants === 1 ? 'person' : 'people'} here
                    </span>
                    {!r.isLogged && <span>History not kept</span>}
                  </p>
                </div>
                {following ? (
                  <button type="button" onClick={() => onOpened(r.uri)}>
                    Open
                  </button>
                ) : (
                  <button
                    type="button"
                    className="primary"
                    aria-label={`Join ${r.name}`}
                    onClick={() => {
                      void client.follow(r);
                      onOpened(r.uri);
                    }}
                  >
                    Join
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
