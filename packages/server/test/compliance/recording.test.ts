// Compliance recording end to end in one process (PC-70..PC-74): real XCCOS sessions on a real SQLite
// store, the adapter runner writing real files, xmllint validating them against docs/compliance.xsd.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { pino } from 'pino';
import { POOL, Kit, settle, sip } from '../chat/kit.js';
import type { ComplianceConversation } from '../../src/compliance/conversations.js';
import { ComplianceRunner } from '../../src/compliance/runner.js';
import { enableCompliance, eventsOf, readOutput, validate } from './support.js';

/** One line the test adapter module wrote. */
interface Call {
  setConfig?: string;
  info?: { batchId: number; attempts: number };
  dir?: string;
  conversations?: ComplianceConversation[];
}

const tmp = mkdtempSync(join(tmpdir(), 'pchat-compliance-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;

async function runner(kit: Kit, o: { batchSize?: number } = {}): Promise<ComplianceRunner> {
  const pool = await kit.store.topology.getPool(POOL);
  assert.ok(pool);
  return new ComplianceRunner({
    store: kit.store,
    pool,
    dataDir: kit.dir,
    log: pino({ level: 'silent' }),
    batchSize: o.batchSize ?? 1000,
    leaseMs: 60_000,
    runIntervalMs: null,
    retryBaseMs: 1,
    maxRetryMs: 1,
  });
}

async function everyEventNoWait(kit: Kit): Promise<void> {
  const alice = await kit.connect('alice');
  await alice.join(kit.world.open);
  await alice.post(kit.world.open, 'x');
  await alice.send({ type: 'bccontext', uri: kit.world.open.uri, count: 10 });
  await alice.send({ type: 'part', uri: kit.world.open.uri });
}

/** A conversation with every event type: join, post, history view, file up and down, part. */
async function everyEvent(kit: Kit): Promise<void> {
  const { open, ephemeral } = kit.world;
  const alice = await kit.connect('alice');
  const bob = await kit.connect('bob');
  await alice.join(open);
  await bob.join(open);
  await alice.post(open, 'hello <world> & "friends"\nsecond line');
  await bob.send({ type: 'bccontext', uri: open.uri, count: 10 });
  await kit.service.compliance.recordFileTransfer({
    type: 'FILEUPLOAD',
    room: open,
    userUri: sip('alice'),
    fileName: 'q3-report.pdf',
    details: { fileUri: 'https://files.test/1', size: 1234 },
  });
  await kit.service.compliance.recordFileTransfer({
    type: 'FILEDOWNLOAD',
    room: open,
    userUri: sip('bob'),
    fileName: 'q3-report.pdf',
  });
  await bob.send({ type: 'part', uri: open.uri });
  // History off (PC-16): nothing stored, still recorded (PC-71).
  await alice.join(ephemeral);
  await alice.post(ephemeral, 'not kept in history');
  // JOIN and PART are recorded as the roster changes, without holding the reply: wait for their commit.
  for (let i = 0; i < 200 && (await kit.store.compliance.status()).pending < 9; i++)
    await settle(() => false, 20);
  assert.equal(await kit.store.messages.count(ephemeral.id), 0);
}

describe('compliance recording and the XmlAdapter', () => {
  it('every event type once, valid against the XSD; history off still records; the queue empties', async () => {
    const kit = await Kit.create();
    try {
      const out = join(tmp, `xml${++n}`);
      await enableCompliance(kit.store, {
        adapterType: 'Microsoft.Rtc.Internal.Chat.Server.Compliance.XmlAdapter,compliance',
        adapterOutputDirectory: out,
        createFileAttachmentsManifest: true,
        addChatRoomDetails: true,
        addUserDetails: true,
      });
      await everyEvent(kit);
      const r = await (await runner(kit)).runOnce();
      assert.deepEqual(r, { batches: 1, events: 9, failed: 0 });
      const { files, events } = readOutput(out);
      assert.equal(files.length, 1);
      const { open, ephemeral } = kit.world;
      // One conversation per room, in the order of their first event; events in recording order.
      assert.deepEqual(
        events.map((e) => [e.type, e.sender, e.channel, e.content]),
        [
          ['JOIN', sip('alice'), open.uri, ''],
          ['JOIN', sip('bob'), open.uri, ''],
          ['CHAT', sip('alice'), open.uri, 'hello <world> & "friends"\nsecond line'],
          ['BACKCHAT', sip('bob'), open.uri, ''],
          ['FILEUPLOAD', sip('alice'), open.uri, 'q3-report.pdf'],
          ['FILEDOWNLOAD', sip('bob'), open.uri, 'q3-report.pdf'],
          ['PART', sip('bob'), open.uri, ''],
          ['JOIN', sip('alice'), ephemeral.uri, ''],
          ['CHAT', sip('alice'), ephemeral.uri, 'not kept in history'],
        ],
      );
      assert.equal(events[2]!.id, '1', 'a stored CHAT carries its message id');
      assert.equal(events[8]!.id, null, 'a history-off CHAT has no message id');
      assert.equal(new Set(events.map((e) => e.seq)).size, events.length, 'each event once');
      const xml = readFileSync(join(out, files[0]!), 'utf8');
      assert.match(xml, /<ChatRoomDetails description="everyone welcome" category="General" privacy="Open"/);
      assert.match(xml, /displayName="alice"/);
      assert.match(
        xml,
        /<Message type="CHAT" content="hello &lt;world&gt; &amp; &quot;friends&quot;&#10;second line" id="1"/,
      );
      const manifest = readdirSync(out).filter((f) => f.endsWith('.ATTACH'));
      assert.equal(manifest.length, 1);
      validate(join(out, manifest[0]!));
      assert.match(readFileSync(join(out, manifest[0]!), 'utf8'), /fileUri="https:\/\/files.test\/1"/);
      assert.equal((await kit.store.compliance.status()).pending, 0);
      assert.deepEqual(await (await runner(kit)).runOnce(), { batches: 0, events: 0, failed: 0 });
    } finally {
      await kit.close();
    }
  });

  it('off by default: no adapter configured, nothing recorded', async () => {
    const kit = await Kit.create();
    try {
      await everyEventNoWait(kit);
      assert.deepEqual(await kit.store.compliance.status(), { pending: 0, oldestTs: null, failing: [] });
    } finally {
      await kit.close();
    }
  });

  it('OneChatRoomPerOutputFile: one valid file per room; JSON Lines: one line per event', async () => {
    const kit = await Kit.create();
    try {
      const out = join(tmp, `rooms${++n}`);
      await enableCompliance(kit.store, {
        adapterType: 'XmlAdapter',
        adapterOutputDirectory: out,
        oneChatRoomPerOutputFile: true,
      });
      await everyEvent(kit);
      await (await runner(kit)).runOnce();
      const { files, events } = readOutput(out);
      assert.equal(files.length, 2);
      assert.equal(events.length, 9);
      for (const f of files)
        assert.equal(new Set(eventsOf(readFileSync(join(out, f), 'utf8')).map((e) => e.channel)).size, 1);

      const jl = join(tmp, `jsonl${++n}`);
      await enableCompliance(kit.store, { adapterType: 'JsonLinesAdapter', adapterOutputDirectory: jl });
      const alice = kit.clients[0]!;
      await alice.post(kit.world.open, 'in json');
      await alice.send({ type: 'part', uri: kit.world.open.uri });
      await (await runner(kit)).runOnce();
      const [file] = readdirSync(jl);
      const lines = readFileSync(join(jl, file!), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      assert.deepEqual(
        lines.map((l) => [l.type, l.content]),
        [
          ['CHAT', 'in json'],
          ['PART', ''],
        ],
      );
      assert.equal((lines[0]!.room as { uri: string }).uri, kit.world.open.uri);
    } finally {
      await kit.close();
    }
  });

  it('a custom adapter module gets setConfig once and every batch; a failure is kept, shown, retried', async () => {
    const kit = await Kit.create();
    try {
      const dir = join(tmp, `custom${++n}`);
      const mod = join(tmp, `adapter${n}.mjs`);
      const log = join(tmp, `adapter${n}.log`);
      writeFileSync(
        mod,
        `import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
let cfg;
export function setConfig(c) { cfg = c; appendFileSync(${JSON.stringify(log)}, JSON.stringify({ setConfig: c.customConfiguration }) + '\\n'); }
export async function translate(conversations, info) {
  const flag = ${JSON.stringify(log + '.failed')};
  if (!existsSync(flag)) { writeFileSync(flag, '1'); throw new Error('archive offline'); }
  appendFileSync(${JSON.stringify(log)}, JSON.stringify({ info, dir: cfg.outputDirectory, conversations }) + '\\n');
}
`,
      );
      await enableCompliance(kit.store, {
        adapterType: mod,
        customConfiguration: 'tenant=7',
        adapterOutputDirectory: dir,
      });
      await everyEvent(kit);
      const r = await runner(kit, { batchSize: 5 });
      assert.deepEqual(await r.runOnce(), { batches: 0, events: 0, failed: 1 });
      const st = await kit.store.compliance.status();
      assert.equal(st.pending, 9);
      assert.equal(st.failing.length, 1);
      assert.equal(st.failing[0]!.lastError, 'archive offline');
      assert.equal(st.failing[0]!.attempts, 1);
      await new Promise((res) => setTimeout(res, 5)); // past the 1 ms backoff of this runner
      assert.deepEqual(await r.runOnce(), { batches: 2, events: 9, failed: 0 });
      const calls = readFileSync(log, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Call);
      assert.deepEqual(
        calls.filter((c) => 'setConfig' in c).map((c) => c.setConfig),
        ['tenant=7', 'tenant=7'],
        'loaded again after the failure',
      );
      const batches = calls.filter((c) => c.info !== undefined);
      assert.deepEqual(
        batches.map((b) => [b.info?.attempts, b.conversations?.flatMap((c) => c.messages).length]),
        [
          [1, 5],
          [0, 4],
        ],
      );
      assert.equal(batches[0]?.dir, dir);
      const types = batches.flatMap((b) =>
        (b.conversations ?? []).flatMap((c) => c.messages.map((m) => m.type)),
      );
      assert.deepEqual(types.sort(), [
        'BACKCHAT',
        'CHAT',
        'CHAT',
        'FILEDOWNLOAD',
        'FILEUPLOAD',
        'JOIN',
        'JOIN',
        'JOIN',
        'PART',
      ]);
      assert.equal((await kit.store.compliance.status()).pending, 0);
    } finally {
      await kit.close();
    }
  });

  it('the example adapter in examples/ writes one CSV per batch', async () => {
    const kit = await Kit.create();
    try {
      const dir = join(tmp, `csv${++n}`);
      const example = fileURLToPath(new URL('../../../../examples/compliance-adapter.mjs', import.meta.url));
      await enableCompliance(kit.store, { adapterType: example, adapterOutputDirectory: dir });
      await everyEvent(kit);
      assert.deepEqual(await (await runner(kit)).runOnce(), { batches: 1, events: 9, failed: 0 });
      const [file] = readdirSync(dir);
      const lines = readFileSync(join(dir, file!), 'utf8').trim().split('\n');
      assert.equal(lines.length, 11, 'a header, 9 events, one of them a quoted two-line text');
      assert.match(lines[3]!, /"CHAT","sip:alice@example.test","hello <world> & ""friends""/);
    } finally {
      await kit.close();
    }
  });
});
