// Room access for the chat service, and admin content maintenance (PC-17, PC-45).
import { DomainError } from '../errors.js';
import type { Actor } from '../model/principal.js';
import type { Category, Room } from '../model/room.js';
import type { MessagePurge } from '../ports/store.js';
import type { RoomPermission } from '../access/can.js';
import { assertCan, permissionMap } from '../access/can.js';
import type { ServiceDeps } from './deps.js';
import { requireRoom } from './nodes.js';
import { assertNoHold } from './retention.js';

/**
 * Loads a room for an actor (join, room card, GetChatRoomPermissions): NoSuchNode when it does not exist
 * or the actor may not see it (PC-03), NodeDisabled when disabled and the actor may not manage it (D-3).
 */
export async function getRoomForActor(
  deps: ServiceDeps,
  actor: Actor,
  roomId: string,
): Promise<{ room: Room; category: Category; permissions: RoomPermission[] }> {
  const { room, category } = await requireRoom(deps.store, roomId);
  assertCan(actor, 'room.view', { room, category });
  return { room, category, permissions: permissionMap(actor, room, category) };
}

/** Clear-CsPersistentChatRoom: deletes everything posted up to and including endTs (PC-45). Admin only. */
export async function clearRoomHistory(
  deps: ServiceDeps,
  actor: Actor,
  roomId: string,
  endTs: number,
): Promise<number> {
  assertCan(actor, 'admin.purge');
  if (!Number.isFinite(endTs))
    throw new DomainError(
      'InvalidArgument',
      'EndDate is not a valid time. Give the date up to which content is removed.',
    );
  const { room, category } = await requireRoom(deps.store, roomId);
  assertNoHold(room, category, `Clearing the history of ${room.name}`);
  return deps.store.messages.clearUpTo(room.id, endTs);
}

/** Remove-CsPersistentChatMessage: removes or replaces matching messages (PC-45). Admin only. */
export async function purgeMessages(deps: ServiceDeps, actor: Actor, p: MessagePurge): Promise<number> {
  assertCan(actor, 'admin.purge');
  if (p.startTs !== undefined && p.endTs !== undefined && p.startTs > p.endTs) {
    throw new DomainError('InvalidArgument', 'StartDate is after EndDate. Swap the dates or leave one open.');
  }
  if (p.replaceWith !== null && p.replaceWith.trim() === '') {
    throw new DomainError(
      'InvalidArgument',
      'The replacement text is empty. Give a text, or remove the messages instead.',
    );
  }
  const { room, category } = await requireRoom(deps.store, p.roomId);
  assertNoHold(
    room,
    category,
    `${p.replaceWith === null ? 'Removing' : 'Replacing'} messages of ${room.name}`,
  );
  return deps.store.messages.purge({ ...p, roomId: room.id, userUri: p.userUri?.toLowerCase() });
}
