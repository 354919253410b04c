// Presence and contact lists across two nodes over the real pool bus (NATS on 127.0.0.1:4222;
// docs/presence.md): alice is signed in on node A, bob on node B; alice sees bob's status change and his
// going offline, and a contact list change made on node B reaches alice's endpoint on node A; bob's block
// of alice made on node B hides him from her on node A.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import {
  CT_BATCH_SUBSCRIBE,
  CT_CATEGORY_PUBLISH,
  CT_SET_CONTAINER_MEMBERS,
  decodePresenceBody,
  encodeBatchSubscribe,
  encodeContactSoap,
  encodeSetContainerMembers,
  getHeader,
  type SipRequest,
} from '@pchat/protocol';
import { NatsBus } from '../../src/pool/index.js';
import { PoolPresenceBus } from '../../src/presence/pool-link.js';
import { SipTestClient } from '../kit/sip-client.js';
import { startTestServer, type TestServer } from '../kit/server.js';

const ALICE = 'sip:alice@example.test';
const BOB = 'sip:bob@example.test';
const log = { error: () => undefined, warn: () => undefined };

async function incoming(c: SipTestClient, pred: (r: SipRequest) => boolean, since = 0): Promise<SipRequest> {
  for (;;) {
    const r = c.incoming.slice(since).find(pred);
    if (r) return r;
    if (c.isClosed) throw new Error('connection closed while waiting');
    await new Promise((res) => setTimeout(res, 5));
  }
}

describe('presence across the nodes of a pool (NATS)', () => {
  const prefix = `pchat-test-${randomUUID().slice(0, 8)}`;
  let a: TestServer;
  let b: TestServer;
  const buses: NatsBus[] = [];
  const clients: SipTestClient[] = [];
  const trusted = { auth: { schemes: ['trusted-network'], trustedNetworks: ['127.0.0.1/32'] } } as never;

  before(async () => {
    for (const node of ['a', 'b'])
      buses.push(await NatsBus.connect('nats://127.0.0.1:4222', node, prefix, log));
    const pa = new PoolPresenceBus();
    pa.attach(buses[0]!);
    const pb = new PoolPresenceBus();
    pb.attach(buses[1]!);
    a = await startTestServer(trusted, { presenceBus: pa });
    b = await startTestServer(trusted, { presenceBus: pb });
  });
  after(async () => {
    for (const c of clients) c.destroy();
    await a?.close();
    await b?.close();
    for (const x of buses) await x.close();
  });

  const signIn = async (t: TestServer, aor: string): Promise<SipTestClient> => {
    const c = await SipTestClient.connect({ port: t.tcpPort });
    clients.push(c);
    assert.equal((await c.register(aor, { epid: `e${clients.length}` })).status, 200);
    return c;
  };
  const from = (c: SipTestClient, aor: string) => ({ from: `<${aor}>;tag=${c.tag}`, callId: randomUUID() });

  it('a status change and going offline on node B reach a watcher on node A; so does a contact list change', async () => {
    const alice = await signIn(a, ALICE);
    const w = await alice.request(
      'SUBSCRIBE',
      ALICE,
      [
        { name: 'Event', value: 'presence' },
        { name: 'Content-Type', value: CT_BATCH_SUBSCRIBE },
      ],
      encodeBatchSubscribe(ALICE, { action: 'subscribe', resources: [BOB] }),
      from(alice, ALICE),
    );
    assert.equal(w.status, 200);
    const roaming = await alice.request(
      'SUBSCRIBE',
      ALICE,
      [{ name: 'Event', value: 'vnd-microsoft-roaming-contacts' }],
      '',
      from(alice, ALICE),
    );
    assert.equal(roaming.status, 200);

    const bob = await signIn(b, BOB);
    const publish = `<publish xmlns="http://schemas.microsoft.com/2006/09/sip/rich-presence"><publications uri="${BOB}"><publication categoryName="state" instance="1" container="2" version="0"><state xmlns="http://schemas.microsoft.com/2006/09/sip/state" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="userState"><availability>6500</availability></state></publication></publications></publish>`;
    let since = alice.incoming.length;
    assert.equal(
      (
        await bob.request(
          'SERVICE',
          BOB,
          [{ name: 'Content-Type', value: CT_CATEGORY_PUBLISH }],
          publish,
          from(bob, BOB),
        )
      ).status,
      200,
    );
    const about = (r: SipRequest) => r.method === 'BENOTIFY' && getHeader(r, 'Event') === 'presence';
    let n = await incoming(alice, (r) => about(r) && r.body.includes('6500'), since);
    assert.equal(decodePresenceBody(getHeader(n, 'Content-Type')!, n.body)[0]!.availability, 6500);

    // Alice's second endpoint is on node B: her edit there reaches her endpoint on node A.
    since = alice.incoming.length;
    const alice2 = await signIn(b, ALICE);
    const g = await alice2.request(
      'SERVICE',
      ALICE,
      [{ name: 'Content-Type', value: 'application/SOAP+xml' }],
      encodeContactSoap({ method: 'addGroup', name: 'Across' }),
      from(alice2, ALICE),
    );
    assert.equal(g.status, 200);
    const d = await incoming(alice, (r) => r.method === 'BENOTIFY' && r.body.includes('addedGroup'), since);
    assert.match(d.body, /name="Across"/);

    // Bob blocks alice on node B (the nodes share one database; here node A's store is told the same):
    // node A, which read bob's blocked list for the last change, reads it again and shows him offline.
    await a.server.store.contacts.setBlocked(BOB, ALICE, true);
    since = alice.incoming.length;
    const block = await bob.request(
      'SERVICE',
      BOB,
      [{ name: 'Content-Type', value: CT_SET_CONTAINER_MEMBERS }],
      encodeSetContainerMembers([{ container: 32000, action: 'add', type: 'user', value: ALICE }]),
      from(bob, BOB),
    );
    assert.equal(block.status, 200);
    n = await incoming(alice, about, since);
    assert.equal(decodePresenceBody(getHeader(n, 'Content-Type')!, n.body)[0]!.availability, 18500);

    since = alice.incoming.length;
    bob.destroy();
    n = await incoming(alice, (r) => about(r) && r.body.includes('18500'), since);
    assert.equal(decodePresenceBody(getHeader(n, 'Content-Type')!, n.body)[0]!.availability, 18500);
  });
});
