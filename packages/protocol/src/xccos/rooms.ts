// Room-shaped blocks: `<chanib>` in its three uses (directory entry, joined room, full settings), and
// the small info blocks that travel with them (`uib`, `catib`, `addin`, `inv`).
import type { Element } from 'ltx';
import type {
  AddIn,
  Behavior,
  CategoryInfo,
  InvitationSetting,
  Invitation,
  JoinedRoom,
  Principal,
  Privacy,
  RoomDetails,
  RoomSummary,
} from './model.js';
import { attr, childElements, textOf } from './xml.js';
import { formatXccosTime } from './time.js';
import { put, type Reader } from './read.js';

// COMPAT(pidgin-sipe): these ids are what sipe-groupchat.c matches; "visibilty" is misspelled on purpose.
export const INFO_UCNT = 'urn:parlano:ma:info:ucnt';
export const INFO_VISIBILITY = 'urn:parlano:ma:info:visibilty';
export const PROP_LOGGED = 'urn:parlano:ma:prop:logged';
export const PROP_INVITE = 'urn:parlano:ma:prop:invite';
export const PROP_FILEPOST = 'urn:parlano:ma:prop:filepost';
// pchat: more room properties in rpl:join (docs/protocol-notes.md).
export const PROP_PRESENTERS = 'urn:pchat:prop:presenters';
export const PROP_PRIVACY = 'urn:pchat:prop:privacy';
export const PROP_BEHAVIOR = 'urn:pchat:prop:behavior';

// COMPAT(pidgin-sipe): aib keys; pidgin-sipe's source guesses 3984 = members, 12276 = channel operators.
export const AIB_MEMBER = '3984';
export const AIB_MANAGER = '12276';

// ---- directory entry (rpl:chansrch, rpl:getassociations, invitations) ----

export function encodeRoomSummary(r: RoomSummary): string {
  let s = `<chanib${attr('name', r.name)}${attr('description', r.description)}${attr('uri', r.uri)}>`;
  if (r.userCount !== undefined) s += `<info id="${INFO_UCNT}">${r.userCount}</info>`;
  if (r.visibility !== undefined) s += `<info id="${INFO_VISIBILITY}">${r.visibility}</info>`;
  if (r.logged !== undefined) s += `<prop id="${PROP_LOGGED}">${r.logged}</prop>`;
  if (r.invite !== undefined) s += `<prop id="${PROP_INVITE}">${r.invite}</prop>`;
  if (r.filepost !== undefined) s += `<prop id="${PROP_FILEPOST}">${r.filepost}</prop>`;
  return s + '</chanib>';
}

export function decodeRoomSummary(el: Element, r: Reader): RoomSummary {
  const out: RoomSummary = { uri: r.roomUri(el), name: r.str(el, 'name') };
  put(out, 'description', r.optStr(el, 'description'));
  for (const c of childElements(el)) {
    const id = r.optStr(c, 'id');
    const v = textOf(c).trim();
    if (c.name === 'info' && id === INFO_UCNT) {
      if (!/^\d{1,15}$/.test(v))
        r.fail('bad-argument', `<info id="${INFO_UCNT}"> must be a whole number, not "${v}".`);
      out.userCount = Number(v);
    } else if (c.name === 'info' && id === INFO_VISIBILITY) {
      out.visibility = v.toLowerCase() === 'private' ? 'private' : 'public';
    } else if (c.name === 'prop' && id === PROP_LOGGED) out.logged = r.toBool(c, 'id', v);
    else if (c.name === 'prop' && id === PROP_INVITE) out.invite = r.toBool(c, 'id', v);
    else if (c.name === 'prop' && id === PROP_FILEPOST) out.filepost = r.toBool(c, 'id', v);
    // other info/prop ids: ignored, as pidgin-sipe does
  }
  return out;
}

// ---- joined rooms (rpl:join, rpl:bjoin) ----

/**
 * `<uib id uri/>` user table first, then one `<chanib>` per room whose `aib value` lists table ids.
 * docs/xccos.md §4, rpl:join. The table is shared by all rooms of a bjoin, one id per user.
 */
export function encodeJoinedRooms(rooms: readonly JoinedRoom[]): string {
  const ids = new Map<string, number>();
  let table = '';
  const idOf = (uri: string): number => {
    let id = ids.get(uri);
    if (id === undefined) {
      id = ids.size + 1;
      ids.set(uri, id);
      table += `<uib id="${id}"${attr('uri', uri)}/>`;
    }
    return id;
  };
  let chans = '';
  for (const room of rooms) {
    chans += `<chanib${attr('uri', room.uri)}${attr('name', room.name)}${attr('topic', room.topic)}${attr('description', room.description)}>`;
    if (room.members.length)
      chans += `<aib key="${AIB_MEMBER}" value="${room.members.map(idOf).join(',')}"/>`;
    if (room.managers.length)
      chans += `<aib key="${AIB_MANAGER}" value="${room.managers.map(idOf).join(',')}"/>`;
    // COMPAT(pidgin-sipe): every aib, whatever its key, adds its users to the room, so anything that is
    // not a member/operator list travels as <prop>, which the client ignores here.
    if (room.presenters !== undefined)
      chans += `<prop id="${PROP_PRESENTERS}">${room.presenters.map(idOf).join(',')}</prop>`;
    if (room.logged !== undefined) chans += `<prop id="${PROP_LOGGED}">${room.logged}</prop>`;
    if (room.invite !== undefined) chans += `<prop id="${PROP_INVITE}">${room.invite}</prop>`;
    if (room.filepost !== undefined) chans += `<prop id="${PROP_FILEPOST}">${room.filepost}</prop>`;
    if (room.privacy !== undefined) chans += `<prop id="${PROP_PRIVACY}">${room.privacy}</prop>`;
    if (room.behavior !== undefined) chans += `<prop id="${PROP_BEHAVIOR}">${room.behavior}</prop>`;
    chans += '</chanib>';
  }
  return table + chans;
}

export function decodeJoinedRooms(data: Element, r: Reader): JoinedRoom[] {
  const users = new Map<string, string>();
  for (const u of childElements(data, 'uib')) users.set(r.str(u, 'id'), r.userUri(u, 'uri'));
  const idList = (value: string): string[] =>
    value
      .split(',')
      .filter((id) => id.trim() !== '')
      .map((id) => {
        const uri = users.get(id.trim());
        if (uri === undefined)
          r.fail('bad-argument', `A user list names user id ${id}, which has no <uib id="${id}"> entry.`);
        return uri;
      });
  const oneOfText = <T extends string>(v: string, allowed: readonly T[], el: Element): T => {
    if (!(allowed as readonly string[]).includes(v))
      r.fail(
        'bad-argument',
        `<${el.name} id="${String(el.attrs.id)}"> must be one of ${allowed.join(', ')}, not "${v}".`,
      );
    return v as T;
  };
  return childElements(data, 'chanib').map((c) => {
    const room: JoinedRoom = { uri: r.roomUri(c), name: r.str(c, 'name'), members: [], managers: [] };
    put(room, 'topic', r.optStr(c, 'topic'));
    put(room, 'description', r.optStr(c, 'description'));
    for (const prop of childElements(c, 'prop')) {
      const v = textOf(prop).trim();
      switch (prop.attrs.id) {
        case PROP_PRESENTERS:
          room.presenters = idList(v);
          break;
        case PROP_LOGGED:
          room.logged = r.toBool(prop, 'id', v);
          break;
        case PROP_INVITE:
          room.invite = r.toBool(prop, 'id', v);
          break;
        case PROP_FILEPOST:
          room.filepost = r.toBool(prop, 'id', v);
          break;
        case PROP_PRIVACY:
          room.privacy = oneOfText(v, PRIVACIES, prop);
          break;
        case PROP_BEHAVIOR:
          room.behavior = oneOfText(v, BEHAVIORS, prop);
          break;
      }
    }
    for (const aib of childElements(c, 'aib')) {
      const key = r.str(aib, 'key');
      const list = key === AIB_MEMBER ? room.members : key === AIB_MANAGER ? room.managers : undefined;
      if (!list) continue;
      list.push(...idList(r.str(aib, 'value')));
    }
    return room;
  });
}

// ---- full room settings (pchat room management) ----

/**
 * `<chanib version>` (pchat, PC-28): a room version, a whole number ≥ 0, or undefined when absent (older
 * clients and servers send none; docs/protocol-notes.md "Room versions").
 */
export function decodeRoomVersion(el: Element, r: Reader): number | undefined {
  const v = r.optInt(el, 'version');
  if (v !== undefined && v < 0) r.fail('bad-argument', `<${el.name} version="${v}"> must not be negative.`);
  return v;
}

const ROLE_LISTS = [
  ['member', 'members'],
  ['manager', 'managers'],
  ['presenter', 'presenters'],
] as const;
export const PRIVACIES: readonly Privacy[] = ['open', 'closed', 'secret'];
export const BEHAVIORS: readonly Behavior[] = ['normal', 'auditorium'];
export const INVITATION_SETTINGS: readonly InvitationSetting[] = ['inherit', 'false'];

export function encodeRoomDetails(d: Omit<RoomDetails, 'uri'> & { uri?: string }): string {
  let s =
    `<chanib${attr('uri', d.uri)}${attr('version', d.version)}${attr('name', d.name)}${attr('category', d.categoryUri)}${attr('description', d.description)}` +
    `${attr('privacy', d.privacy)}${attr('behavior', d.behavior)}${attr('invitations', d.invitations)}${attr('topic', d.topic)}` +
    `${attr('addin', d.addinId)}${attr('disabled', d.disabled)}>`;
  for (const [role, key] of ROLE_LISTS) {
    const list = d[key];
    if (list !== undefined)
      s += `<role${attr('id', role)}>${list.map((u) => `<uib${attr('uri', u)}/>`).join('')}</role>`;
  }
  return s + '</chanib>';
}

export function decodeRoomDetails(el: Element, r: Reader): Omit<RoomDetails, 'uri'> & { uri?: string } {
  const d: Omit<RoomDetails, 'uri'> & { uri?: string } = {
    name: r.str(el, 'name'),
    categoryUri: r.categoryUri(el, 'category'),
  };
  if (r.optStr(el, 'uri') !== undefined) d.uri = r.roomUri(el);
  put(d, 'version', decodeRoomVersion(el, r));
  put(d, 'description', r.optStr(el, 'description'));
  put(d, 'privacy', r.oneOf(el, 'privacy', PRIVACIES));
  put(d, 'behavior', r.oneOf(el, 'behavior', BEHAVIORS));
  put(d, 'invitations', r.oneOf(el, 'invitations', INVITATION_SETTINGS));
  put(d, 'topic', r.optStr(el, 'topic'));
  put(d, 'addinId', r.optStr(el, 'addin'));
  put(d, 'disabled', r.optBool(el, 'disabled'));
  for (const roleEl of childElements(el, 'role')) {
    const entry = ROLE_LISTS.find(([role]) => role === roleEl.attrs.id);
    if (!entry)
      r.fail('bad-argument', `<role id="${String(roleEl.attrs.id)}"> must be member, manager or presenter.`);
    d[entry[1]] = childElements(roleEl, 'uib').map((u) => r.str(u, 'uri'));
  }
  return d;
}

// ---- small blocks ----

export const PRINCIPAL_TYPES = ['user', 'group', 'folder', 'domain'] as const;

export function encodePrincipal(p: Principal): string {
  return `<uib${attr('uri', p.uri)}${attr('name', p.name)}${attr('type', p.type)}/>`;
}

export function decodePrincipal(el: Element, r: Reader): Principal {
  const p: Principal = { uri: r.str(el, 'uri') };
  put(p, 'name', r.optStr(el, 'name'));
  put(p, 'type', r.oneOf(el, 'type', PRINCIPAL_TYPES));
  return p;
}

export function encodeCategory(c: CategoryInfo): string {
  return `<catib${attr('uri', c.uri)}${attr('name', c.name)}${attr('description', c.description)}/>`;
}

export function decodeCategory(el: Element, r: Reader): CategoryInfo {
  const c: CategoryInfo = { uri: r.categoryUri(el, 'uri'), name: r.str(el, 'name') };
  put(c, 'description', r.optStr(el, 'description'));
  return c;
}

export function encodeAddIn(a: AddIn): string {
  return `<addin${attr('id', a.id)}${attr('name', a.name)}${attr('url', a.url)}/>`;
}

export function decodeAddIn(el: Element, r: Reader): AddIn {
  return { id: r.str(el, 'id'), name: r.str(el, 'name'), url: r.str(el, 'url') };
}

/** PC-12: `<inv inviteId createdOn><chanib .../></inv>`. */
export function encodeInvitation(i: Invitation): string {
  return `<inv inviteId="${i.inviteId}" createdOn="${formatXccosTime(i.createdOn)}">${encodeRoomSummary(i.room)}</inv>`;
}

export function decodeInvitation(el: Element, r: Reader): Invitation {
  return {
    inviteId: r.int(el, 'inviteId'),
    createdOn: r.time(el, 'createdOn'),
    room: decodeRoomSummary(r.child(el, 'chanib'), r),
  };
}
