// An author's edit or deletion of their own message (pchat; Lync never allowed it): allowed by the
// effective policy (AllowEditOwnMessages, AllowDeleteOwnMessages, EditWindowMinutes) through can(),
// refused under legal hold, and kept: the audit log and (when recording is on) the compliance queue get
// the original text and the change in the same transaction as the change itself.
import { DomainError } from '../errors.js';
import type { Actor } from '../model/principal.js';
import type { ChatMessage, NewMessage } from '../model/message.js';
import type { Category, Room } from '../model/room.js';
import { assertCan } from '../access/can.js';
import type { ServiceDeps } from './deps.js';
import { validateMessage } from './messages.js';
import type { ChatConfiguration } from '../model/topology.js';
import { assertNoHold } from './retention.js';

export interface OwnChange {
  room: Room;
  category: Category;
  messageId: number;
  /** Record EDIT / DELETE events for compliance (the pool's recording is on). */
  compliance: boolean;
}

async function load(deps: ServiceDeps, c: OwnChange): Promise<ChatMessage> {
  const m = await deps.store.messages.get(c.room.id, c.messageId);
  if (!m)
    throw new DomainError(
      'InvalidArgument',
      `Message ${c.messageId} does not exist in ${c.room.name} (it may have been deleted or purged).`,
    );
  return m;
}

/** Replaces the text of the actor's own message; returns the stored message and the previous text. */
export async function editOwnMessage(
  deps: ServiceDeps,
  actor: Actor,
  c: OwnChange,
  text: string,
  limits: Pick<ChatConfiguration, 'messageSizeLimit' | 'storySizeLimit'>,
): Promise<{ message: ChatMessage; previous: string }> {
  const before = await load(deps, c);
  const now = deps.clock.now();
  assertCan(actor, 'message.editOwn', { room: c.room, category: c.category, message: before, now });
  assertNoHold(c.room, c.category, 'Editing a message');
  const draft: NewMessage = { ...before, text, rtf: null, parts: null };
  validateMessage(draft, limits);
  const message = await deps.store.transaction(async (tx) => {
    const saved = await tx.messages.edit(c.room.id, c.messageId, text, null);
    if (!saved) throw new DomainError('InvalidArgument', `Message ${c.messageId} was deleted meanwhile.`);
    const details = { previous: before.text, postedAt: before.ts };
    if (c.compliance)
      await tx.compliance.record([
        {
          type: 'EDIT',
          ts: now,
          roomId: c.room.id,
          roomUri: c.room.uri,
          userUri: actor.uri,
          content: text,
          messageId: c.messageId,
          details: JSON.stringify(details),
        },
      ]);
    await tx.audit.append({
      at: now,
      actor: actor.uri,
      action: 'Edit-OwnMessage',
      target: `${c.room.uri}#${c.messageId}`,
      details: JSON.stringify({ ...details, text }),
    });
    return saved;
  });
  return { message, previous: before.text };
}

/** Deletes the actor's own message; returns what was deleted. */
export async function deleteOwnMessage(deps: ServiceDeps, actor: Actor, c: OwnChange): Promise<ChatMessage> {
  const before = await load(deps, c);
  const now = deps.clock.now();
  assertCan(actor, 'message.deleteOwn', { room: c.room, category: c.category, message: before, now });
  assertNoHold(c.room, c.category, 'Deleting a message');
  await deps.store.transaction(async (tx) => {
    if (!(await tx.messages.remove(c.room.id, c.messageId)))
      throw new DomainError('InvalidArgument', `Message ${c.messageId} was deleted meanwhile.`);
    const details = { postedAt: before.ts };
    if (c.compliance)
      await tx.compliance.record([
        {
          type: 'DELETE',
          ts: now,
          roomId: c.room.id,
          roomUri: c.room.uri,
          userUri: actor.uri,
          content: before.text,
          messageId: c.messageId,
          details: JSON.stringify(details),
        },
      ]);
    await tx.audit.append({
      at: now,
      actor: actor.uri,
      action: 'Delete-OwnMessage',
      target: `${c.room.uri}#${c.messageId}`,
      details: JSON.stringify({ ...details, text: before.text }),
    });
  });
  return before;
}
