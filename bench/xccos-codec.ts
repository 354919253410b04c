// XCCOS codec throughput (bench/README.md: serialize a broadcast once; per-recipient work only what SIP
// needs). Prints figures; asserts nothing about speed.
// Usage: node --conditions=development --import tsx bench/xccos-codec.ts
import {
  decodeCommandEnvelope,
  decodeServerEnvelope,
  encodeGrpchat,
  encodeHistoryMessage,
  encodeBccontextData,
  encodeReplyEnvelope,
  encodeRplElement,
  okReply,
  wrapEnvelope,
  type ChatMessage,
} from '@pchat/protocol';

function bench(name: string, n: number, f: () => void): number {
  for (let i = 0; i < Math.min(n / 10, 20_000); i++) f(); // warm up
  const t0 = performance.now();
  for (let i = 0; i < n; i++) f();
  const ms = performance.now() - t0;
  const rate = n / (ms / 1000);
  console.log(
    `${name.padEnd(60)} ${rate.toFixed(0).padStart(9)} ops/s  ${((ms * 1000) / n).toFixed(2)} µs/op`,
  );
  return rate;
}

const GRPCHAT =
  '<xccos ver="1" envid="207543226" xmlns="urn:parlano:xml:ns:xccos"><grpchat id="grpchat" seqid="1" chanUri="ma-chan://example.test/room1" ' +
  'author="sip:alice@example.test" ts="2026-11-21T22:22:51Z"><chat>hello everyone, this is a chat message of ordinary length &amp; co ✓</chat></grpchat></xccos>';
const BCCONTEXT_CMD =
  '<xccos ver="1" envid="207543225" xmlns="urn:parlano:xml:ns:xccos"><cmd id="cmd:bccontext" seqid="1"><data><chanib uri="ma-chan://example.test/room1"/><bcq><last cnt="50"/></bcq></data></cmd></xccos>';

const room = 'ma-chan://example.test/room1';
const history: ChatMessage[] = Array.from({ length: 50 }, (_, i) => ({
  chanUri: room,
  author: `sip:user${i % 7}@example.test`,
  ts: new Date(Date.UTC(2026, 10, 21, 22, 0, i)),
  messageId: String(10_000 + i),
  text: `history line ${i}: the quick brown fox jumps over the lazy dog <${i}> & more`,
}));
const live: ChatMessage = {
  chanUri: room,
  author: 'sip:bob@example.test',
  ts: new Date(),
  messageId: '10051',
  text: 'live hello from bob, an ordinary-length line ✓',
};

console.log(`node ${process.version}`);
bench(`decode client grpchat envelope (${GRPCHAT.length} chars)`, 200_000, () => {
  decodeCommandEnvelope(GRPCHAT);
});
bench('decode client bccontext command', 200_000, () => {
  decodeCommandEnvelope(BCCONTEXT_CMD);
});
bench('encode rpl:bccontext, 50 messages (from ChatMessage objects)', 20_000, () => {
  encodeReplyEnvelope(14, okReply('bccontext', '207543225', { uri: room, messages: history }));
});
const cached = history.map(encodeHistoryMessage);
bench('encode rpl:bccontext, 50 messages (cached per-message strings)', 200_000, () => {
  wrapEnvelope(
    14,
    encodeRplElement('rpl:bccontext', '207543225', 200, 'SUCCESS_OK', encodeBccontextData(room, cached)),
  );
});
const reply50 = encodeReplyEnvelope(14, okReply('bccontext', '207543225', { uri: room, messages: history }));
bench(`SDK decode rpl:bccontext, 50 messages (${reply50.length} chars)`, 5_000, () => {
  decodeServerEnvelope(reply50);
});

// Broadcast: serialize once, then per recipient only the envelope wrap (envid differs per dialog).
const RECIPIENTS = 1000;
const perPost = bench(
  `broadcast to ${RECIPIENTS}: encodeGrpchat once + ${RECIPIENTS} wraps (per post)`,
  2_000,
  () => {
    const payload = encodeGrpchat(live);
    for (let i = 0; i < RECIPIENTS; i++) wrapEnvelope(i, payload);
  },
);
console.log(`  = ${(perPost * RECIPIENTS).toFixed(0)} envelope bodies/s`);
bench('encodeGrpchat alone (the once-per-post part)', 500_000, () => {
  encodeGrpchat(live);
});
