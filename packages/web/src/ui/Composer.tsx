// The composer: a multi-line textbox "Message" and a button "Send". Enter sends, Shift-Enter is a new line.
// A post that fails stays in the box with the error and a retry: nothing typed is lost. Alerts (high
// importance) and stories (title + body) are one toggle away. Drafts are kept per room for the tab's life.
// Auditorium rooms show a read-only composer with the reason for people who are not presenters (PC-03).
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';

const drafts = new Map<string, string>();

export function Composer({
  roomUri,
  roomName,
  readOnlyReason,
  onSend,
  fileButton,
}: {
  roomUri: string;
  roomName: string;
  readOnlyReason: string | null;
  onSend: (text: string, opts: { alert?: boolean; storyTitle?: string }) => Promise<void>;
  /** Where a file button goes once file posting (PC-15) is wired. */
  fileButton?: React.ReactNode;
}): React.JSX.Element {
  const [text, setText] = useState(() => drafts.get(roomUri) ?? '');
  const [title, setTitle] = useState('');
  const [alert, setAlert] = useState(false);
  const [story, setStory] = useState(false);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const box = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    setText(drafts.get(roomUri) ?? '');
    setError(null);
    box.current?.focus();
  }, [roomUri]);

  useEffect(() => {
    drafts.set(roomUri, text);
  }, [roomUri, text]);

  async function send(): Promise<void> {
    const body = text;
    if (body.trim() === '' || sending) return;
    if (story && title.trim() === '') {
      setError('A story needs a title.');
      return;
    }
    setSending(true);
    setError(null);
    try {
      await onSend(body, { alert, ...(story ? { storyTitle: title.trim() } : {}) });
      setText((t) => (t === body ? '' : t));
      setTitle('');
      setAlert(false);
      setStory(false);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setSending(false);
      box.current?.focus();
    }
  }

  function onKey(e: KeyboardEvent<HTMLTextAreaElement>): void {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void send();
    }
  }

  if (readOnlyReason !== null)
    return (
      <div className="composer composer-readonly">
        <label htmlFor="composer-text" className="visually-hidden">
          Message
        </label>
        <textarea
          id="composer-text"
          readOnly
          aria-readonly="true"
          value=""
          placeholder={readOnlyReason}
          rows={1}
          aria-describedby="ro-reason"
        />
        <p id="ro-reason" className="muted small-text">
          {readOnlyReason}
        </p>
      </div>
    );

  return (
    <div className={`composer${alert ? ' composer-alert' : ''}`}>
      {story && (
        <input
          className="story-title-input"
          aria-label="Story title"
          placeholder="Story title"
          value={title}
          onChange={(e) => setTitle(e.target.value)}
        />
      )}
      <div className="composer-row">
        {fileButton}
        <label htmlFor="composer-text" className="visually-hidden">
          Message
        </label>
        <textarea
          id="composer-text"
          ref={box}
          rows={Math.min(8, Math.max(1, text.split('\n').length))}
          placeholder={story ? 'Write the story…' : `Message ${roomName}`}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKey}
          aria-describedby={error ? 'composer-error' : 'composer-hint'}
          aria-invalid={error ? true : undefined}
        />
        <button
          type="button"
          className="primary send"
          onClick={() => void send()}
          disabled={sending || text.trim() === ''}
        >
          {sending ? 'Sending…' : 'Send'}
        </button>
      </div>
      <div className="composer-tools">
        <label className="toggle">
          <input type="checkbox" checked={alert} onChange={(e) => setAlert(e.target.checked)} /> Alert (high
          importance)
        </label>
        <label className="toggle">
          <input type="checkbox" checked={story} onChange={(e) => setStory(e.target.checked)} /> Story
        </label>
        <span id="composer-hint" className="muted small-text hint">
          Enter to send · Shift+Enter for a new line
        </span>
      </div>
      {error && (
        <div id="composer-error" className="composer-error" role="alert">
          <span>{error}</span>
          <button type="button" className="small" onClick={() => void send()}>
            Retry
          </button>
        </div>
      )}
    </div>
  );
}
