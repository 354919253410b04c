// A principal picker: search eligible principals by name (FindUsersOrGroupsForRole, in the category's scope
// for a new room), pick several; shows names, never internal ids. A SIP address typed in full can be added
// as is: the server then judges it (and names it in a PrincipalsNotInScope refusal).
import { useEffect, useId, useState, type KeyboardEvent } from 'react';
import type { PersistentChatPrincipalSummary } from '@pchat/sdk';
import { displayName } from './format.js';
import { IconClose } from './icons.js';

export interface Picked {
  uri: string;
  name: string;
}

export function principalLabel(p: { uri: string; name?: string | null }): string {
  if (p.name) return p.name;
  if (/^sips?:/i.test(p.uri)) return displayName(p.uri);
  // Groups, folders, domains: the readable tail of the directory URI, never a GUID.
  const tail = p.uri.replace(/^[a-z-]+:/i, '').replace(/@.*/, '');
  return /^[0-9a-f-]{32,}$/i.test(tail) ? 'Unnamed group' : tail;
}

export function PrincipalPicker({
  label,
  value,
  onChange,
  search,
  invalid,
}: {
  label: string;
  value: Picked[];
  onChange: (v: Picked[]) => void;
  search: (q: string) => Promise<PersistentChatPrincipalSummary[]>;
  invalid?: boolean;
}): React.JSX.Element {
  const id = useId();
  const [q, setQ] = useState('');
  const [found, setFound] = useState<PersistentChatPrincipalSummary[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);

  useEffect(() => {
    if (q.trim().length === 0) {
      setFound([]);
      return;
    }
    let live = true;
    const t = setTimeout(() => {
      search(q.trim())
        .then((r) => live && setFound(r.filter((p) => !value.some((v) => v.uri === p.uri))))
        .catch(() => live && setFound([]));
    }, 150);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [q, search, value]);

  function add(p: Picked): void {
    if (!value.some((v) => v.uri.toLowerCase() === p.uri.toLowerCase())) onChange([...value, p]);
    setQ('');
    setFound([]);
    setActive(0);
  }

  function onKey(e: KeyboardEvent<HTMLInputElement>): void {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setOpen(true);
      setActive((a) => Math.min(a + 1, found.length - 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(a - 1, 0));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const hit = found[active];
      if (hit) add({ uri: hit.uri, name: principalLabel(hit) });
      else if (/^(sip:)?[^@\s]+@[^@\s]+$/i.test(q.trim())) {
        const uri = q.trim().toLowerCase().startsWith('sip:')
          ? q.trim().toLowerCase()
          : `sip:${q.trim().toLowerCase()}`;
        add({ uri, name: displayName(uri) });
      }
    } else if (e.key === 'Escape') setOpen(false);
    else if (e.key === 'Backspace' && q === '' && value.length) onChange(value.slice(0, -1));
  }

  const listId = `${id}-list`;
  return (
    <div className={`picker${invalid ? ' invalid' : ''}`}>
      <label htmlFor={`${id}-input`}>{label}</label>
      <div className="picker-box">
        <ul className="chips" aria-label={`${label} chosen`}>
          {value.map((p) => (
            <li key={p.uri} className="chip">
              <span title={p.uri}>{p.name}</span>
              <button
                type="button"
                aria-label={`Remove ${p.name}`}
                onClick={() => onChange(value.filter((v) => v !== p))}
              >
                <IconClose />
              </button>
            </li>
          ))}
        </ul>
        <input
          id={`${id}-input`}
          role="combobox"
          aria-expanded={open && found.length > 0}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={open && found[active] ? `${id}-opt-${active}` : undefined}
          placeholder="Type a name or a SIP address"
          value={q}
          onChange={(e) => {
            setQ(e.target.value);
            setOpen(true);
            setActive(0);
          }}
          onKeyDown={onKey}
          onBlur={() => setTimeout(() => setOpen(false), 150)}
        />
      </div>
      {open && found.length > 0 && (
        <ul id={listId} role="listbox" className="options" aria-label={`${label} suggestions`}>
          {found.map((p, i) => (
            <li
              key={p.uri}
              id={`${id}-opt-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : ''}
              onMouseDown={(e) => {
                e.preventDefault();
                add({ uri: p.uri, name: principalLabel(p) });
              }}
            >
              {principalLabel(p)}
              <span className="muted small-text">
                {' '}
                {p.type === 'LocalUser' ? displayName(p.uri) : p.type.replace('Directory', '')}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
