// The conversation: a `log` region named "Messages" (a polite live region), virtualised with
// @tanstack/react-virtual so 10,000 messages scroll like 10. Scrolling to the top pages older history in
// (PC-09) and keeps the reading position; new posts stick to the bottom only when you are there.
// Messages are grouped by author within five minutes, with day separators and a "new" divider. One's own
// messages carry Edit and Delete (OwnMessageActions): what the policy allows, the server decides.
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { ChatMessage } from '@pchat/sdk';
import type { RoomState } from '../client/room-state.js';
import { avatarOf, displayName, formatDay, formatFull, formatTime, sameDay } from './format.js';
import { RichText } from './rich-text.js';
import { IconDown } from './icons.js';
import { FileCard, fileParts } from './files.js';
import { OwnMessageActions, OwnMessageEditor } from './OwnMessage.js';
import { useClient } from './hooks.js';

const GROUP_MS = 5 * 60_000;
const TOP = 48;

interface Row {
  key: string;
  m: ChatMessage;
  head: boolean;
  day: string | null;
  newDivider: boolean;
}

function rowsOf(messages: readonly ChatMessage[], firstUnreadId: string | null): Row[] {
  const rows: Row[] = [];
  let prev: ChatMessage | null = null;
  for (const m of messages) {
    const newDay = prev === null || !sameDay(prev.timestamp, m.timestamp);
    const newDivider = firstUnreadId !== null && m.messageId === firstUnreadId;
    const head =
      newDay ||
      newDivider ||
      prev === null ||
      prev.messageAuthor !== m.messageAuthor ||
      m.timestamp.getTime() - prev.timestamp.getTime() > GROUP_MS ||
      m.isAlert ||
      m.storyTitle !== null ||
      prev.storyTitle !== null;
    rows.push({
      key: m.messageId ?? `${m.timestamp.getTime()}-${rows.length}`,
      m,
      head,
      day: newDay ? formatDay(m.timestamp) : null,
      newDivider,
    });
    prev = m;
  }
  return rows;
}

const MessageRow = memo(function MessageRow({
  row,
  me,
  highlighted,
  roomUri,
  change,
  mine,
}: {
  row: Row;
  me: string;
  highlighted: boolean;
  roomUri: string;
  change: 'edited' | 'deleted' | undefined;
  mine: boolean;
}): React.JSX.Element {
  const { m } = row;
  const [editing, setEditing] = useState(false);
  const deleted = change === 'deleted';
  const files = fileParts(m.formattedMessageParts);
  const av = avatarOf(m.messageAuthor);
  const cls = [
    'msg',
    row.head ? 'msg-head' : 'msg-cont',
    m.isAlert ? 'msg-alert' : '',
    highlighted ? 'msg-target' : '',
  ].join(' ');
  return (
    <div className="msg-wrap">
      {row.day && (
        <div className="day-sep" role="separator">
          <span>{row.day}</span>
        </div>
      )}
      {row.newDivider && (
        <div className="new-sep" role="separator">
          <span>New</span>
        </div>
      )}
      <article
        className={cls}
        aria-label={`${displayName(m.messageAuthor)}, ${formatTime(m.timestamp)}`}
        data-id={m.messageId ?? ''}
      >
        {row.head ? (
          <span className="avatar" style={{ background: `hsl(${av.hue} 55% 45%)` }} aria-hidden="true">
            {av.initials}
          </span>
        ) : (
          <time className="gutter-time" dateTime={m.timestamp.toISOString()} title={formatFull(m.timestamp)}>
            {formatTime(m.timestamp)}
          </time>
        )}
        <div className="msg-body">
          {row.head && (
            <div className="msg-meta">
              <span className="author" title={m.messageAuthor}>
                {displayName(m.messageAuthor)}
              </span>
              <time dateTime={m.timestamp.toISOString()} title={formatFull(m.timestamp)}>
                {formatTime(m.timestamp)}
              </time>
              {m.isAlert && <span className="tag tag-alert">Alert</span>}
            </div>
          )}
          {deleted ? (
            <div className="msg-text msg-deleted">This message was deleted.</div>
          ) : editing && m.messageId !== null ? (
            <OwnMessageEditor
              roomUri={roomUri}
              messageId={m.messageId}
              text={m.messageContent}
              onDone={() => setEditing(false)}
            />
          ) : m.storyTitle !== null ? (
            <div className="story">
              <div className="story-title">{m.storyTitle}</div>
              <div className="story-body">
                <RichText text={m.messageContent} me={me} />
              </div>
            </div>
          ) : files.length > 0 ? (
            files.map((f) => <FileCard key={f.uri} roomUri={roomUri} part={f} />)
          ) : (
            <div className="msg-text">
              <RichText text={m.messageContent} me={me} />
              {change === 'edited' && <span className="msg-edited"> (edited)</span>}
            </div>
          )}
        </div>
        {mine && !deleted && !editing && m.messageId !== null && files.length === 0 && (
          <OwnMessageActions roomUri={roomUri} messageId={m.messageId} onEdit={() => setEditing(true)} />
        )}
      </article>
    </div>
  );
});

export function MessageLog({
  room,
  me,
  onLoadOlder,
  targetId,
  onSeenBottom,
}: {
  room: RoomState;
  me: string;
  onLoadOlder: () => void;
  targetId: string | null;
  onSeenBottom: () => void;
}): React.JSX.Element {
  const scroller = useRef<HTMLDivElement>(null);
  const meUri = useClient().user;
  // Rows only change with the messages (the array is replaced on every merge) or the unread divider.
  const rows = useMemo(() => rowsOf(room.messages, room.firstUnreadId), [room.messages, room.firstUnreadId]);
  const atBottom = useRef(true);
  const [showJump, setShowJump] = useState(false);
  const anchor = useRef<{ key: string; offset: number } | null>(null);
  const prevFirstKey = useRef<string | null>(null);

  const v = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: (i) => (rows[i]?.head ? 64 : 28) + (rows[i]?.day ? 40 : 0),
    getItemKey: (i) => rows[i]!.key,
    overscan: 12,
    // Room for the "beginning of the room" / "loading" line above the first message.
    paddingStart: TOP,
  });

  // Older messages were prepended: put the first visible message back where it was.
  useLayoutEffect(() => {
    const first = rows[0]?.key ?? null;
    const a = anchor.current;
    if (a && prevFirstKey.current !== null && first !== prevFirstKey.current) {
      const idx = rows.findIndex((r) => r.key === a.key);
      if (idx >= 0) {
        const start = v.getOffsetForIndex(idx, 'start')?.[0] ?? 0;
        v.scrollToOffset(start + a.offset);
      }
    }
    prevFirstKey.current = first;
  });

  // New messages at the end: follow them while at the bottom.
  const lastKey = rows[rows.length - 1]?.key;
  useEffect(() => {
    if (targetId !== null) return;
    if (atBottom.current && rows.length > 0) v.scrollToIndex(rows.length - 1, { align: 'end' });
  }, [lastKey, room.uri]);

  // A search result opened in context: scroll to it.
  useEffect(() => {
    if (targetId === null) return;
    const idx = rows.findIndex((r) => r.m.messageId === targetId);
    if (idx >= 0) {
      atBottom.current = false;
      v.scrollToIndex(idx, { align: 'center' });
    }
  }, [targetId, rows.length]);

  function onScroll(): void {
    const el = scroller.current;
    if (!el) return;
    const bottom = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
    atBottom.current = bottom;
    setShowJump(!bottom);
    if (bottom) onSeenBottom();
    const items = v.getVirtualItems();
    const firstVisible = items.find((i) => i.end > el.scrollTop);
    if (firstVisible)
      anchor.current = { key: String(firstVisible.key), offset: el.scrollTop - firstVisible.start };
    if (el.scrollTop < 400 && !room.loadingOlder && !room.reachedStart) onLoadOlder();
  }

  return (
    <div className="log-wrap">
      <div
        ref={scroller}
        className="log"
        role="log"
        aria-label="Messages"
        aria-live="polite"
        aria-relevant="additions"
        tabIndex={0}
        onScroll={onScroll}
      >
        <div style={{ height: v.getTotalSize(), position: 'relative', width: '100%' }}>
          <div className="log-top" style={{ height: TOP }}>
            {room.reachedStart ? (
              <p className="muted small-text">
                This is the beginning of <strong>{room.name}</strong>.
              </p>
            ) : room.loadingOlder ? (
              <p className="muted small-text">Loading earlier messages…</p>
            ) : (
              <button type="button" className="link-button" onClick={onLoadOlder}>
                Show earlier messages
              </button>
            )}
          </div>
          {v.getVirtualItems().map((item) => {
            const row = rows[item.index]!;
            return (
              <div
                key={item.key}
                data-index={item.index}
                ref={v.measureElement}
                style={{
                  position: 'absolute',
                  top: 0,
                  left: 0,
                  width: '100%',
                  transform: `translateY(${item.start}px)`,
                }}
              >
                <MessageRow
                  row={row}
                  me={me}
                  roomUri={room.uri}
                  change={row.m.messageId !== null ? room.changes.get(row.m.messageId) : undefined}
                  mine={row.m.messageAuthor.toLowerCase() === meUri}
                  highlighted={targetId !== null && row.m.messageId === targetId}
                />
              </div>
            );
          })}
        </div>
      </div>
      {showJump && (
        <button
          type="button"
          className="jump"
          onClick={() => {
            atBottom.current = true;
            v.scrollToIndex(rows.length - 1, { align: 'end' });
          }}
        >
          Jump to latest <IconDown />
        </button>
      )}
    </div>
  );
}
