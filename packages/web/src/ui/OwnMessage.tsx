// Editing and deleting one's own messages (pchat; off by default, allowed by the Persistent Chat policy:
// docs/compliance.md). The actions show on one's own messages; whether the policy, the time window or a
// legal hold allows the change is the server's decision, and a refusal is shown in words beside the
// message. Every view of the room, this one included, applies the change when the room announces it.
import { useState, type KeyboardEvent } from 'react';
import { useClientOnce } from './hooks.js';

export function OwnMessageActions({
  roomUri,
  messageId,
  onEdit,
}: {
  roomUri: string;
  messageId: string;
  onEdit: () => void;
}): React.JSX.Element {
  const client = useClientOnce();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function remove(): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      await client.deleteMessage(roomUri, messageId);
      setConfirming(false);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className={`msg-actions${confirming || error ? ' open' : ''}`}>
      {confirming ? (
        <span className="msg-confirm" role="group" aria-label="Delete this message?">
          <span>Delete this message?</span>
          <button type="button" className="small danger" disabled={busy} onClick={() => void remove()}>
            Delete
          </button>
          <button
            type="button"
            className="small"
            onClick={() => {
              setConfirming(false);
              setError(null);
            }}
          >
            Cancel
          </button>
        </span>
      ) : (
        <>
          <button type="button" className="small" aria-label="Edit message" onClick={onEdit}>
            Edit
          </button>
          <button
            type="button"
            className="small"
            aria-label="Delete message"
            onClick={() => {
              setError(null);
              setConfirming(true);
            }}
          >
            Delete
          </button>
        </>
      )}
      {error && (
        <p className="error msg-action-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

export function OwnMessageEditor({
  roomUri,
  messageId,
  text,
  onDone,
}: {
  roomUri: string;
  messageId: string;
  text: string;
  onDone: () => void;
}): React.JSX.Element {
  const client = useClientOnce();
  const [value, setValue] = useState(text);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function save(): Promise<void> {
    const next = value.trim();
    if (next === '' || next === text) return onDone();
    setBusy(true);
    setError(null);
    try {
      await client.editMessage(roomUri, messageId, next);
      onDone();
    } catch (e) {
      setError((e as Error).message); // the new text stays in the box
    } finally {
      setBusy(false);
    }
  }

  function onKey(e: KeyboardEvent<HTMLTextAreaElement>): void {
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      void save();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      onDone();
    }
  }

  return (
    <div className="msg-editor">
      <textarea
        aria-label="Edit message"
        value={value}
        rows={Math.min(8, value.split('\n').length)}
        onChange={(e) => setValue(e.target.value)}
        onKeyDown={onKey}
        autoFocus
      />
      <div className="msg-editor-bar">
        <span className="muted small-text">Enter to save, Esc to cancel</span>
        <button type="button" className="small" onClick={onDone}>
          Cancel
        </button>
        <button type="button" className="small primary" disabled={busy} onClick={() => void save()}>
          Save
        </button>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
