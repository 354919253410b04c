// ChatRoomManagementServices (docs/sdk.md; PC-84: what a room manager may do — creation,
// settings, role holders, category moves; administration stays with the admin API). XCCOS `cmd:pchat-*`
// commands (docs/protocol-notes.md) plus chansrch and nodespermcreatechild.
import type { AddIn, CategoryInfo, RoomDetails, RoomRole, RoomSettings } from '@pchat/protocol';
import { PersistentChatError, isPersistentChatError } from '../errors.js';
import { toPrincipal } from './convert.js';
import type { PersistentChatEndpoint } from './persistent-chat-endpoint.js';
import type { PersistentChatPrincipalSummary } from './principals.js';
import type {
  ChatRoomBehavior,
  ChatRoomInvitationSetting,
  ChatRoomPrivacy,
  ChatRoomSnapshot,
} from './types.js';

/** UCMA ChatRoomSettings: what a new room needs. */
export interface ChatRoomSettings {
  name: string;
  parentCategoryUri: string;
  description?: string;
  privacy?: ChatRoomPrivacy;
  behavior?: ChatRoomBehavior;
  sendInvitationsToMembers?: ChatRoomInvitationSetting;
  topic?: string;
  addInId?: string;
  isDisabled?: boolean;
  /** Initial role holders. */
  members?: string[];
  managers?: string[];
  presenters?: string[];
}

/** UCMA ChatRoom / ChatRoomInformation: a room's settings as the server keeps them. */
export interface ChatRoom {
  readonly uri: string;
  /**
   * The room version this copy was read at (PC-28). `updateChatRoom(room, …)` sends it back, and the server
   * refuses the update with `DataCollision` when the room changed since (anyone's change, your own role edits
   * included). `null` when the server sent none (servers older than room versions).
   */
  readonly version: number | null;
  readonly name: string;
  readonly parentCategoryUri: string;
  readonly description: string | null;
  readonly privacy: ChatRoomPrivacy | null;
  readonly behavior: ChatRoomBehavior | null;
  readonly sendInvitationsToMembers: ChatRoomInvitationSetting | null;
  readonly topic: string | null;
  readonly addInId: string | null;
  readonly isDisabled: boolean;
}

/**
 * Settable fields of a room (UCMA ChatRoomInformation); the URI and parent category are read-only here.
 * A field left out (undefined) is unchanged.
 */
export type ChatRoomUpdate = Partial<
  Pick<
    ChatRoomSettings,
    | 'name'
    | 'description'
    | 'privacy'
    | 'behavior'
    | 'sendInvitationsToMembers'
    | 'topic'
    | 'isDisabled'
    | 'members'
    | 'managers'
    | 'presenters'
  >
> & {
  /** The add-in: an id sets it, `null` removes it (the room has no add-in afterwards), undefined leaves it. */
  addInId?: string | null;
};

/** A role on a room (UCMA ChatRoomRole without Creator, which only administrators set, PC-84). */
export type ChatRoomRoleName = RoomRole;

/** UCMA ChatRoomCategorySummary. */
export interface ChatRoomCategorySummary {
  readonly uri: string;
  readonly name: string;
  readonly description: string | null;
}

/** UCMA PersistentChatAddIn. */
export interface PersistentChatAddIn {
  readonly addInId: string;
  readonly name: string;
  readonly uri: string;
}

function toChatRoom(r: RoomDetails): ChatRoom {
  return {
    uri: r.uri,
    version: r.version ?? null,
    name: r.name,
    parentCategoryUri: r.categoryUri,
    description: r.description ?? null,
    privacy: r.privacy ?? null,
    behavior: r.behavior ?? null,
    sendInvitationsToMembers: r.invitations ?? null,
    topic: r.topic ?? null,
    addInId: r.addinId || null,
    isDisabled: r.disabled ?? false,
  };
}

function toWire(s: ChatRoomSettings): Omit<RoomDetails, 'uri'> {
  const r: Omit<RoomDetails, 'uri'> & RoomSettings = { name: s.name, categoryUri: s.parentCategoryUri };
  if (s.description !== undefined) r.description = s.description;
  if (s.privacy !== undefined) r.privacy = s.privacy;
  if (s.behavior !== undefined) r.behavior = s.behavior;
  if (s.sendInvitationsToMembers !== undefined) r.invitations = s.sendInvitationsToMembers;
  if (s.topic !== undefined) r.topic = s.topic;
  if (s.addInId !== undefined) r.addinId = s.addInId;
  if (s.isDisabled !== undefined) r.disabled = s.isDisabled;
  if (s.members !== undefined) r.members = s.members;
  if (s.managers !== undefined) r.managers = s.managers;
  if (s.presenters !== undefined) r.presenters = s.presenters;
  return r;
}

/** Room management for the endpoint's user (UCMA ChatRoomManagementServices). */
export class ChatRoomManagementServices {
  constructor(private readonly endpoint: PersistentChatEndpoint) {}

  /** The root category. */
  get rootCategoryUri(): string {
    return this.endpoint.persistentChatServices.rootCategoryUri;
  }

  /** CreateChatRoom: returns the new room's URI. Needs create rights on the category. */
  async createChatRoom(settings: ChatRoomSettings | string, parentCategoryUri?: string): Promise<string> {
    const s: ChatRoomSettings =
      typeof settings === 'string'
        ? { name: settings, parentCategoryUri: parentCategoryUri ?? '' }
        : settings;
    if (!s.parentCategoryUri)
      throw new PersistentChatError(
        'InvalidArgument',
        'createChatRoom needs the parent category URI (findCategoriesWithCreateRights lists yours).',
      );
    const r = await this.endpoint.command({ type: 'pchat-createroom', room: toWire(s) });
    return r.uri;
  }

  /** GetChatRoom by URI (`ma-chan://…`) or exact name. */
  async getChatRoom(nameOrUri: string): Promise<ChatRoom> {
    const uri = nameOrUri.startsWith('ma-chan://') ? nameOrUri : await this.uriOfName(nameOrUri);
    const r = await this.endpoint.command({ type: 'pchat-getroom', uri });
    return toChatRoom(r.room);
  }

  /**
   * UpdateChatRoom: changes the given settings of the room and returns the room as it is now (with its new
   * version). Optimistic concurrency (PC-28): pass the {@link ChatRoom} you read (`getChatRoom`) and the
   * update applies to that copy — if the room changed since, it fails with `DataCollision` and nothing
   * changes; read the room again and reapply your changes. Pass a URI and the room is read first (the
   * window for a collision is then only between that read and the write).
   */
  async updateChatRoom(room: string | ChatRoom, changes: ChatRoomUpdate = {}): Promise<ChatRoom> {
    const current = typeof room === 'string' ? await this.getChatRoom(room) : room;
    const next: RoomDetails = {
      uri: current.uri,
      categoryUri: current.parentCategoryUri,
      name: changes.name ?? current.name,
    };
    if (current.version !== null) next.version = current.version;
    const desc = changes.description ?? current.description;
    if (desc !== null) next.description = desc;
    const privacy = changes.privacy ?? current.privacy;
    if (privacy !== null) next.privacy = privacy;
    const behavior = changes.behavior ?? current.behavior;
    if (behavior !== null) next.behavior = behavior;
    const inv = changes.sendInvitationsToMembers ?? current.sendInvitationsToMembers;
    if (inv !== null) next.invitations = inv;
    // The topic is sent only when asked for: pchat keeps none apart from the description and refuses it.
    if (changes.topic !== undefined) next.topic = changes.topic;
    // addin="" is the wire's "remove the add-in"; a missing attribute leaves it as it is.
    const addin = changes.addInId === undefined ? current.addInId : changes.addInId;
    if (addin !== null) next.addinId = addin;
    else if (changes.addInId === null) next.addinId = '';
    next.disabled = changes.isDisabled ?? current.isDisabled;
    // A role list given replaces the stored one in the same update: settings and roles change together or
    // not at all (a refusal such as PrincipalsNotInScope leaves the room as it was).
    if (changes.members !== undefined) next.members = [...changes.members];
    if (changes.managers !== undefined) next.managers = [...changes.managers];
    if (changes.presenters !== undefined) next.presenters = [...changes.presenters];
    const r = await this.sendUpdate(next, current);
    const { members: _m, managers: _g, presenters: _p, ...settings } = next;
    const updated = toChatRoom({ ...settings, version: r.version ?? undefined });
    this.endpoint.roomUpdated(updated);
    return updated;
  }

  /**
   * ChangeParentCategory: moves the room (the caller needs create rights on the target). Like
   * {@link updateChatRoom}, a {@link ChatRoom} you read makes the move fail with `DataCollision` if the room
   * changed since.
   */
  async changeParentCategory(room: string | ChatRoom, newCategoryUri: string): Promise<void> {
    const current = typeof room === 'string' ? await this.getChatRoom(room) : room;
    const next: RoomDetails = { uri: current.uri, name: current.name, categoryUri: newCategoryUri };
    if (current.version !== null) next.version = current.version;
    if (current.description !== null) next.description = current.description;
    if (current.privacy !== null) next.privacy = current.privacy;
    await this.sendUpdate(next, current);
  }

  /** GetMembers. */
  getMembers(roomUri: string): Promise<PersistentChatPrincipalSummary[]> {
    return this.getRole(roomUri, 'member');
  }

  /** GetManagers. */
  getManagers(roomUri: string): Promise<PersistentChatPrincipalSummary[]> {
    return this.getRole(roomUri, 'manager');
  }

  /** GetPresenters. */
  getPresenters(roomUri: string): Promise<PersistentChatPrincipalSummary[]> {
    return this.getRole(roomUri, 'presenter');
  }

  /** AddUsersOrGroupsToRole. */
  async addUsersOrGroupsToRole(
    role: ChatRoomRoleName,
    roomUri: string,
    principalUris: readonly string[],
  ): Promise<void> {
    await this.endpoint.command({
      type: 'pchat-addrole',
      uri: roomUri,
      role,
      principals: [...principalUris],
    });
  }

  /** RemoveUsersOrGroupsFromRole. */
  async removeUsersOrGroupsFromRole(
    role: ChatRoomRoleName,
    roomUri: string,
    principalUris: readonly string[],
  ): Promise<void> {
    await this.endpoint.command({
      type: 'pchat-removerole',
      uri: roomUri,
      role,
      principals: [...principalUris],
    });
  }

  /**
   * FindUsersOrGroupsForRole: Member/Manager candidates are in the category scope; Presenters must be members.
   * `roomUri` may also be a category URI (`ma-cat://…`, one you may create rooms in) to pick the members and
   * managers of a room before it exists.
   */
  async findUsersOrGroupsForRole(
    role: ChatRoomRoleName,
    roomUri: string,
    search: string,
    maxResults?: number,
  ): Promise<PersistentChatPrincipalSummary[]> {
    const r = await this.endpoint.command({
      type: 'pchat-findprincipals',
      uri: roomUri,
      role,
      query: search,
      ...(maxResults !== undefined ? { maxResults } : {}),
    });
    return r.principals.map(toPrincipal);
  }

  /** FindCategoriesWithCreateRights. */
  async findCategoriesWithCreateRights(): Promise<ChatRoomCategorySummary[]> {
    const r = await this.endpoint.command({ type: 'nodespermcreatechild' });
    return r.categories.map((c: CategoryInfo) => ({
      uri: c.uri,
      name: c.name,
      description: c.description ?? null,
    }));
  }

  /** FindChatRoomsByParentCategory. */
  async findChatRoomsByParentCategory(categoryUri: string, maxResults?: number): Promise<ChatRoomSnapshot[]> {
    return this.endpoint.persistentChatServices.browseChatRoomsByCategoryUri(categoryUri, maxResults);
  }

  /** FindChatRoomsUsingAddIn. */
  async findChatRoomsUsingAddIn(addInId: string, maxResults?: number): Promise<ChatRoomSnapshot[]> {
    return this.endpoint.persistentChatServices.browseChatRoomsByFilterCriteria({ addInId }, maxResults);
  }

  /** GetAllAddIns (read-only: add-ins are registered by administrators, PC-84). */
  async getAllAddIns(): Promise<PersistentChatAddIn[]> {
    const r = await this.endpoint.command({ type: 'pchat-getaddins' });
    return r.addins.map((a: AddIn) => ({ addInId: a.id, name: a.name, uri: a.url }));
  }

  /** GetChatRoomPermissions (PC-37 RoomPermissionMap): the actions the caller may take on the room. */
  async getChatRoomPermissions(roomUri: string): Promise<string[]> {
    const r = await this.endpoint.command({ type: 'pchat-getperms', uri: roomUri });
    return r.permissions;
  }

  /** `cmd:pchat-updateroom`; a DataCollision says which copy was stale and what to do about it. */
  private async sendUpdate(next: RoomDetails, read: ChatRoom): Promise<{ uri: string; version?: number }> {
    try {
      return await this.endpoint.command({ type: 'pchat-updateroom', room: next });
    } catch (e) {
      if (!isPersistentChatError(e, 'DataCollision')) throw e;
      const copy =
        read.version === null ? 'since it was read' : `since this copy was read (version ${read.version})`;
      throw new PersistentChatError(
        'DataCollision',
        `Chat room "${read.name}" (${read.uri}) was changed by someone else ${copy}; nothing was updated. ` +
          'Re-read the room with getChatRoom, apply your changes to the fresh copy and update again.',
        {
          ...(e.xccosCode !== undefined ? { xccosCode: e.xccosCode } : {}),
          ...(e.operation !== undefined ? { operation: e.operation } : {}),
          cause: e,
        },
      );
    }
  }

  private async getRole(roomUri: string, role: RoomRole): Promise<PersistentChatPrincipalSummary[]> {
    const r = await this.endpoint.command({ type: 'pchat-getroles', uri: roomUri, role });
    return r.principals.map(toPrincipal);
  }

  private async uriOfName(name: string): Promise<string> {
    const rooms = await this.endpoint.persistentChatServices.browseChatRoomsByCriteria(
      name,
      false,
      true,
      true,
    );
    const hit = rooms.find((r) => r.name.toLowerCase() === name.toLowerCase());
    if (!hit)
      throw new PersistentChatError(
        'NoSuchNode',
        `No chat room named "${name}" is visible to ${this.endpoint.userUri}.`,
      );
    return hit.uri;
  }
}
