// Mutation fuzzer for the SIP codec: feeds mutated messages to parseMessage and to the stream
// framer. Every outcome must be a message or a SipParseError; anything else is a crash (printed
// with the input, exit 1). A watchdog thread catches hangs; a per-input budget catches slow paths.
// Usage: node --conditions=development --import tsx bench/fuzz-sip.ts [count=1000000] [seed]
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import {
  SipParseError,
  SipStreamFramer,
  getHeaderValues,
  parseAuth,
  parseCSeq,
  parseMessage,
  parseNameAddr,
  parseUri,
  parseVia,
  serializeMessage,
  type SipMessage,
} from '@pchat/protocol';
import { TORTURE } from '../packages/protocol/test/sip/torture-fixtures.js';

const SLOW_MS = 500;
const HANG_MS = 10_000;
const enc = new TextEncoder();

if (isMainThread) {
  const count = Number(process.argv[2] ?? 1_000_000);
  const seed = Number(process.argv[3] ?? Date.now() % 2 ** 31);
  // The worker writes each input here before parsing it, so a hang can be shown.
  const shared = new SharedArrayBuffer(8 + 4 + 4 * 1024 * 1024);
  const counter = new BigInt64Array(shared, 0, 1);
  const lenView = new Int32Array(shared, 8, 1);
  const inputView = new Uint8Array(shared, 12);
  // Loader hooks from `--import tsx` do not reach worker threads on Node 20: register tsx there first.
  const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(import.meta.url)}); })`;
  const worker = new Worker(boot, {
    eval: true,
    workerData: { count, seed, shared },
    execArgv: [
      '--conditions=development',
      ...(process.env.FUZZ_PROF ? ['--cpu-prof', '--cpu-prof-dir=' + process.env.FUZZ_PROF] : []),
    ],
  });
  console.log(`fuzz-sip: ${count} inputs, seed ${seed}`);
  let last = -1n;
  let lastChange = Date.now();
  const watchdog = setInterval(() => {
    const now = Atomics.load(counter, 0);
    if (now !== last) {
      last = now;
      lastChange = Date.now();
      return;
    }
    if (Date.now() - lastChange > HANG_MS) {
      const n = Atomics.load(lenView, 0);
      console.error(`HANG: no progress for ${HANG_MS} ms at input #${now}:`);
      console.error(JSON.stringify(new TextDecoder().decode(inputView.slice(0, n))));
      process.exit(1);
    }
  }, 500);
  let finished = false;
  worker.on('message', (m: { done?: boolean; text?: string }) => {
    if (m.text) console.log(m.text);
    if (m.done) {
      finished = true;
      clearInterval(watchdog);
      void worker.terminate();
    }
  });
  worker.on('error', (e) => {
    console.error('worker error', e);
    process.exit(1);
  });
  // terminate() ends the worker with code 1: only an exit before "done" is a failure.
  worker.on('exit', (code) => {
    clearInterval(watchdog);
    if (!finished) process.exitCode = code === 0 ? 1 : code;
  });
} else {
  const { count, seed, shared } = workerData as { count: number; seed: number; shared: SharedArrayBuffer };
  const counter = new BigInt64Array(shared, 0, 1);
  const lenView = new Int32Array(shared, 8, 1);
  const inputView = new Uint8Array(shared, 12);
  const say = (text: string) => parentPort!.postMessage({ text });

  let s = seed >>> 0 || 1;
  const rnd = (n: number): number => {
    // xorshift32: reproducible from the printed seed
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s % n;
  };

  const seeds: Uint8Array[] = TORTURE.map((t) => t.bytes);
  for (const f of ['transcript-open.txt', 'transcript-ntlm.txt']) {
    const text = readFileSync(
      new URL(`../packages/protocol/test/sip/fixtures/${f}`, import.meta.url),
      'utf8',
    );
    for (const block of text.split(/^=== .*$/m).slice(1)) {
      const t = block.replace(/^\n/, '').replace(/\n+$/, '');
      const blank = t.indexOf('\n\n');
      const head = (blank < 0 ? t : t.slice(0, blank)).split('\n').join('\r\n');
      seeds.push(enc.encode(head + '\r\n\r\n' + (blank < 0 ? '' : t.slice(blank + 2))));
    }
  }
  const lines = seeds.flatMap((b) =>
    new TextDecoder()
      .decode(b)
      .split('\r\n')
      .filter((l) => l.includes(':')),
  );
  const interesting = [
    '\r\n',
    '\r\n\r\n',
    '\n',
    ' ',
    '\t',
    ':',
    ';',
    ',',
    '"',
    '\\',
    '<',
    '>',
    '@',
    '=',
    '%',
    '\x00',
    '\xff',
    'SIP/2.0',
    'Content-Length: ',
    'l: 99999999',
    'Via: ',
    ';branch=',
    '[',
    ']',
    '?',
    '&',
  ];

  const ins = (b: Uint8Array, at: number, add: Uint8Array): Uint8Array => {
    const out = new Uint8Array(b.length + add.length);
    out.set(b.subarray(0, at));
    out.set(add, at);
    out.set(b.subarray(at), at + add.length);
    return out;
  };
  const del = (b: Uint8Array, at: number, n: number): Uint8Array => {
    const out = new Uint8Array(Math.max(0, b.length - n));
    out.set(b.subarray(0, at));
    out.set(b.subarray(at + n), at);
    return out;
  };
  const encodedLines = lines.map((l) => enc.encode(l + '\r\n'));
  const encodedInteresting = interesting.map((x) => Uint8Array.from(x, (c) => c.charCodeAt(0) & 0xff));

  function mutate(src: Uint8Array): Uint8Array {
    let b = src;
    const rounds = 1 + rnd(4);
    for (let r = 0; r < rounds; r++) {
      const at = b.length === 0 ? 0 : rnd(b.length);
      switch (rnd(9)) {
        case 0:
          if (b.length) {
            b = b.slice();
            b[at] = b[at]! ^ (1 << rnd(8));
          }
          break; // bit flip
        case 1:
          b = ins(b, at, Uint8Array.of(rnd(256)));
          break; // byte insert
        case 2:
          b = del(b, at, Math.min(1 + rnd(8), b.length - at));
          break; // delete
        case 3:
          b = ins(b, at, encodedLines[rnd(encodedLines.length)]!);
          break; // splice a header line from another message
        case 4:
          b = ins(
            b,
            at,
            new Uint8Array(1 + rnd(rnd(2) ? 200 : 20000)).fill(
              [0x61, 0x20, 0x3b, 0x2c, 0x22, 0x0d, 0x0a, 0x3c][rnd(8)]!,
            ),
          );
          break; // huge value
        case 5:
          b = ins(b, at, encodedInteresting[rnd(encodedInteresting.length)]!);
          break;
        case 6:
          b = b.subarray(0, at);
          break; // truncate
        case 7:
          b = ins(b, at, b.slice(at, at + rnd(64)));
          break; // duplicate a range
        default:
          if (b.length) {
            b = b.slice();
            b[at] = rnd(256);
          }
      }
    }
    return b;
  }

  function crash(what: string, input: Uint8Array, e: unknown): never {
    // The whole input goes to a file (it can be megabytes); the console gets its start.
    mkdirSync(new URL('../.tmp/', import.meta.url), { recursive: true });
    const file = new URL(`../.tmp/fuzz-sip-crash-${seed}.bin`, import.meta.url);
    writeFileSync(file, input);
    say(
      `CRASH in ${what}: ${e instanceof Error ? e.stack : String(e)}\ninput (${input.length} bytes, saved to ${file.pathname}): ` +
        JSON.stringify(new TextDecoder().decode(input.subarray(0, 600))),
    );
    process.exit(1);
  }

  function exercise(m: SipMessage): void {
    // Structured parsers on every header they apply to: SipParseError is fine, anything else is not.
    const run = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        if (!(e instanceof SipParseError)) throw e;
      }
    };
    for (const v of getHeaderValues(m, 'Via')) run(() => parseVia(v));
    for (const h of ['From', 'To', 'Contact', 'Route', 'Record-Route'])
      for (const v of getHeaderValues(m, h)) run(() => parseNameAddr(v));
    for (const h of ['Authorization', 'WWW-Authenticate', 'Proxy-Authorization', 'Authentication-Info'])
      for (const v of getHeaderValues(m, h)) run(() => parseAuth(v));
    for (const v of getHeaderValues(m, 'CSeq')) run(() => parseCSeq(v));
    if (m.kind === 'request') run(() => parseUri(m.uri));
  }

  let parsed = 0;
  let refused = 0;
  let framed = 0;
  let slow = 0;

  /** Everything one input goes through; returns the framer's message count. */
  function runOne(input: Uint8Array): void {
    let msg: SipMessage | null = null;
    try {
      msg = parseMessage(input);
      parsed++;
    } catch (e) {
      if (!(e instanceof SipParseError)) crash('parseMessage', input, e);
      refused++;
    }
    if (msg !== null) {
      try {
        exercise(msg);
        // A message we accepted must survive serialize -> parse. Line limits are relaxed for the
        // re-parse: unfolding joins continuation lines, so a legal folded header can serialize
        // to one line above maxLineBytes.
        parseMessage(serializeMessage(msg), { limits: { maxLineBytes: 1 << 24, maxHeaderBytes: 1 << 24 } });
      } catch (e) {
        crash('structured parse / re-parse of an accepted message', input, e);
      }
    }
    try {
      const framer = new SipStreamFramer();
      for (let off = 0; off < input.length;) {
        const step = 1 + rnd(rnd(2) ? 16 : 2048);
        for (const ev of framer.push(input.subarray(off, off + step))) if (ev.type === 'message') framed++;
        off += step;
      }
    } catch (e) {
      crash('SipStreamFramer.push', input, e);
    }
  }

  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    const input = mutate(seeds[rnd(seeds.length)]!);
    const n = Math.min(input.length, inputView.length);
    inputView.set(input.subarray(0, n));
    Atomics.store(lenView, 0, n);
    Atomics.store(counter, 0, BigInt(i));
    const start = performance.now();
    runOne(input);
    const took = performance.now() - start;
    if (took > SLOW_MS) {
      // Scheduler noise on a busy machine is not a slow path: it counts only if it repeats.
      const again = performance.now();
      runOne(input);
      const retook = performance.now() - again;
      if (retook > SLOW_MS) {
        slow++;
        mkdirSync(new URL('../.tmp/', import.meta.url), { recursive: true });
        writeFileSync(new URL(`../.tmp/fuzz-sip-slow-${seed}.bin`, import.meta.url), input);
        say(
          `SLOW input #${i} took ${took.toFixed(1)} ms then ${retook.toFixed(1)} ms (budget ${SLOW_MS}), saved to .tmp/fuzz-sip-slow-${seed}.bin: ` +
            JSON.stringify(new TextDecoder().decode(input.subarray(0, 300))),
        );
        process.exit(1);
      }
    }
    if ((i + 1) % 200_000 === 0)
      say(`  ${i + 1} inputs, ${((i + 1) / ((performance.now() - t0) / 1000)).toFixed(0)}/s`);
  }
  const secs = (performance.now() - t0) / 1000;
  say(
    `fuzz-sip: ${count} mutated inputs through parseMessage and SipStreamFramer in ${secs.toFixed(1)} s (${(count / secs).toFixed(0)} inputs/s); ` +
      `parsed ${parsed}, refused with SipParseError ${refused}, framer messages ${framed}, slow ${slow}, crashes 0`,
  );
  parentPort!.postMessage({ done: true });
}
