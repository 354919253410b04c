// Role holders and read-only lookups over XCCOS (PC-04, PC-32, PC-48, PC-84): pchat-addrole, -removerole,
// -getroles, -findprincipals (managers only), pchat-getaddins, pchat-getuser; and every chansrch browse.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createAddin } from '@pchat/domain';
import type { RoomQuery, XccosCommand } from '@pchat/protocol';
import { sip, type Kit } from './kit.js';
import { call, managementKit, ok, refused, withoutUri, type ManagementWorld } from './management-kit.js';

const TEAM = 'ma-grp:team@u.g';
type Cmd = Exclude<XccosCommand, { type: 'grpchat' }>;

describe('role holders and lookups over XCCOS', () => {
  let w: ManagementWorld;
  let kit: Kit;
  let bench = '';
  before(async () => {
    w = await managementKit();
    kit = w.kit;
    const alice = await kit.connect('alice');
    bench = ok(
      await call(alice, {
        type: 'pchat-createroom',
        room: { name: 'Bench', categoryUri: w.workshop.uri, members: [sip('alice')] },
      }),
      'pchat-createroom',
    ).uri;
  });
  after(() => kit.close());

  it('a manager adds and lists role holders, with names and principal types', async () => {
    const alice = await kit.connect('alice');
    ok(
      await call(alice, {
        type: 'pchat-addrole',
        uri: bench,
        role: 'member',
        principals: [sip('bob'), TEAM],
      }),
      'pchat-addrole',
    );
    ok(
      await call(alice, {
        type: 'pchat-addrole',
        uri: bench,
        role: 'presenter',
        principals: [sip('bob'), sip('carol')],
      }),
      'pchat-addrole',
    ); // carol through the group
    const members = ok(
      await call(alice, { type: 'pchat-getroles', uri: bench, role: 'member' }),
      'pchat-getroles',
    ).principals;
    assert.deepEqual(members, [
      { uri: sip('alice'), name: 'alice', type: 'user' },
      { uri: sip('bob'), name: 'bob', type: 'user' },
      { uri: TEAM, name: 'team', type: 'group' },
    ]);
    const presenters = ok(
      await call(alice, { type: 'pchat-getroles', uri: bench, role: 'presenter' }),
      'pchat-getroles',
    ).principals;
    assert.deepEqual(
      presenters.map((p) => p.uri),
      [sip('bob'), sip('carol')],
    );
    const managers = ok(
      await call(alice, { type: 'pchat-getroles', uri: bench, role: 'manager' }),
      'pchat-getroles',
    ).principals;
    assert.deepEqual(
      managers.map((p) => p.uri),
      [sip('alice')],
    );
  });

  it('add refusals: presenter not a member, out of scope, unknown principal, nobody named; nothing changes', async () => {
    const alice = await kit.connect('alice');
    const before = (await kit.store.rooms.getRoomByName(w.workshop.poolFqdn, 'Bench'))!;
    refused(
      await call(alice, { type: 'pchat-addrole', uri: bench, role: 'presenter', principals: [sip('erin')] }),
      400,
      'PresenterNotInMemList',
    );
    refused(
      await call(alice, {
        type: 'pchat-addrole',
        uri: bench,
        role: 'member',
        principals: [sip('erin'), sip('mallory')],
      }),
      400,
      'PrincipalsNotInScope',
    );
    refused(
      await call(alice, { type: 'pchat-addrole', uri: bench, role: 'manager', principals: [sip('ghost')] }),
      404,
      'NoSuchPrincipal',
    );
    refused(
      await call(alice, { type: 'pchat-addrole', uri: bench, role: 'member', principals: [sip('bot')] }),
      403,
      'NotAUserPrincipal',
    );
    refused(
      await call(alice, { type: 'pchat-addrole', uri: bench, role: 'member', principals: [] }),
      400,
      'InvalidArgument',
    );
    refused(
      await call(alice, { type: 'pchat-removerole', uri: bench, role: 'member', principals: [] }),
      400,
      'InvalidArgument',
    );
    const after = (await kit.store.rooms.getRoomByName(w.workshop.poolFqdn, 'Bench'))!;
    assert.equal(after.version, before.version);
  });

  it('removing a joined member removes them from the room and as presenter (PC-04, PC-05)', async () => {
    const alice = await kit.connect('alice');
    const bob = await kit.connect('bob');
    assert.equal((await bob.join({ uri: bench } as never)).code, 200);
    bob.clear();
    ok(
      await call(alice, { type: 'pchat-removerole', uri: bench, role: 'member', principals: [sip('bob')] }),
      'pchat-removerole',
    );
    await kit.service.events.idle();
    assert.ok(
      bob.notices('part').some((n) => n.type === 'part' && n.uri === bench && n.users.includes(sip('bob'))),
    );
    const presenters = ok(
      await call(alice, { type: 'pchat-getroles', uri: bench, role: 'presenter' }),
      'pchat-getroles',
    ).principals;
    assert.deepEqual(
      presenters.map((p) => p.uri),
      [sip('carol')],
      'bob is no presenter any more',
    );
    refused(await bob.join({ uri: bench } as never), 403, 'ErrorPermission');
  });

  it('role commands are for managers: ErrorPermission for others, NoSuchNode (as missing) for a Secret room they cannot see', async () => {
    const bob = await kit.connect('bob');
    const team = kit.world.closed.uri; // bob is a member, not a manager
    refused(
      await call(bob, { type: 'pchat-addrole', uri: team, role: 'member', principals: [sip('erin')] }),
      403,
      'ErrorPermission',
    );
    refused(
      await call(bob, { type: 'pchat-removerole', uri: team, role: 'member', principals: [sip('alice')] }),
      403,
      'ErrorPermission',
    );
    refused(await call(bob, { type: 'pchat-getroles', uri: team, role: 'member' }), 403, 'ErrorPermission');
    refused(
      await call(bob, { type: 'pchat-findprincipals', uri: team, role: 'member', query: '' }),
      403,
      'ErrorPermission',
    );
    const missing = 'ma-chan://example.test/no-such-room';
    const secret = kit.world.secret.uri;
    const pairs: Array<[Cmd, Cmd]> = [
      [
        { type: 'pchat-addrole', uri: secret, role: 'member', principals: [sip('bob')] },
        { type: 'pchat-addrole', uri: missing, role: 'member', principals: [sip('bob')] },
      ],
      [
        { type: 'pchat-getroles', uri: secret, role: 'member' },
        { type: 'pchat-getroles', uri: missing, role: 'member' },
      ],
      [
        { type: 'pchat-findprincipals', uri: secret, role: 'member', query: 'a' },
        { type: 'pchat-findprincipals', uri: missing, role: 'member', query: 'a' },
      ],
    ];
    for (const [s, m] of pairs) {
      const rs = await call(bob, s);
      const rm = await call(bob, m);
      refused(rs, 404, 'NoSuchNode');
      assert.equal(withoutUri(rs.text, secret), withoutUri(rm.text, missing), s.type);
    }
    assert.deepEqual((await kit.store.rooms.getRoom(kit.world.closed.id))?.members, [
      sip('alice'),
      sip('bob'),
      TEAM,
    ]);
  });

  it('findprincipals: enabled users in the category scope, presenters among the members only (PC-48)', async () => {
    const alice = await kit.connect('alice');
    const find = async (
      role: 'member' | 'manager' | 'presenter',
      query: string,
      maxResults?: number,
    ): Promise<string[]> =>
      ok(
        await call(alice, {
          type: 'pchat-findprincipals',
          uri: bench,
          role,
          query,
          ...(maxResults === undefined ? {} : { maxResults }),
        }),
        'pchat-findprincipals',
      )
        .principals.map((p) => p.uri)
        .sort();
    assert.deepEqual(await find('member', 'carol'), [sip('carol')]);
    assert.deepEqual(await find('manager', 'mallory'), [], 'denied by the category (PC-31)');
    assert.deepEqual(await find('member', 'dis'), [], 'disabled users are not eligible');
    assert.deepEqual(
      await find('presenter', ''),
      [sip('alice'), sip('carol'), sip('dave')],
      'members, through the group too',
    );
    assert.equal((await find('member', '', 2)).length, 2);
    refused(
      await call(alice, {
        type: 'pchat-findprincipals',
        uri: bench,
        role: 'member',
        query: '',
        maxResults: 0,
      }),
      400,
      'InvalidArgument',
    );
    const principals = ok(
      await call(alice, { type: 'pchat-findprincipals', uri: bench, role: 'member', query: 'erin' }),
      'pchat-findprincipals',
    ).principals;
    assert.deepEqual(principals, [{ uri: sip('erin'), name: 'erin', type: 'user' }]);
  });

  it('getaddins lists the add-ins the administrator registered (read-only, PC-18, PC-84)', async () => {
    const bob = await kit.connect('bob');
    assert.deepEqual(ok(await call(bob, { type: 'pchat-getaddins' }), 'pchat-getaddins').addins, []);
    const a = await createAddin(kit.deps, kit.admin, { name: 'Board', url: 'https://board.example.test/' });
    assert.deepEqual(ok(await call(bob, { type: 'pchat-getaddins' }), 'pchat-getaddins').addins, [
      { id: a.id, name: 'Board', url: 'https://board.example.test/' },
    ]);
  });

  it('getuser returns the users asked for, in order; unknown URIs and contacts are left out', async () => {
    const bob = await kit.connect('bob');
    const users = ok(
      await call(bob, {
        type: 'pchat-getuser',
        uris: [sip('carol'), 'sip:Alice@Example.test', sip('ghost'), sip('bot')],
      }),
      'pchat-getuser',
    ).users;
    assert.deepEqual(users, [
      { uri: sip('carol'), name: 'carol', type: 'user' },
      { uri: sip('alice'), name: 'alice', type: 'user' },
    ]);
    refused(await call(bob, { type: 'pchat-getuser', uris: [] }), 400, 'InvalidArgument');
  });

  it('every chansrch browse is served: by name, category, invitations, joined user, managed, member, filter (PC-11)', async () => {
    const alice = await kit.connect('alice');
    await alice.join({ uri: bench } as never);
    const queries: RoomQuery[] = [
      { qtype: 'BYNAME', criteria: 'bench', extended: false },
      { qtype: 'BYCAT', categoryUri: w.workshop.uri },
      { qtype: 'BYINV' },
      { qtype: 'BYJOINEDUSER', userUri: sip('alice') },
      { qtype: 'MANAGED' },
      { qtype: 'MEMBER' },
      { qtype: 'BYFILTER', filter: { managerUri: sip('alice'), categoryUri: w.workshop.uri } },
    ];
    for (const query of queries) {
      const rooms = ok(await call(alice, { type: 'chansrch', query }), 'chansrch').rooms;
      if (query.qtype !== 'BYINV')
        assert.ok(
          rooms.some((r) => r.uri === bench),
          query.qtype,
        );
    }
  });
});
