// RFC 4475 torture messages: every valid message parses, every invalid one is refused with the
// expected named error kind (or accepted leniently, with the reason recorded in the fixture).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  SipParseError,
  SipStreamFramer,
  getHeader,
  getHeaderValues,
  getHeaders,
  parseCSeq,
  parseMessage,
  parseNameAddr,
  parseUri,
  parseVia,
  sipStatusForError,
  type SipRequest,
  type SipMessage,
} from '@pchat/protocol';
import { TORTURE, SDP } from './torture-fixtures.js';

function byId(id: string) {
  const c = TORTURE.find((t) => t.id === id);
  if (!c) throw new Error(`no fixture ${id}`);
  return c;
}

for (const c of TORTURE) {
  test(`RFC 4475 §${c.section} ${c.id}: ${c.expect === 'ok' ? 'parses' : 'refused as ' + c.expect}`, () => {
    if (c.expect === 'ok') {
      const m = parseMessage(c.bytes);
      assert.ok(m.kind === 'request' || m.kind === 'response');
    } else {
      assert.throws(
        () => parseMessage(c.bytes),
        (e: unknown) => {
          assert.ok(e instanceof SipParseError, `expected SipParseError, got ${String(e)}`);
          assert.equal(e.kind, c.expect, e.message);
          return true;
        },
      );
    }
  });
}

test('wsinv: folding, LWS around colons and slashes, compact forms', () => {
  const m = parseMessage(byId('wsinv').bytes) as SipRequest;
  assert.equal(m.method, 'INVITE');
  assert.equal(m.uri, 'sip:vivekg@chair-dnrc.example.com;unknownparam');
  const to = parseNameAddr(getHeader(m, 'to')!);
  assert.equal(to.params.get('tag'), '1918181833n');
  const from = parseNameAddr(getHeader(m, 'From')!);
  assert.equal(from.displayName, 'J Rosenberg \\"');
  assert.equal(from.params.get('tag'), '98asjd8');
  assert.deepEqual(parseCSeq(getHeader(m, 'CSeq')!), { seq: 9, method: 'INVITE' });
  const vias = getHeaderValues(m, 'Via').map(parseVia);
  assert.equal(vias.length, 3);
  assert.equal(vias[0]!.transport, 'UDP');
  assert.equal(vias[0]!.branch, '390skdjuw');
  assert.equal(vias[1]!.host, 'spindle.example.com');
  assert.equal(vias[2]!.branch, 'z9hG4bK30239');
  assert.equal(getHeader(m, 'Subject'), '');
  assert.equal(getHeader(m, 'NewFangledHeader'), 'newfangled value continued newfangled value');
  assert.equal(getHeader(m, 'UnknownHeaderWithUnusualValue'), ';;,,;;,;');
  const contact = parseNameAddr(getHeader(m, 'Contact')!);
  assert.equal(contact.displayName, 'Quoted string ""');
  assert.equal(contact.params.get('newparam'), 'newvalue');
  assert.equal(contact.params.get('q'), '0.33');
  assert.equal(contact.params.get('secondparam'), null);
  assert.equal(m.body, SDP);
  assert.equal(m.headers.length, 14);
});

test('intmeth: unusual method, URI user/password, display names with escaped controls, UTF-8', () => {
  const m = parseMessage(byId('intmeth').bytes) as SipRequest;
  assert.equal(m.method, "!interesting-Method0123456789_*+`.%indeed'~");
  const uri = parseUri(m.uri);
  assert.equal(uri.user, "1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*");
  assert.equal(uri.password, "&it+has=1,weird!*pas$wo~d_too.(doesn't-it)");
  assert.equal(uri.host, 'example.com');
  assert.equal(parseNameAddr(getHeader(m, 'To')!).displayName, 'BEL:\x07 NUL:\x00 DEL:\x7f');
  const from = parseNameAddr(getHeader(m, 'From')!);
  assert.equal(from.displayName, "token1~` token2'+_ token3*%!.-");
  assert.equal(from.params.get("fromparam''~+*_!.-%"), 'работающий');
  assert.equal(getHeader(m, "extensionHeader-!.%*+_`'~"), '\ufeff大停電');
});

test('esc01 / escnull / esc02: escapes are kept as written', () => {
  const m = parseMessage(byId('esc01').bytes) as SipRequest;
  assert.equal(parseUri(m.uri).user, 'sips%3Auser%40example.com');
  assert.equal(getHeader(m, 'i'), 'esc01.239409asdfakjkn23onasd0-3234');
  const contact = parseNameAddr(getHeader(m, 'Contact')!);
  assert.equal(contact.uri.params.get('%6c%72'), null);
  const n = parseMessage(byId('escnull').bytes);
  assert.equal(getHeaders(n, 'Contact').length, 2);
  const e2 = parseMessage(byId('esc02').bytes) as SipRequest;
  assert.equal(e2.method, 'RE%47IST%45R');
  assert.equal(getHeaderValues(e2, 'Contact').length, 4);
});

test('longreq: 34 Vias under every spelling of Via', () => {
  const m = parseMessage(byId('longreq').bytes);
  assert.equal(getHeaderValues(m, 'via').length, 34);
  assert.equal(parseNameAddr(getHeader(m, 'f')!).params.get('tag'), '12' + '982'.repeat(50) + '424');
});

test('dblreq: whole-message parse takes the first; the stream framer yields both', () => {
  const bytes = byId('dblreq').bytes;
  assert.equal((parseMessage(bytes) as SipRequest).method, 'REGISTER');
  const ev = new SipStreamFramer().push(bytes);
  const msgs = ev
    .filter((e) => e.type === 'message')
    .map((e) => (e as { message: SipMessage }).message as SipRequest);
  assert.deepEqual(
    msgs.map((x) => x.method),
    ['REGISTER', 'INVITE'],
  );
  assert.equal(msgs[1]!.body, SDP);
});

test('semiuri: user part with ";"', () => {
  const m = parseMessage(byId('semiuri').bytes) as SipRequest;
  const uri = parseUri(m.uri);
  assert.equal(uri.user, 'user;par=u%40example.net');
  assert.equal(uri.host, 'example.com');
  assert.equal(getHeaderValues(m, 'Accept').length, 6);
});

test('transports: unknown transports parse', () => {
  const m = parseMessage(byId('transports').bytes);
  assert.deepEqual(
    getHeaderValues(m, 'Via').map((v) => parseVia(v).transport),
    ['UDP', 'SCTP', 'TLS', 'UNKNOWN', 'TCP'],
  );
});

test('unreason / noreason: UTF-8 and empty reason phrases', () => {
  const m = parseMessage(byId('unreason').bytes);
  assert.ok(m.kind === 'response' && m.reason.startsWith('= 2**3 * 5**2 но'));
  const n = parseMessage(byId('noreason').bytes);
  assert.ok(n.kind === 'response' && n.status === 100 && n.reason === '');
});

test('regbadct: a Contact addr-spec with "?" is refused by parseNameAddr', () => {
  const m = parseMessage(byId('regbadct').bytes);
  assert.throws(
    () => parseNameAddr(getHeader(m, 'Contact')!),
    (e: unknown) => e instanceof SipParseError && e.kind === 'bad-name-addr',
  );
  const ok = parseMessage(byId('regescrt').bytes);
  assert.equal(parseNameAddr(getHeader(ok, 'm')!).uri.headers.get('Route'), '%3Csip:sip.example.com%3E');
});

test('unkscm / novelsc / unksm2: unknown schemes are opaque URIs', () => {
  const m = parseMessage(byId('unkscm').bytes) as SipRequest;
  const u = parseUri(m.uri);
  assert.equal(u.scheme, 'nobodyknowsthisscheme');
  assert.equal(u.opaque, 'totallyopaquecontent');
  assert.equal(parseUri((parseMessage(byId('novelsc').bytes) as SipRequest).uri).scheme, 'soap.beep');
  const m2 = parseMessage(byId('unksm2').bytes);
  assert.equal(parseNameAddr(getHeader(m2, 'To')!).uri.scheme, 'isbn');
});

test('invalid messages map to the status a server answers with', () => {
  const status = (id: string) => {
    try {
      parseMessage(byId(id).bytes);
    } catch (e) {
      if (e instanceof SipParseError) return sipStatusForError(e).status;
    }
    return 0;
  };
  assert.equal(status('badvers'), 505);
  assert.equal(status('insuf'), 400);
  assert.equal(status('badinv01'), 400);
  assert.equal(status('mismatch01'), 400);
});

test('invalid requests keep a partial message to answer with', () => {
  for (const id of ['badvers', 'insuf', 'mismatch01', 'badinv01', 'quotbal', 'multi01']) {
    try {
      parseMessage(byId(id).bytes);
      assert.fail(`${id} parsed`);
    } catch (e) {
      assert.ok(e instanceof SipParseError);
      assert.equal(e.partial?.kind, 'request', id);
    }
  }
});

test('inv2543: no branch, no Content-Length; the body is the rest of the datagram', () => {
  const m = parseMessage(byId('inv2543').bytes);
  assert.equal(parseVia(getHeader(m, 'Via')!).branch, null);
  assert.equal(m.body, SDP);
});
