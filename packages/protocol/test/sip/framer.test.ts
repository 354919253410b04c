// The TCP/TLS stream framer (RFC 3261 §18.3) and keep-alives (RFC 5626 §3.5.1).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SipParseError } from '@pchat/protocol';
import { SipStreamFramer, sipStatusForError, type SipFrameEvent, type SipRequest } from '@pchat/protocol';

const enc = new TextEncoder();

function req(method: string, body = '', extra = ''): string {
  return (
    `${method} sip:chat@example.test SIP/2.0\r\nVia: SIP/2.0/TCP 192.0.2.1:5060;branch=z9hG4bK${method}\r\n` +
    `From: <sip:alice@example.test>;tag=a1\r\nTo: <sip:chat@example.test>\r\nCall-ID: c1\r\nCSeq: 1 ${method}\r\n${extra}` +
    `Content-Length: ${enc.encode(body).length}\r\n\r\n${body}`
  );
}

function types(ev: SipFrameEvent[]): string[] {
  return ev.map((e) =>
    e.type === 'message'
      ? `message:${(e.message as SipRequest).method}`
      : e.type === 'error'
        ? `error:${e.error.kind}${e.error.fatal ? '!' : ''}`
        : e.type,
  );
}

test('a message split at every byte boundary comes out whole, once', () => {
  const wire = enc.encode(req('INFO', '<xccos ver="1">héllo ✓</xccos>'));
  for (let cut = 1; cut < wire.length; cut++) {
    const f = new SipStreamFramer();
    const ev = [...f.push(wire.subarray(0, cut)), ...f.push(wire.subarray(cut))];
    assert.deepEqual(types(ev), ['message:INFO'], `cut at ${cut}`);
    assert.equal(f.bufferedBytes, 0);
  }
  // and byte by byte
  const f = new SipStreamFramer();
  const ev: SipFrameEvent[] = [];
  for (let i = 0; i < wire.length; i++) ev.push(...f.push(wire.subarray(i, i + 1)));
  assert.deepEqual(types(ev), ['message:INFO']);
  assert.equal((ev[0] as { message: SipRequest }).message.body, '<xccos ver="1">héllo ✓</xccos>');
});

test('several messages in one chunk, with keep-alive pings and pongs between them', () => {
  const f = new SipStreamFramer();
  const wire = enc.encode('\r\n\r\n' + req('OPTIONS') + '\r\n' + req('INFO', 'x') + '\r\n\r\n' + req('BYE'));
  assert.deepEqual(types(f.push(wire)), [
    'ping',
    'message:OPTIONS',
    'pong',
    'message:INFO',
    'ping',
    'message:BYE',
  ]);
});

test('a ping split across chunks is still one ping', () => {
  const f = new SipStreamFramer();
  assert.deepEqual(types(f.push(enc.encode('\r\n'))), []);
  assert.equal(f.midMessage, false);
  assert.deepEqual(types(f.push(enc.encode('\r'))), []);
  assert.deepEqual(types(f.push(enc.encode('\n'))), ['ping']);
});

test('midMessage reports a partly received message (slow-loris watch)', () => {
  const f = new SipStreamFramer();
  f.push(enc.encode('OPTIONS sip:x@y SIP/2.0\r\nVia: SIP/2.0/TCP h'));
  assert.equal(f.midMessage, true);
});

test('the caller may reuse its chunk buffer: pending bytes are copied', () => {
  const f = new SipStreamFramer();
  const wire = enc.encode(req('INFO', 'body-bytes'));
  const chunk = new Uint8Array(wire.length);
  chunk.set(wire);
  f.push(chunk.subarray(0, 50));
  chunk.fill(0x41, 0, 50); // scribble over what was pushed
  const ev = f.push(wire.subarray(50));
  assert.deepEqual(types(ev), ['message:INFO']);
});

function fatal(ev: SipFrameEvent[]): SipParseError {
  const e = ev.find((x) => x.type === 'error');
  assert.ok(e && e.type === 'error');
  assert.equal(e.error.fatal, true);
  return e.error;
}

test('refusals: header section too long, line too long, too many headers', () => {
  const limits = { maxHeaderBytes: 1024, maxLineBytes: 256, maxHeaders: 10 };
  let f = new SipStreamFramer({ limits });
  let ev: SipFrameEvent[] = f.push(enc.encode('OPTIONS sip:x@y SIP/2.0\r\n'));
  for (let i = 0; i < 100 && ev.length === 0; i++)
    ev = f.push(enc.encode(`X-Pad-${i}: ${'a'.repeat(100)}\r\n`));
  assert.equal(fatal(ev).kind, 'header-too-long');
  assert.equal(f.failed, true);
  assert.deepEqual(f.push(enc.encode(req('OPTIONS'))), [], 'a failed framer ignores input');

  f = new SipStreamFramer({ limits });
  ev = f.push(enc.encode('OPTIONS sip:x@y SIP/2.0\r\nX-Long: ' + 'b'.repeat(300)));
  assert.equal(fatal(ev).kind, 'line-too-long');

  f = new SipStreamFramer({ limits });
  ev = f.push(enc.encode(req('OPTIONS', '', Array.from({ length: 12 }, (_, i) => `X-${i}: v\r\n`).join(''))));
  assert.equal(fatal(ev).kind, 'too-many-headers');
});

test('an oversize body is refused as soon as its Content-Length is read, with an answerable partial', () => {
  const f = new SipStreamFramer({ limits: { maxBodyBytes: 1000 } });
  const head = req('MESSAGE', '').replace('Content-Length: 0', 'Content-Length: 10000000');
  const err = fatal(f.push(enc.encode(head)));
  assert.equal(err.kind, 'body-too-large');
  assert.equal(sipStatusForError(err).status, 413);
  assert.equal(err.partial?.kind, 'request');
});

test('a missing Content-Length is fatal on a stream', () => {
  const f = new SipStreamFramer();
  const wire = req('OPTIONS').replace('Content-Length: 0\r\n', '');
  const err = fatal(f.push(enc.encode(wire)));
  assert.equal(err.kind, 'missing-content-length');
});

test('a malformed but framed message is reported and the stream goes on', () => {
  const f = new SipStreamFramer();
  const bad = req('OPTIONS').replace('CSeq: 1 OPTIONS', 'CSeq: 1 INVITE');
  const badVersion = req('OPTIONS').replace('SIP/2.0\r\n', 'SIP/3.0\r\n');
  const ev = f.push(enc.encode(bad + badVersion + req('INFO', 'ok')));
  assert.deepEqual(types(ev), ['error:bad-cseq', 'error:bad-version', 'message:INFO']);
  const e = ev[1];
  assert.ok(e?.type === 'error' && e.error.partial?.kind === 'request');
});

test('a garbage start line without Content-Length loses framing', () => {
  const f = new SipStreamFramer();
  const ev = f.push(enc.encode('HELLO\r\nfoo\r\n\r\n'));
  assert.equal(ev.length, 1);
  assert.equal(ev[0]?.type, 'error');
});
