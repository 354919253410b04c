// Write coalescing on stream connections: what is sent in one event-loop turn leaves in one socket.write,
// in order; bufferedAmount counts it from the moment it is sent; onceDrained fires once it is flushed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Socket } from 'node:net';
import { createRequest, getHeader } from '@pchat/protocol';
import { SipTransport, type SipConnectionLike } from '../../src/sip/transport/index.js';
import { RawClient } from '../kit/sip-edge.js';

test(
  'one turn of sends = one socket.write, in order; bufferedAmount and onceDrained account for it',
  { timeout: 15_000 },
  async () => {
    let conn: SipConnectionLike | null = null;
    const transport = new SipTransport({
      message: () => undefined,
      connection: (c) => {
        conn = c;
      },
    });
    const { port } = await transport.listenTcp(0, '127.0.0.1');
    const client = await RawClient.tcp(port);
    try {
      for (let i = 0; i < 100 && conn === null; i++) await new Promise((r) => setTimeout(r, 10));
      const c = conn as unknown as SipConnectionLike;
      const socket = (c as unknown as { wire: { socket: Socket } }).wire.socket;
      let writes = 0;
      const original = socket.write.bind(socket) as (...a: unknown[]) => boolean;
      socket.write = ((...a: unknown[]) => {
        writes++;
        return original(...a);
      }) as typeof socket.write;

      const req = (n: number) =>
        createRequest({
          method: 'INFO',
          uri: 'sip:x@127.0.0.1',
          from: '<sip:a@x>;tag=1',
          to: '<sip:b@x>;tag=2',
          callId: 'c',
          cseq: n,
          via: `SIP/2.0/TCP 127.0.0.1:1;branch=z9hG4bK${n}`,
          body: `body ${n}`,
          contentType: 'text/plain',
        });
      const before = c.bufferedAmount;
      c.send(req(1));
      c.send(req(2));
      const body = Buffer.from('body 3 ✓');
      c.sendParts(
        `INFO sip:x@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:1;branch=z9hG4bK3\r\nFrom: <sip:a@x>;tag=1\r\nTo: <sip:b@x>;tag=2\r\nCall-ID: c\r\nCSeq: 3 INFO\r\nContent-Length: ${body.length}\r\n\r\n`,
        body,
      );
      c.send(req(4));
      assert.ok(c.bufferedAmount > before, 'queued bytes count before the flush');
      assert.equal(writes, 0, 'nothing written in the sending turn');
      let drained = false;
      c.onceDrained(() => {
        drained = true;
      });
      for (let i = 0; i < 200 && client.messages.length < 4; i++) await new Promise((r) => setTimeout(r, 10));
      assert.equal(writes, 1, 'one write for the whole turn');
      assert.deepEqual(
        client.messages.map((m) => getHeader(m, 'CSeq')),
        ['1 INFO', '2 INFO', '3 INFO', '4 INFO'],
      );
      assert.equal(client.messages[2]!.body, 'body 3 ✓');
      for (let i = 0; i < 100 && !drained; i++) await new Promise((r) => setTimeout(r, 10));
      assert.ok(drained, 'onceDrained fired after the flush');
    } finally {
      client.socket.destroy();
      await transport.close();
    }
  },
);
