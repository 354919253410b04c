// The size of a message is the whole message, and no stored message can make a room's history
// unreadable (PC-07, PC-09, PC-10): the SDK against a real server over TCP. Links are web links only.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CONFIG_DEFAULTS } from '@pchat/domain';
import {
  ChatRoomSession,
  FormattedOutboundChatMessage,
  isPersistentChatError,
  type PersistentChatEndpoint,
} from '../src/index.js';
import { startPchat, type Pchat } from './support/server.js';
import { chatAs, closeAll } from './support/sdk.js';

describe('message size and history pages', { timeout: 120_000 }, () => {
  let p: Pchat;
  let alice: PersistentChatEndpoint;
  let bob: PersistentChatEndpoint;
  let a: ChatRoomSession;
  let b: ChatRoomSession;

  before(async () => {
    p = await startPchat();
    // Large stories allowed, so that a few of them exceed what one reply can carry.
    await p.server.store.topology.putConfig({
      identity: 'global',
      ...CONFIG_DEFAULTS,
      storySizeLimit: 200_000,
    });
    await p.server.chat!.reloadConfig();
    alice = await chatAs(p, 'alice', 'tcp');
    bob = await chatAs(p, 'bob', 'tcp');
    a = new ChatRoomSession(alice);
    b = new ChatRoomSession(bob);
    await a.join('Lobby');
    await b.join('Lobby');
  });
  after(async () => {
    await closeAll(alice, bob);
    await p?.close();
  });

  it('counts formatted parts in the limit: two characters of text cannot carry 200 KB of links', async () => {
    for (let i = 0; i < 3; i++) {
      const f = new FormattedOutboundChatMessage()
        .appendPlainText('hi')
        .appendHyperLink('x', `https://example.test/${String(i).repeat(200_000)}`);
      await assert.rejects(
        a.sendChatMessage(f),
        (e) => isPersistentChatError(e, 'LimitExceeded') && e.xccosCode === 413 && /bytes/.test(e.message),
      );
    }
    // The room stays readable for everyone.
    const recent = await b.getRecentChatHistory(30);
    assert.ok(recent.every((m) => m.messageContent.length < 10_000));
  });

  it('derives the text from the parts: a post cannot show one thing to plain clients and another to the rest', async () => {
    const sent = await alice.post({
      chanUri: a.chatRoomUri!,
      author: 'sip:alice@example.test',
      ts: new Date(),
      text: 'totally harmless',
      parts: [
        { kind: 'text', text: 'see ' },
        { kind: 'link', text: 'the plan', href: 'https://example.test/plan' },
      ],
    });
    assert.equal(sent.text, 'see the plan');
    const [last] = await b.getRecentChatHistory(1);
    assert.equal(last?.messageContent, 'see the plan');
  });

  it('stores only web links: javascript: and other schemes are refused', async () => {
    for (const href of ['javascript:alert(1)', 'JavaScript:alert(1)', 'data:text/html,x', ' javascript:x']) {
      const f = new FormattedOutboundChatMessage().appendHyperLink('click', href);
      await assert.rejects(
        a.sendChatMessage(f),
        (e) => isPersistentChatError(e, 'InvalidArgument') && /links may start with/.test(e.message),
        href,
      );
    }
    for (const href of ['https://example.test/', 'mailto:alice@example.test', 'sip:bob@example.test']) {
      const m = await a.sendChatMessage(new FormattedOutboundChatMessage().appendHyperLink('ok', href));
      assert.match(m.messageId ?? '', /^\d+$/, href);
    }
  });

  it('pages history by bytes: four 150 KB stories are all readable, page by page', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const m = await a.sendStory(`part ${i}`, `${i}`.repeat(150_000));
      ids.push(m.messageId!);
    }
    const seen = new Set<string>();
    let page = await b.getRecentChatHistory(30);
    assert.ok(page.length >= 1 && page.length < 4, `one reply carries only part of them (${page.length})`);
    for (let rounds = 0; page.length > 0 && rounds < 10; rounds++) {
      for (const m of page) seen.add(m.messageId!);
      if (ids.every((id) => seen.has(id))) break;
      page = await b.getRecentChatHistory(30, page[0]!.messageId!);
    }
    assert.ok(
      ids.every((id) => seen.has(id)),
      'every story was read back',
    );
    // A search over the room answers within one reply's bytes too, says there is more, and pages on.
    const found = new Set<string>();
    let start: string | undefined;
    for (let rounds = 0; rounds < 10; rounds++) {
      const hit = await b.queryChatHistory({
        searchString: 'part',
        ...(start !== undefined ? { startingMessageId: start } : {}),
      });
      assert.ok(hit !== null);
      for (const m of hit.messages) found.add(m.messageId!);
      if (!hit.exceededServerLimit) break;
      assert.ok(hit.messages.length < 4, 'cut by bytes');
      start = hit.messages.at(-1)!.messageId!;
    }
    assert.ok(
      ids.every((id) => found.has(id)),
      'every story was found',
    );
  });
});
