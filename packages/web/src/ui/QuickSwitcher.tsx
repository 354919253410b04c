// Ctrl/Cmd+K: a dialog to jump to a followed room by typing part of its name. The box is an ARIA combobox
// over a listbox (arrow keys move, Enter opens, Esc closes and gives focus back); rooms with alerts or
// mentions come first, then unread ones, then the rest in room-list order. When no followed room matches,
// Enter opens the room directory instead.
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useClient } from './hooks.js';
import type { RoomState } from '../client/room-state.js';

/** Followed rooms whose name contains every word typed, most urgent first. */
export function switcherMatches(rooms: readonly RoomState[], query: string): RoomState[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const hits = rooms.filter((r) => words.every((w) => r.name.toLowerCase().includes(w)));
  const rank = (r: RoomState): number => (r.mentions > 0 ? 0 : r.unread > 0 ? 1 : 2);
  return hits
    .map((r, i) => ({ r, i }))
    .sort((a, b) => rank(a.r) - rank(b.r) || a.i - b.i)
    .map((x) => x.r);
}

export function QuickSwitcher({
  onOpen,
  onDirectory,
  onClose,
}: {
  onOpen: (uri: string) => void;
  onDirectory: () => void;
  onClose: () => void;
}): React.JSX.Element {
  const client = useClient();
  const id = useId();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const returnTo = useRef<Element | null>(document.activeElement);
  const rooms = client.order.map((u) => client.rooms.get(u)).filter((r): r is RoomState => r !== undefined);
  const found = switcherMatches(rooms, query);

  useEffect(() => setActive(0), [query]);
  useEffect(
    () => () => {
      const el = returnTo.current;
      if (el instanceof HTMLElement && el.isConnected) el.focus();
    },
    [],
  );

  function choose(r: RoomState | undefined): void {
    if (r) onOpen(r.uri);
    else onDirectory();
    onClose();
  }

  function onKey(e: KeyboardEvent<HTMLInputElement>): void {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive((a) => Math.min(a + 1, Math.max(0, found.length - 1)));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(0, a - 1));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      choose(found[active]);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      onClose();
    }
  }

  return (
    <div className="switcher-backdrop" onMouseDown={onClose}>
      <div
        className="switcher"
        role="dialog"
        aria-modal="true"
        aria-label="Switch to a room"
        onMouseDown={(e) => e.stopPropagation()}
      >
        <input
          role="combobox"
          aria-label="Room name"
          aria-expanded="true"
          aria-controls={`${id}-list`}
          aria-autocomplete="list"
          aria-activedescendant={found[active] ? `${id}-opt-${active}` : undefined}
          placeholder="Jump to a room…"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={onKey}
          autoFocus
        />
        <ul id={`${id}-list`} role="listbox" aria-label="Rooms found" className="options switcher-options">
          {found.map((r, i) => (
            <li
              key={r.uri}
              id={`${id}-opt-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : ''}
              onMouseEnter={() => setActive(i)}
              onClick={() => choose(r)}
            >
              <span className="switcher-name">{r.name}</span>
              {r.mentions > 0 && <span className="badge mention-badge">@{r.mentions}</span>}
              {r.unread > 0 && <span className="badge">{r.unread}</span>}
            </li>
          ))}
        </ul>
        {found.length === 0 && (
          <p className="muted small-text switcher-empty">
            No followed room matches. Press Enter to look in the room directory.
          </p>
        )}
        <p className="muted small-text switcher-hint">↑ ↓ to choose · Enter to open · Esc to close</p>
      </div>
    </div>
  );
}
