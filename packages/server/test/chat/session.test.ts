// Sessions: refusals at open (PC-26, PC-36, PC-82), the legacy lookup dialog (cmd:requri), server info
// (PC-22), and a clean end (BYE / dropped connection parts from every room).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isDomainError } from '@pchat/domain';
import { CHAT_URI, Kit, POOL, sip } from './kit.js';

describe('chat sessions', () => {
  let kit: Kit;
  before(async () => {
    kit = await Kit.create({
      config: {
        messageSizeLimit: 1000,
        storySizeLimit: 5000,
        searchLimit: 50,
        roomManagementUrl: 'https://rooms.example.test/',
      },
    });
  });
  after(() => kit.close());

  for (const [who, code] of [
    ['nopolicy', 'NotEnabledByPolicy'],
    ['dis', 'PrincipalDisabled'],
    ['bot', 'NotAUserPrincipal'],
    ['ghost', 'NoSuchPrincipal'],
  ] as const) {
    it(`refuses ${who} at open with ${code}`, async () => {
      await assert.rejects(kit.connect(who), (e) => isDomainError(e, code));
      await assert.rejects(kit.connect(who, { dialog: 'lookup' }), (e) => isDomainError(e, code));
    });
  }

  it('answers cmd:requri in the lookup dialog with the pool chat server URI', async () => {
    const c = await kit.connect('alice', { dialog: 'lookup' });
    await c.send({ type: 'requri' });
    const r = c.lastReply('requri');
    assert.equal(r.code, 200);
    assert.equal(r.commandEnvid, c.lastEnvid);
    assert.deepEqual(r.data, { uri: CHAT_URI });
  });

  it('refuses chat commands in the lookup dialog with a correlated error', async () => {
    const c = await kit.connect('alice', { dialog: 'lookup' });
    await c.send({ type: 'join', uri: kit.world.open.uri });
    const r = c.lastReply('join');
    assert.equal(r.code, 409);
    assert.match(r.text, /^InvalidFlowOfOperations: /);
    assert.equal(r.commandEnvid, c.lastEnvid);
  });

  it('tells which dialog a request URI opens', () => {
    assert.equal(kit.service.dialogFor(CHAT_URI), 'chat');
    assert.equal(kit.service.dialogFor('sip:OCSChat@example.test;transport=tcp'), 'lookup');
    assert.equal(kit.service.dialogFor(sip('alice')), null);
    assert.equal(kit.service.chatServerUri, CHAT_URI);
  });

  it('getserverinfo carries the pool and the effective configuration (PC-22)', async () => {
    const c = await kit.connect('bob');
    await c.send({ type: 'getserverinfo', domain: 'example.test', infoType: '123' });
    const r = c.lastReply('getserverinfo');
    assert.equal(r.code, 200);
    const d = r.data as Extract<typeof r, { type: 'getserverinfo' }>['data'];
    assert.ok(d);
    assert.equal(d.messageSizeLimit, 1000);
    assert.equal(d.storySizeLimit, 5000);
    assert.equal(d.searchLimit, 50);
    assert.equal(d.rootUri, 'ma-cat://example.test/root');
    assert.equal(d.dbVersion, '00000000-0000-0000-0000-000000000001');
    assert.equal(d.displayName, 'Test Pool');
    assert.equal(d.roomManagementUrl, 'https://rooms.example.test/');
    assert.equal(d.domain, 'example.test');
    assert.equal(d.infoType, '123');
    assert.ok(d.serverTime instanceof Date);
    void POOL;
  });

  it('ending a session (BYE, dropped connection) parts it from every room; others see ntc:part', async () => {
    const erin = await kit.connect('erin');
    const frank = await kit.connect('frank');
    await erin.join(kit.world.open);
    await erin.join(kit.world.ephemeral);
    await frank.join(kit.world.open);
    frank.clear();
    const before = kit.service.sessionCount;
    erin.handle.end('bye');
    erin.handle.end('connection-lost'); // idempotent
    assert.equal(kit.service.sessionCount, before - 1);
    assert.deepEqual(frank.notices('part'), [
      { type: 'part', uri: kit.world.open.uri, users: [sip('erin')] },
    ]);
    assert.equal(erin.closedWith, null, 'the adapter ended it: the sink is not asked to close');
    // Later commands on the ended session are ignored.
    erin.clear();
    await erin.send({ type: 'join', uri: kit.world.open.uri });
    assert.equal(erin.bodies.length, 0);
  });
});
