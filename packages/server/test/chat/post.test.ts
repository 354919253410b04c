// Posting and history: echo to the author (COMPAT(pidgin-sipe)), auditorium (PC-02), kinds (PC-06), size
// limits (PC-07), order per room under concurrent posts (PC-08), history off (PC-16), bccontext (PC-09)
// and history search (PC-10).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ChatMessage } from '@pchat/protocol';
import { Kit, sip } from './kit.js';

describe('posting', () => {
  let kit: Kit;
  before(async () => {
    kit = await Kit.create({
      config: { messageSizeLimit: 100, storySizeLimit: 400, defaultChatHistory: 5, searchLimit: 3 },
    });
  });
  after(() => kit.close());

  it('a post reaches every joined endpoint, the author included, stamped by the server with its id', async () => {
    const alice = await kit.connect('alice');
    const bob = await kit.connect('bob');
    const carol = await kit.connect('carol'); // not joined: receives nothing
    await alice.join(kit.world.closed);
    await bob.join(kit.world.closed);
    await alice.post(kit.world.closed, 'hello  & <co>', { ts: new Date('2001-01-01T00:00:00Z') });
    for (const c of [alice, bob]) {
      const [m] = c.messages();
      assert.equal(m?.text, 'hello  & <co>');
      assert.equal(m?.author, sip('alice'));
      assert.equal(m?.chanUri, kit.world.closed.uri);
      assert.equal(m?.messageId, '1');
      assert.notEqual(m?.ts.getUTCFullYear(), 2001, 'the server restamps');
    }
    assert.equal(carol.bodies.length, 0);
    // One serialization per broadcast: the very same envelope string went to both sinks.
    assert.equal(alice.bodies.at(-1), bob.bodies.at(-1));
    assert.equal(alice.rawReplies().filter((r) => r.id === 'rpl:grpchat').length, 0, 'no rpl on success');
  });

  it('posting as someone else is refused', async () => {
    const bob = await kit.connect('bob');
    await bob.join(kit.world.closed);
    bob.clear();
    await bob.post(kit.world.closed, 'forged', { author: sip('alice') });
    assert.deepEqual(bob.texts(), []);
    assert.match(bob.lastRaw().text, /^ErrorPermission: /);
    assert.equal(bob.lastRaw().envid, bob.lastEnvid);
  });

  it('auditorium: presenters post, other members read but are refused (PC-02)', async () => {
    const alice = await kit.connect('alice'); // presenter
    const bob = await kit.connect('bob'); // member only
    await alice.join(kit.world.auditorium);
    await bob.join(kit.world.auditorium);
    await bob.post(kit.world.auditorium, 'may I?');
    const r = bob.lastRaw();
    assert.equal(r.id, 'rpl:grpchat');
    assert.equal(r.code, 403);
    assert.match(r.text, /^ErrorPermission: .*auditorium/);
    await alice.post(kit.world.auditorium, 'welcome');
    assert.deepEqual(bob.texts(), ['welcome']);
    assert.deepEqual(alice.texts(), ['welcome']);
  });

  it('alerts and stories keep their kind; size limits come from the effective configuration (PC-07)', async () => {
    const dave = await kit.connect('dave');
    await dave.join(kit.world.open);
    await dave.post(kit.world.open, 'fire!', { alert: true });
    await dave.post(kit.world.open, 'x'.repeat(300), { storyTitle: 'long read' });
    const [alert, story] = dave.messages();
    assert.equal(alert?.alert, true);
    assert.equal(story?.storyTitle, 'long read');
    dave.clear();
    await dave.post(kit.world.open, 'y'.repeat(101));
    assert.equal(dave.lastRaw().code, 413);
    assert.match(dave.lastRaw().text, /^LimitExceeded: /);
    await dave.post(kit.world.open, 'z'.repeat(401), { storyTitle: 'too long' });
    assert.match(dave.lastRaw().text, /^LimitExceeded: /);
    // The session and the room carry on.
    await dave.post(kit.world.open, 'still here');
    assert.deepEqual(dave.texts(), ['still here']);
  });

  it('order per room under concurrent posts: every receiver sees the same order, ids increasing', async () => {
    const room = kit.world.open;
    const posters = await Promise.all(['erin', 'frank', 'gina', 'hank'].map((n) => kit.connect(n)));
    const reader = await kit.connect('alice');
    for (const p of posters) await p.join(room);
    await reader.join(room);
    reader.clear();
    for (const p of posters) p.clear();
    await Promise.all(
      posters.flatMap((p, i) => Array.from({ length: 10 }, (_, k) => p.post(room, `p${i}-${k}`))),
    );
    const seen = reader.messages();
    assert.equal(seen.length, 40);
    const ids = seen.map((m) => Number(m.messageId));
    assert.deepEqual(
      ids,
      [...ids].sort((a, b) => a - b),
    );
    assert.equal(new Set(ids).size, 40);
    for (const p of posters)
      assert.deepEqual(
        p.messages().map((m) => m.messageId),
        seen.map((m) => m.messageId),
      );
    // Each author's own posts keep their order (a session's commands run one after another).
    for (let i = 0; i < 4; i++) {
      const mine = seen.filter((m) => m.text.startsWith(`p${i}-`)).map((m) => m.text);
      assert.deepEqual(
        mine,
        Array.from({ length: 10 }, (_, k) => `p${i}-${k}`),
      );
    }
  });

  it('history off (PC-16): fanned out live, without an id, and never stored', async () => {
    const a = await kit.connect('alice');
    const b = await kit.connect('bob');
    await a.join(kit.world.ephemeral);
    await b.join(kit.world.ephemeral);
    await a.post(kit.world.ephemeral, 'now or never');
    const [m] = b.messages();
    assert.equal(m?.text, 'now or never');
    assert.equal(m?.messageId, undefined);
    assert.equal(await kit.store.messages.count(kit.world.ephemeral.id), 0);
    await b.send({ type: 'bccontext', uri: kit.world.ephemeral.uri, count: 25 });
    assert.deepEqual((b.lastReply('bccontext').data as { messages: unknown[] }).messages, []);
  });
});

describe('history', () => {
  let kit: Kit;
  before(async () => {
    kit = await Kit.create({ config: { defaultChatHistory: 5, searchLimit: 3 } });
  });
  after(() => kit.close());

  const history = (r: { data?: unknown }): ChatMessage[] => (r.data as { messages: ChatMessage[] }).messages;

  it('bccontext: last N capped by DefaultChatHistory, paging back by message id, members only', async () => {
    const alice = await kit.connect('alice');
    await alice.join(kit.world.closed);
    for (let i = 1; i <= 12; i++) await alice.post(kit.world.closed, `m${i} ${i % 2 ? 'odd' : 'even'}`);
    await alice.send({ type: 'bccontext', uri: kit.world.closed.uri, count: 25 });
    const last = history(alice.lastReply('bccontext'));
    assert.deepEqual(
      last.map((m) => m.text),
      ['m8 even', 'm9 odd', 'm10 even', 'm11 odd', 'm12 even'],
    );
    await alice.send({
      type: 'bccontext',
      uri: kit.world.closed.uri,
      count: 3,
      beforeMessageId: last[0]?.messageId as string,
    });
    assert.deepEqual(
      history(alice.lastReply('bccontext')).map((m) => m.messageId),
      ['5', '6', '7'],
    );
    await alice.send({ type: 'bccontext', uri: kit.world.closed.uri, count: 3, beforeMessageId: '1' });
    assert.deepEqual(history(alice.lastReply('bccontext')), []);
    const erin = await kit.connect('erin');
    await erin.send({ type: 'bccontext', uri: kit.world.closed.uri, count: 5 });
    assert.match(erin.lastReply('bccontext').text, /^ErrorPermission: /);
    await erin.send({ type: 'bccontext', uri: kit.world.secret.uri, count: 5 });
    assert.match(erin.lastReply('bccontext').text, /^NoSuchNode: /);
  });

  it('history search (PC-10): terms, result limit capped by SearchLimit, paging by message id', async () => {
    const bob = await kit.connect('bob');
    await bob.send({
      type: 'pchat-searchhist',
      query: { rooms: [kit.world.closed.uri], terms: 'odd', limit: 10 },
    });
    const r = bob.lastReply('pchat-searchhist');
    assert.equal(r.code, 200);
    const [res] = (
      r.data as { results: Array<{ uri: string; total: number; exceeded: boolean; messages: ChatMessage[] }> }
    ).results;
    assert.equal(res?.uri, kit.world.closed.uri);
    assert.equal(res?.total, 6);
    assert.equal(res?.exceeded, true);
    assert.deepEqual(
      res?.messages.map((m) => m.text),
      ['m1 odd', 'm3 odd', 'm5 odd'],
    );
    await bob.send({
      type: 'pchat-searchhist',
      query: {
        rooms: [kit.world.closed.uri],
        terms: 'odd',
        limit: 10,
        startMessageId: res?.messages.at(-1)?.messageId as string,
      },
    });
    const [page2] = (
      bob.lastReply('pchat-searchhist').data as { results: Array<{ messages: ChatMessage[] }> }
    ).results;
    assert.deepEqual(
      page2?.messages.map((m) => m.text),
      ['m7 odd', 'm9 odd', 'm11 odd'],
    );
    const mallory = await kit.connect('mallory');
    await mallory.send({ type: 'pchat-searchhist', query: { rooms: [kit.world.closed.uri], terms: 'odd' } });
    assert.equal(mallory.lastReply('pchat-searchhist').code, 404);
  });

  it('history search across rooms (PC-10): a room the user may not read is left out without a word', async () => {
    const alice = await kit.connect('alice');
    await alice.join(kit.world.open);
    await alice.post(kit.world.open, 'an odd one in the open room');
    const erin = await kit.connect('erin'); // may read the open room, not the closed one
    await erin.send({
      type: 'pchat-searchhist',
      query: {
        rooms: [kit.world.closed.uri, kit.world.open.uri, 'ma-chan://example.test/no-such-room'],
        terms: 'odd',
      },
    });
    const r = erin.lastReply('pchat-searchhist');
    assert.equal(r.code, 200, 'the query is answered, not refused');
    const results = (r.data as { results: Array<{ uri: string; messages: ChatMessage[] }> }).results;
    assert.deepEqual(
      results.map((x) => x.uri),
      [kit.world.open.uri],
      'only the readable room is in the answer; the skipped ones are not named',
    );
    assert.deepEqual(
      results[0]?.messages.map((m) => m.text),
      ['an odd one in the open room'],
    );
  });
});
