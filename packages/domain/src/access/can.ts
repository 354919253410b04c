// The one access decision of pchat (docs/architecture.md, house rule 10: all access decisions go through one
// can()). Pure and synchronous over plain data; every edge and service asks here. The rules and the decisions
// taken where the Lync sources are silent or contradictory are written down in docs/decisions.md (D-1..D-9).
import type { ChatErrorCode } from '../errors.js';
import { DomainError } from '../errors.js';
import type { Actor, PrincipalUri } from '../model/principal.js';
import type { Category, Room } from '../model/room.js';
import { inScope, listNames } from './scope.js';

/** Actions on one room (target: the room with its category). */
export type RoomAction =
  | 'room.view' // appear in directory/search/browse, read the room's properties (PC-11)
  | 'room.join' // PC-05
  | 'room.readHistory' // bccontext, paging (PC-09)
  | 'room.post' // PC-02 auditorium: presenters only
  | 'room.postFile' // PC-15: posting allowed and the category's FileUpload on
  | 'room.manage' // edit properties and role lists, disable/enable (PC-34, PC-14)
  | 'room.delete' // admins only (PC-14)
  | 'history.search'; // PC-10: read rights in each room, no join; disabled rooms left out

/** Using Persistent Chat at all: opening a chat session, preference bundles (PC-26, PC-36, PC-82). No target. */
export type SessionAction = 'chat.connect';
/** Moving a room (PC-34): target names the room, its current category and the destination. */
export type MoveAction = 'room.changeCategory';
/** Creating a room in a category (PC-33). */
export type CategoryAction = 'category.createRoom';
/** Administration (PC-40): CsPersistentChatAdministrator or CsAdministrator. */
export type AdminAction =
  | 'admin.category'
  | 'admin.room'
  | 'admin.policy'
  | 'admin.configuration'
  | 'admin.addin'
  | 'admin.purge'
  | 'admin.endpoint'
  | 'admin.principal';

/** An author's change of their own message (pchat): allowed by the policy, within its time window. */
export type MessageAction = 'message.editOwn' | 'message.deleteOwn';

/**
 * Presence and contacts (PC-86, PC-87: user endpoints publish presence and manage contacts;
 * application endpoints cannot): `presence.use` (any presence or contact request at all),
 * `presence.publish` and `contacts.manage` act on one's own data (no target); `presence.view` reads
 * another person's presence (target: PresenceTarget). Not gated by the chat policy: presence is not
 * Persistent Chat use.
 */
export type PresenceAction = 'presence.use' | 'presence.publish' | 'presence.view' | 'contacts.manage';

/** Whose presence, and whether that person blocked the watcher (container 32000, docs/presence.md). */
export interface PresenceTarget {
  owner: PrincipalUri;
  blockedByOwner: boolean;
}

export type Action =
  RoomAction | MoveAction | CategoryAction | AdminAction | SessionAction | MessageAction | PresenceAction;

export interface RoomTarget {
  room: Room;
  category: Category;
}
export interface MoveTarget extends RoomTarget {
  to: Category;
}
export interface CategoryTarget {
  category: Category;
}
export interface MessageTarget extends RoomTarget {
  message: { author: string; ts: number };
  /** Epoch ms, for the policy's time window. */
  now: number;
}

export type Decision = { allowed: true } | { allowed: false; code: ChatErrorCode; reason: string };

const ALLOW: Decision = { allowed: true };
const deny = (code: ChatErrorCode, reason: string): Decision => ({ allowed: false, code, reason });

/** Actions that are "using chat" (PC-36 gates them for everyone, admins included; D-4). */
const CHAT_USE: ReadonlySet<Action> = new Set<Action>([
  'chat.connect',
  'room.view',
  'room.join',
  'room.readHistory',
  'room.post',
  'room.postFile',
  'history.search',
  'message.editOwn',
  'message.deleteOwn',
]);

/** What the actor holds in a room. Role entries count only while the actor is in the category's scope (PC-32). */
export interface RoomStanding {
  inScope: boolean;
  member: boolean;
  manager: boolean;
  /** Presenter entry and member (PC-04: presenters must be members). */
  presenter: boolean;
  /** May know the room exists (ignoring disabled): PC-03 / PC-11 visibility, D-2. */
  visible: boolean;
}

export function roomStanding(actor: Actor, room: Room, category: Category): RoomStanding {
  const admin = actor.isChatAdmin;
  // PC-35: admins are not bound by AllowedMembers; a role entry naming an admin counts even out of scope.
  const scoped = admin || inScope(actor.ancestry, category);
  const member = scoped && listNames(actor.ancestry, room.members);
  const manager = scoped && listNames(actor.ancestry, room.managers);
  const presenter = member && listNames(actor.ancestry, room.presenters);
  // PC-03: Open/Closed are visible to everyone in scope; Secret to its members only (and, D-2, its managers).
  const visible = admin || (room.privacy === 'Secret' ? member || manager : scoped);
  return { inScope: scoped, member, manager, presenter, visible };
}

export function can(actor: Actor, action: RoomAction, target: RoomTarget): Decision;
export function can(actor: Actor, action: MoveAction, target: MoveTarget): Decision;
export function can(actor: Actor, action: CategoryAction, target: CategoryTarget): Decision;
export function can(actor: Actor, action: AdminAction, target?: unknown): Decision;
export function can(actor: Actor, action: SessionAction): Decision;
export function can(actor: Actor, action: MessageAction, target: MessageTarget): Decision;
export function can(actor: Actor, action: 'presence.use' | 'presence.publish' | 'contacts.manage'): Decision;
export function can(actor: Actor, action: 'presence.view', target: PresenceTarget): Decision;
export function can(actor: Actor, action: Action, target?: unknown): Decision {
  // PC-87: an application (acting for a user, or as its own contact object) has no presence or contact
  // list of its own.
  if (actor.viaApplication === true && (action.startsWith('presence.') || action === 'contacts.manage'))
    return deny(
      'ErrorPermission',
      'Application endpoints cannot publish presence, watch presence or manage contacts: sign in as the user (a user endpoint) to do that.',
    );
  // PC-82: a contact object never acts as a chat user (clear error instead of a time-out).
  if (actor.kind !== 'user') {
    return deny(
      'NotAUserPrincipal',
      `${actor.uri} is a contact object (for example a New-CsTrustedApplicationEndpoint), not a user. Persistent Chat endpoints must be owned by a user object: create a SIP-enabled user with this address (or use an existing user's address) and sign the application endpoint in as that user.`,
    );
  }
  // PC-26: a disabled user can do nothing, admins included.
  if (actor.disabled) {
    return deny(
      'PrincipalDisabled',
      `The account ${actor.uri} is disabled and cannot use Persistent Chat. Ask an administrator to re-enable it.`,
    );
  }
  if (action.startsWith('presence.') || action === 'contacts.manage')
    return action === 'presence.view' ? canSeePresence(actor, target as PresenceTarget) : ALLOW;
  if (action.startsWith('admin.')) {
    // PC-40: administration needs the RBAC role, not the chat policy (D-4).
    return actor.isChatAdmin
      ? ALLOW
      : deny(
          'ErrorPermission',
          `${actor.uri} may not perform ${action}: it needs the CsPersistentChatAdministrator (or CsAdministrator) role.`,
        );
  }
  // PC-36: the policy gates chat use for everyone; admins may still manage without it (D-4).
  if (!actor.enabledByPolicy && (CHAT_USE.has(action) || !actor.isChatAdmin)) {
    return deny(
      'NotEnabledByPolicy',
      `${actor.uri} is not enabled for Persistent Chat by policy: the effective CsPersistentChatPolicy has EnablePersistentChat=$false. Ask an administrator to grant a CsPersistentChatPolicy with EnablePersistentChat=$true.`,
    );
  }
  if (action === 'chat.connect') return ALLOW;
  if (action === 'category.createRoom') return canCreateRoom(actor, (target as CategoryTarget).category);
  if (action === 'message.editOwn' || action === 'message.deleteOwn')
    return canChangeOwn(actor, action, target as MessageTarget);
  const t = target as RoomTarget;
  const decision = roomDecision(actor, action as RoomAction, t);
  if (action === 'room.changeCategory' && decision.allowed) {
    const to = (target as MoveTarget).to;
    const d = canCreateRoom(actor, to);
    if (!d.allowed) {
      return deny(
        'ErrorPermission',
        `Cannot move '${t.room.name}' into category '${to.name}': managers may move a room only into a category where they are a Creator. Ask an administrator.`,
      );
    }
  }
  return decision;
}

function canChangeOwn(actor: Actor, action: MessageAction, t: MessageTarget): Decision {
  const verb = action === 'message.editOwn' ? 'edit' : 'delete';
  const allowed = action === 'message.editOwn' ? actor.ownMessages?.edit : actor.ownMessages?.delete;
  if (!allowed)
    return deny(
      'ErrorPermission',
      `${actor.uri} may not ${verb} messages: the effective CsPersistentChatPolicy does not allow it (${action === 'message.editOwn' ? 'AllowEditOwnMessages' : 'AllowDeleteOwnMessages'}=$false). Ask an administrator.`,
    );
  // Only one's own, and only while one may still post in the room.
  if (t.message.author.toLowerCase() !== actor.uri)
    return deny('ErrorPermission', `${actor.uri} may ${verb} only their own messages.`);
  const post = roomDecision(actor, 'room.post', t);
  if (!post.allowed) return post;
  const window = actor.ownMessages?.windowMinutes ?? 0;
  if (window > 0 && t.now - t.message.ts > window * 60_000)
    return deny(
      'ErrorPermission',
      `This message can no longer be changed: messages can be ${verb}ed only within ${window} minutes of posting.`,
    );
  return ALLOW;
}

const domainOf = (uri: string): string => uri.slice(uri.lastIndexOf('@') + 1).toLowerCase();

/**
 * Colleagues of the same SIP domain see each other's presence; a person one blocked sees nothing (the edge
 * shows them "offline", so a block is never an oracle). Federation is not served (docs/presence.md).
 */
function canSeePresence(actor: Actor, t: PresenceTarget): Decision {
  const owner = t.owner.toLowerCase();
  if (owner === actor.uri.toLowerCase()) return ALLOW;
  if (!t.blockedByOwner && domainOf(owner) === domainOf(actor.uri)) return ALLOW;
  return deny('ErrorPermission', `${actor.uri} cannot see the presence of ${t.owner}.`);
}

function canCreateRoom(actor: Actor, category: Category): Decision {
  if (actor.isChatAdmin) return ALLOW; // PC-35
  // PC-32/PC-33: creators must be on the Creators list and in the category's scope.
  if (inScope(actor.ancestry, category) && listNames(actor.ancestry, category.creators)) return ALLOW;
  return deny(
    'ErrorPermission',
    `${actor.uri} may not create rooms in category '${category.name}': only its Creators (who must be in its scope) and administrators can. Ask an administrator to add you to the category's Creators.`,
  );
}

function roomDecision(
  actor: Actor,
  action: RoomAction | MoveAction,
  { room, category }: RoomTarget,
): Decision {
  const s = roomStanding(actor, room, category);
  // Secret rooms are indistinguishable from missing ones for those who may not see them (PC-03).
  const missing = deny(
    'NoSuchNode',
    `No chat room ${room.uri} exists, or you are not allowed to see it. Check the room URI or name.`,
  );
  if (!s.visible) return missing;
  const manages = s.manager || actor.isChatAdmin;
  const disabled = deny(
    'NodeDisabled',
    `Chat room '${room.name}' is disabled. A manager of the room or an administrator can re-enable it.`,
  );
  const notAllowed = (what: string, fix: string): Decision =>
    deny('ErrorPermission', `${actor.uri} may not ${what} chat room '${room.name}'. ${fix}`);

  switch (action) {
    case 'room.view':
      // PC-14: disabled rooms cannot be found, except by those who may re-enable them (D-3).
      return room.disabled && !manages ? disabled : ALLOW;
    case 'room.join':
    case 'room.readHistory':
    case 'history.search':
    case 'room.post':
    case 'room.postFile': {
      if (room.disabled) return disabled; // PC-05, PC-10, PC-14
      // PC-03: Open = everyone in scope, no explicit membership (D-1); Closed/Secret = members only.
      const reads = room.privacy === 'Open' ? s.inScope : s.member;
      const posts = action === 'room.post' || action === 'room.postFile';
      if (!reads) {
        const verb = action === 'room.join' ? 'join' : posts ? 'post in' : 'read the history of';
        return notAllowed(verb, 'Only members can. Ask a manager of the room to add you as a member.');
      }
      if (!posts) return ALLOW;
      // PC-02: in an auditorium only presenters (who are members, PC-04) post.
      if (room.type === 'Auditorium' && !s.presenter) {
        return notAllowed(
          'post in',
          'It is an auditorium: only presenters can post. Ask a manager to make you a presenter.',
        );
      }
      if (action === 'room.postFile' && !category.fileUpload) {
        return notAllowed(
          'post files in',
          `File posting is off in its category '${category.name}' (FileUpload=$false). Ask an administrator to enable it.`,
        );
      }
      return ALLOW;
    }
    case 'room.manage':
    case 'room.changeCategory':
      // PC-34 managers change everything, also while the room is disabled (PC-14 re-enable).
      return manages ? ALLOW : notAllowed('manage', 'Only its managers and administrators can.');
    case 'room.delete':
      // PC-14, pain point 7: only admins delete; managers disable (D-5).
      return actor.isChatAdmin
        ? ALLOW
        : notAllowed(
            'delete',
            'Only administrators can delete rooms; managers can disable the room instead.',
          );
  }
}

/** Throws the refusal as a DomainError. */
export function assertCan(actor: Actor, action: RoomAction, target: RoomTarget): void;
export function assertCan(actor: Actor, action: MoveAction, target: MoveTarget): void;
export function assertCan(actor: Actor, action: CategoryAction, target: CategoryTarget): void;
export function assertCan(actor: Actor, action: AdminAction, target?: unknown): void;
export function assertCan(actor: Actor, action: SessionAction): void;
export function assertCan(actor: Actor, action: MessageAction, target: MessageTarget): void;
export function assertCan(
  actor: Actor,
  action: 'presence.use' | 'presence.publish' | 'contacts.manage',
): void;
export function assertCan(actor: Actor, action: 'presence.view', target: PresenceTarget): void;
export function assertCan(actor: Actor, action: Action, target?: unknown): void {
  const d = (can as (a: Actor, x: Action, t?: unknown) => Decision)(actor, action, target);
  if (!d.allowed) throw new DomainError(d.code, d.reason, { action });
}

/** PC-37 RoomPermissionMap flags. */
export type RoomPermission =
  'None' | 'CanView' | 'CanJoin' | 'CanReadHistory' | 'CanChat' | 'CanAuditoriumChat' | 'CanManageRoom';

/** The caller's rights on a room (SDK GetChatRoomPermissions); ['None'] when it has none. */
export function permissionMap(actor: Actor, room: Room, category: Category): RoomPermission[] {
  const t = { room, category };
  const out: RoomPermission[] = [];
  if (can(actor, 'room.view', t).allowed) out.push('CanView');
  if (can(actor, 'room.join', t).allowed) out.push('CanJoin');
  if (can(actor, 'room.readHistory', t).allowed) out.push('CanReadHistory');
  if (can(actor, 'room.post', t).allowed)
    out.push(room.type === 'Auditorium' ? 'CanAuditoriumChat' : 'CanChat');
  if (can(actor, 'room.manage', t).allowed) out.push('CanManageRoom');
  return out.length > 0 ? out : ['None'];
}
