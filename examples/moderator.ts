// Autonomous moderator (the SDK sample "autonomous chat room moderator"): an ApplicationEndpoint watches rooms;
// a message matching --ban gets a public alert in the room, and — given admin access — is removed the way the
// documented bot does it, through Remove-CsPersistentChatMessage (here: the pchat CLI, PC-84, PC-17).
//   node --conditions=development --import tsx examples/moderator.ts --server 127.0.0.1:5061 \
//     --user sip:moderator@example.test --cert bot.pem --key bot.key --ca server-ca.pem --room Lobby \
//     --ban 'cheap pills|casino' [--admin-url http://127.0.0.1:8080 --admin-token ...]
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ChatRoomSession, type ChatMessage } from '@pchat/sdk/node';
import { connect, options, stopOnSignals } from './lib/connect.js';

const o = options({
  room: { type: 'string', multiple: true },
  ban: { type: 'string' },
  'admin-url': { type: 'string' },
  'admin-token': { type: 'string' },
  pool: { type: 'string', default: 'pchat.example.test' },
});
if (!o.ban) throw new Error('give --ban <regular expression>');
const ban = new RegExp(o.ban as string, 'i');
const rooms = (o.room as string[] | undefined) ?? ['Lobby'];
const c = await connect(o, 'moderator');
stopOnSignals(c, 'moderator');

async function remove(room: string, m: ChatMessage, word: string): Promise<string> {
  if (!o['admin-url'] || !o['admin-token']) return 'not removed (no admin access given)';
  const args = [
    '--conditions=development',
    '--import',
    'tsx',
    'packages/cli/src/main.ts',
    'Remove-CsPersistentChatMessage',
    '-Identity',
    `${o.pool as string}\\${room}`,
    '-UserUri',
    m.messageAuthor,
    '-Filter',
    word,
    '-MatchClause',
    'Exact',
    '-ReplaceMessage',
    '[removed by the moderator]',
    '-Server',
    o['admin-url'] as string,
    '-Token',
    o['admin-token'] as string,
  ];
  await promisify(execFile)(process.execPath, args, { cwd: new URL('..', import.meta.url).pathname });
  return 'replaced';
}

for (const name of rooms) {
  const session = new ChatRoomSession(c.chat);
  session.on('chatMessageReceived', ({ message }) => {
    if (message.messageAuthor === c.chat.userUri) return;
    const hit = ban.exec(message.messageContent);
    if (!hit) return;
    void (async () => {
      try {
        const done = await remove(session.name ?? name, message, hit[0]);
        await session.sendChatMessage(
          `Moderator: a message by ${message.messageAuthor} broke the room rules (${hit[0]}); ${done}.`,
          { alert: true },
        );
        console.log(`moderator: flagged message ${message.messageId} by ${message.messageAuthor}: ${done}`);
      } catch (e) {
        console.error(`moderator: ${(e as Error).message}`);
      }
    })();
  });
  await session.join(name);
}
console.log(`moderator: ready in ${rooms.join(', ')} as ${c.chat.userUri}`);
