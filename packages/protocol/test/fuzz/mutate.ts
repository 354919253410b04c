// The mutation engine shared by the fuzz tests (a bounded slice in every test run) and the fuzz bench
// (`bench/fuzz-sip.ts`, millions of inputs): a seed message is changed one to four times by byte-level
// operations (bit flips, inserted and deleted bytes, tokens that matter to the grammar, lines spliced from
// other seeds, huge values, truncation, duplicated ranges). The randomness is a xorshift32 stream from one
// number, so every input is reproduced from the seed that is printed with it.
import fc from 'fast-check';

/** A reproducible random source: rnd(n) is in [0, n). */
export type Rnd = (n: number) => number;

export function xorshift(seed: number): Rnd {
  let s = seed >>> 0 || 1;
  return (n: number): number => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s % n;
  };
}

const latin1 = (x: string): Uint8Array => Uint8Array.from(x, (c) => c.charCodeAt(0) & 0xff);

export interface Corpus {
  seeds: readonly Uint8Array[];
  /** Lines (or fragments) to splice into other inputs. */
  lines: readonly Uint8Array[];
  /** Short tokens that matter to the grammar under test. */
  tokens: readonly Uint8Array[];
  /** Bytes repeated to make huge values. */
  fill: readonly number[];
}

export function corpus(
  seeds: readonly Uint8Array[],
  tokens: readonly string[],
  split: RegExp,
  fill: readonly number[],
): Corpus {
  const dec = new TextDecoder();
  const lines = seeds
    .flatMap((b) => dec.decode(b).split(split))
    .filter((l) => l.length > 1)
    .map((l) => new TextEncoder().encode(l));
  return { seeds, lines, tokens: tokens.map(latin1), fill };
}

function ins(b: Uint8Array, at: number, add: Uint8Array): Uint8Array {
  const out = new Uint8Array(b.length + add.length);
  out.set(b.subarray(0, at));
  out.set(add, at);
  out.set(b.subarray(at), at + add.length);
  return out;
}

function del(b: Uint8Array, at: number, n: number): Uint8Array {
  const out = new Uint8Array(Math.max(0, b.length - n));
  out.set(b.subarray(0, at));
  out.set(b.subarray(at + n), at);
  return out;
}

/** One input: a seed from the corpus, changed one to four times. */
export function mutate(c: Corpus, rnd: Rnd): Uint8Array {
  let b = c.seeds[rnd(c.seeds.length)]!;
  const rounds = 1 + rnd(4);
  for (let r = 0; r < rounds; r++) {
    const at = b.length === 0 ? 0 : rnd(b.length);
    switch (rnd(9)) {
      case 0: // bit flip
        if (b.length) {
          b = b.slice();
          b[at] = b[at]! ^ (1 << rnd(8));
        }
        break;
      case 1: // byte insert
        b = ins(b, at, Uint8Array.of(rnd(256)));
        break;
      case 2: // delete
        b = del(b, at, Math.min(1 + rnd(8), b.length - at));
        break;
      case 3: // splice a line from another seed
        if (c.lines.length) b = ins(b, at, c.lines[rnd(c.lines.length)]!);
        break;
      case 4: // huge value
        b = ins(b, at, new Uint8Array(1 + rnd(rnd(2) ? 200 : 20000)).fill(c.fill[rnd(c.fill.length)]!));
        break;
      case 5: // a token of the grammar
        b = ins(b, at, c.tokens[rnd(c.tokens.length)]!);
        break;
      case 6: // truncate
        b = b.subarray(0, at);
        break;
      case 7: // duplicate a range
        b = ins(b, at, b.slice(at, at + rnd(64)));
        break;
      default: // random byte
        if (b.length) {
          b = b.slice();
          b[at] = rnd(256);
        }
    }
  }
  return b;
}

/** fast-check inputs from the engine: the reported counterexample is the seed that rebuilds the input. */
export function mutatedInputs(c: Corpus): fc.Arbitrary<{ seed: number; input: Uint8Array }> {
  return fc.integer({ min: 1, max: 2 ** 31 - 1 }).map((seed) => ({ seed, input: mutate(c, xorshift(seed)) }));
}
