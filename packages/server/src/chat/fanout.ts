// The post pipeline after validation (PC-08, PC-16): commit, then publish on the bus; every node's room
// runtime delivers it in id order (room-runtime.ts). A message is durable before anyone is told it exists.
import type { Category, ChatMessage, NewMessage, Room } from '@pchat/domain';
import type { ChatContext } from './context.js';

/**
 * PC-16, decided (docs/chat-service.md): in a history-off category the message is fanned out but never
 * stored, and it carries no message id (id 0, no `msgid` on the wire): an id would promise paging and
 * catch-up that cannot exist, and ids from a counter outside the store would collide with the store's
 * ids if history is turned back on.
 */
export function isLogged(category: Category): boolean {
  return category.chatHistory;
}

export async function commitAndPublish(
  ctx: ChatContext,
  room: Room,
  category: Category,
  m: NewMessage,
): Promise<ChatMessage> {
  if (!isLogged(category)) {
    const message: ChatMessage = { ...m, id: 0, ts: ctx.clock.now() };
    // PC-71: recorded for compliance also when the category keeps no history; durable before fan-out.
    await ctx.compliance.record('CHAT', room, m.author, m.text, { ts: message.ts });
    ctx.bus.publish(room.id, { type: 'message', roomId: room.id, message, stored: false });
    return message;
  }
  // Resolves after commit (group commit); the CHAT compliance event commits with the message (PC-71).
  const message = await ctx.store.messages.append(m, await ctx.compliance.appendOptions(room));
  ctx.bus.publish(room.id, { type: 'message', roomId: room.id, message, stored: true });
  return message;
}
