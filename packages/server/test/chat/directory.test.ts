// chansrch (PC-11: name and description, Open/Closed/Secret visibility, disabled rooms hidden) and
// getassociations (rooms where member / manager).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RoomSummary } from '@pchat/protocol';
import { Kit } from './kit.js';

const names = (r: { data?: unknown }): string[] =>
  (r.data as { rooms: RoomSummary[] }).rooms.map((x) => x.name).sort();

describe('room directory', () => {
  let kit: Kit;
  before(async () => {
    kit = await Kit.create();
  });
  after(() => kit.close());

  it('empty criteria lists every visible room; Secret rooms only for their members', async () => {
    const bob = await kit.connect('bob');
    await bob.send({ type: 'chansrch', query: { qtype: 'BYNAME', criteria: '', extended: false } });
    const r = bob.lastReply('chansrch');
    assert.equal(r.code, 200);
    assert.deepEqual(names(r), ['Flash', 'Lobby', 'Project X', 'Team Room', 'Town Hall']);
    const alice = await kit.connect('alice');
    await alice.send({ type: 'chansrch', query: { qtype: 'BYNAME', criteria: '', extended: false } });
    assert.deepEqual(names(alice.lastReply('chansrch')), [
      'Flash',
      'Hidden Den',
      'Lobby',
      'Project X',
      'Team Room',
      'Town Hall',
    ]);
    const mallory = await kit.connect('mallory'); // denied: sees nothing of the category
    await mallory.send({ type: 'chansrch', query: { qtype: 'BYNAME', criteria: '', extended: false } });
    assert.deepEqual(names(mallory.lastReply('chansrch')), []);
  });

  it('searches names and descriptions; a Secret room is not found by its description either', async () => {
    const bob = await kit.connect('bob');
    await bob.send({ type: 'chansrch', query: { qtype: 'BYNAME', criteria: 'welcome', extended: false } });
    assert.deepEqual(names(bob.lastReply('chansrch')), ['Lobby']);
    await bob.send({ type: 'chansrch', query: { qtype: 'BYNAME', criteria: 'team', extended: false } });
    assert.deepEqual(names(bob.lastReply('chansrch')), ['Team Room']);
    await bob.send({ type: 'chansrch', query: { qtype: 'BYNAME', criteria: 'secret', extended: false } });
    assert.deepEqual(names(bob.lastReply('chansrch')), []);
    const alice = await kit.connect('alice');
    await alice.send({ type: 'chansrch', query: { qtype: 'BYNAME', criteria: 'secret', extended: false } });
    assert.deepEqual(names(alice.lastReply('chansrch')), ['Hidden Den']);
  });

  it('entries carry the flags pidgin-sipe reads and the live user count', async () => {
    const alice = await kit.connect('alice');
    await alice.join(kit.world.open);
    await alice.send({ type: 'chansrch', query: { qtype: 'BYNAME', criteria: 'lobby', extended: false } });
    const [lobby] = (alice.lastReply('chansrch').data as { rooms: RoomSummary[] }).rooms;
    assert.deepEqual(lobby, {
      uri: kit.world.open.uri,
      name: 'Lobby',
      description: 'everyone welcome',
      userCount: 1,
      visibility: 'public',
      logged: true,
      invite: false,
      filepost: false,
    });
    await alice.send({ type: 'chansrch', query: { qtype: 'BYNAME', criteria: 'flash', extended: false } });
    const [flash] = (alice.lastReply('chansrch').data as { rooms: RoomSummary[] }).rooms;
    assert.equal(flash?.logged, false, 'history-off category (PC-16)');
    await alice.send({ type: 'chansrch', query: { qtype: 'BYNAME', criteria: 'team', extended: false } });
    assert.equal(
      (alice.lastReply('chansrch').data as { rooms: RoomSummary[] }).rooms[0]?.visibility,
      'private',
    );
    alice.handle.end('bye');
  });

  it('disabled rooms are hidden, even from their managers', async () => {
    await kit.updateRoom(kit.world.auditorium, { disabled: true });
    const alice = await kit.connect('alice');
    await alice.send({ type: 'chansrch', query: { qtype: 'BYNAME', criteria: 'town', extended: false } });
    assert.deepEqual(names(alice.lastReply('chansrch')), []);
    await kit.updateRoom(kit.world.auditorium, { disabled: false });
    await alice.send({ type: 'chansrch', query: { qtype: 'BYNAME', criteria: 'town', extended: false } });
    assert.deepEqual(names(alice.lastReply('chansrch')), ['Town Hall']);
  });

  it('getassociations: rooms where the user is a member (groups count), or a manager', async () => {
    const carol = await kit.connect('carol');
    await carol.send({ type: 'getassociations', role: 'member' });
    assert.deepEqual(names(carol.lastReply('getassociations')), ['Team Room']);
    const alice = await kit.connect('alice');
    await alice.send({ type: 'getassociations', role: 'member' });
    assert.deepEqual(names(alice.lastReply('getassociations')), [
      'Hidden Den',
      'Project X',
      'Team Room',
      'Town Hall',
    ]);
    await alice.send({ type: 'getassociations', role: 'manager' });
    assert.deepEqual(names(alice.lastReply('getassociations')), ['Lobby']);
  });

  it('by category, and a bad maxResults is an InvalidArgument', async () => {
    const bob = await kit.connect('bob');
    await bob.send({ type: 'chansrch', query: { qtype: 'BYCAT', categoryUri: kit.world.noHistory.uri } });
    assert.deepEqual(names(bob.lastReply('chansrch')), ['Flash']);
    await bob.send({
      type: 'chansrch',
      query: { qtype: 'BYNAME', criteria: '', extended: false },
      maxResults: 2,
    });
    assert.equal(names(bob.lastReply('chansrch')).length, 2);
    await bob.send({
      type: 'chansrch',
      query: { qtype: 'BYNAME', criteria: '', extended: false },
      maxResults: 0,
    });
    assert.match(bob.lastReply('chansrch').text, /^InvalidArgument: /);
  });
});
