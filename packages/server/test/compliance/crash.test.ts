// kill -9 of a real `pchat serve` process in the middle of its adapter runs (PC-70): after a restart on
// the same data, the XmlAdapter output holds every recorded event exactly once, every file is whole and
// valid against docs/compliance.xsd, and the queue is empty. Black box: the server is the CLI process an
// operator starts; the test only prepares the store and reads the output directory.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import type { NewComplianceEvent } from '@pchat/domain';
import { openStore } from '@pchat/storage';
import { enableCompliance, readOutput } from './support.js';

const ROOT = new URL('../../../../', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'pchat-compliance-crash-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const EVENTS = 3000;
const out = join(dir, 'out');

function serve(configFile: string): Promise<{ proc: ChildProcess; exited: Promise<void>; log: string[] }> {
  const proc = spawn(
    process.execPath,
    [
      '--conditions=development',
      '--import',
      'tsx',
      'packages/cli/src/main.ts',
      'serve',
      '--config',
      configFile,
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const log: string[] = [];
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`pchat serve did not start:\n${log.join('')}`));
    }, 60_000);
    proc.stdout!.on('data', (b: Buffer) => {
      log.push(b.toString());
      if (/pchat: store /.test(log.join(''))) {
        clearTimeout(timer);
        resolve({ proc, exited, log });
      }
    });
    proc.stderr!.on('data', (b: Buffer) => log.push(b.toString()));
    proc.once('exit', (code, sig) => {
      clearTimeout(timer);
      reject(new Error(`pchat serve exited (${code ?? sig}) before it was ready:\n${log.join('')}`));
    });
  });
}

const xmlFiles = () => (existsSync(out) ? readdirSync(out).filter((f) => f.endsWith('.xml')) : []);

it('kill -9 during adapter runs: after a restart every event is in the output exactly once', async () => {
  const dbFile = join(dir, 'pchat.db');
  const store = await openStore({ kind: 'sqlite', file: dbFile });
  await enableCompliance(store, { adapterType: 'XmlAdapter', adapterOutputDirectory: out });
  const ev = (i: number): NewComplianceEvent => ({
    type: i % 5 === 0 ? 'JOIN' : 'CHAT',
    ts: 1_700_000_000_000 + i,
    roomId: `room-${i % 7}`,
    roomUri: `ma-chan://example.test/room-${i % 7}`,
    userUri: `sip:user${i % 13}@example.test`,
    content: i % 5 === 0 ? '' : `message number ${i} <&> "quoted"`,
    messageId: i % 5 === 0 ? null : i,
    details: null,
  });
  for (let i = 0; i < EVENTS; i += 1000)
    await store.compliance.record(Array.from({ length: 1000 }, (_, j) => ev(i + j)));
  await store.close();

  const config = join(dir, 'pchat.json');
  writeFileSync(
    config,
    JSON.stringify({
      dataDir: dir,
      listen: { host: '127.0.0.1', sipTcpPort: 0, sipTlsPort: null, httpPort: 0 },
      log: { level: 'warn' },
      compliance: { runIntervalSeconds: 0.05, batchSize: 50, leaseSeconds: 1 },
    }),
  );
  // First life: killed as soon as some batches are written (the runs go on back to back).
  const first = await serve(config);
  for (let i = 0; i < 3000 && xmlFiles().length < 4; i++) await new Promise((r) => setTimeout(r, 10));
  first.proc.kill('SIGKILL');
  await first.exited;
  const written = xmlFiles().length;
  assert.ok(
    written >= 4 && written < EVENTS / 50,
    `killed mid-way (${written} files written)\n${first.log.join('')}`,
  );
  readOutput(out); // whatever is there is whole and valid

  // Second life: takes over the batch the dead process held once its lease ran out, and finishes.
  const second = await serve(config);
  try {
    for (let i = 0; i < 6000 && xmlFiles().length < EVENTS / 50; i++)
      await new Promise((r) => setTimeout(r, 20));
    const probe = await openStore({ kind: 'sqlite', file: dbFile });
    try {
      for (let i = 0; i < 500 && (await probe.compliance.status()).pending > 0; i++)
        await new Promise((r) => setTimeout(r, 20));
      assert.equal((await probe.compliance.status()).pending, 0, 'the queue is empty');
    } finally {
      await probe.close();
    }
  } finally {
    second.proc.kill('SIGKILL');
    await second.exited;
  }
  const { files, events } = readOutput(out);
  assert.equal(files.length, EVENTS / 50);
  assert.equal(events.length, EVENTS, 'nothing lost, nothing duplicated');
  const seqs = events.map((e) => e.seq).sort((a, b) => a - b);
  assert.deepEqual(
    seqs,
    Array.from({ length: EVENTS }, (_, i) => i + 1),
  );
  assert.equal(readdirSync(out).filter((f) => f.startsWith('.')).length, 0, 'no temporary file left');
});
