// Fuzzing, the bounded slice that runs with every test run (the bench runs millions: bench/fuzz-sip.ts).
// Mutated real messages go through parseMessage, the structured header parsers and the stream framer:
// the only failure allowed is a SipParseError, an accepted message survives serialize → parse, and the
// framer finds the same messages however the bytes are cut into chunks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SipStreamFramer, parseMessage, serializeMessage, type SipFrameEvent } from '@pchat/protocol';
import { sipCorpus } from '../fuzz/corpora.js';
import { checkAccepted, refusedOr } from '../fuzz/sip-checks.js';
import { mutatedInputs, xorshift } from '../fuzz/mutate.js';

const RUNS = Number(process.env.PCHAT_FUZZ_RUNS ?? 3000);
const inputs = mutatedInputs(sipCorpus());

/** What the framer said, comparable across chunkings. */
function summary(events: SipFrameEvent[]): string[] {
  return events.map((e) =>
    e.type === 'message'
      ? `message:${e.size}:${serializeMessage(e.message).length}`
      : e.type === 'error'
        ? `error:${e.error.kind}`
        : e.type === 'response'
          ? `response:${e.size}`
          : e.type,
  );
}

function frame(input: Uint8Array, cut: (n: number) => number): string[] {
  const f = new SipStreamFramer();
  const out: SipFrameEvent[] = [];
  for (let off = 0; off < input.length;) {
    const step = cut(input.length - off);
    out.push(...f.push(input.subarray(off, off + step)));
    off += step;
  }
  return summary(out);
}

test('fuzz: parseMessage refuses only with SipParseError; what it accepts re-parses', () => {
  fc.assert(
    fc.property(inputs, ({ input }) => {
      const m = refusedOr(() => parseMessage(input));
      if (m !== null) checkAccepted(m);
    }),
    { numRuns: RUNS },
  );
});

test('fuzz: the stream framer never throws and frames the same whatever the chunking', () => {
  fc.assert(
    fc.property(inputs, fc.integer({ min: 1, max: 2 ** 31 - 1 }), ({ input }, cutSeed) => {
      const whole = frame(input, (n) => n);
      const rnd = xorshift(cutSeed);
      const pieces = frame(input, (n) => Math.min(n, 1 + rnd(rnd(2) ? 16 : 2048)));
      assert.deepEqual(pieces, whole);
    }),
    { numRuns: RUNS },
  );
});
