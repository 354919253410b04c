// History search (PC-10): words, exact phrase, case, authors, date range, across my rooms or in one. Each
// result opens the message in its room's context. Rooms the server may not let me read are skipped by it.
import { useState, type FormEvent } from 'react';
import type { ChatHistoryResult, ChatHistoryQueryOptions } from '@pchat/sdk';
import { humanError } from '../client/errors.js';
import { sipAddress } from '../client/chat-client.js';
import { useClient } from './hooks.js';
import { displayName, formatShortDate, formatTime } from './format.js';

export function HistorySearch({
  onOpen,
}: {
  onOpen: (roomUri: string, messageId: string) => void;
}): React.JSX.Element {
  const client = useClient();
  const [terms, setTerms] = useState('');
  const [exact, setExact] = useState(false);
  const [caseSensitive, setCase] = useState(false);
  const [authors, setAuthors] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [scope, setScope] = useState<'all' | string>('all');
  const [results, setResults] = useState<ChatHistoryResult[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    const svc = client.chat?.persistentChatServices;
    if (!svc) return;
    const rooms = scope === 'all' ? client.order : [scope];
    if (rooms.length === 0) {
      setError('Follow a room first: history search looks in your rooms.');
      return;
    }
    const opts: ChatHistoryQueryOptions = {
      searchString: terms,
      matchExactPhrase: exact,
      matchCaseSensitive: caseSensitive,
      sortOrderReversed: true,
      searchOrderReversed: true,
      resultLimit: 50,
    };
    const a = authors
      .split(/[,;\s]+/)
      .filter(Boolean)
      .map((x) => sipAddress(x.includes('@') ? x : `${x}@${client.user.replace(/.*@/, '')}`));
    if (a.length) opts.authors = a;
    if (from) opts.dateBeginning = new Date(`${from}T00:00:00`);
    if (to) opts.dateEnding = new Date(`${to}T23:59:59.999`);
    setBusy(true);
    setError(null);
    try {
      setResults(await svc.queryChatHistory(rooms, opts));
    } catch (err) {
      setError(humanError(err));
    } finally {
      setBusy(false);
    }
  }

  const hits = (results ?? []).flatMap((r) => r.messages.map((m) => ({ r, m })));
  hits.sort((x, y) => y.m.timestamp.getTime() - x.m.timestamp.getTime());

  return (
    <section className="panel" aria-labelledby="hs-title">
      <header className="panel-head">
        <h1 id="hs-title">Search history</h1>
        <form role="search" onSubmit={(e) => void submit(e)} className="history-form">
          <div className="search-form">
            <input
              type="search"
              aria-label="Search history"
              placeholder="Words to find"
              value={terms}
              onChange={(e) => setTerms(e.target.value)}
              autoFocus
            />
            <button type="submit" className="primary" disabled={busy}>
              {busy ? 'Searching…' : 'Search'}
            </button>
          </div>
          <div className="filters">
            <label className="toggle">
              <input type="checkbox" checked={exact} onChange={(e) => setExact(e.target.checked)} /> Exact
              phrase
            </label>
            <label className="toggle">
              <input type="checkbox" checked={caseSensitive} onChange={(e) => setCase(e.target.checked)} />{' '}
              Match case
            </label>
            <label>
              Authors
              <input value={authors} placeholder="alice, bob" onChange={(e) => setAuthors(e.target.value)} />
            </label>
            <label>
              From
              <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
            </label>
            <label>
              To
              <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
            </label>
            <label>
              In
              <select value={scope} onChange={(e) => setScope(e.target.value)}>
                <option value="all">All my rooms</option>
                {client.order.map((u) => (
                  <option key={u} value={u}>
                    {client.rooms.get(u)?.name ?? u}
                  </option>
                ))}
              </select>
            </label>
          </div>
        </form>
      </header>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {results && (
        <p className="muted small-text" role="status">
          {hits.length === 0
            ? 'Nothing found.'
            : `${hits.length} ${hits.length === 1 ? 'message' : 'messages'} found${results.some((r) => r.exceededServerLimit) ? ' (more matched: narrow the search)' : ''}.`}
        </p>
      )}
      <ul className="results" aria-label="Search results">
        {hits.map(({ r, m }) => (
          <li key={`${r.chatRoomUri}#${m.messageId}`}>
            <button
              type="button"
              className="result"
              onClick={() => m.messageId && onOpen(r.chatRoomUri, m.messageId)}
            >
              <span className="result-meta">
                <strong>{r.chatRoomName ?? client.rooms.get(r.chatRoomUri)?.name}</strong> ·{' '}
                {displayName(m.messageAuthor)} · {formatShortDate(m.timestamp)} {formatTime(m.timestamp)}
              </span>
              <span className="result-text">
                {m.storyTitle && <strong>{m.storyTitle}: </strong>}
                {m.messageContent}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
