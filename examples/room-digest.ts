// Room digest (an SDK sample scenario): what was said in the user's rooms over the last N minutes, per room,
// from a history query across rooms (PC-10, paged by message id). Prints Markdown and exits.
//   node --conditions=development --import tsx examples/room-digest.ts --server 127.0.0.1:5060 \
//     --user sip:alice@example.test --password ... [--room Lobby ...] [--since-minutes 1440]
import { connect, options } from './lib/connect.js';
import type { ChatMessage } from '@pchat/sdk/node';

const o = options({
  room: { type: 'string', multiple: true },
  'since-minutes': { type: 'string', default: '1440' },
});
const c = await connect(o, 'room-digest');
const svc = c.chat.persistentChatServices;
const since = new Date(Date.now() - Number(o['since-minutes']) * 60_000);
const wanted = (o.room as string[] | undefined)?.map((r) => r.toLowerCase());
const rooms = (await svc.browseChatRoomsByCriteria('')).filter(
  (r) => !wanted || wanted.includes(r.name.toLowerCase()),
);
const lines = [`# Digest for ${c.chat.userUri} since ${since.toISOString()}`, ''];
for (const room of rooms) {
  const messages: ChatMessage[] = [];
  let start: string | undefined;
  for (let page = 0; page < 20; page++) {
    const [r] = await svc.queryChatHistory([room.uri], {
      dateBeginning: since,
      resultLimit: 100,
      ...(start ? { startingMessageId: start } : {}),
    });
    if (!r) break;
    messages.push(...r.messages.filter((m) => !messages.some((x) => x.messageId === m.messageId)));
    if (!r.exceededServerLimit || r.messages.length === 0) break;
    start = r.messages[r.messages.length - 1]!.messageId ?? undefined;
  }
  if (messages.length === 0) continue;
  messages.sort((a, b) => a.timestamp.getTime() - b.timestamp.getTime());
  const authors = new Map<string, number>();
  for (const m of messages) authors.set(m.messageAuthor, (authors.get(m.messageAuthor) ?? 0) + 1);
  lines.push(`## ${room.name} — ${messages.length} message(s) from ${authors.size} author(s)`, '');
  for (const m of messages)
    lines.push(
      `- ${m.timestamp.toISOString().slice(11, 16)} ${m.messageAuthor.replace(/^sip:/, '')}: ${m.storyTitle ? `**${m.storyTitle}** ` : ''}${m.messageContent}`,
    );
  lines.push('');
}
console.log(lines.join('\n'));
await c.platform.shutdown();
