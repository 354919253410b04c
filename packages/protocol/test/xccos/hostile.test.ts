// Hostile and malformed input: every case must fail with a named XccosError kind, never expand an
// entity, never read a file, and never throw anything anonymous.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  decodeCommandEnvelope,
  decodeServerEnvelope,
  encodeCommandEnvelope,
  encodeErrorReplyEnvelope,
  parseXml,
  XccosError,
  type XccosErrorKind,
} from '../../src/xccos/index.js';

const ENV = (payload: string, envid = '41'): string =>
  `<xccos ver="1" envid="${envid}" xmlns="urn:parlano:xml:ns:xccos">${payload}</xccos>`;

function fails(
  body: string,
  kind: XccosErrorKind,
  extra?: { envid?: string; commandId?: string },
): XccosError {
  let caught: unknown;
  try {
    decodeCommandEnvelope(body);
  } catch (e) {
    caught = e;
  }
  assert.ok(
    caught instanceof XccosError,
    `expected an XccosError for ${body.slice(0, 80)}, got ${String(caught)}`,
  );
  assert.equal(caught.kind, kind, caught.message);
  if (extra?.envid !== undefined) assert.equal(caught.envid, extra.envid);
  if (extra?.commandId !== undefined) assert.equal(caught.commandId, extra.commandId);
  return caught;
}

test('billion laughs is refused before parsing', () => {
  const bomb =
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">' +
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>' +
    ENV('<cmd id="cmd:requri" seqid="1"><data>&lol3;</data></cmd>');
  fails(bomb, 'doctype-forbidden');
});

test('XXE with an external SYSTEM entity is refused', () => {
  fails(
    '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>' +
      ENV('<cmd id="cmd:requri" seqid="1"><data>&xxe;</data></cmd>'),
    'doctype-forbidden',
  );
  fails('<!doctype xccos>' + ENV('<cmd id="cmd:requri" seqid="1"><data/></cmd>'), 'doctype-forbidden');
  fails(
    '<!DOCTYPE xccos SYSTEM "http://evil.test/x.dtd">' + ENV('<cmd id="cmd:requri" seqid="1"><data/></cmd>'),
    'doctype-forbidden',
  );
});

test('an undeclared entity is not XML (only the five predefined ones and numeric references exist)', () => {
  fails(ENV('<cmd id="cmd:requri" seqid="1"><data>&nbsp;</data></cmd>'), 'not-xml');
  // the predefined ones and numeric references work
  const { command } = decodeCommandEnvelope(
    ENV(
      '<grpchat id="grpchat" seqid="1" chanUri="ma-chan://d.test/r" author="sip:a@d.test" ts="2020-01-01T00:00:00Z"><chat>&lt;&gt;&amp;&quot;&apos;&#65;&#x42;</chat></grpchat>',
    ),
  );
  assert.equal(command.type === 'grpchat' && command.message.text, '<>&"\'AB');
});

test('a second root is refused', () => {
  fails(
    ENV('<cmd id="cmd:requri" seqid="1"><data/></cmd>') + ENV('<cmd id="cmd:part" seqid="1"><data/></cmd>'),
    'not-xml',
  );
  fails(ENV('<cmd id="cmd:requri" seqid="1"><data/></cmd>') + 'trailing text', 'not-xml');
});

test('an unknown command id fails as unknown-command but still carries the command id and envid', () => {
  const e = fails(ENV('<cmd id="cmd:frobnicate" seqid="1"><data/></cmd>', '777'), 'unknown-command', {
    envid: '777',
    commandId: 'cmd:frobnicate',
  });
  // ...so the server can answer with a correlated error reply
  assert.equal(
    encodeErrorReplyEnvelope(9, {
      commandId: e.commandId ?? '',
      commandEnvid: e.envid ?? '',
      code: 501,
      text: 'ERR_NOT_IMPLEMENTED',
    }),
    ENV(
      '<rpl id="rpl:frobnicate" seqid="1"><commandid seqid="1" envid="777"/><resp code="501">ERR_NOT_IMPLEMENTED</resp></rpl>',
      '9',
    ),
  );
  fails(ENV('<cmd id="grpchat" seqid="1"><data/></cmd>'), 'unknown-command');
  fails(ENV('<cmd id="nocolon" seqid="1"><data/></cmd>'), 'unknown-command');
});

test('missing attributes and elements fail as missing-argument, with context', () => {
  fails(
    ENV('<cmd id="cmd:join" seqid="1"><data><chanid key="0" domain="example.test"/></data></cmd>', '5'),
    'missing-argument',
    { envid: '5', commandId: 'cmd:join' },
  );
  fails(ENV('<cmd id="cmd:join" seqid="1"/>'), 'missing-argument', { commandId: 'cmd:join' });
  fails(
    ENV('<cmd id="cmd:bccontext" seqid="1"><data><chanib uri="ma-chan://d.test/r"/></data></cmd>'),
    'missing-argument',
  );
  fails(ENV('<cmd id="cmd:getinv" seqid="1"><data><inv domain="d.test"/></data></cmd>'), 'missing-argument');
  fails(ENV('<cmd seqid="1"><data/></cmd>', '6'), 'missing-argument', { envid: '6' });
  fails(
    ENV(
      '<grpchat id="grpchat" seqid="1" chanUri="ma-chan://d.test/r" ts="2020-01-01T00:00:00Z"><chat>x</chat></grpchat>',
    ),
    'missing-argument',
    { commandId: 'grpchat' },
  );
});

test('malformed values fail as bad-argument', () => {
  fails(
    ENV(
      '<cmd id="cmd:bccontext" seqid="1"><data><chanib uri="ma-chan://d.test/r"/><bcq><last cnt="many"/></bcq></data></cmd>',
    ),
    'bad-argument',
  );
  fails(
    ENV(
      '<cmd id="cmd:chansrch" seqid="1"><data><qib qtype="BYNAME" criteria="" extended="perhaps"/></data></cmd>',
    ),
    'bad-argument',
  );
  fails(ENV('<cmd id="cmd:chansrch" seqid="1"><data><qib qtype="BYMOOD"/></data></cmd>'), 'bad-argument');
  fails(
    ENV(
      '<grpchat id="grpchat" seqid="1" chanUri="ma-chan://d.test/r" author="sip:a@d.test" ts="yesterday"><chat>x</chat></grpchat>',
    ),
    'bad-argument',
  );
  fails(
    ENV(
      '<grpchat id="grpchat" seqid="1" chanUri="ma-chan://d.test/r" author="sip:a@d.test" ts="2020-02-30T00:00:00Z"><chat>x</chat></grpchat>',
    ),
    'bad-argument',
  );
});

test('wrong URIs fail as bad-uri', () => {
  fails(ENV('<cmd id="cmd:part" seqid="1"><data><chanib uri="http://d.test/r"/></data></cmd>'), 'bad-uri', {
    commandId: 'cmd:part',
  });
  fails(ENV('<cmd id="cmd:part" seqid="1"><data><chanib uri="ma-chan://d.test/"/></data></cmd>'), 'bad-uri');
  fails(ENV('<cmd id="cmd:part" seqid="1"><data><chanib uri="ma-chan://-bad-/r"/></data></cmd>'), 'bad-uri');
  fails(
    ENV('<cmd id="cmd:join" seqid="1"><data><chanid key="0" domain="d .test" value="r"/></data></cmd>'),
    'bad-uri',
  );
  fails(
    ENV(
      '<grpchat id="grpchat" seqid="1" chanUri="ma-chan://d.test/r" author="alice" ts="2020-01-01T00:00:00Z"><chat>x</chat></grpchat>',
    ),
    'bad-uri',
  );
});

test('oversized and too deeply nested bodies fail as too-large', () => {
  const big = ENV(
    `<grpchat id="grpchat" seqid="1" chanUri="ma-chan://d.test/r" author="sip:a@d.test" ts="2020-01-01T00:00:00Z"><chat>${'x'.repeat(600 * 1024)}</chat></grpchat>`,
  );
  fails(big, 'too-large');
  assert.throws(
    () => decodeCommandEnvelope(ENV('<cmd id="cmd:requri" seqid="1"><data/></cmd>'), { maxLength: 20 }),
    (e: unknown) => e instanceof XccosError && e.kind === 'too-large',
  );
  fails(
    ENV('<cmd id="cmd:requri" seqid="1"><data>' + '<a>'.repeat(100) + '</a>'.repeat(100) + '</data></cmd>'),
    'too-large',
  );
});

test('NUL, other C0 controls, lone surrogates and U+FFFE are refused, also as character references', () => {
  for (const bad of ['\u0000', '\u0001', '\u001b', '\ud800', '\uffff', '\ufffe']) {
    fails(
      ENV(
        `<grpchat id="grpchat" seqid="1" chanUri="ma-chan://d.test/r" author="sip:a@d.test" ts="2020-01-01T00:00:00Z"><chat>a${bad}b</chat></grpchat>`,
      ),
      'not-xml',
    );
  }
  for (const ref of ['&#0;', '&#x1;', '&#xFFFE;', '&#xD800;']) {
    fails(
      ENV(
        `<grpchat id="grpchat" seqid="1" chanUri="ma-chan://d.test/r" author="sip:a@d.test" ts="2020-01-01T00:00:00Z"><chat>a${ref}b</chat></grpchat>`,
      ),
      'not-xml',
    );
  }
});

test('not XML, not XCCOS, bad envelopes', () => {
  fails('', 'not-xml');
  fails('hello', 'not-xml');
  fails('<xccos', 'not-xml');
  fails('<xccos ver="1" envid="1"><cmd id="cmd:requri" seqid="1"><data/></cmd></xccos>', 'not-xccos');
  fails('<iq xmlns="urn:parlano:xml:ns:xccos"/>', 'not-xccos');
  fails(
    '<xccos ver="1" xmlns="urn:parlano:xml:ns:xccos"><cmd id="cmd:requri" seqid="1"><data/></cmd></xccos>',
    'bad-envelope',
  );
  fails(
    '<xccos ver="1" envid="x1" xmlns="urn:parlano:xml:ns:xccos"><cmd id="cmd:requri" seqid="1"><data/></cmd></xccos>',
    'bad-envelope',
  );
  fails(ENV('<cmd id="cmd:requri" seqid="1"><data/></cmd>').replace('ver="1"', 'ver="2"'), 'bad-envelope');
  fails(ENV(''), 'bad-envelope');
  fails(
    ENV('<cmd id="cmd:requri" seqid="1"><data/></cmd><cmd id="cmd:requri" seqid="1"><data/></cmd>'),
    'bad-envelope',
  );
  fails(ENV('<rpl id="rpl:join" seqid="1"/>'), 'bad-envelope');
});

test("CDATA is kept as text (ltx's own saxes adapter drops it)", () => {
  const el = parseXml('<chat>a<![CDATA[<b>&amp;</b>]]>c</chat>');
  assert.deepEqual(el.children, ['a', '<b>&amp;</b>', 'c']);
  const { command } = decodeCommandEnvelope(
    ENV(
      '<grpchat id="grpchat" seqid="1" chanUri="ma-chan://d.test/r" author="sip:a@d.test" ts="2020-01-01T00:00:00Z"><chat><![CDATA[1 < 2]]></chat></grpchat>',
    ),
  );
  assert.equal(command.type === 'grpchat' && command.message.text, '1 < 2');
});

test('the SDK decoder refuses hostile server bodies the same way', () => {
  assert.throws(
    () => decodeServerEnvelope('<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><xccos/>'),
    (e: unknown) => e instanceof XccosError && e.kind === 'doctype-forbidden',
  );
  assert.throws(
    () =>
      decodeServerEnvelope(
        ENV(
          '<rpl id="rpl:join" seqid="1"><resp code="200">OK</resp><data><chanib uri="ma-chan://d.test/r" name="R"><aib key="3984" value="9"/></chanib></data></rpl>',
        ),
      ),
    (e: unknown) => e instanceof XccosError && e.kind === 'bad-argument',
  );
});

test('encoders refuse what would produce a malformed envelope or a wrong room id', () => {
  assert.throws(
    () => encodeCommandEnvelope('1"/><x', { type: 'requri' }),
    (e: unknown) => e instanceof XccosError && e.kind === 'bad-envelope',
  );
  assert.throws(
    () => encodeCommandEnvelope(-1, { type: 'requri' }),
    (e: unknown) => e instanceof XccosError && e.kind === 'bad-envelope',
  );
  assert.throws(
    () => encodeCommandEnvelope(1, { type: 'join', uri: 'room1' }),
    (e: unknown) => e instanceof XccosError && e.kind === 'bad-uri',
  );
});
