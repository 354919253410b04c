// Fuzzing, the bounded slice that runs with every test run (the bench runs millions: bench/fuzz-sip.ts
// xccos). Mutated command envelopes of every command shape, and arbitrary text, go through the decoders
// of both ends: the only failure allowed is a named XccosError (which the server answers as an error
// reply), never a TypeError or a RangeError from deep inside.
import { test } from 'node:test';
import fc from 'fast-check';
import { decodeCommandEnvelope, decodeServerEnvelope, isXccosError } from '../../src/xccos/index.js';
import { xccosCorpus } from '../fuzz/corpora.js';
import { mutatedInputs } from '../fuzz/mutate.js';

const RUNS = Number(process.env.PCHAT_FUZZ_RUNS ?? 3000);
const dec = new TextDecoder();

function refusedOnlyWithXccosError(f: () => unknown): void {
  try {
    f();
  } catch (e) {
    if (!isXccosError(e)) throw e;
  }
}

test('fuzz: decodeCommandEnvelope refuses mutated envelopes only with XccosError', () => {
  fc.assert(
    fc.property(mutatedInputs(xccosCorpus()), ({ input }) => {
      refusedOnlyWithXccosError(() => decodeCommandEnvelope(dec.decode(input)));
    }),
    { numRuns: RUNS },
  );
});

test('fuzz: both decoders refuse arbitrary text only with XccosError', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
      refusedOnlyWithXccosError(() => decodeCommandEnvelope(s));
      refusedOnlyWithXccosError(() => decodeServerEnvelope(s));
    }),
    { numRuns: RUNS },
  );
});
