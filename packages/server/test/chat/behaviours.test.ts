// Room behaviours hooked on domain events: kick on member removal (PC-05), disconnect on disable (PC-14),
// invitations (PC-12); plus preference bundles (PC-19).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Invitation } from '@pchat/protocol';
import { Kit, sip } from './kit.js';

describe('room behaviours', () => {
  let kit: Kit;
  before(async () => {
    kit = await Kit.create();
  });
  after(() => kit.close());

  it('a member removed while joined is removed from the room at once (PC-05)', async () => {
    const alice = await kit.connect('alice');
    const bob = await kit.connect('bob');
    await alice.join(kit.world.closed);
    await bob.join(kit.world.closed);
    alice.clear();
    bob.clear();
    await kit.updateRoom(kit.world.closed, { members: { remove: [sip('bob')] } });
    // bob: told with ntc:part naming himself, and an uncorrelated rpl:part (pidgin-sipe closes the window).
    assert.deepEqual(bob.notices('part'), [{ type: 'part', uri: kit.world.closed.uri, users: [sip('bob')] }]);
    const rpl = bob.lastReply('part');
    assert.equal(rpl.code, 200);
    assert.equal(rpl.commandEnvid, undefined);
    assert.deepEqual(alice.notices('part'), [
      { type: 'part', uri: kit.world.closed.uri, users: [sip('bob')] },
    ]);
    // Delivery stopped; posting and rejoining are refused; the session itself carries on.
    await alice.post(kit.world.closed, 'after the kick');
    assert.deepEqual(bob.texts(), []);
    await bob.post(kit.world.closed, 'let me in');
    assert.equal(bob.lastRaw().code, 403);
    assert.equal((await bob.join(kit.world.closed)).code, 403);
    assert.equal((await bob.join(kit.world.open)).code, 200);
    assert.equal(bob.closedWith, null);
    await kit.updateRoom(kit.world.closed, { members: { add: [sip('bob')] } });
  });

  it('a room disabled while people are in it disconnects them from that room (PC-14)', async () => {
    const alice = await kit.connect('alice');
    const bob = await kit.connect('bob');
    await alice.join(kit.world.auditorium);
    await bob.join(kit.world.auditorium);
    await alice.join(kit.world.open);
    alice.clear();
    bob.clear();
    await kit.updateRoom(kit.world.auditorium, { disabled: true });
    for (const c of [alice, bob]) {
      assert.ok(
        c
          .notices('part')
          .some((n) => n.type === 'part' && n.uri === kit.world.auditorium.uri && n.users.includes(c.uri)),
        c.uri,
      );
      assert.equal(c.lastReply('part').code, 200);
    }
    const r = await alice.join(kit.world.auditorium);
    assert.equal(r.code, 403);
    assert.match(r.text, /^NodeDisabled: /);
    // Still connected, still in the other room.
    await alice.post(kit.world.open, 'still in the lobby');
    assert.ok(alice.texts().includes('still in the lobby'));
    await kit.updateRoom(kit.world.auditorium, { disabled: false });
    assert.equal((await alice.join(kit.world.auditorium)).code, 200);
  });

  it('invitations: a connected user is told at once; getinv lists them at sign-in (PC-12)', async () => {
    const bob = await kit.connect('bob');
    bob.clear();
    await kit.updateRoom(kit.world.invitable, { members: { add: [sip('bob')] } });
    const [n] = bob.notices('pchat-inv');
    assert.ok(n && n.type === 'pchat-inv');
    assert.equal(n.invitations[0]?.room.uri, kit.world.invitable.uri);
    // A later sign-in (another endpoint) finds it with cmd:getinv (pidgin-sipe sends inviteId="1").
    const bob2 = await kit.connect('bob');
    await bob2.send({ type: 'getinv', inviteId: 1, domain: 'example.test' });
    const invs = (bob2.lastReply('getinv').data as { invitations: Invitation[] }).invitations;
    assert.deepEqual(
      invs.map((i) => i.room.name),
      ['Project X'],
    );
    assert.equal(invs[0]?.room.invite, true);
    // Asking from past the last id returns nothing.
    await bob2.send({ type: 'getinv', inviteId: (invs[0]?.inviteId ?? 0) + 1, domain: 'example.test' });
    assert.deepEqual((bob2.lastReply('getinv').data as { invitations: Invitation[] }).invitations, []);
    // No invitations in a category that has them off.
    const carol = await kit.connect('carol');
    await kit.updateRoom(kit.world.secret, { members: { add: [sip('carol')] } });
    assert.deepEqual(carol.notices('pchat-inv'), []);
  });

  it('privacy tightened, scope narrowed, type changed: applied at once to joined sessions', async () => {
    const lobby = kit.world.open;
    const alice = await kit.connect('alice'); // manager, not a member
    const erin = await kit.connect('erin');
    const frank = await kit.connect('frank');
    for (const c of [alice, erin, frank]) await c.join(lobby);
    // Open → Closed with erin as the only member: frank (and alice, a manager but no member, PC-04) leave.
    await kit.updateRoom(lobby, { privacy: 'Closed', members: { add: [sip('erin')] } });
    assert.ok(frank.notices('part').some((n) => n.type === 'part' && n.users.includes(sip('frank'))));
    assert.ok(alice.notices('part').some((n) => n.type === 'part' && n.users.includes(sip('alice'))));
    assert.equal(
      erin.notices('part').filter((n) => n.type === 'part' && n.users.includes(sip('erin'))).length,
      0,
    );
    // Auditorium now: erin, a member but no presenter, can no longer post (the runtime's cached room is fresh).
    await kit.updateRoom(lobby, { type: 'Auditorium' });
    await erin.post(lobby, 'hello?');
    assert.match(erin.lastRaw().text, /^ErrorPermission: .*auditorium/);
    // The category's DeniedMembers gains erin: out of scope, out of the room.
    const { updateCategory } = await import('@pchat/domain');
    const cat = (await kit.store.rooms.getCategory(kit.world.general.id))!;
    await updateCategory(kit.deps, kit.admin, cat.id, cat.version, { deniedMembers: { add: [sip('erin')] } });
    await kit.service.events.idle();
    assert.ok(erin.notices('part').some((n) => n.type === 'part' && n.users.includes(sip('erin'))));
    assert.equal((await erin.join(kit.world.closed)).code, 404, 'the whole category is gone for her');
  });

  it('preference bundles: set increments, get with the current seqid is not modified (PC-19)', async () => {
    const dave = await kit.connect('dave');
    await dave.send({ type: 'getpref', label: 'rooms' });
    assert.deepEqual(dave.lastReply('getpref').data, {});
    await dave.send({ type: 'setpref', label: 'rooms', seqid: 0, content: 'YWJj' });
    assert.deepEqual(dave.lastReply('setpref').data, { label: 'rooms', seqid: 1 });
    await dave.send({ type: 'getpref', label: 'rooms' });
    assert.deepEqual(dave.lastReply('getpref').data, { pref: { label: 'rooms', seqid: 1, content: 'YWJj' } });
    await dave.send({ type: 'getpref', label: 'rooms', seqid: 1 });
    assert.deepEqual(dave.lastReply('getpref').data, {});
    await dave.send({ type: 'setpref', label: 'rooms', seqid: 1, content: 'ZGVm' });
    assert.deepEqual(dave.lastReply('setpref').data, { label: 'rooms', seqid: 2 });
    await dave.send({ type: 'setpref', label: 'rooms', seqid: 1, content: 'stale' });
    assert.match(dave.lastReply('setpref').text, /^DataCollision: /);
  });
});
