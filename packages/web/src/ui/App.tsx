// The app shell: sign-in, then three regions — the room list (collapses on a narrow window), the room or a
// panel (directory, history search), and My Rooms at /my-rooms. Keyboard: Ctrl/Cmd-K opens the quick
// switcher (QuickSwitcher.tsx), Esc closes it and the narrow-window room list.
import { useEffect, useState } from 'react';
import { useClient, navigate } from './hooks.js';
import { SignIn } from './SignIn.js';
import { RoomList, type Panel } from './RoomList.js';
import { RoomView } from './RoomView.js';
import { Directory } from './Directory.js';
import { HistorySearch } from './HistorySearch.js';
import { MyRooms } from './MyRooms.js';
import { QuickSwitcher } from './QuickSwitcher.js';
import { avatarOf, displayName } from './format.js';
import { ContactsPanel } from './Presence.js';

function usePath(): string {
  const [path, setPath] = useState(window.location.pathname);
  useEffect(() => {
    const on = (): void => setPath(window.location.pathname);
    window.addEventListener('popstate', on);
    return () => window.removeEventListener('popstate', on);
  }, []);
  return path;
}

export function App(): React.JSX.Element {
  const client = useClient();
  const path = usePath();
  const [panel, setPanel] = useState<Panel>('room');
  const [target, setTarget] = useState<string | null>(null);
  const [sidebarOpen, setSidebarOpen] = useState(false);
  const [switcher, setSwitcher] = useState(false);

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        setSidebarOpen(false);
        setSwitcher(true);
      } else if (e.key === 'Escape') setSidebarOpen(false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // The first room opens by itself once the rooms are known.
  useEffect(() => {
    if (client.activeUri === null && client.order.length > 0 && panel === 'room')
      client.open(client.order[0]!);
  }, [client, client.order.length, client.activeUri, panel]);

  if (client.status === 'signedOut' || client.status === 'signingIn') return <SignIn />;
  if (path === '/my-rooms')
    return (
      <div className="app app-single">
        <TopBar />
        <MyRooms />
      </div>
    );

  const open = (uri: string): void => {
    setTarget(null);
    setPanel('room');
    setSidebarOpen(false);
    client.open(uri);
  };
  const openAt = async (uri: string, messageId: string): Promise<void> => {
    setPanel('room');
    setTarget(messageId);
    client.open(uri);
    await client.loadUntil(uri, messageId);
  };
  const room = client.activeRoom;

  return (
    <div className="app">
      <TopBar />
      {switcher && (
        <QuickSwitcher
          onOpen={open}
          onDirectory={() => setPanel('directory')}
          onClose={() => setSwitcher(false)}
        />
      )}
      <div className={`shell${sidebarOpen ? ' sidebar-open' : ''}`}>
        <aside className="sidebar" aria-label="Room list">
          <RoomList
            panel={panel}
            onOpen={open}
            onPanel={(p) => {
              setPanel(p);
              setSidebarOpen(false);
            }}
          />
          <ContactsPanel />
        </aside>
        <main className="content" id="main">
          {panel === 'directory' ? (
            <Directory onOpened={open} />
          ) : panel === 'search' ? (
            <HistorySearch onOpen={(u, id) => void openAt(u, id)} />
          ) : room ? (
            <RoomView room={room} targetId={target} onToggleSidebar={() => setSidebarOpen((o) => !o)} />
          ) : (
            <section className="panel empty">
              <h1>Welcome{client.userPart ? `, ${client.userPart}` : ''}</h1>
              <p className="muted">Find a room to follow: its conversation stays here for you.</p>
              <button type="button" className="primary" onClick={() => setPanel('directory')}>
                Browse the room directory
              </button>
            </section>
          )}
        </main>
      </div>
    </div>
  );
}

function TopBar(): React.JSX.Element {
  const client = useClient();
  const [perm, setPerm] = useState(client.notifier.permission);
  const av = avatarOf(client.user);
  return (
    <header className="topbar">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <a
        href="/"
        className="brand"
        onClick={(e) => {
          e.preventDefault();
          navigate('/');
        }}
      >
        <span className="brand-mark" aria-hidden="true">
          #
        </span>
        <span>pchat</span>
      </a>
      {client.connectionNote && (
        <span className="status-pill warn" role="status">
          {client.connectionNote}
        </span>
      )}
      <span className="spacer" />
      {perm === 'default' && (
        <button type="button" className="small" onClick={() => void client.notifier.ask().then(setPerm)}>
          Enable notifications
        </button>
      )}
      <a
        href="/my-rooms"
        className="top-link"
        onClick={(e) => {
          e.preventDefault();
          navigate('/my-rooms');
        }}
      >
        My Rooms
      </a>
      <span className="me" title={client.user}>
        <span className="avatar small" style={{ background: `hsl(${av.hue} 55% 45%)` }} aria-hidden="true">
          {av.initials}
        </span>
        <span className="me-name">{displayName(client.user)}</span>
      </span>
      <button type="button" className="small" onClick={() => void client.signOut()}>
        Sign out
      </button>
    </header>
  );
}
