// One room: header (name, description/topic, privacy), the log, the composer, and a side panel with room
// information and participants (PC-13: above ParticipantUpdateLimit the server sends no roster; we say so).
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, useState } from 'react';
import type { RoomState } from '../client/room-state.js';
import { useClient } from './hooks.js';
import { MessageLog } from './MessageLog.js';
import { Composer } from './Composer.js';
import { avatarOf, displayName, privacyLabel } from './format.js';
import { IconBell, IconClose, IconInfo, IconMenu, IconPeople } from './icons.js';
import { DropZone, FileButton, useUploads } from './files.js';
import { PresenceDot, useWatch } from './Presence.js';

type Side = 'none' | 'info' | 'people';

export function RoomView({
  room,
  targetId,
  onToggleSidebar,
}: {
  room: RoomState;
  targetId: string | null;
  onToggleSidebar: () => void;
}): React.JSX.Element {
  const client = useClient();
  const [side, setSide] = useState<Side>(() => (window.innerWidth > 1100 ? 'people' : 'none'));
  const session = room.session;
  const readOnly =
    room.behavior === 'auditorium' && session && !session.canPost
      ? 'This is an auditorium: only presenters can post here. You can read along.'
      : null;
  const managers = room.participants.filter((p) => p.isManager);
  // PC-15: the category allows files (the room reports IsFilePostAllowed) and the user may post here.
  const filesAllowed = readOnly === null && (session?.isFilePostAllowed ?? false);
  const uploads = useUploads(room.uri);

  return (
    <div className="room">
      <header className="room-header">
        <button
          type="button"
          className="icon-button only-narrow"
          aria-label="Show rooms"
          onClick={onToggleSidebar}
        >
          <IconMenu />
        </button>
        <div className="room-title">
          <h1>{room.name}</h1>
          <p className="room-sub">
            <span className="tag">{privacyLabel(room.privacy, room.snapshot?.isPrivate)}</span>
            {room.behavior === 'auditorium' && <span className="tag">Auditorium</span>}
            <span className="truncate">{room.topic || room.description || 'No description'}</span>
          </p>
        </div>
        <div className="room-actions">
          {room.status === 'reconnecting' && <span className="status-pill">Reconnecting…</span>}
          <button
            type="button"
            className={`icon-button${room.muted ? ' on' : ''}`}
            aria-pressed={room.muted}
            onClick={() => void client.toggleMute(room.uri)}
            title="Mute desktop notifications for this room"
          >
            <IconBell off={room.muted} />
            <span className="visually-hidden">Mute notifications</span>
          </button>
          <button
            type="button"
            className={`icon-button${side === 'info' ? ' on' : ''}`}
            aria-expanded={side === 'info'}
            aria-controls="side-panel"
            onClick={() => setSide(side === 'info' ? 'none' : 'info')}
          >
            <IconInfo />
            <span className="visually-hidden">Room information</span>
          </button>
          <button
            type="button"
            className={`icon-button${side === 'people' ? ' on' : ''}`}
            aria-expanded={side === 'people'}
            aria-controls="side-panel"
            onClick={() => setSide(side === 'people' ? 'none' : 'people')}
          >
            <IconPeople />
            <span className="count">{room.participants.length}</span>
            <span className="visually-hidden">Participants</span>
          </button>
          <button type="button" className="small" onClick={() => void client.leave(room.uri)}>
            Leave
          </button>
        </div>
      </header>
      <div className="room-main">
        <DropZone enabled={filesAllowed} onFiles={uploads.upload}>
          {room.error && (
            <p className="banner error" role="alert">
              {room.error}
            </p>
          )}
          {room.status === 'joining' && room.messages.length === 0 ? (
            <div className="log-wrap">
              <p className="muted center-text">Joining {room.name}…</p>
            </div>
          ) : (
            <MessageLog
              room={room}
              me={client.userPart}
              targetId={targetId}
              onLoadOlder={() => void client.loadOlder(room.uri)}
              onSeenBottom={() => {
                if (room.unread || room.firstUnreadId) client.markRead(room.uri);
              }}
            />
          )}
          {(uploads.status || uploads.error) && (
            <div className="upload-line" role="status">
              {uploads.status && <span className="upload-status">{uploads.status}</span>}
              {uploads.error && (
                <span className="composer-error" role="alert">
                  <span>{uploads.error}</span>
                  <button type="button" className="small" onClick={uploads.clearError}>
                    Dismiss
                  </button>
                </span>
              )}
            </div>
          )}
          <Composer
            key={room.uri}
            roomUri={room.uri}
            roomName={room.name}
            readOnlyReason={readOnly}
            onSend={(text, opts) => client.post(room.uri, text, opts)}
            fileButton={filesAllowed ? <FileButton onFiles={uploads.upload} /> : undefined}
          />
        </DropZone>
        {side !== 'none' && (
          <aside
            id="side-panel"
            className="side-panel"
            aria-label={side === 'info' ? 'Room information' : 'Participants'}
          >
            <div className="side-head">
              <h2>{side === 'info' ? 'Room information' : 'Participants'}</h2>
              <button
                type="button"
                className="icon-button"
                aria-label="Close panel"
                onClick={() => setSide('none')}
              >
                <IconClose />
              </button>
            </div>
            {side === 'info' ? (
              <dl className="info">
                <dt>Description</dt>
                <dd>{room.description || '—'}</dd>
                <dt>Topic</dt>
                <dd>{room.topic || '—'}</dd>
                <dt>Privacy</dt>
                <dd>{privacyLabel(room.privacy, room.snapshot?.isPrivate)}</dd>
                <dt>Kind</dt>
                <dd>{room.behavior === 'auditorium' ? 'Auditorium (presenters post)' : 'Normal'}</dd>
                <dt>Category</dt>
                <dd>{room.categoryName ?? '—'}</dd>
                <dt>History</dt>
                <dd>{room.snapshot?.isLogged === false ? 'Not kept' : 'Kept'}</dd>
                <dt>Managers</dt>
                <dd>{managers.length ? managers.map((m) => displayName(m.sipUri)).join(', ') : '—'}</dd>
              </dl>
            ) : (
              <Participants room={room} />
            )}
          </aside>
        )}
      </div>
    </div>
  );
}

export function Participants({ room }: { room: RoomState }): React.JSX.Element {
  const parent = useRef<HTMLDivElement>(null);
  const list = room.participants;
  useWatch(list.map((p) => p.sipUri));
  const v = useVirtualizer({
    count: list.length,
    getScrollElement: () => parent.current,
    estimateSize: () => 40,
    overscan: 10,
  });
  return (
    <>
      {room.rosterHidden && (
        <p className="muted small-text note">
          This is a large room: the server stops sending the participant list above its participant limit
          (about {room.snapshot?.numberOfParticipants ?? 'many'} people are here).
        </p>
      )}
      <div ref={parent} className="people" role="list" aria-label={`${list.length} participants`}>
        <div style={{ height: v.getTotalSize(), position: 'relative' }}>
          {v.getVirtualItems().map((item) => {
            const p = list[item.index]!;
            const av = avatarOf(p.sipUri);
            return (
              <div
                key={p.sipUri}
                role="listitem"
                className="person"
                style={{
                  position: 'absolute',
                  top: 0,
                  left: 0,
                  right: 0,
                  height: item.size,
                  transform: `translateY(${item.start}px)`,
                }}
              >
                <span
                  className="avatar small"
                  style={{ background: `hsl(${av.hue} 55% 45%)` }}
                  aria-hidden="true"
                >
                  {av.initials}
                </span>
                <PresenceDot uri={p.sipUri} />
                <span className="person-name" title={p.sipUri}>
                  {displayName(p.sipUri)}
                </span>
                {p.isManager && <span className="tag">Manager</span>}
                {p.isPresenter && <span className="tag">Presenter</span>}
              </div>
            );
          })}
        </div>
      </div>
    </>
  );
}
