// Room management a room manager may do over XCCOS (PC-33, PC-34; SDK ChatRoomManagementServices):
// pchat-createroom, pchat-updateroom, pchat-getroom, pchat-getperms. Administration (categories, add-in
// registration, deleting rooms, PC-84) stays with the admin API. Every decision is can()'s: the table row
// declares the room or category permission, the domain service re-checks it inside its transaction.
//
// Concurrency (PC-28, D-15): the room version travels on the wire. rpl:pchat-getroom carries it, the
// create/update replies carry the version after the write, and cmd:pchat-updateroom names the version the
// client read, which updateRoom compares (DataCollision on a mismatch, mapped by errors/xccos.ts).
import {
  createRoom,
  DomainError,
  getRoomForActor,
  requireRoom,
  updateRoom,
  type Category,
  type NewRoomInput,
  type RoomPatch,
} from '@pchat/domain';
import { okReply, type RoomDetails } from '@pchat/protocol';
import { fromWireBehavior, fromWireInvitations, fromWirePrivacy, toRoomDetails } from '../convert.js';
import type { RoomTarget } from '../rooms.js';
import type { CommandSpec } from './spec.js';

/** Room names: PC-01 allows 256 characters; the domain says so with LimitExceeded. Here only emptiness. */
function settingsArgs(d: Omit<RoomDetails, 'uri'>): string | undefined {
  if (d.name.trim() === '') return 'The room name (<chanib name>) is empty. Give the room a name.';
  return undefined;
}

/**
 * pchat keeps no topic apart from the description (the room model has none; rpl:join shows the description
 * as the topic). A topic equal to the description is accepted; any other would be lost, so it is refused.
 */
function checkTopic(topic: string | undefined, description: string): void {
  if (topic !== undefined && topic !== description) {
    throw new DomainError(
      'InvalidArgument',
      'This server keeps no room topic apart from the description (clients show the description as the topic). Set the description instead and leave the topic out.',
    );
  }
}

export const createroom: CommandSpec<'pchat-createroom'> = {
  dialog: 'chat',
  args: (cmd) => settingsArgs(cmd.room),
  category: (cmd) => cmd.room.categoryUri,
  categoryAction: 'category.createRoom', // PC-33: Creators (in scope) and administrators
  handle: async ({ ctx, session, envid, category }, cmd) => {
    const d = cmd.room;
    checkTopic(d.topic, d.description ?? '');
    const input: NewRoomInput = { categoryId: (category as Category).id, name: d.name };
    if (d.description !== undefined) input.description = d.description;
    if (d.privacy !== undefined) input.privacy = fromWirePrivacy(d.privacy);
    if (d.behavior !== undefined) input.type = fromWireBehavior(d.behavior);
    if (d.invitations !== undefined) input.invitations = fromWireInvitations(d.invitations);
    if (d.disabled !== undefined) input.disabled = d.disabled;
    if (d.addinId !== undefined) input.addinId = d.addinId === '' ? null : d.addinId;
    if (d.members !== undefined) input.members = d.members;
    if (d.managers !== undefined) input.managers = d.managers;
    if (d.presenters !== undefined) input.presenters = d.presenters;
    // PC-33: the creator becomes a manager (the domain's default).
    const room = await createRoom(ctx.deps, session.actor, input);
    return { reply: okReply('pchat-createroom', envid, { uri: room.uri, version: room.version }) };
  },
};

export const updateroom: CommandSpec<'pchat-updateroom'> = {
  dialog: 'chat',
  args: (cmd) => settingsArgs(cmd.room),
  room: (cmd) => cmd.room.uri,
  action: 'room.manage', // PC-34: managers and administrators; Secret rooms stay NoSuchNode for others
  handle: async ({ ctx, session, envid, target }, cmd) => {
    const { room: cached } = target as RoomTarget;
    // The stored room: the runtime's cached copy may lag a change made on another node.
    const { room: current } = await requireRoom(ctx.store, cached.id);
    const d = cmd.room;
    checkTopic(d.topic, d.description ?? current.description);
    const patch: RoomPatch = { name: d.name };
    if (d.description !== undefined) patch.description = d.description;
    if (d.privacy !== undefined) patch.privacy = fromWirePrivacy(d.privacy);
    if (d.behavior !== undefined) patch.type = fromWireBehavior(d.behavior);
    if (d.invitations !== undefined) patch.invitations = fromWireInvitations(d.invitations);
    if (d.disabled !== undefined) patch.disabled = d.disabled; // PC-14: managers disable and re-enable
    if (d.addinId !== undefined) patch.addinId = d.addinId === '' ? null : d.addinId; // addin="" removes it
    // A role list that is present replaces the stored one; a missing list is unchanged.
    if (d.members !== undefined) patch.members = { replace: d.members };
    if (d.managers !== undefined) patch.managers = { replace: d.managers };
    if (d.presenters !== undefined) patch.presenters = { replace: d.presenters };
    // PC-34: a move is allowed only into a category where the manager is a Creator (the domain checks
    // room.changeCategory); an unknown or foreign category is NoSuchNode.
    const to = await ctx.rooms.resolveCategory(d.categoryUri);
    if (to.id !== current.categoryId) patch.categoryId = to.id;
    // The settings replace what the client read: its version must still be the stored one (PC-28).
    // COMPAT(clients without room versions): a command without a version (written before it was on the wire) is
    // applied to the room as stored now, last writer wins. The SDK always sends one; see docs/chat-service.md.
    const expected = d.version ?? current.version;
    const saved = await updateRoom(ctx.deps, session.actor, current.id, expected, patch);
    return { reply: okReply('pchat-updateroom', envid, { uri: saved.uri, version: saved.version }) };
  },
};

export const getroom: CommandSpec<'pchat-getroom'> = {
  dialog: 'chat',
  room: (cmd) => cmd.uri,
  action: 'room.view', // PC-11 visibility: a Secret room is NoSuchNode for non-members
  handle: async ({ ctx, session, envid, target }) => {
    const { room, category, permissions } = await getRoomForActor(
      ctx.deps,
      session.actor,
      (target as RoomTarget).room.id,
    );
    return {
      reply: okReply('pchat-getroom', envid, {
        room: toRoomDetails(room, category, permissions.includes('CanManageRoom')),
      }),
    };
  },
};

export const getperms: CommandSpec<'pchat-getperms'> = {
  dialog: 'chat',
  room: (cmd) => cmd.uri,
  // PC-37: the map of a room one may not even see would tell a Secret room from a missing one.
  action: 'room.view',
  handle: async ({ ctx, session, envid, target }) => {
    const { room, permissions } = await getRoomForActor(
      ctx.deps,
      session.actor,
      (target as RoomTarget).room.id,
    );
    return { reply: okReply('pchat-getperms', envid, { uri: room.uri, permissions }) };
  },
};
