// My Rooms (PC-55, PC-56) at /my-rooms: the rooms I manage, "Create a new room" in categories where I am a
// creator, and editing a room I manage — through the SDK's ChatRoomManagementServices. Refusals appear
// inline and name the principals (PrincipalsNotInScope); nothing is half-applied (settings and role lists
// go in one update).
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import {
  isPersistentChatError,
  type ChatRoomCategorySummary,
  type ChatRoomPrivacy,
  type ChatRoomSnapshot,
  type PersistentChatAddIn,
  type ChatRoom,
} from '@pchat/sdk';
import { humanError } from '../client/errors.js';
import { useClient, navigate } from './hooks.js';
import { PrincipalPicker, principalLabel, type Picked } from './PrincipalPicker.js';
import { displayName } from './format.js';

interface FormState {
  uri: string | null;
  room: ChatRoom | null;
  name: string;
  description: string;
  privacy: ChatRoomPrivacy;
  categoryUri: string;
  invitations: 'inherit' | 'false';
  addInId: string;
  managers: Picked[];
  members: Picked[];
}

export function MyRooms(): React.JSX.Element {
  const client = useClient();
  const mgmt = client.chat?.persistentChatServices.chatRoomManagementServices;
  const [rooms, setRooms] = useState<ChatRoomSnapshot[] | null>(null);
  const [categories, setCategories] = useState<ChatRoomCategorySummary[]>([]);
  const [addins, setAddins] = useState<PersistentChatAddIn[]>([]);
  const [form, setForm] = useState<FormState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [offenders, setOffenders] = useState<string[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const reload = useCallback(async () => {
    const svc = client.chat?.persistentChatServices;
    if (!svc) return;
    try {
      const [managed, cats, ads] = await Promise.all([
        svc.browseChatRoomsIManage(500),
        svc.chatRoomManagementServices.findCategoriesWithCreateRights().catch(() => []),
        svc.chatRoomManagementServices.getAllAddIns().catch(() => []),
      ]);
      setRooms(managed.sort((a, b) => a.name.localeCompare(b.name)));
      setCategories(cats);
      setAddins(ads);
    } catch (e) {
      setError(humanError(e));
    }
  }, [client.chat]);

  useEffect(() => {
    void reload();
  }, [reload]);

  function startCreate(): void {
    setError(null);
    setOffenders([]);
    setNotice(null);
    setForm({
      uri: null,
      room: null,
      name: '',
      description: '',
      privacy: 'closed',
      categoryUri: categories[0]?.uri ?? '',
      invitations: 'inherit',
      addInId: '',
      managers: [{ uri: client.user, name: displayName(client.user) }],
      members: [],
    });
  }

  async function startEdit(uri: string): Promise<void> {
    if (!mgmt) return;
    setError(null);
    setOffenders([]);
    setNotice(null);
    try {
      const [room, managers, members] = await Promise.all([
        mgmt.getChatRoom(uri),
        mgmt.getManagers(uri),
        mgmt.getMembers(uri),
      ]);
      setForm({
        uri,
        room,
        name: room.name,
        description: room.description ?? '',
        privacy: room.privacy ?? 'closed',
        categoryUri: room.parentCategoryUri,
        invitations: room.sendInvitationsToMembers ?? 'inherit',
        addInId: room.addInId ?? '',
        managers: managers.map((p) => ({ uri: p.uri, name: principalLabel(p) })),
        members: members.map((p) => ({ uri: p.uri, name: principalLabel(p) })),
      });
    } catch (e) {
      setError(humanError(e));
    }
  }

  const searchFor = useCallback(
    (role: 'member' | 'manager') => (q: string) => {
      if (!mgmt || !form) return Promise.resolve([]);
      return mgmt.findUsersOrGroupsForRole(role, form.uri ?? form.categoryUri, q, 20);
    },
    [mgmt, form],
  );

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    if (!mgmt || !form) return;
    setBusy(true);
    setError(null);
    setOffenders([]);
    const members = form.members.map((p) => p.uri);
    const managers = form.managers.map((p) => p.uri);
    try {
      if (form.uri === null) {
        await mgmt.createChatRoom({
          name: form.name.trim(),
          parentCategoryUri: form.categoryUri,
          description: form.description,
          privacy: form.privacy,
          sendInvitationsToMembers: form.invitations,
          ...(form.addInId ? { addInId: form.addInId } : {}),
          members,
          managers,
        });
        setNotice(`Room “${form.name.trim()}” created.`);
      } else {
        await mgmt.updateChatRoom(form.room ?? form.uri, {
          name: form.name.trim(),
          description: form.description,
          privacy: form.privacy,
          sendInvitationsToMembers: form.invitations,
          addInId: form.addInId ? form.addInId : null,
          members,
          managers,
        });
        setNotice(`Room “${form.name.trim()}” saved.`);
      }
      setForm(null);
      await reload();
    } catch (err) {
      setError(humanError(err));
      if (
        isPersistentChatError(err, 'PrincipalsNotInScope') ||
        isPersistentChatError(err, 'NoSuchPrincipal')
      ) {
        const named = [...err.message.matchAll(/sips?:[^\s,;:'"]+|ma-[a-z]+:[^\s,;:'"]+/gi)].map((m) =>
          m[0].toLowerCase(),
        );
        setOffenders(named);
      }
    } finally {
      setBusy(false);
    }
  }

  const set = <K extends keyof FormState>(k: K, v: FormState[K]): void =>
    setForm((f) => (f ? { ...f, [k]: v } : f));
  const catName = (uri: string): string => categories.find((c) => c.uri === uri)?.name ?? 'Another category';
  const offendingIn = (list: Picked[]): boolean => list.some((p) => offenders.includes(p.uri.toLowerCase()));

  return (
    <main className="myrooms" id="main">
      <header className="myrooms-head">
        <div>
          <h1>My Rooms</h1>
          <p className="muted">Rooms you manage. Create rooms in the categories where you are a creator.</p>
        </div>
        <div className="row-gap">
          <button type="button" onClick={() => navigate('/')}>
            Back to chat
          </button>
          <button type="button" className="primary" onClick={startCreate} disabled={categories.length === 0}>
            Create a new room
          </button>
        </div>
      </header>
      {categories.length === 0 && rooms !== null && (
        <p className="muted small-text">
          You are not a creator in any category, so you cannot create rooms here.
        </p>
      )}
      {notice && (
        <p className="banner ok" role="status">
          {notice}
        </p>
      )}
      {form && (
        <form className="room-form" onSubmit={(e) => void submit(e)} aria-labelledby="form-title">
          <h2 id="form-title">{form.uri ? `Edit ${form.room?.name ?? 'room'}` : 'Create a new room'}</h2>
          <div className="grid2">
            <div className="field">
              <label htmlFor="f-name">Room name</label>
              <input
                id="f-name"
                value={form.name}
                maxLength={256}
                required
                onChange={(e) => set('name', e.target.value)}
              />
            </div>
            <div className="field">
              <label htmlFor="f-category">Category</label>
              <select
                id="f-category"
                value={form.categoryUri}
                disabled={form.uri !== null}
                onChange={(e) => set('categoryUri', e.target.value)}
              >
                {form.uri !== null && !categories.some((c) => c.uri === form.categoryUri) && (
                  <option value={form.categoryUri}>{catName(form.categoryUri)}</option>
                )}
                {categories.map((c) => (
                  <option key={c.uri} value={c.uri}>
                    {c.name}
                  </option>
                ))}
              </select>
            </div>
            <div className="field span2">
              <label htmlFor="f-desc">Description</label>
              <textarea
                id="f-desc"
                rows={2}
                value={form.description}
                onChange={(e) => set('description', e.target.value)}
              />
            </div>
            <div className="field">
              <label htmlFor="f-privacy">Privacy</label>
              <select
                id="f-privacy"
                value={form.privacy}
                onChange={(e) => set('privacy', e.target.value as ChatRoomPrivacy)}
              >
                <option value="open">Open — anyone in the category can find and join</option>
                <option value="closed">Closed — anyone can find it, members join</option>
                <option value="secret">Secret — only members can find it</option>
              </select>
            </div>
            <fieldset className="field">
              <legend>Invitations</legend>
              <label className="toggle">
                <input
                  type="radio"
                  name="invitations"
                  checked={form.invitations === 'inherit'}
                  onChange={() => set('invitations', 'inherit')}
                />{' '}
                Inherit from the category
              </label>
              <label className="toggle">
                <input
                  type="radio"
                  name="invitations"
                  checked={form.invitations === 'false'}
                  onChange={() => set('invitations', 'false')}
                />{' '}
                No
              </label>
            </fieldset>
            <div className="field span2">
              <PrincipalPicker
                label="Managers"
                value={form.managers}
                onChange={(v) => set('managers', v)}
                search={searchFor('manager')}
                invalid={offendingIn(form.managers)}
              />
            </div>
            <div className="field span2">
              <PrincipalPicker
                label="Members"
                value={form.members}
                onChange={(v) => set('members', v)}
                search={searchFor('member')}
                invalid={offendingIn(form.members)}
              />
            </div>
            <div className="field">
              <label htmlFor="f-addin">Add-in</label>
              <select id="f-addin" value={form.addInId} onChange={(e) => set('addInId', e.target.value)}>
                <option value="">None</option>
                {addins.map((a) => (
                  <option key={a.addInId} value={a.addInId}>
                    {a.name}
                  </option>
                ))}
              </select>
            </div>
          </div>
          {error && (
            <div className="error form-error" role="alert">
              <p>{error}</p>
              {offenders.length > 0 && (
                <p>
                  Not allowed here: <strong>{offenders.map((u) => displayName(u)).join(', ')}</strong>. Remove{' '}
                  {offenders.length === 1 ? 'this person' : 'them'} or ask an administrator to widen the
                  category.
                </p>
              )}
            </div>
          )}
          <div className="row-gap end">
            <button type="button" onClick={() => setForm(null)}>
              Cancel
            </button>
            <button type="submit" className="primary" disabled={busy}>
              {form.uri ? 'Save' : 'Create room'}
            </button>
          </div>
        </form>
      )}
      {!form && error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <section aria-labelledby="managed-title">
        <h2 id="managed-title" className="section-title">
          Rooms I manage
        </h2>
        {rooms === null ? (
          <p className="muted">Loading…</p>
        ) : rooms.length === 0 ? (
          <p className="muted">You manage no rooms yet.</p>
        ) : (
          <ul className="cards" aria-label="Rooms I manage">
            {rooms.map((r) => (
              <li key={r.uri} className="card">
                <div className="card-main">
                  <h3 className="card-title">{r.name}</h3>
                  <p className="card-desc">{r.description || 'No description'}</p>
                  <p className="card-meta">
                    <span className="tag">{r.isPrivate ? 'Closed' : 'Open'}</span>
                    <span>{r.numberOfParticipants} here now</span>
                  </p>
                </div>
                <button type="button" aria-label={`Edit ${r.name}`} onClick={() => void startEdit(r.uri)}>
                  Edit
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
    </main>
  );
}
