// SIP codec throughput: parse of a small 200 OK (what every delivered INFO costs the server,
// bench/README.md), parse of an INFO with an XCCOS body, framing of a stream, and serialization.
// Prints figures; asserts nothing about speed. Usage: node --conditions=development --import tsx bench/sip-codec.ts
import {
  SipStreamFramer,
  createResponse,
  getHeader,
  parseCSeq,
  parseMessage,
  serializeMessage,
  serializeMessageToString,
  tagOf,
  type SipRequest,
} from '@pchat/protocol';

const enc = new TextEncoder();
const OK = enc.encode(
  'SIP/2.0 200 OK\r\nVia: SIP/2.0/TLS 10.0.0.5:5061;branch=z9hG4bK9a8b7c6d5e4f3a2b\r\n' +
    'From: <sip:ocschat@example.test>;tag=8f7e6d5c\r\nTo: <sip:alice@example.test>;tag=1234567890;epid=b34afb6ebb23\r\n' +
    'Call-ID: 61AFg870Ea94D0i0258m635Et653DbFD5Ax65F6x\r\nCSeq: 42 INFO\r\nContent-Length: 0\r\n\r\n',
);
const body =
  '<xccos ver="1" envid="5" xmlns="urn:parlano:xml:ns:xccos"><grpchat id="grpchat" seqid="1" chanUri="ma-chan://example.test/4b2c" author="sip:bob@example.test" ts="2026-11-21T23:00:00.000Z" chatId="1234"><chat>hello everyone, this is a chat message of ordinary length ✓</chat></grpchat></xccos>';
const INFO = enc.encode(
  'INFO sip:alice@example.test;transport=tls SIP/2.0\r\nVia: SIP/2.0/TLS 10.0.0.5:5061;branch=z9hG4bK9a8b7c6d5e4f3a2b\r\n' +
    'Max-Forwards: 70\r\nFrom: <sip:ocschat@example.test>;tag=8f7e6d5c\r\nTo: <sip:alice@example.test>;tag=1234567890;epid=b34afb6ebb23\r\n' +
    'Call-ID: 61AFg870Ea94D0i0258m635Et653DbFD5Ax65F6x\r\nCSeq: 42 INFO\r\nContent-Type: text/plain\r\n' +
    `Content-Length: ${enc.encode(body).length}\r\n\r\n${body}`,
);

function bench(name: string, n: number, f: () => void): void {
  for (let i = 0; i < Math.min(n / 10, 20_000); i++) f(); // warm up
  const t0 = performance.now();
  for (let i = 0; i < n; i++) f();
  const ms = performance.now() - t0;
  console.log(
    `${name.padEnd(52)} ${(n / (ms / 1000)).toFixed(0).padStart(9)} ops/s  ${((ms * 1000) / n).toFixed(2)} µs/op`,
  );
}

console.log(`node ${process.version}`);
bench('parse 200 OK (validated)', 300_000, () => {
  parseMessage(OK);
});
bench('parse 200 OK (no validation) + CSeq + To tag', 300_000, () => {
  const m = parseMessage(OK, { validate: false });
  parseCSeq(getHeader(m, 'CSeq')!);
  tagOf(getHeader(m, 'To')!);
});
bench(`parse INFO with XCCOS body (${INFO.length} B)`, 200_000, () => {
  parseMessage(INFO);
});
const info = parseMessage(INFO) as SipRequest;
bench('serialize INFO to bytes', 200_000, () => {
  serializeMessage(info);
});
bench('serialize INFO to string', 200_000, () => {
  serializeMessageToString(info);
});
bench('createResponse 200 + serialize', 200_000, () => {
  serializeMessage(createResponse(info, 200));
});
const stream = new Uint8Array(OK.length * 100);
for (let i = 0; i < 100; i++) stream.set(OK, i * OK.length);
const framer = new SipStreamFramer();
bench('framer: chunk of 100 x 200 OK', 30_000, () => {
  framer.push(stream);
});
console.log('(framer figure is per chunk of 100 messages: multiply ops/s by 100 for messages/s)');
