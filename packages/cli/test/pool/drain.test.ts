// Drain (docs/pool.md): SIGTERM to a node of a pool ends its clients' connections, they re-register on the
// other node and their sessions come back there, the node leaves the registry and exits with status 0.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { member, until, usePool, type Member } from './pool-kit.js';

describe('drain', { timeout: 180_000 }, () => {
  const fx = usePool(['a', 'b']);

  it('SIGTERM: the node’s clients move to the other node, it leaves the registry and exits 0', async () => {
    const { pool } = fx;
    const a = fx.node('a');
    const b = fx.node('b');
    const members: Member[] = [];
    for (const user of ['alice', 'bob', 'carol']) members.push(await member(pool, user, [a.tcp, b.tcp]));
    const onA = members.filter((m) => m.endpoint.currentServer === a.tcp);
    assert.ok(onA.length > 0, 'someone on A');
    const back = onA.map((m) => m.session.next('sessionStateChanged', (e) => e.state === 'Established'));
    try {
      let code: number | null = null;
      a.proc.once('exit', (c) => (code = c));
      await a.kill('SIGTERM');
      assert.equal(code, 0, a.output.join(''));
      await Promise.all(back);
      for (const m of onA) assert.equal(m.endpoint.currentServer, b.tcp, `${m.user} moved to B`);
      for (const m of members) await m.session.sendChatMessage(`after the drain from ${m.user}`);
      for (const m of members)
        await until(
          () => members.every((o) => m.texts.includes(`after the drain from ${o.user}`)),
          `${m.user} sees every post made after the drain`,
        );
      const res = await fetch(
        `${b.http}/v1/state?identity=${encodeURIComponent('service:PersistentChatServer:pchat.example.test')}`,
        { headers: { authorization: `Bearer ${pool.adminToken()}` } },
      );
      const [state] = (await res.json()) as Array<{ nodes: Array<{ name: string }> }>;
      assert.deepEqual(
        state!.nodes.map((n) => n.name),
        ['b'],
        'the drained node left the registry',
      );
    } finally {
      for (const m of members) await m.close();
    }
  });
});
