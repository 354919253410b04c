// Aims fuzzed XCCOS bodies at what exists: shared by the command-runner fuzz test and bench/fuzz-sip.ts.
import { xorshift } from '../../../protocol/test/fuzz/mutate.js';

/** Points room and category URIs at ones that exist, so the fuzzer reaches the handlers, not only NoSuchNode. */
export function aimAt(
  body: string,
  rooms: readonly string[],
  categories: readonly string[],
  seed: number,
): string {
  const rnd = xorshift(seed);
  return body
    .replace(/ma-chan:\/\/[^<"'\s]*/g, (u) => (rnd(2) ? rooms[rnd(rooms.length)]! : u))
    .replace(/ma-cat:\/\/[^<"'\s]*/g, (u) => (rnd(2) ? categories[rnd(categories.length)]! : u));
}
