// Echo bot on an ApplicationEndpoint (PC-87): joins rooms and answers every message with "echo: <text>".
// It survives server restarts by itself and never answers a message twice (catch-up by message id).
//   node --conditions=development --import tsx examples/echo-bot.ts --server 127.0.0.1:5061 \
//     --user sip:echobot@example.test --cert bot.pem --key bot.key --ca server-ca.pem --room Lobby
import { ChatRoomSession } from '@pchat/sdk/node';
import { connect, options, stopOnSignals } from './lib/connect.js';

const o = options({ room: { type: 'string', multiple: true } });
const rooms = (o.room as string[] | undefined) ?? ['Lobby'];
const c = await connect(o, 'echo-bot');
stopOnSignals(c, 'echo-bot');
for (const name of rooms) {
  const session = new ChatRoomSession(c.chat);
  session.on('chatMessageReceived', ({ message }) => {
    if (message.messageAuthor === c.chat.userUri || message.messageContent.startsWith('echo: ')) return;
    session
      .sendChatMessage(`echo: ${message.messageContent}`)
      .catch((e: unknown) => console.error(`echo-bot: ${(e as Error).message}`));
  });
  session.on('sessionStateChanged', (e) => console.error(`echo-bot: ${name} ${e.state}`));
  await session.join(name);
}
console.log(`echo-bot: ready in ${rooms.join(', ')} as ${c.chat.userUri}`);
