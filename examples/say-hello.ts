// The first thing a newcomer runs (README "Try it"): sign in as a demo user, join a room, post a line and
// print the room's last messages, then sign out.
//   node --conditions=development --import tsx examples/say-hello.ts --server 127.0.0.1:5060 \
//     --user sip:alice@example.test --password <printed password> [--room Lobby] [--text "hello"]
import { ChatRoomSession } from '@pchat/sdk/node';
import { connect, options } from './lib/connect.js';

const o = options({
  room: { type: 'string', default: 'Lobby' },
  text: { type: 'string', default: 'hello from the pchat SDK' },
});
const c = await connect(o, 'say-hello');
try {
  const session = new ChatRoomSession(c.chat);
  await session.join(String(o.room));
  const posted = await session.sendChatMessage(String(o.text));
  console.log(`posted #${posted.messageId} in ${String(o.room)} as ${c.chat.userUri}`);
  for (const m of await session.getRecentChatHistory(10)) {
    console.log(`${m.timestamp.toISOString().slice(0, 19)} ${m.messageAuthor}: ${m.messageContent}`);
  }
  await session.leave();
} finally {
  await c.platform.shutdown();
}
