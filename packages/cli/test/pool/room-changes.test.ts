// Three `pchat serve` nodes on one PostgreSQL and NATS (docs/pool.md): a post on A reaches members on B and
// C in order, and changes made through the admin API of B or C take effect for sessions on A — a room
// change (the Lobby becomes an auditorium), a role change (a presenter removed), the removal of a member
// while joined, and disabling a room.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { adminCall, member, until, usePool, type Member } from './pool-kit.js';

describe('a pool of three nodes', { timeout: 240_000 }, () => {
  const members: Member[] = [];
  // Registered before the pool's own: the members sign out before the nodes stop.
  after(async () => {
    for (const m of members) await m.close();
  });
  const fx = usePool(['a', 'b', 'c']);

  const change = async (via: string, body: Record<string, unknown>) => {
    const node = fx.node(via);
    const read = await adminCall(
      fx.pool,
      node,
      'GET',
      `/v1/rooms?identity=${encodeURIComponent(String(body.identity))}`,
    );
    const [room] = read.json as Array<{ version: number | string }>;
    const r = await adminCall(fx.pool, node, 'PATCH', '/v1/rooms', { ...body, version: room!.version });
    assert.equal(r.status, 200, JSON.stringify(r.json));
  };
  const refused = async (p: Promise<unknown>): Promise<string> => {
    try {
      await p;
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
    return '';
  };

  it('a post on A reaches B and C in order; changes through B and C reach sessions on A', async () => {
    const [a, b, c] = ['a', 'b', 'c'].map((n) => fx.node(n));
    const alice = await member(fx.pool, 'alice', [a!.tcp]);
    const bob = await member(fx.pool, 'bob', [a!.tcp], 'Engineering');
    const carol = await member(fx.pool, 'carol', [b!.tcp]);
    const dave = await member(fx.pool, 'dave', [c!.tcp]);
    members.push(alice, bob, carol, dave);

    for (let i = 0; i < 20; i++) await alice.session.sendChatMessage(`from A ${i}`);
    const fromA = Array.from({ length: 20 }, (_, i) => `from A ${i}`);
    for (const m of [carol, dave])
      await until(
        () => m.texts.filter((t) => t.startsWith('from A ')).length === 20,
        `${m.user} has A's posts`,
      );
    assert.deepEqual(
      carol.texts.filter((t) => t.startsWith('from A ')),
      fromA,
    );
    assert.deepEqual(
      dave.texts.filter((t) => t.startsWith('from A ')),
      fromA,
    );

    // Role change through B: alice stops being a presenter of the Announcements auditorium; on A her
    // next post there is refused.
    const ann = await alice.join('Announcements');
    await ann.session.sendChatMessage('still a presenter');
    await change('b', { identity: 'Announcements', presenters: { remove: ['sip:alice@example.test'] } });
    let why = '';
    for (let i = 0; i < 100 && why === ''; i++) {
      why = await refused(ann.session.sendChatMessage(`presenter? ${i}`));
      if (why === '') await new Promise((r) => setTimeout(r, 50));
    }
    assert.notEqual(why, '', 'a post by a former presenter is refused on A');

    // Room change through C: the Lobby becomes an auditorium with admin as its only presenter.
    await change('c', {
      identity: 'Lobby',
      type: 'Auditorium',
      members: { add: ['sip:admin@example.test'] },
      presenters: { add: ['sip:admin@example.test'] },
    });
    why = '';
    for (let i = 0; i < 100 && why === ''; i++) {
      why = await refused(alice.session.sendChatMessage(`lobby ${i}`));
      if (why === '') await new Promise((r) => setTimeout(r, 50));
    }
    assert.notEqual(why, '', 'on A the Lobby is now an auditorium');

    // Removal of a member while joined, through B: the Engineering room keeps only alice; bob, joined on A,
    // is removed from the room.
    const removed = bob.session.next('sessionStateChanged', (e) => e.state !== 'Established');
    await change('b', { identity: 'Engineering', members: { replace: ['sip:alice@example.test'] } });
    await removed;

    // Disabling a room through C: everyone joined to the Lobby on A and B is removed from it.
    const goneA = alice.session.next('sessionStateChanged', (e) => e.state !== 'Established');
    const goneB = carol.session.next('sessionStateChanged', (e) => e.state !== 'Established');
    await change('c', { identity: 'Lobby', disabled: true });
    await Promise.all([goneA, goneB]);
  });
});
