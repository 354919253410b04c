// Mutation fuzzer (the engine and corpora of the fuzz tests: packages/protocol/test/fuzz/) for three
// targets, each fed mutated inputs in a worker thread:
// - sip: parseMessage, the structured header parsers and the stream framer. Every outcome must be a
//   message or a SipParseError; an accepted message must re-parse.
// - xccos: decodeCommandEnvelope (the server's decoder) and decodeServerEnvelope (the SDK's). Every
//   refusal must be an XccosError.
// - commands: the chat command runner on a real SQLite store (a session of its own, commands aimed at
//   the rooms that exist). Every input must be answered, never with ServerError, never closing the session.
// Anything else is a crash (printed with the input, exit 1). A watchdog thread catches hangs; a per-input
// budget catches slow paths.
// Usage: node --conditions=development --import tsx bench/fuzz-sip.ts [count=1000000] [seed] [sip|xccos|commands]
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { mkdirSync, writeFileSync } from 'node:fs';
import {
  SipParseError,
  SipStreamFramer,
  decodeCommandEnvelope,
  decodeServerEnvelope,
  isXccosError,
  parseMessage,
  type SipMessage,
} from '@pchat/protocol';
import { sipCorpus, xccosCorpus } from '../packages/protocol/test/fuzz/corpora.js';
import { checkAccepted } from '../packages/protocol/test/fuzz/sip-checks.js';
import { mutate, xorshift } from '../packages/protocol/test/fuzz/mutate.js';

const SLOW_MS = 500;
const HANG_MS = 10_000;

if (isMainThread) {
  const count = Number(process.argv[2] ?? 1_000_000);
  const seed = Number(process.argv[3] ?? Date.now() % 2 ** 31);
  const target = process.argv[4] ?? 'sip';
  if (!['sip', 'xccos', 'commands'].includes(target)) {
    console.error(`unknown target ${target}: use sip, xccos or commands`);
    process.exit(2);
  }
  // The worker writes each input here before parsing it, so a hang can be shown.
  const shared = new SharedArrayBuffer(8 + 4 + 4 * 1024 * 1024);
  const counter = new BigInt64Array(shared, 0, 1);
  const lenView = new Int32Array(shared, 8, 1);
  const inputView = new Uint8Array(shared, 12);
  // Loader hooks from `--import tsx` do not reach worker threads on Node 20: register tsx there first.
  const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(import.meta.url)}); })`;
  const worker = new Worker(boot, {
    eval: true,
    workerData: { count, seed, shared, target },
    execArgv: [
      '--conditions=development',
      ...(process.env.FUZZ_PROF ? ['--cpu-prof', '--cpu-prof-dir=' + process.env.FUZZ_PROF] : []),
    ],
  });
  console.log(`fuzz ${target}: ${count} inputs, seed ${seed}`);
  let last = -1n;
  let lastChange = Date.now();
  // The clock runs once the worker is ready: loading the codec and building the corpus under tsx can
  // take seconds on a busy machine, which is not a hang.
  let ready = false;
  const watchdog = setInterval(() => {
    if (!ready) {
      lastChange = Date.now();
      return;
    }
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
  worker.on('message', (m: { done?: boolean; ready?: boolean; text?: string }) => {
    if (m.ready) ready = true;
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
  const { count, seed, shared, target } = workerData as {
    count: number;
    seed: number;
    shared: SharedArrayBuffer;
    target: 'sip' | 'xccos' | 'commands';
  };
  const counter = new BigInt64Array(shared, 0, 1);
  const lenView = new Int32Array(shared, 8, 1);
  const inputView = new Uint8Array(shared, 12);
  const say = (text: string) => parentPort!.postMessage({ text });
  const rnd = xorshift(seed);
  const dec = new TextDecoder();

  function crash(what: string, input: Uint8Array, e: unknown): never {
    // The whole input goes to a file (it can be megabytes); the console gets its start.
    mkdirSync(new URL('../.tmp/', import.meta.url), { recursive: true });
    const file = new URL(`../.tmp/fuzz-${target}-crash-${seed}.bin`, import.meta.url);
    writeFileSync(file, input);
    say(
      `CRASH in ${what}: ${e instanceof Error ? e.stack : String(e)}\ninput (${input.length} bytes, saved to ${file.pathname}): ` +
        JSON.stringify(dec.decode(input.subarray(0, 600))),
    );
    process.exit(1);
  }

  const tally = { accepted: 0, refused: 0, framed: 0, slow: 0 };

  function runSip(input: Uint8Array): void {
    let msg: SipMessage | null = null;
    try {
      msg = parseMessage(input);
      tally.accepted++;
    } catch (e) {
      if (!(e instanceof SipParseError)) crash('parseMessage', input, e);
      tally.refused++;
    }
    if (msg !== null) {
      try {
        checkAccepted(msg);
      } catch (e) {
        crash('structured parse / re-parse of an accepted message', input, e);
      }
    }
    try {
      const framer = new SipStreamFramer();
      for (let off = 0; off < input.length;) {
        const step = 1 + rnd(rnd(2) ? 16 : 2048);
        for (const ev of framer.push(input.subarray(off, off + step)))
          if (ev.type === 'message') tally.framed++;
        off += step;
      }
    } catch (e) {
      crash('SipStreamFramer.push', input, e);
    }
  }

  function runXccos(input: Uint8Array): void {
    const text = dec.decode(input);
    for (const [what, f] of [
      ['decodeCommandEnvelope', () => decodeCommandEnvelope(text)],
      ['decodeServerEnvelope', () => decodeServerEnvelope(text)],
    ] as const) {
      try {
        f();
        tally.accepted++;
      } catch (e) {
        if (!isXccosError(e)) crash(what, input, e);
        tally.refused++;
      }
    }
  }

  /** The command runner on a real store, through a kit session (loaded only for this target). */
  async function commandsTarget(): Promise<{
    run: (input: Uint8Array, i: number) => Promise<void>;
    close: () => Promise<void>;
  }> {
    const { Kit } = await import('../packages/server/test/chat/kit.js');
    const { aimAt } = await import('../packages/server/test/chat/fuzz-aim.js');
    const kit = await Kit.create();
    const alice = await kit.connect('alice');
    await alice.join(kit.world.open);
    const w = kit.world;
    const rooms = [w.open, w.closed, w.secret, w.auditorium, w.ephemeral, w.invitable].map((r) => r.uri);
    const categories = [w.general, w.noHistory, w.invites].map((c) => c.uri);
    return {
      run: async (input, i) => {
        alice.clear();
        try {
          await alice.sendRaw(aimAt(dec.decode(input), rooms, categories, seed + i));
        } catch (e) {
          crash('the command runner (threw)', input, e);
        }
        const replies = alice.rawReplies();
        if (replies.length === 0) crash('the command runner (no answer)', input, new Error('no reply'));
        for (const r of replies) {
          if (/^ServerError/.test(r.text))
            crash('the command runner (ServerError)', input, new Error(r.text));
          if (r.code < 400) tally.accepted++;
          else tally.refused++;
        }
        if (alice.closedWith !== null)
          crash('the command runner (session closed)', input, new Error(String(alice.closedWith)));
      },
      close: () => kit.close(),
    };
  }

  const corpus = target === 'sip' ? sipCorpus() : xccosCorpus();
  const commands = target === 'commands' ? await commandsTarget() : null;
  const runOne = async (input: Uint8Array, i: number): Promise<void> => {
    if (commands) await commands.run(input, i);
    else if (target === 'sip') runSip(input);
    else runXccos(input);
  };

  parentPort!.postMessage({ ready: true });
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    const input = mutate(corpus, rnd);
    const n = Math.min(input.length, inputView.length);
    inputView.set(input.subarray(0, n));
    Atomics.store(lenView, 0, n);
    Atomics.store(counter, 0, BigInt(i));
    const start = performance.now();
    await runOne(input, i);
    const took = performance.now() - start;
    if (took > SLOW_MS) {
      // Scheduler noise on a busy machine is not a slow path: it counts only if it repeats.
      const again = performance.now();
      await runOne(input, i);
      const retook = performance.now() - again;
      if (retook > SLOW_MS) {
        tally.slow++;
        mkdirSync(new URL('../.tmp/', import.meta.url), { recursive: true });
        writeFileSync(new URL(`../.tmp/fuzz-${target}-slow-${seed}.bin`, import.meta.url), input);
        say(
          `SLOW input #${i} took ${took.toFixed(1)} ms then ${retook.toFixed(1)} ms (budget ${SLOW_MS}), saved to .tmp/fuzz-${target}-slow-${seed}.bin: ` +
            JSON.stringify(dec.decode(input.subarray(0, 300))),
        );
        process.exit(1);
      }
    }
    if ((i + 1) % 200_000 === 0)
      say(`  ${i + 1} inputs, ${((i + 1) / ((performance.now() - t0) / 1000)).toFixed(0)}/s`);
  }
  const secs = (performance.now() - t0) / 1000;
  await commands?.close();
  say(
    `fuzz ${target}: ${count} mutated inputs in ${secs.toFixed(1)} s (${(count / secs).toFixed(0)} inputs/s); ` +
      `accepted ${tally.accepted}, refused ${tally.refused}` +
      (target === 'sip' ? `, framer messages ${tally.framed}` : '') +
      `, slow ${tally.slow}, hangs 0, crashes 0`,
  );
  parentPort!.postMessage({ done: true });
}
