// Malformed XCCOS is answered with an error reply (correlated by envid when it could be read), and the
// session and the room carry on: bad XML, DOCTYPE/entity tricks, unknown commands, wrong room URIs,
// oversized bodies and messages.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { COMMAND_TYPES, encodeCommandEnvelope, XCCOS_NS } from '@pchat/protocol';
import { COMMANDS } from '../../src/chat/commands/table.js';
import { Kit, type Client } from './kit.js';

const env = (envid: string, payload: string): string =>
  `<xccos ver="1" envid="${envid}" xmlns="${XCCOS_NS}">${payload}</xccos>`;

describe('malformed XCCOS', () => {
  let kit: Kit;
  let alice: Client;
  let bob: Client;
  before(async () => {
    kit = await Kit.create({ config: { messageSizeLimit: 50 } });
    alice = await kit.connect('alice');
    bob = await kit.connect('bob');
    await alice.join(kit.world.open);
    await bob.join(kit.world.open);
  });
  after(() => kit.close());

  /** After each refusal, the session still works and the room still delivers. */
  async function stillWorks(): Promise<void> {
    bob.clear();
    await alice.post(kit.world.open, 'still alive');
    assert.deepEqual(bob.texts(), ['still alive']);
    assert.equal(alice.closedWith, null);
  }

  const cases: Array<[string, string, RegExp, number, string | undefined]> = [
    ['not XML at all', 'hello there', /^ERR_BAD_REQUEST: /, 400, undefined],
    [
      'unclosed element',
      env('7', '<cmd id="cmd:join" seqid="1"><data>'),
      /^ERR_BAD_REQUEST: /,
      400,
      undefined,
    ],
    [
      'billion laughs DOCTYPE',
      `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>${env('8', '<cmd id="cmd:requri" seqid="1"><data>&lol2;</data></cmd>')}`,
      /^ERR_BAD_REQUEST: /,
      400,
      undefined,
    ],
    [
      'XXE entity',
      `<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${env('9', '<cmd id="cmd:chansrch" seqid="1"><data><qib qtype="BYNAME" criteria="&xxe;"/></data></cmd>')}`,
      /^ERR_BAD_REQUEST: /,
      400,
      undefined,
    ],
    [
      'undeclared entity',
      env('10', '<cmd id="cmd:chansrch" seqid="1"><data><qib qtype="BYNAME" criteria="&foo;"/></data></cmd>'),
      /^ERR_BAD_REQUEST: /,
      400,
      undefined,
    ],
    [
      'wrong namespace',
      '<xccos ver="1" envid="11" xmlns="urn:other"><cmd id="cmd:requri" seqid="1"><data/></cmd></xccos>',
      /^ERR_BAD_REQUEST: /,
      400,
      undefined,
    ],
    [
      'two commands in one envelope',
      env('12', '<cmd id="cmd:requri" seqid="1"><data/></cmd><cmd id="cmd:requri" seqid="1"><data/></cmd>'),
      /^ERR_BAD_REQUEST: /,
      400,
      '12',
    ],
  ];
  for (const [name, body, text, code, envid] of cases) {
    it(`${name}: an error reply, the session carries on`, async () => {
      alice.clear();
      await alice.sendRaw(body);
      const r = alice.lastRaw();
      assert.equal(r.code, code);
      assert.match(r.text, text);
      assert.equal(r.envid, envid);
      await stillWorks();
    });
  }

  it('an unknown command gets a correlated rpl with its own id', async () => {
    alice.clear();
    await alice.sendRaw(env('4242', '<cmd id="cmd:frobnicate" seqid="1"><data/></cmd>'));
    const r = alice.lastRaw();
    assert.deepEqual(
      { id: r.id, envid: r.envid, code: r.code },
      { id: 'rpl:frobnicate', envid: '4242', code: 501 },
    );
    await stillWorks();
  });

  it('every command the codec knows has a row in the command table (none is answered MsgNotSupported)', async () => {
    // The runner still answers a codec command without a row MsgNotSupported, correlated; today none is left.
    assert.deepEqual(
      COMMAND_TYPES.filter((t) => COMMANDS[t] === undefined),
      [],
    );
    alice.clear();
    await alice.sendRaw(encodeCommandEnvelope(77, { type: 'pchat-getaddins' }));
    const r = alice.lastRaw();
    assert.deepEqual(
      { id: r.id, envid: r.envid, code: r.code },
      { id: 'rpl:pchat-getaddins', envid: '77', code: 200 },
    );
  });

  it('missing arguments and malformed room URIs', async () => {
    alice.clear();
    await alice.sendRaw(env('501', '<cmd id="cmd:join" seqid="1"><data/></cmd>'));
    assert.deepEqual(
      [alice.lastRaw().id, alice.lastRaw().envid, alice.lastRaw().code],
      ['rpl:join', '501', 400],
    );
    await alice.sendRaw(
      env('502', '<cmd id="cmd:part" seqid="1"><data><chanib uri="http://example.test/room"/></data></cmd>'),
    );
    assert.match(alice.lastRaw().text, /^ERR_BAD_URI: /);
    await alice.sendRaw(
      env(
        '503',
        `<grpchat id="grpchat" seqid="1" chanUri="ma-chan://example.test/" author="${alice.uri}" ts="2026-01-01T00:00:00Z"><chat>x</chat></grpchat>`,
      ),
    );
    assert.deepEqual([alice.lastRaw().id, alice.lastRaw().envid], ['rpl:grpchat', '503']);
    assert.match(alice.lastRaw().text, /^ERR_BAD_URI: /);
    await alice.sendRaw(
      env(
        '504',
        `<grpchat id="grpchat" seqid="1" chanUri="ma-chan://elsewhere.test/${kit.world.open.id}" author="${alice.uri}" ts="2026-01-01T00:00:00Z"><chat>x</chat></grpchat>`,
      ),
    );
    assert.match(alice.lastRaw().text, /^NoSuchNode: /);
    await alice.sendRaw(
      env(
        '505',
        `<cmd id="cmd:bccontext" seqid="1"><data><chanib uri="${kit.world.open.uri}"/><bcq><last cnt="many"/></bcq></data></cmd>`,
      ),
    );
    assert.match(alice.lastRaw().text, /^ERR_BAD_ARGUMENT: /);
    await stillWorks();
  });

  it('oversized: a body past the codec limit, and a message past MessageSizeLimit', async () => {
    alice.clear();
    await alice.sendRaw(
      env(
        '601',
        `<grpchat id="grpchat" seqid="1" chanUri="${kit.world.open.uri}" author="${alice.uri}" ts="2026-01-01T00:00:00Z"><chat>${'a'.repeat(600 * 1024)}</chat></grpchat>`,
      ),
    );
    assert.equal(alice.lastRaw().code, 413);
    await alice.post(kit.world.open, 'b'.repeat(51));
    assert.equal(alice.lastRaw().code, 413);
    assert.match(alice.lastRaw().text, /^LimitExceeded: /);
    await stillWorks();
  });

  it('an unexpected failure is logged with an id and answered as a generic server error', async () => {
    const { mapErrorToResp } = await import('../../src/chat/index.js');
    const logged: unknown[] = [];
    const log = {
      error: (o: unknown) => logged.push(o),
      warn: () => undefined,
      info: () => undefined,
      debug: () => undefined,
    };
    const r = mapErrorToResp(new Error('secret internals: password=hunter2'), log as never);
    assert.equal(r.code, 500);
    assert.doesNotMatch(r.text, /hunter2/);
    const id = /error id ([0-9a-f-]{36})/.exec(r.text)?.[1];
    assert.ok(id);
    assert.equal((logged[0] as { errorId: string }).errorId, id);
  });
});
