// Every request has a bounded cost (PC-10): a history search over the bounds of docs/security.md is
// refused with LimitExceeded and words that say what to do, and the session carries on. SDK over TCP.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ChatRoomSession, isPersistentChatError, type PersistentChatEndpoint } from '../src/index.js';
import { startPchat, type Pchat } from './support/server.js';
import { chatAs, closeAll } from './support/sdk.js';

describe('bounded history search', { timeout: 120_000 }, () => {
  let p: Pchat;
  let alice: PersistentChatEndpoint;
  let a: ChatRoomSession;

  before(async () => {
    p = await startPchat();
    alice = await chatAs(p, 'alice', 'tcp');
    a = new ChatRoomSession(alice);
    await a.join('Lobby');
    await a.sendChatMessage('alpha beta gamma');
  });
  after(async () => {
    await closeAll(alice);
    await p?.close();
  });

  const refused = (what: RegExp) => (e: unknown) =>
    isPersistentChatError(e, 'LimitExceeded') && e.xccosCode === 413 && what.test(e.message);

  it('refuses a search of too many words, too many characters or too many authors', async () => {
    const words = Array.from({ length: 2000 }, (_, i) => `w${i}`).join(' ');
    await assert.rejects(a.queryChatHistory({ searchString: words.slice(0, 250) }), refused(/words/));
    await assert.rejects(a.queryChatHistory({ searchString: words }), refused(/characters/));
    await assert.rejects(
      a.queryChatHistory({ searchString: 'a-b-c-d-e-f-g-h-i-j-k-l-m-n-o-p-q' }),
      refused(/words/),
    );
    const authors = Array.from({ length: 30 }, (_, i) => `sip:user${i}@example.test`);
    await assert.rejects(a.queryChatHistory({ searchString: 'alpha', authors }), refused(/authors/));
  });

  it('refuses a search across too many rooms before looking any of them up', async () => {
    const rooms = Array.from({ length: 60 }, (_, i) => `ma-chan://pchat.example.test/${i}`);
    await assert.rejects(
      alice.command({ type: 'pchat-searchhist', query: { rooms, terms: 'alpha' } }),
      refused(/rooms/),
    );
  });

  it('answers a search within the bounds, and the session carries on', async () => {
    const hit = await a.queryChatHistory({
      searchString: 'alpha beta gamma',
      authors: ['sip:alice@example.test'],
    });
    assert.equal(hit?.messages.length, 1);
  });
});
