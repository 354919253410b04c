// PresenceService and ContactsService rules (PC-86, PC-87; docs/presence.md): aggregation across endpoints,
// offline when the last endpoint goes, who may see what, refusals for contact objects and bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ContactsService,
  PresenceService,
  isDomainError,
  type Actor,
  type PresenceBus,
  type PresenceChange,
} from '../src/index.js';
import { MemoryContacts } from './support/memory-contacts.js';

const user = (uri: string, over: Partial<Actor> = {}): Actor => ({
  uri,
  kind: 'user',
  disabled: false,
  ancestry: new Set([uri]),
  enabledByPolicy: false, // presence is not chat use: the chat policy does not gate it
  isChatAdmin: false,
  ...over,
});

const ALICE = user('sip:alice@example.test');
const BOB = user('sip:bob@example.test');
const MALLORY = user('sip:mallory@other.test');

function world() {
  const seen: PresenceChange[] = [];
  const handlers: Array<(c: PresenceChange) => void> = [];
  const bus: PresenceBus = {
    publish: (c) => handlers.forEach((h) => h(c)),
    subscribe: (h) => {
      handlers.push(h);
      return () => undefined;
    },
  };
  bus.subscribe((c) => seen.push(c));
  let now = 1_000;
  const contacts = new MemoryContacts();
  const presence = new PresenceService({ bus, contacts, clock: { now: () => ++now } });
  const service = new ContactsService({ contacts, onBlockedChanged: (o) => presence.blockedChanged(o) });
  return { seen, presence, service };
}

test('aggregation: user state wins, else the most available machine state; offline with the last endpoint', () => {
  const { seen, presence } = world();
  presence.publish(BOB, 'e1', {});
  assert.equal(presence.state(BOB.uri).availability, 3500, 'signed in, nothing published: online');
  presence.publish(BOB, 'e1', { machineState: 5000 });
  presence.publish(BOB, 'e2', { machineState: 3500 });
  assert.equal(presence.state(BOB.uri).availability, 3500);
  presence.publish(BOB, 'e2', { userState: 6500, note: 'in a meeting' });
  assert.deepEqual(
    [presence.state(BOB.uri).availability, presence.state(BOB.uri).note],
    [6500, 'in a meeting'],
  );
  const n = seen.length;
  presence.publish(BOB, 'e1', { machineState: 5000 }); // no visible change: nothing published
  assert.equal(seen.length, n);
  presence.endpointGone(BOB.uri, 'e2');
  assert.equal(presence.state(BOB.uri).availability, 6500, 'the user state outlives one endpoint');
  presence.endpointGone(BOB.uri, 'e1');
  assert.deepEqual(presence.state(BOB.uri), { availability: null, note: null, since: 0 });
  assert.equal(seen.at(-1)?.state.availability, null);
});

test('who may see: same domain yes, other domain and blocked get offline (no oracle)', async () => {
  const { presence, service } = world();
  presence.publish(BOB, 'e1', { userState: 6500, note: 'busy' });
  let see = await presence.viewOf(BOB.uri);
  assert.equal(see(ALICE).availability, 6500);
  assert.deepEqual(see(MALLORY), { availability: null, note: null, since: see(ALICE).since });
  await service.setBlocked(BOB, ALICE.uri, true);
  see = await presence.viewOf(BOB.uri);
  assert.deepEqual([see(ALICE).availability, see(ALICE).note], [null, null]);
  assert.equal(see(BOB).availability, 6500, 'the owner sees themself');
  await service.setBlocked(BOB, ALICE.uri, false);
  assert.equal((await presence.viewOf(BOB.uri))(ALICE).availability, 6500);
});

test('contact objects and disabled users can neither publish nor manage contacts; bad input is named', async () => {
  const { presence, service } = world();
  const app = user('sip:app@example.test', { kind: 'contact' });
  assert.throws(
    () => presence.publish(app, 'e', {}),
    (e) => isDomainError(e, 'NotAUserPrincipal'),
  );
  await assert.rejects(service.addGroup(app, 'x'), (e) => isDomainError(e, 'NotAUserPrincipal'));
  const off = user('sip:off@example.test', { disabled: true });
  assert.throws(
    () => presence.publish(off, 'e', {}),
    (e) => isDomainError(e, 'PrincipalDisabled'),
  );
  assert.throws(
    () => presence.publish(ALICE, 'e', { note: 'x'.repeat(513) }),
    (e) => isDomainError(e, 'InvalidArgument') && /at most 512/.test(e.message),
  );
  const g = await service.addGroup(ALICE, ' Friends ');
  assert.deepEqual(g.group, { id: 1, name: 'Friends' });
  await assert.rejects(
    service.setContact(ALICE, { uri: 'bob', name: '', groups: [1], subscribed: true }),
    (e) => isDomainError(e, 'InvalidArgument') && /sip:user@domain/.test(e.message),
  );
  await assert.rejects(
    service.setContact(ALICE, { uri: 'bob@example.test', name: '', groups: [], subscribed: true }),
    (e) => isDomainError(e, 'InvalidArgument'),
  );
  const c = await service.setContact(ALICE, {
    uri: 'Bob@Example.test',
    name: 'Bob',
    groups: [1],
    subscribed: true,
  });
  assert.deepEqual(
    c.addedContacts.map((x) => x.uri),
    ['sip:bob@example.test'],
  );
  assert.equal(await service.deleteContact(ALICE, 'sip:nobody@example.test'), null);
  const d = await service.deleteGroup(ALICE, 1);
  assert.deepEqual(d.deletedContacts, ['sip:bob@example.test']);
});
