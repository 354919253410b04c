// The second bus adapter (docs/decisions.md, D-18): two `pchat serve` nodes on one PostgreSQL joined by
// Redis pub/sub instead of NATS. Posts cross in one order, and a member removed through B leaves on A.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { adminCall, member, until, usePool } from './pool-kit.js';

describe('a pool on the Redis bus', { timeout: 180_000 }, () => {
  const fx = usePool(['a', 'b'], (pool) => ({
    bus: { kind: 'redis', url: 'redis://127.0.0.1:6379', prefix: pool.prefix },
  }));

  it('posts cross in one order; a removal through B takes effect on A', async () => {
    const { pool } = fx;
    const a = fx.node('a');
    const b = fx.node('b');
    const alice = await member(pool, 'alice', [a.tcp]);
    const bob = await member(pool, 'bob', [b.tcp]);
    const bobOnA = await member(pool, 'bob', [a.tcp], 'Engineering');
    try {
      for (let i = 0; i < 20; i++) await (i % 2 ? bob : alice).session.sendChatMessage(`r${i}`);
      const seen = (xs: string[]) => xs.filter((t) => /^r\d+$/.test(t));
      await until(
        () => seen(alice.texts).length === 20 && seen(bob.texts).length === 20,
        'every post on both',
      );
      assert.deepEqual(seen(alice.texts), seen(bob.texts));
      assert.deepEqual(
        seen(alice.texts),
        Array.from({ length: 20 }, (_, i) => `r${i}`),
      );
      const read = await adminCall(pool, b, 'GET', '/v1/rooms?identity=Engineering');
      const [room] = read.json as Array<{ version: number | string }>;
      const removed = bobOnA.session.next('sessionStateChanged', (e) => e.state !== 'Established');
      const r = await adminCall(pool, b, 'PATCH', '/v1/rooms', {
        identity: 'Engineering',
        version: room!.version,
        members: { replace: ['sip:alice@example.test'] },
      });
      assert.equal(r.status, 200, JSON.stringify(r.json));
      await removed;
    } finally {
      for (const m of [alice, bob, bobOnA]) await m.close();
    }
  });
});
