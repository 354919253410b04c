// A synthetic chat corpus with a Zipf word distribution (rank 1 in most messages, rank 15,000 in about
// a hundred per million), 50 authors, one message every 30 s. Deterministic (seeded PRNG).
export const VOCAB = 20_000;
const SYL = [
  'ka',
  'lo',
  'mi',
  'ne',
  'ru',
  'sa',
  'to',
  'vi',
  'be',
  'do',
  'fa',
  'gu',
  'hi',
  'jo',
  'ku',
  'la',
  'mo',
  'nu',
  'pe',
  'ri',
];

/** The word of a rank: four base-20 syllables, so every rank has its own word. */
export function word(rank: number): string {
  let r = rank;
  let w = '';
  for (let i = 0; i < 4; i++) {
    w += SYL[r % 20];
    r = Math.floor(r / 20);
  }
  return w;
}

export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const cdf = (() => {
  const c = new Float64Array(VOCAB);
  let sum = 0;
  for (let r = 1; r <= VOCAB; r++) c[r - 1] = sum += 1 / r;
  for (let i = 0; i < VOCAB; i++) c[i] = (c[i] as number) / sum;
  return c;
})();

export function zipfRank(rand: () => number): number {
  const x = rand();
  let lo = 0;
  let hi = VOCAB - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((cdf[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo + 1;
}

export const AUTHORS = 50;
export const author = (i: number): string => `sip:user${i}@example.test`;
export const STEP_MS = 30_000;

/** Text of message i: 6-14 Zipf words, first one capitalised. */
export function text(rand: () => number): string {
  const n = 6 + Math.floor(rand() * 9);
  const ws: string[] = [];
  for (let i = 0; i < n; i++) ws.push(word(zipfRank(rand)));
  const first = ws[0] as string;
  ws[0] = first.charAt(0).toUpperCase() + first.slice(1);
  return ws.join(' ');
}
