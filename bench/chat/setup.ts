// Fresh pchat data dir for the chat benchmark (see deployment.ts), before `pchat serve` opens it.
// Prints one JSON line: { roomUri, users, messages, setupSec }.
// node --conditions=development --import tsx bench/chat/setup.ts --data-dir DIR [--users 1100] [--messages 10000] [--domain example.test]
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openStore } from '@pchat/storage';
import { createBenchDeployment } from './deployment.js';

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? def) : def;
}

const dataDir = arg('data-dir', '');
if (!dataDir) throw new Error('--data-dir is required');
const users = Number(arg('users', '1100'));
const messages = Number(arg('messages', '10000'));
mkdirSync(dataDir, { recursive: true });
const store = await openStore({ kind: 'sqlite', file: join(dataDir, 'pchat.db'), synchronous: 'NORMAL' });
const t0 = Date.now();
try {
  const { roomUri } = await createBenchDeployment(store, {
    users,
    messages,
    domain: arg('domain', 'example.test'),
    prefix: arg('prefix', 'bench'),
  });
  console.log(JSON.stringify({ roomUri, users, messages, setupSec: (Date.now() - t0) / 1000 }));
} finally {
  await store.close();
}
