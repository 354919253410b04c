// FileStore contracts (PC-15): streamed puts with a byte limit that keeps nothing when exceeded, reads in
// order, invisibility of incomplete uploads, cascade with the room, single-use grants.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import type { FileGrant, StoredFile } from '@pchat/domain';
import type { DriverUnderTest } from './harness.js';
import { room, uid } from './fixtures.js';
import { rejectsWith } from './expect.js';
import { withStore } from './with-store.js';

async function* chunks(total: number, step: number, fill = 7): AsyncIterable<Uint8Array> {
  for (let sent = 0; sent < total; sent += step) {
    const n = Math.min(step, total - sent);
    const b = new Uint8Array(n);
    for (let i = 0; i < n; i++) b[i] = (sent + i + fill) % 251;
    yield b;
  }
}

async function bytesOf(src: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of src) parts.push(Buffer.from(c));
  return Buffer.concat(parts);
}

const meta = (roomId: string, o: Partial<StoredFile> = {}): Omit<StoredFile, 'size' | 'sha256'> => ({
  id: uid('file'),
  roomId,
  uploader: 'sip:alice@example.test',
  name: 'report.pdf',
  contentType: 'application/pdf',
  createdOn: 1000,
  ...o,
});

export function fileContracts(d: DriverUnderTest): void {
  describe('files', () => {
    it('put streams any chunking into the store; read returns the same bytes; size and SHA-256 are set', () =>
      withStore(d, async (s) => {
        const r = room('F1');
        await s.rooms.insertRoom(r);
        const m = meta(r.id);
        // 700 KiB in odd-sized pieces crosses several 256 KiB rows.
        const total = 700 * 1024;
        const stored = await s.files.put(m, chunks(total, 65_537), total);
        const expected = await bytesOf(chunks(total, 1 << 20));
        assert.equal(stored.size, total);
        assert.equal(stored.sha256, createHash('sha256').update(expected).digest('hex'));
        assert.deepEqual(await s.files.get(m.id), stored);
        assert.ok((await bytesOf(s.files.read(m.id))).equals(expected));
      }));

    it('an empty file is a file', () =>
      withStore(d, async (s) => {
        const r = room('F0');
        await s.rooms.insertRoom(r);
        const m = meta(r.id);
        assert.equal((await s.files.put(m, chunks(0, 1), 10)).size, 0);
        assert.equal((await bytesOf(s.files.read(m.id))).length, 0);
      }));

    it('a stream longer than maxBytes is refused with LimitExceeded and nothing is kept', () =>
      withStore(d, async (s) => {
        const r = room('F2');
        await s.rooms.insertRoom(r);
        const m = meta(r.id);
        await rejectsWith(() => s.files.put(m, chunks(300 * 1024 + 1, 100_000), 300 * 1024), 'LimitExceeded');
        assert.equal(await s.files.get(m.id), null);
        assert.equal(await s.files.deleteIncomplete(Number.MAX_SAFE_INTEGER), 0);
      }));

    it('a failing stream keeps nothing; an upload in progress is invisible and can be swept', () =>
      withStore(d, async (s) => {
        const r = room('F3');
        await s.rooms.insertRoom(r);
        const failing = meta(r.id);
        async function* broken(): AsyncIterable<Uint8Array> {
          yield new Uint8Array(300 * 1024);
          throw new Error('client went away');
        }
        await assert.rejects(() => s.files.put(failing, broken(), 1 << 20), /client went away/);
        assert.equal(await s.files.get(failing.id), null);

        const slow = meta(r.id, { createdOn: 500 });
        let release!: () => void;
        const gate = new Promise<void>((res) => (release = res));
        async function* held(): AsyncIterable<Uint8Array> {
          yield new Uint8Array(10);
          await gate;
        }
        const put = s.files.put(slow, held(), 100);
        await new Promise((res) => setTimeout(res, 20));
        assert.equal(await s.files.get(slow.id), null, 'not visible before its last chunk');
        release();
        await put;
        assert.equal((await s.files.get(slow.id))?.size, 10);
        assert.equal(await s.files.deleteIncomplete(Number.MAX_SAFE_INTEGER), 0, 'complete files stay');
      }));

    it('read of an unknown file is NoSuchNode; delete is idempotent; deleting the room deletes its files', () =>
      withStore(d, async (s) => {
        const r = room('F4');
        await s.rooms.insertRoom(r);
        const m = meta(r.id);
        await s.files.put(m, chunks(10, 10), 10);
        await rejectsWith(() => bytesOf(s.files.read('no-such-file')), 'NoSuchNode');
        await s.rooms.deleteRoom(r.id);
        assert.equal(await s.files.get(m.id), null);
        await s.files.delete(m.id);
        await rejectsWith(() => s.files.put(meta('no-such-room'), chunks(1, 1), 10), 'NoSuchNode');
      }));

    it('a grant is redeemed once, never after it expires, and only by its exact token', () =>
      withStore(d, async (s) => {
        // Real times: grant() drops grants that expired by the store's clock.
        const t = Date.now();
        const g: FileGrant = {
          kind: 'download',
          userUri: 'sip:bob@example.test',
          roomId: 'room-1',
          fileId: 'file-1',
          expires: t + 5_000,
        };
        await s.files.grant('token-a', g);
        await s.files.grant('token-b', { ...g, expires: t + 2_000 });
        assert.equal(await s.files.redeem('TOKEN-A', t + 1_000), null, 'tokens are case-sensitive');
        const [first, second] = await Promise.all([
          s.files.redeem('token-a', t + 1_000),
          s.files.redeem('token-a', t + 1_000),
        ]);
        assert.deepEqual([first, second].filter(Boolean), [g], 'exactly one of two redeemers wins');
        assert.equal(await s.files.redeem('token-a', t + 1_000), null, 'used');
        assert.equal(await s.files.redeem('token-b', t + 2_000), null, 'expired at its expiry time');
      }));
  });
}
