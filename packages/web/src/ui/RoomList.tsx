// The room list: a navigation landmark named "Rooms", one link per followed room named by the room name,
// with an unread count and a separate badge for alerts and mentions. Invitations (PC-12) above it.
import type { MouseEvent } from 'react';
import { useClient } from './hooks.js';
import { IconBell, IconHash, IconLock, IconPlus, IconSearch } from './icons.js';

export type Panel = 'room' | 'directory' | 'search';

export function RoomList({
  onOpen,
  onPanel,
  panel,
}: {
  onOpen: (uri: string) => void;
  onPanel: (p: Panel) => void;
  panel: Panel;
}): React.JSX.Element {
  const client = useClient();
  // An invitation to a room already followed needs no answer.
  const invitations = client.invitations.filter((i) => !client.rooms.has(i.chatRoom.uri));
  const click = (uri: string) => (e: MouseEvent) => {
    e.preventDefault();
    onOpen(uri);
  };
  return (
    <>
      <div className="sidebar-actions">
        <button
          type="button"
          className={panel === 'directory' ? 'nav-button active' : 'nav-button'}
          onClick={() => onPanel('directory')}
        >
          <IconPlus /> Find a room
        </button>
        <button
          type="button"
          className={panel === 'search' ? 'nav-button active' : 'nav-button'}
          onClick={() => onPanel('search')}
        >
          <IconSearch /> Search history
        </button>
      </div>
      {invitations.length > 0 && (
        <section className="invitations" aria-labelledby="inv-title">
          <h2 id="inv-title" className="section-title">
            Invitations
          </h2>
          <ul>
            {invitations.map((i) => (
              <li key={i.invitationId} className="invitation">
                <span className="invitation-name">{i.chatRoom.name}</span>
                <span className="invitation-actions">
                  <button
                    type="button"
                    className="small primary"
                    onClick={() => void client.follow(i.chatRoom)}
                  >
                    Accept
                  </button>
                  <button
                    type="button"
                    className="small"
                    onClick={() => client.declineInvitation(i.invitationId)}
                  >
                    Decline
                  </button>
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
      <nav aria-label="Rooms" className="rooms-nav">
        <h2 className="section-title" aria-hidden="true">
          Followed
        </h2>
        {client.order.length === 0 && (
          <p className="muted small-text">You follow no rooms yet. Find one above.</p>
        )}
        <ul>
          {client.order.map((uri) => {
            const r = client.rooms.get(uri);
            if (!r) return null;
            const active = client.activeUri === uri && panel === 'room';
            return (
              <li key={uri}>
                <a
                  href={`#${encodeURIComponent(uri)}`}
                  className={`room-link${active ? ' active' : ''}${r.unread ? ' unread' : ''}`}
                  aria-current={active ? 'page' : undefined}
                  onClick={click(uri)}
                  aria-describedby={r.unread || r.mentions ? `badge-${encodeURIComponent(uri)}` : undefined}
                >
                  <span className="room-hash" aria-hidden="true">
                    {r.snapshot?.isPrivate || r.privacy === 'closed' || r.privacy === 'secret' ? (
                      <IconLock />
                    ) : (
                      <IconHash />
                    )}
                  </span>
                  <span className="room-name">{r.name}</span>
                  {r.status === 'reconnecting' && <span className="dot-warn" aria-hidden="true" />}
                  {r.muted && (
                    <span className="muted-icon" aria-hidden="true">
                      <IconBell off />
                    </span>
                  )}
                </a>
                {(r.unread > 0 || r.mentions > 0) && (
                  <span id={`badge-${encodeURIComponent(uri)}`} className="badges">
                    {r.mentions > 0 && (
                      <span className="badge mention-badge" title="Alerts and mentions of you">
                        <span className="visually-hidden">Alerts and mentions: </span>@{r.mentions}
                      </span>
                    )}
                    {r.unread > 0 && (
                      <span className="badge">
                        <span className="visually-hidden">Unread: </span>
                        {r.unread > 99 ? '99+' : r.unread}
                      </span>
                    )}
                  </span>
                )}
              </li>
            );
          })}
        </ul>
      </nav>
    </>
  );
}
