// Fixtures: literal XCCOS bodies from the pidgin-sipe wire transcript
// (packages/protocol/test/sip/fixtures/transcript-open.txt, pidgin-sipe 1.25.0). Every command the
// client sent must decode to the right typed command; every server body we encode for the same exchange
// must be byte-for-byte what the client was shown to accept (docs/xccos.md §3, §4).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  decodeCommandEnvelope,
  decodeServerEnvelope,
  encodeReplyEnvelope,
  encodeServerEnvelope,
  encodeBroadcast,
  okReply,
  encodeCommandEnvelope,
} from '../../src/xccos/index.js';

const ENV = (envid: number, payload: string): string =>
  `<xccos ver="1" envid="${envid}" xmlns="urn:parlano:xml:ns:xccos">${payload}</xccos>`;

const C = {
  requri: ENV(207543221, '<cmd id="cmd:requri" seqid="1"><data/></cmd>'),
  getinv: ENV(
    207543222,
    '<cmd id="cmd:getinv" seqid="1"><data><inv inviteId="1" domain="example.test"/></data></cmd>',
  ),
  chansrch: ENV(
    207543223,
    '<cmd id="cmd:chansrch" seqid="1"><data><qib qtype="BYNAME" criteria="" extended="false"/></data></cmd>',
  ),
  join: ENV(
    207543224,
    '<cmd id="cmd:join" seqid="1"><data><chanid key="0" domain="example.test" value="room1"/></data></cmd>',
  ),
  bccontext: ENV(
    207543225,
    '<cmd id="cmd:bccontext" seqid="1"><data><chanib uri="ma-chan://example.test/room1"/><bcq><last cnt="25"/></bcq></data></cmd>',
  ),
  grpchat: ENV(
    207543226,
    '<grpchat id="grpchat" seqid="1" chanUri="ma-chan://example.test/room1" author="sip:alice@example.test" ts="2026-11-21T22:22:51Z"><chat>hello  &amp; co</chat></grpchat>',
  ),
  part: ENV(
    207543227,
    '<cmd id="cmd:part" seqid="1"><data><chanib uri="ma-chan://example.test/room1"/></data></cmd>',
  ),
  // From the command table of docs/xccos.md §3 (bjoin is sent only with queued rooms; not in this
  // transcript).
  bjoin: ENV(
    9,
    '<cmd id="cmd:bjoin" seqid="1"><data><chanid key="0" domain="d.test" value="room1"/><chanid key="1" domain="d.test" value="room2"/></data></cmd>',
  ),
};

test('every command pidgin-sipe sends decodes to its typed command', () => {
  assert.deepEqual(decodeCommandEnvelope(C.requri), { envid: '207543221', command: { type: 'requri' } });
  assert.deepEqual(decodeCommandEnvelope(C.getinv).command, {
    type: 'getinv',
    inviteId: 1,
    domain: 'example.test',
  });
  assert.deepEqual(decodeCommandEnvelope(C.chansrch).command, {
    type: 'chansrch',
    query: { qtype: 'BYNAME', criteria: '', extended: false },
  });
  assert.deepEqual(decodeCommandEnvelope(C.join).command, {
    type: 'join',
    uri: 'ma-chan://example.test/room1',
  });
  assert.deepEqual(decodeCommandEnvelope(C.bjoin).command, {
    type: 'bjoin',
    uris: ['ma-chan://d.test/room1', 'ma-chan://d.test/room2'],
  });
  assert.deepEqual(decodeCommandEnvelope(C.bccontext).command, {
    type: 'bccontext',
    uri: 'ma-chan://example.test/room1',
    count: 25,
  });
  assert.deepEqual(decodeCommandEnvelope(C.part).command, {
    type: 'part',
    uri: 'ma-chan://example.test/room1',
  });
  assert.deepEqual(decodeCommandEnvelope(C.grpchat), {
    envid: '207543226',
    command: {
      type: 'grpchat',
      message: {
        chanUri: 'ma-chan://example.test/room1',
        author: 'sip:alice@example.test',
        ts: new Date('2026-11-21T22:22:51Z'),
        text: 'hello  & co',
      },
    },
  });
});

test('the SDK encodes the pidgin-sipe commands byte for byte as pidgin-sipe does', () => {
  for (const body of Object.values(C)) {
    const { envid, command } = decodeCommandEnvelope(body);
    assert.equal(encodeCommandEnvelope(envid, command), body);
  }
});

test('replies are encoded exactly as the transcript shows pidgin-sipe accepting them', () => {
  assert.equal(
    encodeReplyEnvelope(5, okReply('requri', '207543221', { uri: 'sip:chatsrv@example.test' })),
    ENV(
      5,
      '<rpl id="rpl:requri" seqid="1"><commandid seqid="1" envid="207543221"/><resp code="200">SUCCESS_OK</resp><data><uib uri="sip:chatsrv@example.test"/></data></rpl>',
    ),
  );
  assert.equal(
    encodeReplyEnvelope(8, okReply('getinv', '207543222', { invitations: [] })),
    ENV(
      8,
      '<rpl id="rpl:getinv" seqid="1"><commandid seqid="1" envid="207543222"/><resp code="200">SUCCESS_OK</resp><data></data></rpl>',
    ),
  );
  assert.equal(
    encodeReplyEnvelope(
      10,
      okReply('chansrch', '207543223', {
        rooms: [
          {
            name: 'Room One',
            description: 'canned room',
            uri: 'ma-chan://example.test/room1',
            userCount: 2,
            logged: true,
          },
        ],
      }),
    ),
    ENV(
      10,
      '<rpl id="rpl:chansrch" seqid="1"><commandid seqid="1" envid="207543223"/><resp code="200">SUCCESS_OK</resp><data><chanib name="Room One" description="canned room" uri="ma-chan://example.test/room1"><info id="urn:parlano:ma:info:ucnt">2</info><prop id="urn:parlano:ma:prop:logged">true</prop></chanib></data></rpl>',
    ),
  );
  assert.equal(
    encodeReplyEnvelope(
      12,
      okReply('join', '207543224', {
        rooms: [
          {
            uri: 'ma-chan://example.test/room1',
            name: 'Room One',
            topic: 'canned topic',
            members: ['sip:bob@example.test'],
            managers: ['sip:carol@example.test'],
          },
        ],
      }),
    ),
    ENV(
      12,
      '<rpl id="rpl:join" seqid="1"><commandid seqid="1" envid="207543224"/><resp code="200">SUCCESS_OK</resp><data><uib id="1" uri="sip:bob@example.test"/><uib id="2" uri="sip:carol@example.test"/><chanib uri="ma-chan://example.test/room1" name="Room One" topic="canned topic"><aib key="3984" value="1"/><aib key="12276" value="2"/></chanib></data></rpl>',
    ),
  );
  assert.equal(
    encodeReplyEnvelope(
      14,
      okReply('bccontext', '207543225', {
        uri: 'ma-chan://example.test/room1',
        messages: [
          {
            chanUri: 'ma-chan://example.test/room1',
            author: 'sip:carol@example.test',
            ts: new Date('2020-01-01T10:00:00Z'),
            text: 'history line 1',
          },
        ],
      }),
    ),
    ENV(
      14,
      '<rpl id="rpl:bccontext" seqid="1"><commandid seqid="1" envid="207543225"/><resp code="200">SUCCESS_OK</resp><data><chanib uri="ma-chan://example.test/room1"><msg id="grpchat" chanUri="ma-chan://example.test/room1" author="sip:carol@example.test" ts="2020-01-01T10:00:00Z"><chat>history line 1</chat></msg></chanib></data></rpl>',
    ),
  );
  assert.equal(
    encodeReplyEnvelope(24, okReply('part', '207543227', { uri: 'ma-chan://example.test/room1' })),
    ENV(
      24,
      '<rpl id="rpl:part" seqid="1"><commandid seqid="1" envid="207543227"/><resp code="200">SUCCESS_OK</resp><data><chanib uri="ma-chan://example.test/room1"/></data></rpl>',
    ),
  );
});

test('notices and live messages are encoded exactly as the transcript shows', () => {
  assert.equal(
    encodeBroadcast(16, {
      chanUri: 'ma-chan://example.test/room1',
      author: 'sip:bob@example.test',
      ts: new Date('2026-11-21T22:22:48Z'),
      text: 'live hello from bob',
    }),
    ENV(
      16,
      '<grpchat id="grpchat" seqid="1" chanUri="ma-chan://example.test/room1" author="sip:bob@example.test" ts="2026-11-21T22:22:48Z"><chat>live hello from bob</chat></grpchat>',
    ),
  );
  assert.equal(
    encodeServerEnvelope(18, [
      {
        kind: 'notice',
        notice: {
          type: 'join',
          user: 'sip:dave@example.test',
          rooms: [{ uri: 'ma-chan://example.test/room1', manager: false }],
        },
      },
    ]),
    ENV(
      18,
      '<ntc id="ntc:join" seqid="1"><data><uib uri="sip:dave@example.test"><aib key="3984" domain="example.test" value="room1"/></uib></data></ntc>',
    ),
  );
  assert.equal(
    encodeServerEnvelope(20, [
      {
        kind: 'notice',
        notice: { type: 'part', uri: 'ma-chan://example.test/room1', users: ['sip:dave@example.test'] },
      },
    ]),
    ENV(
      20,
      '<ntc id="ntc:part" seqid="1"><data><chanib uri="ma-chan://example.test/room1"><uib uri="sip:dave@example.test"/></chanib></data></ntc>',
    ),
  );
  // The echo of alice's own post: the client's grpchat, re-enveloped with the server's envid.
  const { command } = decodeCommandEnvelope(C.grpchat);
  assert.equal(command.type, 'grpchat');
  if (command.type === 'grpchat')
    assert.equal(encodeBroadcast(22, command.message), C.grpchat.replace('envid="207543226"', 'envid="22"'));
});

test('the SDK decodes what the stub server sent', () => {
  const join = decodeServerEnvelope(
    ENV(
      12,
      '<rpl id="rpl:join" seqid="1"><commandid seqid="1" envid="207543224"/><resp code="200">SUCCESS_OK</resp><data><uib id="1" uri="sip:bob@example.test"/><uib id="2" uri="sip:carol@example.test"/><chanib uri="ma-chan://example.test/room1" name="Room One" topic="canned topic"><aib key="3984" value="1"/><aib key="12276" value="2"/></chanib></data></rpl>',
    ),
  );
  assert.deepEqual(join.items, [
    {
      kind: 'reply',
      reply: {
        type: 'join',
        code: 200,
        text: 'SUCCESS_OK',
        commandEnvid: '207543224',
        data: {
          rooms: [
            {
              uri: 'ma-chan://example.test/room1',
              name: 'Room One',
              topic: 'canned topic',
              members: ['sip:bob@example.test'],
              managers: ['sip:carol@example.test'],
            },
          ],
        },
      },
    },
  ]);
  const several = decodeServerEnvelope(
    ENV(
      30,
      '<rpl id="rpl:getservinfo" seqid="1"><resp code="200">SUCCESS_OK</resp><data><sib infoType="123" serverTime="2010-09-14T14:26:17.6206356Z" searchLimit="999" messageSizeLimit="512" storySizeLimit="4096" rootUri="ma-cat://d.test/3ea3a5a8" dbVersion="3ea3a5a8-ef36-46cf-898f-7a5133931d63"/></data></rpl><rpl id="rpl:whatever" seqid="1"/>',
    ),
  );
  assert.deepEqual(several.items[0], {
    kind: 'reply',
    reply: {
      type: 'getserverinfo',
      code: 200,
      text: 'SUCCESS_OK',
      data: {
        infoType: '123',
        serverTime: new Date('2010-09-14T14:26:17.620Z'),
        searchLimit: 999,
        messageSizeLimit: 512,
        storySizeLimit: 4096,
        rootUri: 'ma-cat://d.test/3ea3a5a8',
        dbVersion: '3ea3a5a8-ef36-46cf-898f-7a5133931d63',
      },
    },
  });
  assert.deepEqual(several.items[1], { kind: 'unknown', element: 'rpl', id: 'rpl:whatever' });
  assert.deepEqual(decodeServerEnvelope(ENV(31, '<ntc id="ntc:roomchanged" seqid="1"/><foo/>')).items, [
    { kind: 'unknown', element: 'ntc', id: 'ntc:roomchanged' },
    { kind: 'unknown', element: 'foo' },
  ]);
});

test('an error reply carries resp code and text and no data; a missing resp code reads as 500', () => {
  const body = encodeReplyEnvelope(3, {
    type: 'join',
    commandEnvid: '77',
    code: 404,
    text: 'No such room: ma-chan://d.test/x',
  });
  assert.equal(
    body,
    ENV(
      3,
      '<rpl id="rpl:join" seqid="1"><commandid seqid="1" envid="77"/><resp code="404">No such room: ma-chan://d.test/x</resp></rpl>',
    ),
  );
  assert.deepEqual(decodeServerEnvelope(body).items[0], {
    kind: 'reply',
    reply: { type: 'join', commandEnvid: '77', code: 404, text: 'No such room: ma-chan://d.test/x' },
  });
  assert.deepEqual(decodeServerEnvelope(ENV(4, '<rpl id="rpl:part" seqid="1"/>')).items[0], {
    kind: 'reply',
    reply: { type: 'part', code: 500, text: '' },
  });
});
