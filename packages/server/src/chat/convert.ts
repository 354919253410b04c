// Domain ↔ XCCOS model conversions (pure). The wire model is @pchat/protocol's; the domain's is
// @pchat/domain's; they differ in names and in how a message kind is carried (PC-06).
import type {
  Category,
  ChatMessage as DomainMessage,
  MessagePart as DomainPart,
  NewMessage,
  Principal as DomainPrincipal,
  Room,
  RoomInvitations,
  RoomPrivacy,
  RoomType,
  Emoticon,
} from '@pchat/domain';
import { effectiveInvitations, partText } from '@pchat/domain';
import type {
  Behavior,
  ChatMessage as WireMessage,
  InvitationSetting,
  MessagePart as WirePart,
  Principal as WirePrincipal,
  Privacy,
  RoomDetails,
  RoomSummary,
} from '@pchat/protocol';

/** A stored (or history-off) message as the wire carries it; history-off messages (id 0) carry no msgid (PC-16). */
export function toWireMessage(m: DomainMessage, roomUri: string): WireMessage {
  const w: WireMessage = { chanUri: roomUri, author: m.author, ts: new Date(m.ts), text: m.text };
  if (m.id > 0) w.messageId = String(m.id);
  if (m.kind === 'alert') w.alert = true;
  if (m.kind === 'story' && m.storyTitle !== null) w.storyTitle = m.storyTitle;
  if (m.rtf !== null) w.rtf = m.rtf;
  if (m.parts !== null) w.parts = m.parts.map(toWirePart);
  return w;
}

function toWirePart(p: DomainPart): WirePart {
  switch (p.type) {
    case 'text':
      return { kind: 'text', text: p.text };
    case 'hyperlink':
      return { kind: 'link', text: p.text, href: p.url };
    case 'roomLink':
      return { kind: 'room', text: p.text, uri: p.roomUri };
    case 'emoticon':
      return { kind: 'emoticon', text: p.text ?? p.emoticon, name: p.emoticon };
    case 'fileLink':
      return { kind: 'file', text: partText(p), uri: p.fileUri, name: p.fileName, size: p.sizeEstimate };
  }
}

/** A client's post as the domain validates it. The client's `ts` and `msgid` are ignored: the server stamps. */
export function toNewMessage(w: WireMessage, roomId: string, author: string): NewMessage {
  // PC-06: a story has a title; an alert is flagged; everything else is plain.
  const kind = w.storyTitle !== undefined ? 'story' : w.alert ? 'alert' : 'plain';
  return {
    roomId,
    author,
    kind,
    text: w.text,
    storyTitle: w.storyTitle ?? null,
    rtf: w.rtf ?? null,
    parts: w.parts ? w.parts.map(toDomainPart) : null,
  };
}

function toDomainPart(p: WirePart): DomainPart {
  switch (p.kind) {
    case 'text':
      return { type: 'text', text: p.text };
    case 'link':
      return { type: 'hyperlink', text: p.text, url: p.href };
    case 'room':
      return { type: 'roomLink', text: p.text, roomUri: p.uri };
    case 'emoticon':
      // validateMessage refuses names outside the 11 emoticons (PC-06).
      return { type: 'emoticon', emoticon: p.name as Emoticon, text: p.text };
    case 'file':
      return { type: 'fileLink', fileName: p.name, fileUri: p.uri, sizeEstimate: p.size ?? 0 };
  }
}

/** A directory entry (chansrch, getassociations, invitations) with the flags pidgin-sipe reads. */
export function toRoomSummary(room: Room, category: Category, userCount: number): RoomSummary {
  return {
    uri: room.uri,
    name: room.name,
    description: room.description,
    userCount,
    // COMPAT(pidgin-sipe): "private" marks a room that needs membership; Open rooms are "public".
    visibility: room.privacy === 'Open' ? 'public' : 'private',
    logged: category.chatHistory, // PC-16
    invite: effectiveInvitations(room, category), // PC-12
    filepost: category.fileUpload, // PC-15
  };
}

// ---- room management (pchat-*) ----

const PRIVACY_TO_WIRE = { Open: 'open', Closed: 'closed', Secret: 'secret' } as const satisfies Record<
  RoomPrivacy,
  Privacy
>;
const PRIVACY_FROM_WIRE = { open: 'Open', closed: 'Closed', secret: 'Secret' } as const satisfies Record<
  Privacy,
  RoomPrivacy
>;
const TYPE_TO_WIRE = { Normal: 'normal', Auditorium: 'auditorium' } as const satisfies Record<
  RoomType,
  Behavior
>;
const TYPE_FROM_WIRE = { normal: 'Normal', auditorium: 'Auditorium' } as const satisfies Record<
  Behavior,
  RoomType
>;
const INV_TO_WIRE = { Inherit: 'inherit', False: 'false' } as const satisfies Record<
  RoomInvitations,
  InvitationSetting
>;
const INV_FROM_WIRE = { inherit: 'Inherit', false: 'False' } as const satisfies Record<
  InvitationSetting,
  RoomInvitations
>;

export const fromWirePrivacy = (p: Privacy): RoomPrivacy => PRIVACY_FROM_WIRE[p];
export const toWirePrivacy = (p: RoomPrivacy): Privacy => PRIVACY_TO_WIRE[p];
export const toWireBehavior = (t: RoomType): Behavior => TYPE_TO_WIRE[t];
export const fromWireBehavior = (b: Behavior): RoomType => TYPE_FROM_WIRE[b];
export const fromWireInvitations = (i: InvitationSetting): RoomInvitations => INV_FROM_WIRE[i];

/**
 * A room's settings as `rpl:pchat-getroom` carries them. The role lists only for those who may manage the
 * room (lists of a Closed room are not everyone's business). No `topic`: the domain keeps none; a room's
 * topic is its description (rpl:join shows it as the topic).
 */
export function toRoomDetails(room: Room, category: Category, lists: boolean): RoomDetails {
  const d: RoomDetails = {
    uri: room.uri,
    version: room.version,
    name: room.name,
    categoryUri: category.uri,
    description: room.description,
    privacy: PRIVACY_TO_WIRE[room.privacy],
    behavior: TYPE_TO_WIRE[room.type],
    invitations: INV_TO_WIRE[room.invitations],
    disabled: room.disabled,
  };
  if (room.addinId !== null) d.addinId = room.addinId;
  if (lists) {
    d.members = [...room.members];
    d.managers = [...room.managers];
    d.presenters = [...room.presenters];
  }
  return d;
}

const PRINCIPAL_TYPE: Record<
  Exclude<DomainPrincipal['kind'], 'contact'>,
  NonNullable<WirePrincipal['type']>
> = {
  user: 'user',
  group: 'group',
  ou: 'folder',
  domain: 'domain',
};

/** A directory principal as `<uib uri name type>` (PersistentChatPrincipalSummary); contacts are never listed. */
export function toWirePrincipal(p: DomainPrincipal): WirePrincipal {
  const w: WirePrincipal = { uri: p.uri, name: p.displayName };
  if (p.kind !== 'contact') w.type = PRINCIPAL_TYPE[p.kind];
  return w;
}
