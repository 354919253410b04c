// Presence and contacts in the SDK against the real server (PC-86, PC-87; docs/presence.md): a UserEndpoint
// publishes availability and note, watches several people with one RemotePresenceView (typed events),
// edits its roaming contact list and sees the changes another endpoint of the same user makes; an
// ApplicationEndpoint is refused at once, before any request goes out.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CollaborationPlatform,
  UserEndpoint,
  isPersistentChatError,
  type RemotePresence,
} from '../src/index.js';
import { tcpTransport } from '../src/node/index.js';
import { PASSWORDS, startPchat, type Pchat } from './support/server.js';
import { appEndpoint, userEndpoint } from './support/sdk.js';

const BOB = 'sip:bob@example.test';
const CAROL = 'sip:carol@example.test';

describe('SDK presence and contacts', { timeout: 120_000 }, () => {
  let p: Pchat;
  before(async () => {
    p = await startPchat();
  });
  after(async () => {
    await p?.close();
  });

  it('publishes, watches many people with one subscription, sees changes and offline', async () => {
    const alice = await userEndpoint(p, 'alice');
    const bob = await userEndpoint(p, 'bob', 'ws');
    await alice.establish();
    await bob.establish();
    const view = alice.createPresenceView();
    const seen: RemotePresence[] = [];
    view.on('presenceChanged', (x) => seen.push(x));
    const now = await view.subscribe([BOB, 'Carol@example.test']);
    assert.deepEqual(
      now.map((x) => [x.uri, x.state, x.note]),
      [
        [BOB, 'offline', null],
        [CAROL, 'offline', null],
      ],
    );

    let next = view.next('presenceChanged', (x) => x.uri === BOB && x.state === 'busy');
    await bob.localOwnerPresence.publish({ availability: 'busy', note: 'in a meeting' });
    const busy = await next;
    assert.equal(busy.availability, 6500);
    assert.equal(busy.note, 'in a meeting');
    assert.deepEqual(view.get(BOB)?.note, 'in a meeting');

    // Bob blocks alice: she sees him offline, without his note; unblocked, she sees him again.
    next = view.next('presenceChanged', (x) => x.uri === BOB && x.state === 'offline');
    await bob.contactGroupServices.block('alice@example.test');
    assert.equal((await next).note, null);
    next = view.next('presenceChanged', (x) => x.uri === BOB && x.state === 'busy');
    await bob.contactGroupServices.unblock('alice@example.test');
    assert.equal((await next).note, 'in a meeting');

    next = view.next('presenceChanged', (x) => x.uri === BOB && x.state === 'online' && x.note === null);
    await bob.localOwnerPresence.publish({ availability: 3500 });
    await next;

    next = view.next('presenceChanged', (x) => x.uri === BOB && x.state === 'offline');
    await bob.terminate();
    await next;
    assert.ok(seen.every((x) => x.uri === BOB || x.uri === CAROL));

    await view.unsubscribe([CAROL]);
    assert.equal(view.get(CAROL), undefined);
    await view.close();
    await alice.terminate();
    await alice.platform.shutdown();
    await bob.platform.shutdown();
  });

  it('edits the roaming contact list; another endpoint of the same user sees each change', async () => {
    const a1 = await userEndpoint(p, 'carol');
    const a2 = await userEndpoint(p, 'carol', 'ws');
    await a1.establish();
    await a2.establish();
    const c1 = a1.contactGroupServices;
    const c2 = a2.contactGroupServices;
    assert.deepEqual(await c1.getContacts(), { deltaNum: 0, groups: [], contacts: [] });
    await c2.getContacts();

    const changed = c2.next('contactListChanged', (l) => l.contacts.length === 1);
    const g = await c1.addGroup('Team');
    assert.equal(g.id, 1);
    await c1.setContact({ uri: 'bob@example.test', groups: [g.id], name: 'Bob' });
    const list = await changed;
    assert.deepEqual(list.contacts, [{ uri: BOB, name: 'Bob', groups: [1], subscribed: true }]);
    assert.deepEqual(list.groups, [{ id: 1, name: 'Team' }]);

    const renamed = c2.next('contactListChanged', (l) => l.groups[0]?.name === 'Crew');
    await c1.renameGroup(g.id, 'Crew');
    await renamed;

    // A refusal names the problem.
    await assert.rejects(
      c1.setContact({ uri: 'sip:dave@example.test', groups: [42] }),
      (e) => isPersistentChatError(e, 'NoSuchNode') && /no contact group with id 42/.test(e.message),
    );
    await assert.rejects(
      c1.addGroup('crew'),
      (e) => isPersistentChatError(e) && /already has a group named 'crew'/.test(e.message),
    );

    const removed = c2.next('contactListChanged', (l) => l.contacts.length === 0);
    await c1.removeContact(BOB);
    await removed;
    await c1.deleteGroup(g.id);
    assert.deepEqual((await c1.getContacts()).groups, []);

    await c1.close();
    await c2.close();
    await a1.terminate();
    await a2.terminate();
    await a1.platform.shutdown();
    await a2.platform.shutdown();
  });

  it('an ApplicationEndpoint refuses presence and contact operations at once with a clear error', async () => {
    const app = await appEndpoint(p, 'sip:echobot@example.test');
    const refused = (e: unknown): boolean =>
      isPersistentChatError(e, 'InvalidFlowOfOperations') &&
      /ApplicationEndpoint cannot .*Use a UserEndpoint/.test(e.message);
    assert.throws(() => app.localOwnerPresence, refused);
    assert.throws(() => app.contactGroupServices, refused);
    assert.throws(() => app.createPresenceView(), refused);
    await app.platform.shutdown();
  });
});

describe('SDK presence after a dropped connection', { timeout: 120_000 }, () => {
  let p: Pchat;
  before(async () => {
    p = await startPchat({ idleTimeoutSeconds: 1 });
  });
  after(async () => {
    await p?.close();
  });

  const endpoint = async (user: 'alice' | 'bob', keepAliveMs: number): Promise<UserEndpoint> => {
    const platform = new CollaborationPlatform({
      applicationName: `presence-${user}`,
      transport: tcpTransport(),
      timeouts: { keepAliveMs },
    });
    await platform.startup();
    const ep = new UserEndpoint(platform, {
      ownerUri: `sip:${user}@example.test`,
      server: p.tcp,
      credentials: { password: PASSWORDS[user] },
    });
    await ep.establish();
    return ep;
  };

  it('the view and the contact list subscribe again by themselves once the endpoint is back', async () => {
    // Alice sends no keep-alives: the server drops her idle connection after 1 s; bob keeps his open.
    const alice = await endpoint('alice', 3_600_000);
    const bob = await endpoint('bob', 200);
    const view = alice.createPresenceView();
    await view.subscribe([BOB]);
    const contacts = alice.contactGroupServices;
    await contacts.getContacts();
    const lists = contacts.next('contactListChanged');
    await alice.next('connectionLost');
    await alice.next('connectionRestored');
    await lists; // the list came again on the new connection
    const busy = view.next('presenceChanged', (x) => x.uri === BOB && x.note === 'after the drop');
    await bob.localOwnerPresence.publish({ availability: 'busy', note: 'after the drop' });
    assert.equal((await busy).state, 'busy');
    await view.close();
    await contacts.close();
    for (const ep of [alice, bob]) {
      await ep.terminate();
      await ep.platform.shutdown();
    }
  });
});
