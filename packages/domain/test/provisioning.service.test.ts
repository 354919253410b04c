// Provisioning services: pools, directory, policies, configuration scopes, endpoints (PC-23, PC-26,
// PC-36, PC-41, PC-42, PC-47). Each refusal leaves the store unchanged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildActor,
  createGroup,
  createPool,
  createRoom,
  createSite,
  createUser,
  defaultPoolFor,
  effectiveConfig,
  effectivePolicyEnabled,
  grantPolicy,
  newChatEndpoint,
  newConfiguration,
  newPolicy,
  removeConfiguration,
  removePolicy,
  resolveAncestry,
  setConfiguration,
  setPolicy,
  systemActor,
  updateGroupMembers,
  updateUser,
} from '../src/index.js';
import { MemoryStore } from './support/memory-store.js';
import { refusesCleanly } from './support/world.js';

function deps() {
  let n = 0;
  return {
    store: new MemoryStore(),
    clock: { now: () => 1_700_000_000_000 + n },
    ids: { uuid: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}` },
  };
}
const sys = systemActor();

test('createPool: derives domain and chat URI, creates the pool contact, refuses duplicates and bad FQDNs', async () => {
  const d = deps();
  const p = await createPool(d, sys, { fqdn: 'PChat.Example.Test' });
  assert.equal(p.fqdn, 'pchat.example.test');
  assert.equal(p.domain, 'example.test');
  assert.equal(p.chatServerUri, 'sip:pchat@example.test');
  assert.match(p.rootCategoryUri, /^ma-cat:\/\/example\.test\/[0-9a-f-]{36}$/);
  const contact = await d.store.directory.get('sip:pchat@example.test');
  assert.equal(contact?.kind === 'contact' && contact.contactType, 'poolContact');
  await refusesCleanly(d.store, 'DuplicateName', () => createPool(d, sys, { fqdn: 'pchat.example.test' }));
  await refusesCleanly(d.store, 'InvalidArgument', () => createPool(d, sys, { fqdn: 'not a host' }));
  await refusesCleanly(d.store, 'NoSuchNode', () =>
    createPool(d, sys, { fqdn: 'p2.example.test', siteId: 'nowhere' }),
  );
  // A chat URI already used by a principal is a clash.
  await refusesCleanly(d.store, 'DuplicateName', () =>
    createPool(d, sys, { fqdn: 'p3.example.test', chatServerUri: 'sip:pchat@example.test' }),
  );
});

test('the root category is fixed: a room aimed at it is a hierarchy violation (PC-30)', async () => {
  const d = deps();
  const p = await createPool(d, sys, { fqdn: 'pchat.example.test' });
  const rootId = p.rootCategoryUri.split('/').pop() as string;
  await refusesCleanly(d.store, 'NodeHierarchyViolation', () =>
    createRoom(d, sys, { categoryId: rootId, name: 'R' }),
  );
});

test('users, OUs, domains and nested groups feed the ancestry; cycles are refused', async () => {
  const d = deps();
  const alice = await createUser(d, sys, { sipAddress: 'Alice@Example.Test', ou: 'sales/emea' });
  assert.equal(alice.uri, 'sip:alice@example.test');
  assert.equal(alice.ou, 'ma-ou:example.test/sales/emea');
  assert.equal((await d.store.directory.get('ma-ou:example.test/sales'))?.kind, 'ou');
  const inner = await createGroup(d, sys, { displayName: 'Inner', members: ['sip:alice@example.test'] });
  const outer = await createGroup(d, sys, { displayName: 'Outer', members: [inner.uri] });
  const anc = await resolveAncestry(d.store, alice.uri);
  for (const u of [
    inner.uri,
    outer.uri,
    'ma-ou:example.test/sales/emea',
    'ma-ou:example.test/sales',
    'ma-dom:example.test',
  ])
    assert.ok(anc.has(u), u);
  await refusesCleanly(d.store, 'InvalidArgument', () =>
    updateGroupMembers(d, sys, inner.uri, { add: [outer.uri] }),
  );
  await refusesCleanly(d.store, 'NoSuchPrincipal', () =>
    updateGroupMembers(d, sys, inner.uri, { add: ['sip:nobody@example.test'] }),
  );
  await refusesCleanly(d.store, 'DuplicateName', () => createGroup(d, sys, { displayName: 'inner' }));
  await refusesCleanly(d.store, 'DuplicateName', () =>
    createUser(d, sys, { sipAddress: 'sip:alice@example.test' }),
  );
  await refusesCleanly(d.store, 'InvalidArgument', () => createUser(d, sys, { sipAddress: 'alice' }));
  const disabled = await updateUser(d, sys, alice.uri, { disabled: true });
  assert.equal(disabled.disabled, true);
  assert.equal((await buildActor(d.store, alice.uri)).disabled, true);
});

test('only administrators provision: a plain user is refused', async () => {
  const d = deps();
  await createPool(d, sys, { fqdn: 'pchat.example.test' });
  await setPolicy(d, sys, 'global', { enablePersistentChat: true });
  const bob = await createUser(d, sys, { sipAddress: 'sip:bob@example.test' });
  const actor = await buildActor(d.store, bob.uri);
  await refusesCleanly(d.store, 'ErrorPermission', () =>
    createUser(d, actor, { sipAddress: 'sip:x@example.test' }),
  );
  await refusesCleanly(d.store, 'ErrorPermission', () =>
    setPolicy(d, actor, 'global', { enablePersistentChat: false }),
  );
});

test('policies (PC-36, PC-41): global is off by default, cannot be created, tag > site > global', async () => {
  const d = deps();
  await createSite(d, sys, { id: 'Redmond' });
  const u = await createUser(d, sys, { sipAddress: 'sip:u@example.test', siteId: 'Redmond' });
  assert.equal(await effectivePolicyEnabled(d.store, u), false, 'off out of the box');
  await refusesCleanly(d.store, 'DuplicateName', () => newPolicy(d, sys, 'global', {}));
  await newPolicy(d, sys, 'site:Redmond', { enablePersistentChat: true });
  assert.equal(await effectivePolicyEnabled(d.store, u), true);
  await newPolicy(d, sys, 'NoChat', { enablePersistentChat: false });
  await grantPolicy(d, sys, u.uri, 'NoChat');
  const granted = await d.store.directory.get(u.uri);
  assert.equal(granted?.kind === 'user' && granted.policyTag, 'NoChat');
  assert.equal(await effectivePolicyEnabled(d.store, granted as never), false, 'the tag wins over the site');
  await refusesCleanly(d.store, 'NoSuchNode', () => grantPolicy(d, sys, u.uri, 'Missing'));
  await grantPolicy(d, sys, u.uri, null);
  await removePolicy(d, sys, 'site:Redmond');
  assert.equal(await d.store.topology.getPolicy('site:Redmond'), null);
  await setPolicy(d, sys, 'global', { enablePersistentChat: true });
  await removePolicy(d, sys, 'global');
  assert.equal(
    (await d.store.topology.getPolicy('global'))?.enablePersistentChat,
    false,
    'removing global resets it',
  );
});

test('configuration scopes (PC-42): ranges checked, service > site > global', async () => {
  const d = deps();
  await createSite(d, sys, { id: 'Redmond' });
  await createPool(d, sys, { fqdn: 'pchat.example.test', siteId: 'Redmond' });
  await refusesCleanly(d.store, 'InvalidArgument', () =>
    setConfiguration(d, sys, 'global', { defaultChatHistory: 501 }),
  );
  await refusesCleanly(d.store, 'InvalidArgument', () =>
    setConfiguration(d, sys, 'global', { defaultChatHistory: 0 }),
  );
  await setConfiguration(d, sys, 'global', { defaultChatHistory: 40 });
  await newConfiguration(d, sys, 'site:Redmond', { defaultChatHistory: 50 });
  await newConfiguration(d, sys, 'service:PersistentChatServer:pchat.example.test', {
    participantUpdateLimit: 10,
  });
  const eff = await effectiveConfig(d.store, { poolFqdn: 'pchat.example.test', siteId: 'Redmond' });
  assert.equal(eff.participantUpdateLimit, 10);
  await refusesCleanly(d.store, 'DuplicateName', () => newConfiguration(d, sys, 'site:Redmond', {}));
  await refusesCleanly(d.store, 'InvalidArgument', () => newConfiguration(d, sys, 'pool:x', {}));
  await removeConfiguration(d, sys, 'service:PersistentChatServer:pchat.example.test');
  assert.equal(
    (await effectiveConfig(d.store, { poolFqdn: 'pchat.example.test', siteId: 'Redmond' }))
      .defaultChatHistory,
    50,
  );
});

test('New-CsPersistentChatEndpoint (PC-47): a contact for an existing pool; the pool is the default for its site', async () => {
  const d = deps();
  await refusesCleanly(d.store, 'NoSuchNode', () =>
    newChatEndpoint(d, sys, { sipAddress: 'sip:ocschat@example.test', poolFqdn: 'pchat.example.test' }),
  );
  const p = await createPool(d, sys, { fqdn: 'pchat.example.test' });
  const c = await newChatEndpoint(d, sys, {
    sipAddress: 'sip:ocschat@example.test',
    poolFqdn: p.fqdn,
    displayName: 'Legacy',
  });
  assert.equal(c.contactType, 'persistentChatEndpoint');
  await refusesCleanly(d.store, 'DuplicateName', () =>
    newChatEndpoint(d, sys, { sipAddress: 'sip:ocschat@example.test', poolFqdn: p.fqdn }),
  );
  assert.equal((await defaultPoolFor(d, null))?.fqdn, p.fqdn);
});
