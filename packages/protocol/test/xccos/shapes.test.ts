// Literal wire shapes of the commands, replies and notices beyond pidgin-sipe's set, as documented in
// docs/protocol-notes.md. Round-trip tests prove the two ends agree; these pin what the wire looks like.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  encodeCommand,
  encodeReply,
  encodeNotice,
  encodeGrpchat,
  okReply,
  decodeCommandEnvelope,
  decodeServerEnvelope,
  wrapEnvelope,
  XccosError,
  type XccosCommand,
} from '../../src/xccos/index.js';

test('commands: literal shapes', () => {
  const cases: [XccosCommand, string][] = [
    [
      { type: 'getserverinfo', domain: 'example.test', infoType: '123' },
      '<cmd id="cmd:getserverinfo" seqid="1"><data><sib domain="example.test" infoType="123"/></data></cmd>',
    ],
    [
      { type: 'getassociations', role: 'manager' },
      '<cmd id="cmd:getassociations" seqid="1"><data><assoc role="manager"/></data></cmd>',
    ],
    [
      {
        type: 'chansrch',
        query: { qtype: 'BYCAT', categoryUri: 'ma-cat://example.test/c1' },
        maxResults: 100,
      },
      '<cmd id="cmd:chansrch" seqid="1"><data><qib qtype="BYCAT" criteria="ma-cat://example.test/c1" maxResults="100"/></data></cmd>',
    ],
    [
      { type: 'chansrch', query: { qtype: 'BYINV', lastInviteId: 7 } },
      '<cmd id="cmd:chansrch" seqid="1"><data><qib qtype="BYINV" lastInviteId="7"/></data></cmd>',
    ],
    [
      { type: 'chansrch', query: { qtype: 'MANAGED' } },
      '<cmd id="cmd:chansrch" seqid="1"><data><qib qtype="MANAGED"/></data></cmd>',
    ],
    [
      { type: 'bccontext', uri: 'ma-chan://example.test/room1', count: 50, beforeMessageId: '1234' },
      '<cmd id="cmd:bccontext" seqid="1"><data><chanib uri="ma-chan://example.test/room1"/><bcq><last cnt="50" before="1234"/></bcq></data></cmd>',
    ],
    [
      { type: 'getpref', label: 'kedzie.GroupChannels', seqid: 71, createDefault: true },
      '<cmd id="cmd:getpref" seqid="1"><data><pref label="kedzie.GroupChannels" seqid="71" createdefault="true"/></data></cmd>',
    ],
    [
      { type: 'setpref', label: 'kedzie.GroupChannels', seqid: 71, content: 'aGVsbG8=' },
      '<cmd id="cmd:setpref" seqid="1"><data><pref label="kedzie.GroupChannels" seqid="71" createdefault="false" content="aGVsbG8="/></data></cmd>',
    ],
    [{ type: 'nodespermcreatechild' }, '<cmd id="cmd:nodespermcreatechild" seqid="1"><data/></cmd>'],
    [
      {
        type: 'pchat-searchhist',
        query: {
          rooms: ['ma-chan://d.test/r'],
          terms: 'deploy friday',
          authors: ['sip:bob@d.test'],
          from: new Date('2026-01-01T00:00:00Z'),
          limit: 20,
          sortReversed: true,
        },
      },
      '<cmd id="cmd:pchat-searchhist" seqid="1"><data><hsq terms="deploy friday" from="2026-01-01T00:00:00Z" sortReversed="true" limit="20"><chanib uri="ma-chan://d.test/r"/><uib uri="sip:bob@d.test"/></hsq></data></cmd>',
    ],
    [
      {
        type: 'pchat-createroom',
        room: {
          name: 'Help Desk',
          categoryUri: 'ma-cat://d.test/it',
          privacy: 'closed',
          members: ['sip:a@d.test'],
          managers: [],
        },
      },
      '<cmd id="cmd:pchat-createroom" seqid="1"><data><chanib name="Help Desk" category="ma-cat://d.test/it" privacy="closed"><role id="member"><uib uri="sip:a@d.test"/></role><role id="manager"></role></chanib></data></cmd>',
    ],
    [
      { type: 'pchat-addrole', uri: 'ma-chan://d.test/r', role: 'presenter', principals: ['sip:a@d.test'] },
      '<cmd id="cmd:pchat-addrole" seqid="1"><data><chanib uri="ma-chan://d.test/r"><role id="presenter"><uib uri="sip:a@d.test"/></role></chanib></data></cmd>',
    ],
  ];
  for (const [c, wire] of cases) {
    assert.equal(encodeCommand(c), wire);
    assert.deepEqual(decodeCommandEnvelope(wrapEnvelope(1, wire)).command, c);
  }
});

test('getassociations without <assoc> reads as member rooms', () => {
  assert.deepEqual(
    decodeCommandEnvelope(wrapEnvelope(1, '<cmd id="cmd:getassociations" seqid="1"><data/></cmd>')).command,
    { type: 'getassociations', role: 'member' },
  );
});

test('replies: literal shapes', () => {
  assert.equal(
    encodeReply(
      okReply('getserverinfo', '9', {
        infoType: '123',
        serverTime: new Date('2026-11-21T23:00:00Z'),
        searchLimit: 999,
        messageSizeLimit: 512,
        storySizeLimit: 4096,
        rootUri: 'ma-cat://example.test/3ea3a5a8',
        dbVersion: '3ea3a5a8-ef36-46cf-898f-7a5133931d63',
        displayName: 'pchat',
        domain: 'example.test',
      }),
    ),
    '<rpl id="rpl:getserverinfo" seqid="1"><commandid seqid="1" envid="9"/><resp code="200">SUCCESS_OK</resp><data><sib infoType="123" serverTime="2026-11-21T23:00:00Z" searchLimit="999" messageSizeLimit="512" storySizeLimit="4096" rootUri="ma-cat://example.test/3ea3a5a8" dbVersion="3ea3a5a8-ef36-46cf-898f-7a5133931d63" displayName="pchat" domain="example.test"/></data></rpl>',
  );
  assert.equal(
    encodeReply(
      okReply('chansrch', undefined, {
        rooms: [
          {
            uri: 'ma-chan://d.test/s',
            name: 'Secret & co',
            visibility: 'private',
            invite: false,
            filepost: true,
          },
        ],
      }),
    ),
    '<rpl id="rpl:chansrch" seqid="1"><resp code="200">SUCCESS_OK</resp><data><chanib name="Secret &amp; co" uri="ma-chan://d.test/s"><info id="urn:parlano:ma:info:visibilty">private</info><prop id="urn:parlano:ma:prop:invite">false</prop><prop id="urn:parlano:ma:prop:filepost">true</prop></chanib></data></rpl>',
  );
  assert.equal(
    encodeReply(
      okReply('bjoin', '3', {
        rooms: [
          { uri: 'ma-chan://d.test/a', name: 'A', members: ['sip:x@d.test', 'sip:y@d.test'], managers: [] },
          { uri: 'ma-chan://d.test/b', name: 'B', members: ['sip:y@d.test'], managers: ['sip:x@d.test'] },
        ],
      }),
    ),
    '<rpl id="rpl:bjoin" seqid="1"><commandid seqid="1" envid="3"/><resp code="200">SUCCESS_OK</resp><data><uib id="1" uri="sip:x@d.test"/><uib id="2" uri="sip:y@d.test"/><chanib uri="ma-chan://d.test/a" name="A"><aib key="3984" value="1,2"/></chanib><chanib uri="ma-chan://d.test/b" name="B"><aib key="3984" value="2"/><aib key="12276" value="1"/></chanib></data></rpl>',
  );
  assert.equal(
    encodeReply(
      okReply('join', '8', {
        rooms: [
          {
            uri: 'ma-chan://d.test/a',
            name: 'A',
            members: ['sip:x@d.test'],
            managers: ['sip:m@d.test'],
            presenters: ['sip:m@d.test'],
            logged: true,
            behavior: 'auditorium',
          },
        ],
      }),
    ),
    '<rpl id="rpl:join" seqid="1"><commandid seqid="1" envid="8"/><resp code="200">SUCCESS_OK</resp><data><uib id="1" uri="sip:x@d.test"/><uib id="2" uri="sip:m@d.test"/><chanib uri="ma-chan://d.test/a" name="A"><aib key="3984" value="1"/><aib key="12276" value="2"/><prop id="urn:pchat:prop:presenters">2</prop><prop id="urn:parlano:ma:prop:logged">true</prop><prop id="urn:pchat:prop:behavior">auditorium</prop></chanib></data></rpl>',
  );
  assert.equal(
    encodeReply(
      okReply('getinv', '4', {
        invitations: [
          {
            inviteId: 2,
            createdOn: new Date('2026-11-20T08:00:00Z'),
            room: { uri: 'ma-chan://d.test/a', name: 'A' },
          },
        ],
      }),
    ),
    '<rpl id="rpl:getinv" seqid="1"><commandid seqid="1" envid="4"/><resp code="200">SUCCESS_OK</resp><data><inv inviteId="2" createdOn="2026-11-20T08:00:00Z"><chanib name="A" uri="ma-chan://d.test/a"></chanib></inv></data></rpl>',
  );
  assert.equal(
    encodeReply(okReply('getpref', '5', {})),
    '<rpl id="rpl:getpref" seqid="1"><commandid seqid="1" envid="5"/><resp code="200">SUCCESS_OK</resp><data></data></rpl>',
  );
  assert.equal(
    encodeReply(
      okReply('pchat-searchhist', '6', {
        results: [{ uri: 'ma-chan://d.test/a', total: 120, exceeded: true, messages: [] }],
      }),
    ),
    '<rpl id="rpl:pchat-searchhist" seqid="1"><commandid seqid="1" envid="6"/><resp code="200">SUCCESS_OK</resp><data><chanib uri="ma-chan://d.test/a" total="120" exceeded="true"></chanib></data></rpl>',
  );
});

test('room versions (PC-28): getroom and create/update replies carry one; updateroom sends the version read', () => {
  const uri = 'ma-chan://d.test/r';
  // rpl:pchat-getroom: the version next to the URI.
  const getroom =
    '<rpl id="rpl:pchat-getroom" seqid="1"><commandid seqid="1" envid="7"/><resp code="200">SUCCESS_OK</resp><data><chanib uri="ma-chan://d.test/r" version="12" name="Help Desk" category="ma-cat://d.test/it" privacy="closed" addin="wiki" disabled="false"><role id="manager"><uib uri="sip:a@d.test"/></role></chanib></data></rpl>';
  const room = {
    uri,
    version: 12,
    name: 'Help Desk',
    categoryUri: 'ma-cat://d.test/it',
    privacy: 'closed' as const,
    addinId: 'wiki',
    disabled: false,
    managers: ['sip:a@d.test'],
  };
  assert.equal(encodeReply(okReply('pchat-getroom', '7', { room })), getroom);
  assert.deepEqual(decodeServerEnvelope(wrapEnvelope(1, getroom)).items, [
    { kind: 'reply', reply: okReply('pchat-getroom', '7', { room }) },
  ]);
  // cmd:pchat-updateroom with the version read, and addin="" (remove the add-in).
  const update: XccosCommand = {
    type: 'pchat-updateroom',
    room: { uri, version: 12, name: 'Help Desk', categoryUri: 'ma-cat://d.test/it', addinId: '' },
  };
  const updateWire =
    '<cmd id="cmd:pchat-updateroom" seqid="1"><data><chanib uri="ma-chan://d.test/r" version="12" name="Help Desk" category="ma-cat://d.test/it" addin=""></chanib></data></cmd>';
  assert.equal(encodeCommand(update), updateWire);
  assert.deepEqual(decodeCommandEnvelope(wrapEnvelope(1, updateWire)).command, update);
  // rpl:pchat-updateroom and rpl:pchat-createroom: the version after the write.
  for (const type of ['pchat-updateroom', 'pchat-createroom'] as const) {
    const wire = `<rpl id="rpl:${type}" seqid="1"><commandid seqid="1" envid="8"/><resp code="200">SUCCESS_OK</resp><data><chanib uri="ma-chan://d.test/r" version="13"/></data></rpl>`;
    assert.equal(encodeReply(okReply(type, '8', { uri, version: 13 })), wire);
    assert.deepEqual(decodeServerEnvelope(wrapEnvelope(1, wire)).items, [
      { kind: 'reply', reply: okReply(type, '8', { uri, version: 13 }) },
    ]);
  }
});

test('room versions: tolerant of their absence (older clients and servers), strict about their form', () => {
  const legacy =
    '<cmd id="cmd:pchat-updateroom" seqid="1"><data><chanib uri="ma-chan://d.test/r" name="R" category="ma-cat://d.test/it"/></data></cmd>';
  assert.deepEqual(decodeCommandEnvelope(wrapEnvelope(1, legacy)).command, {
    type: 'pchat-updateroom',
    room: { uri: 'ma-chan://d.test/r', name: 'R', categoryUri: 'ma-cat://d.test/it' },
  });
  const oldReply =
    '<rpl id="rpl:pchat-updateroom" seqid="1"><resp code="200">SUCCESS_OK</resp><data><chanib uri="ma-chan://d.test/r"/></data></rpl>';
  assert.deepEqual(decodeServerEnvelope(wrapEnvelope(1, oldReply)).items, [
    { kind: 'reply', reply: okReply('pchat-updateroom', undefined, { uri: 'ma-chan://d.test/r' }) },
  ]);
  for (const bad of ['-1', 'seven', '1.5', '']) {
    const wire = `<cmd id="cmd:pchat-updateroom" seqid="1"><data><chanib uri="ma-chan://d.test/r" version="${bad}" name="R" category="ma-cat://d.test/it"/></data></cmd>`;
    assert.throws(
      () => decodeCommandEnvelope(wrapEnvelope(1, wire)),
      (e: unknown) =>
        e instanceof XccosError && e.kind === 'bad-argument' && e.commandId === 'cmd:pchat-updateroom',
      bad,
    );
  }
  // A new room has no version: pchat-createroom never sends one and ignores one it is given.
  const create =
    '<cmd id="cmd:pchat-createroom" seqid="1"><data><chanib version="3" name="R" category="ma-cat://d.test/it"/></data></cmd>';
  assert.deepEqual(decodeCommandEnvelope(wrapEnvelope(1, create)).command, {
    type: 'pchat-createroom',
    room: { name: 'R', categoryUri: 'ma-cat://d.test/it' },
  });
  const withVersion = { name: 'R', categoryUri: 'ma-cat://d.test/it', version: 3 } as unknown as {
    name: string;
    categoryUri: string;
  };
  assert.equal(
    encodeCommand({ type: 'pchat-createroom', room: withVersion }),
    '<cmd id="cmd:pchat-createroom" seqid="1"><data><chanib name="R" category="ma-cat://d.test/it"></chanib></data></cmd>',
  );
});

test('notices and rich messages: literal shapes', () => {
  assert.equal(
    encodeNotice({
      type: 'bjoin',
      user: 'sip:x@d.test',
      rooms: [
        { uri: 'ma-chan://d.test/a', manager: false },
        { uri: 'ma-chan://d.test/b/c', manager: true },
      ],
    }),
    '<ntc id="ntc:bjoin" seqid="1"><data><uib uri="sip:x@d.test"><aib key="3984" domain="d.test" value="a"/><aib key="12276" domain="d.test" value="b/c"/></uib></data></ntc>',
  );
  assert.equal(
    encodeGrpchat({
      chanUri: 'ma-chan://d.test/a',
      author: 'sip:x@d.test',
      ts: new Date('2026-11-21T23:00:00.250Z'),
      messageId: '77',
      alert: true,
      storyTitle: 'Outage',
      text: 'See https://status.test :)\r\nthanks',
      parts: [
        { kind: 'text', text: 'See ' },
        { kind: 'link', text: 'https://status.test', href: 'https://status.test' },
        { kind: 'text', text: ' ' },
        { kind: 'emoticon', text: ':)', name: 'smile' },
        { kind: 'text', text: '\r\nthanks' },
      ],
    }),
    '<grpchat id="grpchat" seqid="1" chanUri="ma-chan://d.test/a" author="sip:x@d.test" ts="2026-11-21T23:00:00.250Z" msgid="77" alert="true"><chat>See https://status.test :)&#13;\nthanks</chat><story title="Outage"/><parts><text>See </text><link href="https://status.test" text="https://status.test"/><text> </text><emoticon name="smile" text=":)"/><text>&#13;\nthanks</text></parts></grpchat>',
  );
});
