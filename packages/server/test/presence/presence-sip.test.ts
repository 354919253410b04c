// Black-box: presence and roaming contacts over real TCP against the real server (SQLite, demo users), as
// pidgin-sipe drives them (PC-86): Allow-Events, SUBSCRIBE roaming-contacts / roaming-self / batched
// presence with the first document on the 200 OK, SOAP contact edits (addGroup answers the group id) with
// contactDelta BENOTIFYs to every endpoint, category publication, blocking, and offline when the last
// endpoint goes away.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CT_BATCH_SUBSCRIBE,
  CT_CATEGORY_PUBLISH,
  decodeAddGroupResponse,
  decodePresenceBody,
  decodeRoamingContacts,
  encodeBatchSubscribe,
  encodeContactSoap,
  getHeader,
  type SipRequest,
} from '@pchat/protocol';
import { SipTestClient } from '../kit/sip-client.js';
import { startTestServer, type TestServer } from '../kit/server.js';

const ALICE = 'sip:alice@example.test';
const BOB = 'sip:bob@example.test';

/** Waits until a request matching `pred` arrived on `c` (after index `since`). */
async function incoming(c: SipTestClient, pred: (r: SipRequest) => boolean, since = 0): Promise<SipRequest> {
  for (;;) {
    const r = c.incoming.slice(since).find(pred);
    if (r) return r;
    if (c.isClosed) throw new Error('connection closed while waiting');
    await new Promise((res) => setTimeout(res, 5));
  }
}

const publishBody = (
  uri: string,
  state: { type: string; availability: number } | null,
  note?: string | null,
) => {
  let s = `<publish xmlns="http://schemas.microsoft.com/2006/09/sip/rich-presence"><publications uri="${uri}">`;
  if (state)
    s += `<publication categoryName="state" instance="1" container="2" version="0" expireType="endpoint"><state xmlns="http://schemas.microsoft.com/2006/09/sip/state" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" manual="false" xsi:type="${state.type}"><availability>${state.availability}</availability></state></publication>`;
  if (note !== undefined)
    s +=
      note === null
        ? `<publication categoryName="note" instance="0" container="200" version="1" expires="0"/>`
        : `<publication categoryName="note" instance="0" container="200" version="0"><note xmlns="http://schemas.microsoft.com/2006/09/sip/note"><body type="personal" uri="">${note}</body></note></publication>`;
  return `${s}</publications></publish>`;
};

describe('presence and roaming contacts over SIP', () => {
  let t: TestServer;
  const clients: SipTestClient[] = [];
  const signIn = async (aor: string): Promise<SipTestClient> => {
    const c = await SipTestClient.connect({ port: t.tcpPort });
    clients.push(c);
    const r = await c.register(aor, { epid: `ep${clients.length}` });
    assert.equal(r.status, 200, `${aor} signs in: ${r.status} ${getHeader(r, 'ms-diagnostics')}`);
    return c;
  };
  const from = (c: SipTestClient, aor: string) => ({ from: `<${aor}>;tag=${c.tag}` });
  const subscribe = (
    c: SipTestClient,
    aor: string,
    event: string,
    body = '',
    extra: { name: string; value: string }[] = [],
  ) =>
    c.request(
      'SUBSCRIBE',
      aor,
      [{ name: 'Event', value: event }, { name: 'Expires', value: '600' }, ...extra],
      body,
      {
        ...from(c, aor),
        callId: `sub-${event}-${Math.random()}`,
      },
    );
  const soap = (c: SipTestClient, aor: string, body: string) =>
    c.request('SERVICE', aor, [{ name: 'Content-Type', value: 'application/SOAP+xml' }], body, from(c, aor));
  const publish = (c: SipTestClient, aor: string, body: string) =>
    c.request('SERVICE', aor, [{ name: 'Content-Type', value: CT_CATEGORY_PUBLISH }], body, from(c, aor));
  const watch = (c: SipTestClient, aor: string, who: string[]) =>
    subscribe(c, aor, 'presence', encodeBatchSubscribe(aor, { action: 'subscribe', resources: who }), [
      { name: 'Content-Type', value: CT_BATCH_SUBSCRIBE },
      { name: 'Require', value: 'adhoclist, categoryList' },
      { name: 'Supported', value: 'eventlist' },
    ]);
  /** The next presence BENOTIFY about `who` on `c` after `since`, decoded. */
  const presenceOf = async (c: SipTestClient, who: string, since: number) => {
    const n = await incoming(
      c,
      (r) => r.method === 'BENOTIFY' && getHeader(r, 'Event') === 'presence' && (r.body ?? '').includes(who),
      since,
    );
    return decodePresenceBody(getHeader(n, 'Content-Type')!, n.body!)[0]!;
  };

  before(async () => {
    t = await startTestServer({
      auth: { schemes: ['trusted-network', 'digest'], trustedNetworks: ['127.0.0.1/32'] },
    } as never);
  });
  after(async () => {
    for (const c of clients) c.destroy();
    await t.close();
  });

  it('contact list edits: addGroup answers the id, every endpoint hears the delta, a new endpoint gets the list', async () => {
    const a1 = await signIn(ALICE);
    const r = await subscribe(a1, ALICE, 'vnd-microsoft-roaming-contacts');
    assert.equal(r.status, 200);
    assert.ok(getHeader(r, 'ms-piggyback-cseq'), 'the list rides on the 200 OK');
    assert.ok(getHeader(r, 'To')?.includes('tag='), 'a dialog');
    assert.deepEqual(decodeRoamingContacts(r.body!), { kind: 'list', deltaNum: 0, groups: [], contacts: [] });

    const g = await soap(a1, ALICE, encodeContactSoap({ method: 'addGroup', name: 'Friends' }, 1));
    assert.equal(g.status, 200);
    assert.equal(decodeAddGroupResponse(g.body!), 1, 'the answer carries the new group id');
    const d1 = await incoming(a1, (x) => x.method === 'BENOTIFY' && (x.body ?? '').includes('addedGroup'));
    assert.equal(getHeader(d1, 'Event'), 'vnd-microsoft-roaming-contacts');
    const set = await soap(
      a1,
      ALICE,
      encodeContactSoap({
        method: 'setContact',
        uri: BOB,
        displayName: 'Bob',
        groups: [1],
        subscribed: true,
      }),
    );
    assert.equal(set.status, 200);
    const d2 = await incoming(a1, (x) => x.method === 'BENOTIFY' && (x.body ?? '').includes('addedContact'));
    const delta = decodeRoamingContacts(d2.body!);
    assert.equal(delta.kind, 'delta');
    assert.deepEqual(delta.kind === 'delta' && delta.addedContacts, [
      { uri: BOB, name: 'Bob', groups: [1], subscribed: true },
    ]);

    // A second endpoint of alice sees the stored list; a change made there reaches the first one.
    const a2 = await signIn(ALICE);
    const r2 = await subscribe(a2, ALICE, 'vnd-microsoft-roaming-contacts');
    const list = decodeRoamingContacts(r2.body!);
    assert.deepEqual(list, {
      kind: 'list',
      deltaNum: 2,
      groups: [{ id: 1, name: 'Friends' }],
      contacts: [{ uri: BOB, name: 'Bob', groups: [1], subscribed: true }],
    });
    const before = a1.incoming.length;
    assert.equal(
      (await soap(a2, ALICE, encodeContactSoap({ method: 'modifyGroup', groupId: 1, name: 'Pals' }))).status,
      200,
    );
    const d3 = await incoming(
      a1,
      (x) => x.method === 'BENOTIFY' && (x.body ?? '').includes('modifiedGroup'),
      before,
    );
    assert.match(d3.body!, /name="Pals"/);

    // Refusals name the problem: an unknown group, an address that is not SIP.
    const bad = await soap(
      a2,
      ALICE,
      encodeContactSoap({
        method: 'setContact',
        uri: 'sip:carol@example.test',
        displayName: '',
        groups: [9],
        subscribed: true,
      }),
    );
    assert.equal(bad.status, 404);
    assert.match(getHeader(bad, 'ms-diagnostics') ?? '', /no contact group with id 9/);
  });

  it('presence: batched subscription, publish, note, block, offline when the last endpoint goes', async () => {
    const alice = await signIn(ALICE);
    const w = await watch(alice, ALICE, [BOB]);
    assert.equal(w.status, 200);
    assert.match(getHeader(w, 'Content-Type') ?? '', /^multipart\/related; type="application\/rlmi\+xml"/);
    const first = decodePresenceBody(getHeader(w, 'Content-Type')!, w.body!);
    assert.deepEqual(
      first.map((v) => [v.uri, v.availability, v.note]),
      [[BOB, 18500, null]],
      'bob is offline before he signs in',
    );

    const bob = await signIn(BOB);
    let since = alice.incoming.length;
    assert.equal(
      (await publish(bob, BOB, publishBody(BOB, { type: 'machineState', availability: 3500 }))).status,
      200,
    );
    assert.equal((await presenceOf(alice, BOB, since)).availability, 3500);

    since = alice.incoming.length;
    await publish(bob, BOB, publishBody(BOB, { type: 'userState', availability: 6500 }, 'in a meeting'));
    let v = await presenceOf(alice, BOB, since);
    assert.deepEqual([v.availability, v.note], [6500, 'in a meeting']);

    // roaming-self tells bob's other endpoints what he publishes.
    const self = await subscribe(bob, BOB, 'vnd-microsoft-roaming-self');
    assert.equal(self.status, 200);
    assert.match(self.body!, /<availability>6500<\/availability>/);
    assert.match(self.body!, /in a meeting/);

    // Bob blocks alice (container 32000): she sees him offline, without his note; unblocked, she sees him again.
    since = alice.incoming.length;
    const block = (action: string) =>
      bob.request(
        'SERVICE',
        BOB,
        [{ name: 'Content-Type', value: 'application/msrtc-setcontainermembers+xml' }],
        `<setContainerMembers xmlns="http://schemas.microsoft.com/2006/09/sip/container-management"><container id="32000" version="1"><member action="${action}" type="user" value="alice@example.test"/></container></setContainerMembers>`,
        from(bob, BOB),
      );
    assert.equal((await block('add')).status, 200);
    v = await presenceOf(alice, BOB, since);
    assert.deepEqual([v.availability, v.note], [18500, null]);
    since = alice.incoming.length;
    await block('remove');
    v = await presenceOf(alice, BOB, since);
    assert.deepEqual([v.availability, v.note], [6500, 'in a meeting']);

    // The note is cleared, then bob's only endpoint goes: offline.
    since = alice.incoming.length;
    await publish(bob, BOB, publishBody(BOB, null, null));
    v = await presenceOf(alice, BOB, since);
    assert.deepEqual([v.availability, v.note], [6500, null]);
    since = alice.incoming.length;
    bob.destroy();
    v = await presenceOf(alice, BOB, since);
    assert.equal(v.availability, 18500);
  });

  it('a body the presence codec cannot read is refused with 400 and says why', async () => {
    const c = await signIn(ALICE);
    for (const r of [
      await soap(c, ALICE, '<not xml'),
      await publish(c, ALICE, '<not xml'),
      await subscribe(c, ALICE, 'presence', '<not xml', [
        { name: 'Content-Type', value: CT_BATCH_SUBSCRIBE },
      ]),
    ]) {
      assert.equal(r.status, 400);
      assert.match(getHeader(r, 'ms-diagnostics')!, /is not usable XML/);
    }
  });

  it('an un-SUBSCRIBE ends the subscription; a re-SUBSCRIBE in an unknown dialog is 481', async () => {
    const c = await signIn(ALICE);
    const r = await subscribe(c, ALICE, 'vnd-microsoft-roaming-contacts');
    const to = getHeader(r, 'To')!;
    const callId = getHeader(r, 'Call-ID')!;
    const end = await c.request(
      'SUBSCRIBE',
      ALICE,
      [
        { name: 'Event', value: 'vnd-microsoft-roaming-contacts' },
        { name: 'Expires', value: '0' },
      ],
      '',
      { ...from(c, ALICE), to, callId },
    );
    assert.equal(end.status, 200);
    assert.match(getHeader(end, 'Subscription-State') ?? '', /^terminated/);
    const again = await c.request(
      'SUBSCRIBE',
      ALICE,
      [
        { name: 'Event', value: 'vnd-microsoft-roaming-contacts' },
        { name: 'Expires', value: '600' },
      ],
      '',
      { ...from(c, ALICE), to, callId },
    );
    assert.equal(again.status, 481);
  });

  it('a large batch: the answer carries the first 100, BENOTIFYs the rest; at most 2,000 people per subscription', async () => {
    const c = await signIn(ALICE);
    const first = Array.from({ length: 1999 }, (_, i) => `sip:u${i}@example.test`);
    const r = await watch(c, ALICE, first);
    assert.equal(r.status, 200);
    const seen = new Set(decodePresenceBody(getHeader(r, 'Content-Type')!, r.body!).map((v) => v.uri));
    assert.equal(seen.size, 100);
    const callId = getHeader(r, 'Call-ID')!;
    while (seen.size < 1999) {
      const n = await incoming(
        c,
        (x) =>
          x.method === 'BENOTIFY' &&
          getHeader(x, 'Call-ID') === callId &&
          !x.body!.includes(`"${[...seen].at(-1)}"`),
      );
      for (const v of decodePresenceBody(getHeader(n, 'Content-Type')!, n.body!)) seen.add(v.uri);
      c.incoming.splice(c.incoming.indexOf(n), 1);
    }
    assert.deepEqual([...seen].sort(), [...first].sort());
    const more = await c.request(
      'SUBSCRIBE',
      ALICE,
      [
        { name: 'Event', value: 'presence' },
        { name: 'Content-Type', value: CT_BATCH_SUBSCRIBE },
      ],
      encodeBatchSubscribe(ALICE, {
        action: 'subscribe',
        resources: ['sip:x@example.test', 'sip:y@example.test'],
      }),
      { ...from(c, ALICE), to: getHeader(r, 'To')!, callId: getHeader(r, 'Call-ID')! },
    );
    assert.equal(more.status, 503);
    assert.match(
      getHeader(more, 'ms-diagnostics') ?? '',
      /at most 2000 people \(this one would watch 2001\)/,
    );
  });
});
