// join / bjoin / part, visibility and refusals (PC-03, PC-05, PC-14, PC-31), the roster (uib/aib, key 12276
// for managers), several endpoints of one user, and the participant update limit (PC-13).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { JoinedRoom } from '@pchat/protocol';
import { Kit, sip } from './kit.js';

function rooms(r: { data?: unknown }): JoinedRoom[] {
  return (r.data as { rooms: JoinedRoom[] }).rooms;
}

describe('joining and leaving rooms', () => {
  let kit: Kit;
  before(async () => {
    kit = await Kit.create();
  });
  after(() => kit.close());

  it('rpl:join carries the room and the roster; managers under key 12276', async () => {
    const alice = await kit.connect('alice');
    const bob = await kit.connect('bob');
    const bobJoin = await bob.join(kit.world.open);
    assert.equal(bobJoin.code, 200);
    assert.equal(bobJoin.commandEnvid, bob.lastEnvid);
    assert.deepEqual(
      rooms(bobJoin),
      [
        {
          uri: kit.world.open.uri,
          name: 'Lobby',
          topic: 'everyone welcome',
          description: undefined,
          members: [sip('bob')],
          managers: [],
          privacy: 'open',
          behavior: 'normal',
        },
      ].map(({ description: _d, ...r }) => r),
    );
    bob.clear();
    const r = await alice.join(kit.world.open);
    const [room] = rooms(r);
    assert.deepEqual(room?.members, [sip('bob')]);
    assert.deepEqual(room?.managers, [sip('alice')], 'alice manages the Lobby');
    // bob is told alice arrived, flagged as a manager (ntc:join names the room by aib domain/value)
    assert.deepEqual(bob.notices('join'), [
      { type: 'join', user: sip('alice'), rooms: [{ uri: kit.world.open.uri, manager: true }] },
    ]);
    assert.equal(alice.notices().length, 0, 'a joiner gets no notice about itself');
    alice.handle.end('bye');
    bob.handle.end('bye');
  });

  it('Closed rooms: members (also through a group) join, others get ErrorPermission', async () => {
    const carol = await kit.connect('carol'); // member through ma-grp:team
    assert.equal((await carol.join(kit.world.closed)).code, 200);
    const erin = await kit.connect('erin');
    const r = await erin.join(kit.world.closed);
    assert.equal(r.code, 403);
    assert.match(r.text, /^ErrorPermission: /);
    carol.handle.end('bye');
  });

  it('Secret rooms are invisible to non-members: NoSuchNode, the same answer as a missing room', async () => {
    const bob = await kit.connect('bob');
    const r = await bob.join(kit.world.secret);
    assert.equal(r.code, 404);
    assert.match(r.text, /^NoSuchNode: /);
    await bob.send({ type: 'join', uri: 'ma-chan://example.test/no-such-room' });
    const missing = bob.lastReply('join');
    assert.equal(missing.code, 404);
    assert.equal(missing.text.replace(/ma-chan:\S+/, 'X'), r.text.replace(/ma-chan:\S+/, 'X'));
    const alice = await kit.connect('alice');
    assert.equal((await alice.join(kit.world.secret)).code, 200);
    alice.handle.end('bye');
  });

  it('a room of another domain is NoSuchNode', async () => {
    const bob = await kit.connect('bob');
    await bob.send({ type: 'join', uri: `ma-chan://other.test/${kit.world.open.id}` });
    assert.equal(bob.lastReply('join').code, 404);
  });

  it('denied members (PC-31) cannot join even an Open room: out of scope, the room does not exist for them', async () => {
    const mallory = await kit.connect('mallory');
    const r = await mallory.join(kit.world.open);
    assert.equal(r.code, 404);
    assert.match(r.text, /^NoSuchNode: /);
  });

  it('part: rpl:part, ntc:part to the others; parting a room not joined is UserNotJoined', async () => {
    const dave = await kit.connect('dave');
    const erin = await kit.connect('erin');
    await dave.join(kit.world.open);
    await erin.join(kit.world.open);
    dave.clear();
    await erin.send({ type: 'part', uri: kit.world.open.uri });
    assert.deepEqual(erin.lastReply('part').data, { uri: kit.world.open.uri });
    assert.deepEqual(dave.notices('part'), [{ type: 'part', uri: kit.world.open.uri, users: [sip('erin')] }]);
    await erin.send({ type: 'part', uri: kit.world.open.uri });
    const r = erin.lastReply('part');
    assert.equal(r.code, 409);
    assert.match(r.text, /^UserNotJoined: /);
    dave.handle.end('bye');
  });

  it('bjoin joins every room the user may join and leaves the others out', async () => {
    const bob = await kit.connect('bob');
    await bob.send({
      type: 'bjoin',
      uris: [kit.world.open.uri, kit.world.secret.uri, kit.world.closed.uri, 'ma-chan://example.test/gone'],
    });
    const r = bob.lastReply('bjoin');
    assert.equal(r.code, 200);
    assert.deepEqual(
      rooms(r).map((x) => x.uri),
      [kit.world.open.uri, kit.world.closed.uri],
    );
    bob.handle.end('bye');
  });

  it('several endpoints of one user: one participant, every endpoint receives, no notice for the second', async () => {
    const a1 = await kit.connect('gina', { epid: 'pc' });
    const a2 = await kit.connect('gina', { epid: 'phone' });
    const hank = await kit.connect('hank');
    await hank.join(kit.world.open);
    await a1.join(kit.world.open);
    hank.clear();
    const r = await a2.join(kit.world.open);
    assert.deepEqual(rooms(r)[0]?.members.sort(), [sip('gina'), sip('hank')]);
    assert.equal(hank.notices('join').length, 0, 'the second endpoint is not a new participant');
    await hank.post(kit.world.open, 'to both endpoints');
    assert.deepEqual(a1.texts(), ['to both endpoints']);
    assert.deepEqual(a2.texts(), ['to both endpoints']);
    // One endpoint leaves: gina is still there.
    await a1.send({ type: 'part', uri: kit.world.open.uri });
    assert.equal(hank.notices('part').length, 0);
    a2.handle.end('bye');
    assert.deepEqual(hank.notices('part'), [{ type: 'part', uri: kit.world.open.uri, users: [sip('gina')] }]);
    await a1.post(kit.world.open, 'not joined any more');
    assert.match(a1.lastRaw().text, /^UserNotJoined: /);
    assert.equal(a1.lastRaw().id, 'rpl:grpchat');
    hank.handle.end('bye');
  });
});

describe('participant update limit (PC-13)', () => {
  let kit: Kit;
  before(async () => {
    kit = await Kit.create({ config: { participantUpdateLimit: 4 } });
  });
  after(() => kit.close());

  it('notices stop at the limit, newcomers get no roster, and both resume below 80%', async () => {
    const room = kit.world.open;
    const [u1, u2, u3, u4, u5] = await Promise.all(
      ['alice', 'bob', 'carol', 'dave', 'erin'].map((n) => kit.connect(n)),
    );
    assert.ok(u1 && u2 && u3 && u4 && u5);
    await u1.join(room);
    await u2.join(room);
    await u3.join(room);
    assert.deepEqual(
      u1.notices('join').map((n) => n.type === 'join' && n.user),
      [sip('bob'), sip('carol')],
    );
    // The 4th reaches the limit: not announced, and (large room) no roster beyond itself.
    const r4 = await u4.join(room);
    assert.deepEqual(rooms(r4)[0]?.members, [sip('dave')]);
    assert.equal(u1.notices('join').length, 2);
    const r5 = await u5.join(room);
    assert.deepEqual(rooms(r5)[0]?.members, [sip('erin')]);
    assert.equal(u1.notices('join').length, 2);
    // 5 → 4 users: still at/above 80% of 4 (3.2): silent.
    await u5.send({ type: 'part', uri: room.uri });
    assert.equal(u1.notices('part').length, 0);
    // 4 → 3 < 3.2: normal again; this departure is announced.
    await u4.send({ type: 'part', uri: room.uri });
    assert.deepEqual(u1.notices('part'), [{ type: 'part', uri: room.uri, users: [sip('dave')] }]);
    // ...and a newcomer gets the roster again — but at 4 the room is large again, so use a repeat join of
    // a present user to read the roster.
    const again = await u2.join(room);
    assert.deepEqual(rooms(again)[0]?.members.sort(), [sip('bob'), sip('carol')]);
    assert.deepEqual(rooms(again)[0]?.managers, [sip('alice')]);
    // Messages still flow to everyone in a large room.
    await u4.join(room);
    await u5.join(room);
    await u2.post(room, 'hello large room');
    for (const u of [u1, u2, u3, u4, u5]) assert.ok(u.texts().includes('hello large room'), u.uri);
  });
});
