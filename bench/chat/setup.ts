// Fresh pchat deployment for the chat benchmark, written straight into the store before the server starts:
// pool pchat.<domain> (chat server sip:pchat@<domain>), the global policy on, DefaultChatHistory 50, a
// category open to the domain, users bench1..benchN and one Open room with M archived messages.
// Prints one JSON line: { roomUri, users, messages }.
// node --conditions=development --import tsx bench/chat/setup.ts --data-dir DIR [--users 1100] [--messages 10000] [--domain example.test]
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import {
  createCategory, createPool, createRoom, createUser, domainUri, setConfiguration, setPolicy, systemActor, type ServiceDeps,
} from '@pchat/domain';
import { openStore } from '@pchat/storage';

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? def) : def;
}

const dataDir = arg('data-dir', '');
if (!dataDir) throw new Error('--data-dir is required');
const users = Number(arg('users', '1100'));
const messages = Number(arg('messages', '10000'));
const domain = arg('domain', 'example.test');
const prefix = arg('prefix', 'bench');

mkdirSync(dataDir, { recursive: true });
const store = await openStore({ kind: 'sqlite', file: join(dataDir, 'pchat.db'), synchronous: 'NORMAL' });
const deps: ServiceDeps = { store, clock: { now: () => Date.now() }, ids: { uuid: () => randomUUID() } };
const sys = systemActor();
const t0 = Date.now();
try {
  const pool = await createPool(deps, sys, { fqdn: `pchat.${domain}`, chatServerUri: `sip:pchat@${domain}`, displayName: 'bench' });
  await setPolicy(deps, sys, 'global', { enablePersistentChat: true });
  await setConfiguration(deps, sys, 'global', { defaultChatHistory: 50 });
  // Users first: the domain principal (ma-dom:) exists once a user of the domain does.
  for (let i = 1; i <= users; i++) {
    await createUser(deps, sys, { sipAddress: `sip:${prefix}${i}@${domain}`, displayName: `Bench ${i}` });
  }
  const everyone = domainUri(domain);
  const cat = await createCategory(deps, sys, {
    name: 'Benchmarks', description: 'benchmark', poolFqdn: pool.fqdn, allowedMembers: [everyone], creators: [everyone], invitations: true, fileUpload: true,
  });
  const room = await createRoom(deps, sys, {
    categoryId: cat.id, name: 'Bench', description: 'benchmark room', privacy: 'Open', managers: [`sip:${prefix}1@${domain}`], creatorIsManager: false,
  });
  // The archive: group-committed appends, 500 in flight at a time (what the chat service itself does).
  for (let i = 0; i < messages; i += 500) {
    const batch = [];
    for (let j = i; j < Math.min(messages, i + 500); j++) {
      batch.push(store.messages.append({
        roomId: room.id, author: `sip:${prefix}${1 + (j % 50)}@${domain}`, kind: 'plain',
        text: `archived message ${j} lorem ipsum dolor sit amet, consectetur adipiscing elit`, storyTitle: null, rtf: null, parts: null,
      }));
    }
    await Promise.all(batch);
  }
  console.log(JSON.stringify({ roomUri: room.uri, users, messages, setupSec: (Date.now() - t0) / 1000 }));
} finally {
  await store.close();
}
