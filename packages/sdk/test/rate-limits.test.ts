// Per-user rate limits and quotas (docs/security.md, "Bounded requests and limits"), set through the
// config file's `limits` section, against the real server over TCP: a flood of posts is cut off with
// LimitExceeded and words saying how long to wait, a user's second connection shares the user's bucket,
// and preference bundles are bounded in size and count.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { PersistentChatError } from '../src/index.js';
import { ChatRoomSession, isPersistentChatError, type PersistentChatEndpoint } from '../src/index.js';
import { startPchat, type Pchat } from './support/server.js';
import { chatAs, closeAll } from './support/sdk.js';

describe('rate limits and quotas', { timeout: 120_000 }, () => {
  let p: Pchat;
  let alice: PersistentChatEndpoint;
  let alice2: PersistentChatEndpoint; // alice again, on a connection of her own
  let bob: PersistentChatEndpoint;

  before(async () => {
    p = await startPchat({
      extra: {
        limits: {
          // One post per 20 s after a burst of 3: nothing refills within this test.
          user: { postsPerSecond: 0.05 },
          burstSeconds: 60,
          preferenceBundleBytes: 1000,
          preferenceBundles: 3,
        },
      },
    });
    alice = await chatAs(p, 'alice', 'tcp');
    alice2 = await chatAs(p, 'alice', 'tcp');
    bob = await chatAs(p, 'bob', 'tcp');
  });
  after(async () => {
    await closeAll(alice, alice2, bob);
    await p?.close();
  });

  it('cuts a flood of posts off with LimitExceeded, shared by all of the user’s connections', async () => {
    const a = new ChatRoomSession(alice);
    const a2 = new ChatRoomSession(alice2);
    const b = new ChatRoomSession(bob);
    await a.join('Lobby');
    await a2.join('Lobby');
    await b.join('Lobby');
    const flood = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) => a.sendChatMessage(`flood ${i}`)),
    );
    const ok = flood.filter((r) => r.status === 'fulfilled').length;
    const refused = flood.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    assert.equal(ok, 3, 'the burst');
    assert.equal(refused.length, 27);
    for (const e of refused) {
      assert.ok(isPersistentChatError(e, 'LimitExceeded'), String(e));
      assert.equal((e as PersistentChatError).xccosCode, 413);
      assert.match((e as Error).message, /faster than this server accepts from one user.*Wait \d+ s/);
    }
    // Her other connection draws on the same bucket; another user is not affected.
    await assert.rejects(a2.sendChatMessage('from elsewhere'), (e) =>
      isPersistentChatError(e, 'LimitExceeded'),
    );
    assert.match((await b.sendChatMessage('bob is fine')).messageId ?? '', /^\d+$/);
    // Operators see the refusals in the metrics.
    const text = await (await fetch(`${p.server.addresses.http!}/metrics`)).text();
    const hits = /^pchat_throttle_hits_total\{by="user"\} (\d+)$/m.exec(text);
    assert.ok(hits && Number(hits[1]) >= 28, hits?.[0] ?? 'no throttle series');
    // Reading is not posting: her session still answers.
    assert.ok((await a.getRecentChatHistory(5)).length > 0);
  });

  it('bounds preference bundles in size and in count', async () => {
    const svc = bob.persistentChatServices;
    await assert.rejects(
      svc.setPreferenceBundle({ label: 'big', sequenceId: 0, data: 'x'.repeat(1001) }),
      (e) => isPersistentChatError(e, 'LimitExceeded') && /at most 1000 bytes/.test(e.message),
    );
    for (const label of ['one', 'two', 'three'])
      await svc.setPreferenceBundle({ label, sequenceId: 0, data: 'x' });
    await assert.rejects(
      svc.setPreferenceBundle({ label: 'four', sequenceId: 0, data: 'x' }),
      (e) => isPersistentChatError(e, 'LimitExceeded') && /at most 3 per user/.test(e.message),
    );
    // An existing label can still be rewritten.
    assert.equal(await svc.setPreferenceBundle({ label: 'two', sequenceId: 1, data: 'y'.repeat(1000) }), 2);
  });
});
