// ComplianceStore contracts (PC-70, PC-75) and the CHAT event recorded with its message (PC-71), plus
// the message methods behind edits, deletions and retention.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { NewComplianceEvent, Store } from '@pchat/domain';
import { openStore } from '../../src/index.js';
import type { DriverUnderTest } from './harness.js';
import { msg, room } from './fixtures.js';
import { withStore } from './with-store.js';

const ev = (type: NewComplianceEvent['type'], content = '', o: Partial<NewComplianceEvent> = {}) =>
  ({
    type,
    ts: 1000,
    roomId: 'r1',
    roomUri: 'ma-chan://pool/r1',
    userUri: 'sip:alice@example.test',
    content,
    messageId: null,
    details: null,
    ...o,
  }) satisfies NewComplianceEvent;

async function drain(s: Store, owner: string): Promise<string[]> {
  const out: string[] = [];
  for (;;) {
    const b = await s.compliance.claim(owner, 3, 60_000);
    if (b.length === 0) return out;
    out.push(...b.map((e) => e.content));
    assert.equal(await s.compliance.complete(owner, b[0]!.batchId), b.length);
  }
}

export function complianceContracts(d: DriverUnderTest): void {
  describe('compliance', () => {
    it('record + claim + complete: every event once, in order, in batches stamped with their first seq', () =>
      withStore(d, async (s) => {
        await s.compliance.record([ev('JOIN'), ev('CHAT', 'a'), ev('BACKCHAT')]);
        await Promise.all(['b', 'c', 'd', 'e'].map((t) => s.compliance.record([ev('CHAT', t)])));
        const first = await s.compliance.claim('n1', 2, 60_000);
        assert.equal(first.length, 2);
        assert.deepEqual(
          first.map((e) => [e.type, e.batchId === first[0]!.seq, e.attempts]),
          [
            ['JOIN', true, 0],
            ['CHAT', true, 0],
          ],
        );
        assert.ok(first[1]!.seq > first[0]!.seq);
        assert.deepEqual(
          { ...first[1], seq: 0, batchId: 0 },
          { ...ev('CHAT', 'a'), seq: 0, batchId: 0, attempts: 0 },
        );
        // Another node never gets a leased batch.
        const second = await s.compliance.claim('n2', 2, 60_000);
        assert.ok(second.every((e) => !first.some((f) => f.seq === e.seq)));
        assert.equal((await s.compliance.status()).pending, 7);
        assert.equal(
          await s.compliance.complete('n2', first[0]!.batchId),
          0,
          'not the owner: nothing deleted',
        );
        assert.equal(await s.compliance.complete('n1', first[0]!.batchId), 2);
        assert.equal(await s.compliance.complete('n2', second[0]!.batchId), 2);
        const rest = await drain(s, 'n1');
        assert.equal(rest.length, 3);
        assert.deepEqual(await s.compliance.status(), { pending: 0, oldestTs: null, failing: [] });
      }));

    it('an expired lease is taken over whole, same batch id; the old owner can no longer delete it', async () => {
      let t = 10_000;
      await withStore(
        d,
        async (s) => {
          await s.compliance.record([ev('CHAT', 'a'), ev('CHAT', 'b'), ev('CHAT', 'c')]);
          const a = await s.compliance.claim('dead', 2, 1000);
          await s.compliance.record([ev('CHAT', 'late')]);
          t += 999;
          const fresh = await s.compliance.claim('n2', 10, 1000);
          assert.deepEqual(
            fresh.map((e) => e.content),
            ['c', 'late'],
            'while the lease runs only new events are claimed',
          );
          t += 1;
          const again = await s.compliance.claim('n2', 10, 1000);
          assert.deepEqual(
            again.map((e) => [e.seq, e.batchId]),
            a.map((e) => [e.seq, e.batchId]),
          );
          assert.equal(await s.compliance.complete('dead', a[0]!.batchId), 0);
          assert.equal(await s.compliance.complete('n2', a[0]!.batchId), 2);
        },
        () => t,
      );
    });

    it('fail keeps the events, counts attempts, shows the error, and retries the same batch at retryAt', async () => {
      let t = 50_000;
      await withStore(
        d,
        async (s) => {
          await s.compliance.record([ev('FILEUPLOAD', 'report.pdf'), ev('FILEDOWNLOAD', 'report.pdf')]);
          const b = await s.compliance.claim('n1', 10, 60_000);
          await s.compliance.fail('n1', b[0]!.batchId, 'disk full', t + 5000);
          const st = await s.compliance.status();
          assert.equal(st.pending, 2);
          assert.equal(st.oldestTs, 1000);
          assert.deepEqual(st.failing, [
            { batchId: b[0]!.batchId, events: 2, attempts: 1, lastError: 'disk full', retryAt: t + 5000 },
          ]);
          assert.deepEqual(await s.compliance.claim('n1', 10, 60_000), [], 'not before retryAt');
          t += 5000;
          const retry = await s.compliance.claim('n2', 10, 60_000);
          assert.deepEqual(
            retry.map((e) => [e.seq, e.batchId, e.attempts]),
            b.map((e) => [e.seq, e.batchId, 1]),
          );
          assert.equal(await s.compliance.complete('n2', b[0]!.batchId), 2);
          assert.equal((await s.compliance.status()).failing.length, 0);
        },
        () => t,
      );
    });

    it('concurrent claimers (two stores, one database) share the queue without overlap', () =>
      withStore(d, async (s, f) => {
        const other = await openStore(f.options);
        try {
          await s.compliance.record(Array.from({ length: 60 }, (_, i) => ev('CHAT', `m${i}`)));
          const seen: string[] = [];
          const work = (st: Store, owner: string) => async () => {
            for (;;) {
              const b = await st.compliance.claim(owner, 7, 60_000);
              if (b.length === 0) return;
              seen.push(...b.map((e) => e.content));
              await st.compliance.complete(owner, b[0]!.batchId);
            }
          };
          await Promise.all([work(s, 'a')(), work(other, 'b')(), work(s, 'c')()]);
          assert.deepEqual([...seen].sort(), Array.from({ length: 60 }, (_, i) => `m${i}`).sort());
        } finally {
          await other.close();
        }
      }));

    it('append with compliance records CHAT with the message, in the same commit; without, nothing', () =>
      withStore(d, async (s) => {
        const r = room('Comp');
        await s.rooms.insertRoom(r);
        const acks = await Promise.all([
          s.messages.append(msg(r.id, 'one'), { compliance: { roomUri: r.uri } }),
          s.messages.append(msg(r.id, 'two')),
          s.messages.append(msg(r.id, 'three'), { compliance: { roomUri: r.uri } }),
        ]);
        await s.transaction((tx) =>
          tx.messages.append(msg(r.id, 'four'), { compliance: { roomUri: r.uri } }),
        );
        const b = await s.compliance.claim('n', 10, 1000);
        assert.deepEqual(
          b.map((e) => [e.type, e.content, e.messageId, e.roomId, e.roomUri, e.userUri]),
          [
            ['CHAT', 'one', acks[0].id, r.id, r.uri, acks[0].author],
            ['CHAT', 'three', acks[2].id, r.id, r.uri, acks[0].author],
            ['CHAT', 'four', 4, r.id, r.uri, acks[0].author],
          ],
        );
        assert.equal(b[0]!.ts, acks[0].ts);
        // A failed transaction leaves neither the message nor its event.
        await assert.rejects(
          s.transaction(async (tx) => {
            await tx.messages.append(msg(r.id, 'lost'), { compliance: { roomUri: r.uri } });
            await tx.compliance.record([ev('EDIT', 'lost too')]);
            throw new Error('roll back');
          }),
        );
        assert.equal(await s.messages.count(r.id), 4);
        assert.equal((await s.compliance.status()).pending, 3);
      }));

    it('get, edit, remove one message; purgeOlderThan deletes the oldest, bounded', async () => {
      let t = 1000;
      await withStore(
        d,
        async (s) => {
          const r = room('Edits');
          await s.rooms.insertRoom(r);
          for (let i = 0; i < 5; i++) {
            await s.messages.append(msg(r.id, `m${i}`, { rtf: '{\\rtf1 x}' }));
            t += 1000;
          }
          assert.equal((await s.messages.get(r.id, 2))?.text, 'm1');
          assert.equal(await s.messages.get(r.id, 99), null);
          const e = await s.messages.edit(r.id, 2, 'fixed', [{ type: 'text', text: 'fixed' }]);
          assert.deepEqual(
            [e?.text, e?.rtf, e?.parts, e?.id],
            ['fixed', null, [{ type: 'text', text: 'fixed' }], 2],
          );
          assert.equal(await s.messages.edit(r.id, 99, 'x', null), null);
          assert.equal(await s.messages.remove(r.id, 3), true);
          assert.equal(await s.messages.remove(r.id, 3), false);
          // ts: 1000, 2000, (3000 removed), 4000, 5000
          assert.equal(await s.messages.purgeOlderThan(r.id, 4500, 1), 1);
          assert.deepEqual(
            (await s.messages.after(r.id, 0, 10)).map((m) => m.id),
            [2, 4, 5],
          );
          assert.equal(await s.messages.purgeOlderThan(r.id, 4500, 10), 2);
          assert.deepEqual(
            (await s.messages.after(r.id, 0, 10)).map((m) => m.id),
            [5],
          );
        },
        () => t,
      );
    });
  });
}
