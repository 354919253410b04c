// kill -9 of a node in the middle of a burst of posts (docs/pool.md, node loss): every post its author saw
// acknowledged reaches every member exactly once, whichever node they are on; the SDK clients of the killed
// node re-register on the other node and their sessions come back; the restarted node rejoins the pool.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { member, until, usePool, type Member } from './pool-kit.js';

describe('node loss', { timeout: 240_000 }, () => {
  const fx = usePool(['a', 'b']);

  it('kill -9 of A mid-burst: nothing acknowledged lost or duplicated; A’s clients resume on B; A rejoins', async () => {
    const { pool } = fx;
    const a = fx.node('a');
    const b = fx.node('b');
    // The SDK spreads endpoints given a list over its servers (round-robin), so some land on each node.
    const members: Member[] = [];
    for (const user of ['alice', 'bob', 'carol', 'dave'])
      members.push(await member(pool, user, [a.tcp, b.tcp]));
    const observer = await member(pool, 'admin', [b.tcp]);
    const onA = members.filter((m) => m.endpoint.currentServer === a.tcp);
    assert.ok(onA.length > 0 && onA.length < members.length, 'members on both nodes');
    const restored = onA.map((m) => m.session.next('sessionStateChanged', (e) => e.state === 'Established'));
    try {
      // Every member posts in a loop; a post counts as acknowledged once its echo came back.
      const acked = new Set<string>();
      let stop = false;
      const burst = members.map(async (m) => {
        for (let i = 0; !stop; i++) {
          const text = `burst ${m.user} ${i}`;
          try {
            await m.session.sendChatMessage(text);
            acked.add(text);
          } catch {
            // A's connection is gone: this one was not acknowledged; wait for the session to come back.
            await until(() => stop || m.session.state === 'Established', `${m.user} back`, 60_000);
          }
        }
      });
      await until(() => acked.size >= 60, 'the burst is under way');
      await a.kill('SIGKILL');
      await Promise.all(restored);
      for (const m of onA) assert.equal(m.endpoint.currentServer, b.tcp, `${m.user} moved to B`);
      const after = acked.size;
      await until(() => acked.size >= after + 40, 'posts go on after the loss');
      stop = true;
      await Promise.all(burst);
      const burstOf = (m: Member) => m.texts.filter((t) => t.startsWith('burst '));
      for (const m of [...members, observer])
        await until(
          () => [...acked].every((t) => burstOf(m).includes(t)),
          `${m.user} has every acknowledged post`,
        );
      for (const m of [...members, observer]) {
        const seen = burstOf(m);
        assert.equal(new Set(seen).size, seen.length, `${m.user}: no post twice`);
      }
      // Per author, in the order posted.
      for (const author of members.map((m) => m.user)) {
        const seq = burstOf(observer)
          .filter((t) => t.startsWith(`burst ${author} `))
          .map((t) => Number(t.split(' ')[2]));
        assert.deepEqual(
          seq,
          [...seq].sort((x, y) => x - y),
          `${author}'s posts in order`,
        );
      }

      // The restarted node rejoins: a user on it and the observer on B see each other's posts.
      const a2 = await pool.start('a');
      const back = await member(pool, 'carol', [a2.tcp]);
      try {
        await back.session.sendChatMessage('A is back');
        await until(() => observer.texts.includes('A is back'), 'B sees a post made on the restarted A');
        await observer.session.sendChatMessage('welcome back');
        await until(() => back.texts.includes('welcome back'), 'the restarted A sees a post made on B');
      } finally {
        await back.close();
      }
    } finally {
      for (const m of [...members, observer]) await m.close();
    }
  });
});
