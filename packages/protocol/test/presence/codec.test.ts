// The presence and contact-list codec (docs/presence.md) on the bodies pidgin-sipe 1.25 really sends (taken
// from its SIP log against pchat) and on what the server and the SDK encode: round trips, the COMPAT
// details sipe depends on, and hostile input refused with a named error.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  PresenceCodecError,
  decodeAddGroupResponse,
  decodeBatchSubscribe,
  decodeCategories,
  decodeContactSoap,
  decodePresenceBody,
  decodeRoamingContacts,
  decodeSetContainerMembers,
  encodeBatchSubscribe,
  encodeCategories,
  encodeCategoryPublish,
  encodeContactDelta,
  encodeContactList,
  encodeContactSoap,
  encodeContactSoapResponse,
  encodePresence,
  encodePresenceMultipart,
  encodeRoamingSelf,
  encodeSetContainerMembers,
  availabilityWord,
  parseCategoryPublish,
} from '../../src/index.js';

const SIPE_PUBLISH =
  '<publish xmlns="http://schemas.microsoft.com/2006/09/sip/rich-presence"><publications uri="sip:alice@example.test">' +
  '<publication categoryName="device" instance="3008035694" container="2" version="0" expireType="endpoint"><device xmlns="http://schemas.microsoft.com/2006/09/sip/device" endpointId="085e0bd8"><machineName>vm</machineName></device></publication>' +
  '<publication categoryName="state" instance="993308598" container="2" version="0" expireType="endpoint"><state xmlns="http://schemas.microsoft.com/2006/09/sip/state" manual="false" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="machineState"><availability>3500</availability><endpointLocation/></state></publication>' +
  '<publication categoryName="state" instance="536870912" container="2" version="0" expireType="static"><state xmlns="http://schemas.microsoft.com/2006/09/sip/state" manual="true" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="userState"><availability>6500</availability><endpointLocation/></state></publication>' +
  '<publication categoryName="note" instance="0" container="400" version="2" expires="0"/>' +
  '</publications></publish>';

const SIPE_BATCH =
  '<batchSub xmlns="http://schemas.microsoft.com/2006/01/sip/batch-subscribe" uri="sip:alice@example.test" name="">\n' +
  '<action name="subscribe" id="63792024"><adhocList>\n<resource uri="sip:Bob@example.test"><context/></resource>\n' +
  '<resource uri="sip:carol@example.test"/>\n<resource uri="sip:bob@example.test"/>\n</adhocList>\n' +
  '<categoryList xmlns="http://schemas.microsoft.com/2006/09/sip/categorylist">\n<category name="state"/>\n</categoryList>\n</action>\n</batchSub>';

test('category publication: machine and user state, removed note, other categories kept as they are', () => {
  const p = parseCategoryPublish(SIPE_PUBLISH);
  assert.equal(p.uri, 'sip:alice@example.test');
  assert.deepEqual(
    p.publications.map((x) => [x.category, x.container, x.state?.type, x.state?.availability, x.remove]),
    [
      ['device', 2, undefined, undefined, false],
      ['state', 2, 'machineState', 3500, false],
      ['state', 2, 'userState', 6500, false],
      ['note', 400, undefined, undefined, true],
    ],
  );
  // What the SDK publishes reads back the same way.
  const own = parseCategoryPublish(
    encodeCategoryPublish({ uri: 'sip:a@x.test', availability: 9500, note: 'a & b' }),
  );
  assert.ok(own.publications.every((x) => x.category !== 'state' || x.state?.availability === 9500));
  assert.ok(own.publications.some((x) => x.note?.text === 'a & b'));
});

test('batched subscription: resources lower-cased, de-duplicated, in order; limit named', () => {
  assert.deepEqual(decodeBatchSubscribe(SIPE_BATCH), {
    action: 'subscribe',
    resources: ['sip:bob@example.test', 'sip:carol@example.test'],
  });
  const many = Array.from({ length: 2001 }, (_, i) => `sip:u${i}@x.test`);
  assert.throws(
    () =>
      decodeBatchSubscribe(encodeBatchSubscribe('sip:a@x.test', { action: 'subscribe', resources: many })),
    (e) => e instanceof PresenceCodecError && /at most 2000 people/.test(e.message),
  );
});

test('multipart presence: RLMI first, each part ends with an empty line (libpurple drops 4 bytes), round trip', () => {
  const views = [
    { uri: 'sip:bob@example.test', availability: 6500, note: 'in a <meeting>', since: Date.UTC(2026, 11, 7) },
    { uri: 'sip:carol@example.test', availability: 18500, note: null, since: 0 },
  ];
  const m = encodePresenceMultipart('sip:alice@example.test', 3, views, true);
  const boundary = /boundary="([^"]+)"/.exec(m.contentType)![1]!;
  assert.match(m.contentType, /^multipart\/related; type="application\/rlmi\+xml"; start="<rlmi@pchat>"/);
  for (const part of m.body.split(`--${boundary}`).slice(1, -1)) assert.ok(part.endsWith('>\r\n\r\n'), part);
  assert.ok(m.body.endsWith(`--${boundary}--\r\n`));
  assert.deepEqual(decodePresenceBody(m.contentType, m.body), views);
  assert.equal(availabilityWord(6500), 'busy');
  assert.equal(decodeCategories(encodeCategories(views[1]!)).note, null);
});

test('multipart presence from documents encoded once reads the same as from the views', () => {
  const view = {
    uri: 'sip:bob@example.test',
    availability: 3500,
    note: 'here',
    since: Date.UTC(2026, 11, 7),
  };
  const doc = encodePresence(view);
  for (const watcher of ['sip:alice@example.test', 'sip:carol@example.test']) {
    const m = encodePresenceMultipart(watcher, 2, [doc], false);
    assert.deepEqual(decodePresenceBody(m.contentType, m.body), [view]);
    assert.match(m.body, new RegExp(`uri="${watcher}" version="2" fullState="false"`));
  }
});

test('contact list and delta: sip: only in the delta, groups without a trailing space; round trip', () => {
  const list = {
    deltaNum: 4,
    groups: [
      { id: 1, name: '~' },
      { id: 2, name: 'A & B' },
    ],
    contacts: [{ uri: 'sip:bob@example.test', name: 'Bob', groups: [1, 2], subscribed: true }],
  };
  const xml = encodeContactList(list);
  assert.match(xml, /<contact uri="bob@example.test" name="Bob" groups="1 2" subscribed="true"/);
  assert.deepEqual(decodeRoamingContacts(xml), { kind: 'list', ...list });
  const delta = {
    deltaNum: 5,
    addedGroups: [],
    modifiedGroups: [{ id: 2, name: 'Pals' }],
    deletedGroups: [1],
    addedContacts: [{ uri: 'sip:carol@example.test', name: '', groups: [2], subscribed: false }],
    modifiedContacts: [],
    deletedContacts: ['sip:bob@example.test'],
  };
  const d = encodeContactDelta(delta);
  assert.match(d, /<addedContact uri="sip:carol@example.test" name="" groups="2" subscribed="false"/);
  assert.deepEqual(decodeRoamingContacts(d), { kind: 'delta', ...delta });
});

test("SOAP: sipe's requests, the addGroup answer with the id, unknown methods named", () => {
  const add =
    '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:m="http://schemas.microsoft.com/winrtc/2002/11/sip"><s:Body><m:addGroup><m:name>Friends</m:name><m:externalURI /><m:deltaNum>1</m:deltaNum></m:addGroup></s:Body></s:Envelope>';
  assert.deepEqual(decodeContactSoap(add), { method: 'addGroup', name: 'Friends' });
  const set =
    '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:m="http://schemas.microsoft.com/winrtc/2002/11/sip"><s:Body><m:setContact><m:displayName>sip:bob@example.test</m:displayName><m:groups>2 3</m:groups><m:subscribed>true</m:subscribed><m:URI>sip:Bob@example.test</m:URI><m:externalURI /><m:deltaNum>2</m:deltaNum></m:setContact></s:Body></s:Envelope>';
  assert.deepEqual(decodeContactSoap(set), {
    method: 'setContact',
    uri: 'sip:bob@example.test',
    displayName: 'sip:bob@example.test',
    groups: [2, 3],
    subscribed: true,
  });
  assert.deepEqual(decodeContactSoap(encodeContactSoap({ method: 'deleteGroup', groupId: 7 })), {
    method: 'deleteGroup',
    groupId: 7,
  });
  assert.equal(decodeAddGroupResponse(encodeContactSoapResponse('addGroup', { groupID: 12 })), 12);
  assert.deepEqual(decodeContactSoap(add.replace(/addGroup/g, 'directorySearch')), {
    method: 'directorySearch',
    other: true,
  });
  assert.throws(
    () => decodeContactSoap(set.replace('<m:groups>2 3</m:groups>', '<m:groups>two</m:groups>')),
    (e) => e instanceof PresenceCodecError && e.kind === 'bad-field',
  );
});

test('roaming self and access changes: blocked people in container 32000', () => {
  const xml = encodeRoamingSelf({
    uri: 'sip:alice@example.test',
    availability: 3500,
    note: null,
    since: 0,
    blocked: ['sip:mallory@example.test'],
  });
  assert.match(xml, /<container id="200" version="1"><member type="sameEnterprise"\/><\/container>/);
  assert.match(xml, /<container id="32000" version="1"><member type="user" value="mallory@example.test"\/>/);
  assert.deepEqual(
    decodeSetContainerMembers(
      '<setContainerMembers xmlns="http://schemas.microsoft.com/2006/09/sip/container-management"><container id="32000" version="1"><member action="add" type="user" value="Mallory@example.test"/></container><container id="200" version="3"><member action="remove" type="sameEnterprise"/></container></setContainerMembers>',
    ),
    [
      { container: 32000, action: 'add', type: 'user', value: 'sip:mallory@example.test' },
      { container: 200, action: 'remove', type: 'sameEnterprise', value: null },
    ],
  );
});

test('the SDK block request reads back as the server decodes it', () => {
  assert.deepEqual(
    decodeSetContainerMembers(
      encodeSetContainerMembers([
        { container: 32000, action: 'remove', type: 'user', value: 'sip:Bob@example.test' },
      ]),
    ),
    [{ container: 32000, action: 'remove', type: 'user', value: 'sip:bob@example.test' }],
  );
});

test('hostile bodies are refused with a named error, before anything is expanded', () => {
  const bomb = '<!DOCTYPE x [<!ENTITY a "aaaa">]><batchSub><action name="subscribe"/></batchSub>';
  for (const f of [
    () => decodeBatchSubscribe(bomb),
    () => parseCategoryPublish('<publish><publications>'),
    () => decodeContactSoap('x'.repeat(300_000)),
  ])
    assert.throws(f, (e) => e instanceof PresenceCodecError && e.kind === 'not-xml');
  assert.throws(
    () => parseCategoryPublish('<categories/>'),
    (e) => e instanceof PresenceCodecError && e.kind === 'wrong-document',
  );
});
