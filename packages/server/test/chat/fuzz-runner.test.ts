// Fuzzing the command runner, the bounded slice that runs with every test run (the bench runs many more:
// bench/fuzz-sip.ts commands). Mutated envelopes of every command shape, aimed half the time at the rooms
// and categories that exist, go through a real session on a real SQLite store: each is answered (a reply
// or an error reply), none fails unexpectedly (no ServerError), the session is never closed by it, and
// afterwards the session and its room still work.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { xccosCorpus } from '../../../protocol/test/fuzz/corpora.js';
import { mutatedInputs } from '../../../protocol/test/fuzz/mutate.js';
import { aimAt } from './fuzz-aim.js';
import { Kit, type Client } from './kit.js';

const RUNS = Number(process.env.PCHAT_FUZZ_RUNS ?? 300);
const dec = new TextDecoder();

describe('fuzz: the command runner', () => {
  let kit: Kit;
  let alice: Client;
  let bob: Client;
  before(async () => {
    kit = await Kit.create();
    alice = await kit.connect('alice');
    bob = await kit.connect('bob');
    await alice.join(kit.world.open);
    await bob.join(kit.world.open);
  });
  after(() => kit.close());

  it('answers every mutated command without an unexpected failure, and the session carries on', async () => {
    const w = kit.world;
    const rooms = [w.open, w.closed, w.secret, w.auditorium, w.ephemeral, w.invitable].map((r) => r.uri);
    const categories = [w.general, w.noHistory, w.invites].map((c) => c.uri);
    await fc.assert(
      fc.asyncProperty(mutatedInputs(xccosCorpus()), async ({ seed, input }) => {
        alice.clear();
        const body = aimAt(dec.decode(input), rooms, categories, seed);
        await alice.sendRaw(body);
        const replies = alice.rawReplies();
        assert.ok(replies.length >= 1, 'answered');
        for (const r of replies)
          assert.doesNotMatch(r.text, /^ServerError/, `no unexpected failure: ${r.text}`);
        assert.equal(alice.closedWith, null, 'the session is still open');
      }),
      { numRuns: RUNS },
    );
    // Still a working session in a working room.
    await alice.join(w.open);
    bob.clear();
    await alice.post(w.open, 'still alive');
    assert.ok(bob.texts().includes('still alive'));
  });
});
