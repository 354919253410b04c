// Compliance cost (PC-70, PC-71): durable posts/s and p99 ack latency with the CHAT compliance event
// committed in the same transaction vs without, in the same run (interleaved off/on/off/on so the
// shared machine's load hits both alike), and the XmlAdapter's throughput (events written per second,
// claim + conversations + atomic file + delete, as the adapter run does it).
// node --conditions=development --import tsx bench/compliance/run.ts [--driver sqlite|postgres] [--seconds 3]
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppendOptions, NewMessage, Store } from '@pchat/domain';
import { buildConversations } from '../../packages/server/src/compliance/conversations.js';
import { prepareDirectory } from '../../packages/server/src/compliance/output.js';
import { XmlAdapter } from '../../packages/server/src/compliance/xml-adapter.js';
import { arg, benchDb, benchRoom, drivers, ms, nowMs, pct, type Driver } from '../storage/common.js';

const SECONDS = Number(arg('seconds') ?? 3);
const POSTERS = 50;

const message = (roomId: string, p: number, n: number): NewMessage => ({
  roomId,
  author: `sip:user${p}@example.test`,
  kind: 'plain',
  text: `poster ${p} message ${n}: the quick brown fox jumps over the lazy dog`,
  storyTitle: null,
  rtf: null,
  parts: null,
});

async function posters(store: Store, roomId: string, opts: AppendOptions | undefined) {
  const lat: number[] = [];
  const end = nowMs() + SECONDS * 1000;
  const t0 = nowMs();
  await Promise.all(
    Array.from({ length: POSTERS }, async (_, p) => {
      for (let n = 0; nowMs() < end; n++) {
        const t = nowMs();
        await store.messages.append(message(roomId, p, n), opts);
        lat.push(nowMs() - t);
      }
    }),
  );
  return { perSec: lat.length / ((nowMs() - t0) / 1000), p99: pct(lat, 99), posts: lat.length };
}

async function adapterThroughput(
  store: Store,
  batchSize: number,
): Promise<{ events: number; perSec: number; files: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'pchat-bench-compliance-'));
  try {
    await prepareDirectory(dir);
    const adapter = new XmlAdapter({
      adapterType: 'XmlAdapter',
      adapterName: 'XmlAdapter',
      outputDirectory: dir,
      addChatRoomDetails: false,
      addUserDetails: false,
      createFileAttachmentsManifest: false,
      oneChatRoomPerOutputFile: false,
      customConfiguration: '',
      runInterval: '00:15:00',
    });
    let events = 0;
    let files = 0;
    const t0 = nowMs();
    for (;;) {
      const batch = await store.compliance.claim('bench', batchSize, 60_000);
      if (batch.length === 0) break;
      const conv = await buildConversations(store, batch, {
        addChatRoomDetails: false,
        addUserDetails: false,
      });
      await adapter.translate(conv, { batchId: batch[0]!.batchId });
      await store.compliance.complete('bench', batch[0]!.batchId);
      events += batch.length;
      files++;
    }
    return { events, files, perSec: events / ((nowMs() - t0) / 1000) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function run(driver: Driver) {
  const db = await benchDb(driver, {});
  const store = await db.open();
  try {
    const room = benchRoom('r1');
    await store.rooms.insertRoom(room);
    await posters(store, 'r1', undefined); // warm-up
    const on: AppendOptions = { compliance: { roomUri: room.uri } };
    const rows: string[] = [];
    for (const mode of ['off', 'on', 'off', 'on'] as const) {
      const r = await posters(store, 'r1', mode === 'on' ? on : undefined);
      rows.push(
        `${driver.padEnd(8)} compliance ${mode.padEnd(3)}  posters=${POSTERS}  ${Math.round(r.perSec).toString().padStart(6)} posts/s  ack p99 ${ms(r.p99)}  (${r.posts} posts)`,
      );
      console.log(rows[rows.length - 1]);
    }
    const a = await adapterThroughput(store, 1000);
    console.log(
      `${driver.padEnd(8)} XmlAdapter: ${a.events} events in ${a.files} files, ${Math.round(a.perSec)} events/s (batch 1000, fsync per file)`,
    );
  } finally {
    await store.close();
    await db.dispose();
  }
}

console.log(
  `compliance bench, ${new Date().toISOString()}, load average ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}`,
);
for (const d of drivers()) await run(d);
