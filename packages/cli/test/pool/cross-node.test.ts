// Two `pchat serve` processes on one PostgreSQL and NATS (docs/pool.md): a post made on node A reaches
// the members connected to node B, and the reverse, in the same per-room order everyone sees.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { member, until, usePool } from './pool-kit.js';

describe('a pool of two nodes', { timeout: 180_000 }, () => {
  const fx = usePool(['a', 'b']);

  it('posts cross nodes in one order, with no duplicate and no hole', async () => {
    const { pool } = fx;
    const a = fx.node('a');
    const b = fx.node('b');
    const alice = await member(pool, 'alice', [a.tcp]);
    const bob = await member(pool, 'bob', [b.tcp]);
    try {
      const sent: Promise<unknown>[] = [];
      for (let i = 0; i < 40; i++)
        sent.push((i % 2 ? bob : alice).session.sendChatMessage(`m${i} from ${i % 2 ? 'b' : 'a'}`));
      await Promise.all(sent);
      const all = (xs: string[]) => xs.filter((t) => /^m\d+ /.test(t));
      await until(
        () => all(alice.texts).length >= 40 && all(bob.texts).length >= 40,
        'every post on both nodes',
      );
      assert.equal(all(alice.texts).length, 40, 'no duplicate on A');
      assert.deepEqual(all(bob.texts), all(alice.texts), 'the same order on both nodes');
      assert.deepEqual(new Set(all(alice.texts)).size, 40);
      // Each author's own posts keep their order.
      const mine = (xs: string[], who: string) => xs.filter((t) => t.endsWith(`from ${who}`));
      assert.deepEqual(
        mine(all(bob.texts), 'a'),
        Array.from({ length: 20 }, (_, k) => `m${2 * k} from a`),
      );
    } finally {
      await alice.close();
      await bob.close();
    }
  });

  it('the roster crosses nodes: who joined on the other node is listed, and leaves', async () => {
    const { pool } = fx;
    const a = fx.node('a');
    const b = fx.node('b');
    const carol = await member(pool, 'carol', [a.tcp], 'Lobby');
    const uris = () => carol.session.participants.map((p) => p.sipUri).sort();
    try {
      const dave = await member(pool, 'dave', [b.tcp], 'Lobby');
      await until(() => uris().includes('sip:dave@example.test'), 'carol on A sees dave join on B');
      const daveSees = () => dave.session.participants.map((p) => p.sipUri);
      await until(() => daveSees().includes('sip:carol@example.test'), 'dave on B lists carol, joined on A');
      const left = carol.session.next(
        'participantAttendanceChanged',
        (e) => e.participant.sipUri === 'sip:dave@example.test' && !e.isActive,
      );
      await dave.session.leave();
      await left;
      assert.ok(!uris().includes('sip:dave@example.test'));
      await dave.close();
    } finally {
      await carol.close();
    }
  });
});
