import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildActor,
  effectiveConfig,
  effectivePolicyEnabled,
  inScope,
  resolveAncestry,
  CONFIG_DEFAULTS,
} from '../src/index.js';
import { MemoryStore } from './support/memory-store.js';
import { DOM, G_HELP, G_TRADERS, OU_EMEA, OU_SALES, POOL, U, makeWorld } from './support/world.js';

test('resolveAncestry: self, nested groups (cycle-safe), OU chain, domain', async () => {
  const w = await makeWorld();
  await w.store.directory.addGroupMember({ group: G_TRADERS, member: G_HELP }); // help ⊂ traders
  await w.store.directory.addGroupMember({ group: G_HELP, member: G_TRADERS }); // ... and a cycle
  await w.store.directory.addGroupMember({ group: G_HELP, member: U.emma });
  const a = await resolveAncestry(w.store, 'SIP:Emma@Example.Test');
  assert.deepEqual([...a].sort(), [DOM, G_HELP, G_TRADERS, OU_EMEA, OU_SALES, U.emma].sort());
  assert.deepEqual([...(await resolveAncestry(w.store, 'sip:unknown@x.test'))], ['sip:unknown@x.test']);
});

test('inScope: deny overrides allow (PC-31)', () => {
  const cat = { allowedMembers: [DOM], deniedMembers: [G_TRADERS] };
  assert.equal(inScope(new Set([U.bob, DOM]), cat), true);
  assert.equal(inScope(new Set([U.ted, DOM, G_TRADERS]), cat), false);
  assert.equal(inScope(new Set([U.eve]), cat), false);
});

test('effective policy: tag > site > global, default false (PC-36)', async () => {
  const s = new MemoryStore();
  assert.equal(await effectivePolicyEnabled(s, { policyTag: null, siteId: null }), false);
  await s.topology.putPolicy({ identity: 'global', description: '', enablePersistentChat: false });
  await s.topology.putPolicy({ identity: 'site:Redmond', description: '', enablePersistentChat: true });
  await s.topology.putPolicy({ identity: 'tag:Off', description: '', enablePersistentChat: false });
  assert.equal(await effectivePolicyEnabled(s, { policyTag: null, siteId: 'Redmond' }), true);
  assert.equal(await effectivePolicyEnabled(s, { policyTag: 'Off', siteId: 'Redmond' }), false);
  assert.equal(await effectivePolicyEnabled(s, { policyTag: 'Missing', siteId: 'Dublin' }), false);
});

test('effective configuration: service > site > global, defaults otherwise (PC-42)', async () => {
  const s = new MemoryStore();
  assert.deepEqual(await effectiveConfig(s, { poolFqdn: POOL }), { identity: 'global', ...CONFIG_DEFAULTS });
  await s.topology.putConfig({ identity: 'global', ...CONFIG_DEFAULTS, searchLimit: 50 });
  await s.topology.putConfig({
    identity: `service:PersistentChatServer:${POOL}`,
    ...CONFIG_DEFAULTS,
    searchLimit: 10,
  });
  assert.equal((await effectiveConfig(s, { poolFqdn: POOL, siteId: 'x' })).searchLimit, 10);
  assert.equal((await effectiveConfig(s, { poolFqdn: 'other' })).searchLimit, 50);
});

test('buildActor: users, admins, contacts; groups cannot act', async () => {
  const w = await makeWorld();
  const admin = await buildActor(w.store, U.admin);
  assert.equal(admin.isChatAdmin, true);
  assert.equal(admin.enabledByPolicy, true);
  const bot = await buildActor(w.store, U.app);
  assert.equal(bot.kind, 'contact');
  await assert.rejects(buildActor(w.store, G_HELP), { code: 'NotAUserPrincipal' });
  await assert.rejects(buildActor(w.store, 'sip:ghost@example.test'), { code: 'NoSuchPrincipal' });
});
