// The provisioning-v2 document and the SUBSCRIBE body, against the pidgin-sipe transcript
// (transcript-open.txt: SUBSCRIBE body and the 200 OK body the client accepted) and MS-SIPREGE 2.2.2.5.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  buildProvisioningDocument,
  parseProvisioningDocument,
  buildProvisioningRequest,
  parseProvisioningRequest,
  ProvisioningError,
  type ProvisioningDocument,
} from '../../src/provisioning/index.js';
import { hasIllegalXmlChar } from '../../src/xccos/index.js';

const SUBSCRIBE_BODY =
  '<provisioningGroupList xmlns="http://schemas.microsoft.com/2006/09/sip/provisioninggrouplist"> <provisioningGroup name="ServerConfiguration"/> <provisioningGroup name="meetingPolicy"/> <provisioningGroup name="persistentChatConfiguration"/> <provisioningGroup name="ucPolicy"/></provisioningGroupList>';
const ACCEPTED_DOCUMENT =
  '<provisionGroupList xmlns="http://schemas.microsoft.com/2006/09/sip/provisiongrouplist-notification"><provisionGroup name="persistentChatConfiguration"><propertyEntryList><property name="EnablePersistentChat">true</property><property name="DefaultPersistentChatPoolUri">sip:ocschat@example.test</property></propertyEntryList></provisionGroup></provisionGroupList>';

test('the client SUBSCRIBE body parses to the requested groups', () => {
  assert.deepEqual(parseProvisioningRequest(SUBSCRIBE_BODY), {
    groups: ['ServerConfiguration', 'meetingPolicy', 'persistentChatConfiguration', 'ucPolicy'],
  });
  assert.deepEqual(parseProvisioningRequest(''), { groups: [] });
  assert.equal(
    buildProvisioningRequest([
      'ServerConfiguration',
      'meetingPolicy',
      'persistentChatConfiguration',
      'ucPolicy',
    ]),
    SUBSCRIBE_BODY.replace(/> </g, '><'),
  );
});

test('the document is built byte for byte as the one pidgin-sipe accepted, and parses back', () => {
  const doc: ProvisioningDocument = {
    persistentChat: { enabled: true, defaultPoolUri: 'sip:ocschat@example.test' },
  };
  assert.equal(buildProvisioningDocument(doc), ACCEPTED_DOCUMENT);
  assert.deepEqual(parseProvisioningDocument(ACCEPTED_DOCUMENT), doc);
});

test('ServerConfiguration carries one element per property (MS-SIPREGE 2.2.2.5.1); other groups pass through', () => {
  const doc: ProvisioningDocument = {
    serverConfiguration: {
      focusFactoryUri: 'sip:alice@example.test;gruu;opaque=app:conf:focusfactory',
      absInternalServerUrl: 'https://pchat.example.test/abs?a=1&b=2',
    },
    persistentChat: {
      enabled: true,
      defaultPoolUri: 'sip:ocschat@example.test',
      poolUris: ['sip:ocschat@example.test', 'sip:pool2@example.test'],
      webManagerUriInternal: 'https://pchat.example.test/rooms',
      webManagerUriExternal: 'https://ext.example.test/rooms',
    },
    otherGroups: [{ name: 'ucPolicy', properties: { EnableAuditorium: 'false' } }],
  };
  const xml = buildProvisioningDocument(doc);
  assert.match(
    xml,
    /<provisionGroup name="ServerConfiguration"><focusFactoryUri>sip:alice@example\.test;gruu;opaque=app:conf:focusfactory<\/focusFactoryUri><absInternalServerUrl>https:\/\/pchat\.example\.test\/abs\?a=1&amp;b=2<\/absInternalServerUrl><\/provisionGroup>/,
  );
  assert.match(
    xml,
    /<property name="PersistentChatPoolUris">sip:ocschat@example\.test sip:pool2@example\.test<\/property>/,
  );
  assert.deepEqual(parseProvisioningDocument(xml), doc);
  // an empty document is still a document (any document starts group chat in pidgin-sipe)
  assert.deepEqual(parseProvisioningDocument(buildProvisioningDocument({})), {});
});

test('round trip: parse(build(doc)) = doc', () => {
  const s = fc.string({ unit: 'binary', maxLength: 20 }).filter((x) => !hasIllegalXmlChar(x));
  const name = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,10}$/);
  const dict = fc.dictionary(name, s, { maxKeys: 4, noNullPrototype: true });
  const doc = fc.record(
    {
      serverConfiguration: dict,
      persistentChat: fc.record(
        {
          enabled: fc.boolean(),
          defaultPoolUri: s,
          poolUris: fc.array(fc.stringMatching(/^sip:[a-z]{1,5}@[a-z]{1,5}\.test$/), {
            minLength: 1,
            maxLength: 3,
          }),
          webManagerUriInternal: s,
          webManagerUriExternal: s,
        },
        { requiredKeys: ['enabled'], noNullPrototype: true },
      ),
      otherGroups: fc.array(
        fc.record(
          {
            name: name.filter((n) => n !== 'ServerConfiguration' && n !== 'persistentChatConfiguration'),
            properties: dict,
          },
          { noNullPrototype: true },
        ),
        { minLength: 1, maxLength: 2 },
      ),
    },
    { requiredKeys: [], noNullPrototype: true },
  );
  fc.assert(
    fc.property(doc, (d) => assert.deepEqual(parseProvisioningDocument(buildProvisioningDocument(d)), d)),
    { numRuns: 500 },
  );
});

test('hostile or wrong bodies fail with named kinds', () => {
  const kind = (k: string) => (e: unknown) => e instanceof ProvisioningError && e.kind === k;
  assert.throws(
    () =>
      parseProvisioningDocument(
        '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><provisionGroupList>&e;</provisionGroupList>',
      ),
    kind('not-xml'),
  );
  assert.throws(() => parseProvisioningDocument('<provisioningGroupList/>'), kind('not-provisioning'));
  assert.throws(() => parseProvisioningRequest('<provisionGroupList/>'), kind('not-provisioning'));
  assert.throws(
    () => parseProvisioningRequest('<provisioningGroupList><provisioningGroup/></provisioningGroupList>'),
    kind('bad-property'),
  );
  assert.throws(
    () => buildProvisioningDocument({ serverConfiguration: { 'bad name': 'x' } }),
    kind('bad-property'),
  );
  assert.throws(
    () =>
      buildProvisioningDocument({ otherGroups: [{ name: 'persistentChatConfiguration', properties: {} }] }),
    kind('bad-property'),
  );
  assert.throws(() => parseProvisioningDocument('x'.repeat(600 * 1024)), kind('too-large'));
  // a hostile property name stays data, it never reaches a prototype
  const doc = parseProvisioningDocument(
    '<provisionGroupList><provisionGroup name="x"><propertyEntryList><property name="__proto__">polluted</property></propertyEntryList></provisionGroup></provisionGroupList>',
  );
  assert.equal(Object.getPrototypeOf(doc.otherGroups?.[0]?.properties), Object.prototype);
  assert.equal(doc.otherGroups?.[0]?.properties['__proto__'], 'polluted');
});
