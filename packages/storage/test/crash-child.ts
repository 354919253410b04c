// Child process of crash.test.ts: several concurrent posters append to one room forever and print
// "<id> <text>" for every append that resolved (= committed). The parent kills it with SIGKILL.
// Usage: node --conditions=development --import tsx crash-child.ts <sqlite|postgres> <file|url> <roomId> <posters>
import { openStore, type StoreOptions } from '../src/index.js';

const [kind, where, roomId, postersArg] = process.argv.slice(2);
if (!kind || !where || !roomId)
  throw new Error('usage: crash-child.ts <sqlite|postgres> <file|url> <roomId> [posters]');
const options: StoreOptions =
  kind === 'sqlite' ? { kind: 'sqlite', file: where } : { kind: 'postgres', url: where };
const store = await openStore(options);
const posters = Number(postersArg ?? 8);

async function poster(p: number): Promise<never> {
  for (let n = 0; ; n++) {
    const text = `p${p}-${n}`;
    const m = await store.messages.append({
      roomId: roomId as string,
      author: `sip:p${p}@example.test`,
      kind: 'plain',
      text,
      storyTitle: null,
      rtf: null,
      parts: null,
    });
    // One write per ack, so the parent never sees half a line of an acknowledged message.
    process.stdout.write(`${m.id} ${text}\n`);
  }
}
process.stdout.write('ready\n');
await Promise.all(Array.from({ length: posters }, (_, p) => poster(p)));
