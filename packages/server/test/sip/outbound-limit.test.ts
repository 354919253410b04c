// A peer that stops reading cannot make the server hold its messages without bound (docs/security.md,
// "Bounded requests and limits"): past maxOutboundBytes waiting to be sent, sends are refused and the
// connection is dropped, whatever the sender (chat, presence NOTIFYs, responses). A peer that reads is
// never dropped, however much it is sent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SipTransport, type SipConnectionLike } from '../../src/sip/transport/index.js';
import { RawClient, sipRequest } from '../kit/sip-edge.js';

const LIMIT = 256 * 1024;
const CHUNK = new Uint8Array(16 * 1024).fill(0x20);
const SENDS = 2_000; // 32 MiB in all: far past the limit

interface Flood {
  /** Sends made before one was refused; -1 while none was. */
  refusedAfter: number;
  /** The most bytes seen waiting to be sent. */
  maxHeld: number;
  done: Promise<void>;
  closed: Promise<string>;
  close(): Promise<void>;
  port: number;
}

/**
 * A transport whose first received request starts a flood towards the client, as a burst of NOTIFYs
 * would, spread over turns of the event loop so the socket writes and the kernel's buffers fill first.
 */
async function floodServer(): Promise<Flood> {
  let finished: () => void = () => undefined;
  let closed: (reason: string) => void = () => undefined;
  const f = {
    refusedAfter: -1,
    maxHeld: 0,
    done: new Promise<void>((r) => (finished = r)),
    closed: new Promise<string>((r) => (closed = r)),
  };
  const transport = new SipTransport(
    {
      message: (_m, c: SipConnectionLike) => {
        void (async () => {
          for (let i = 0; i < SENDS; i++) {
            if (!c.send(CHUNK)) {
              f.refusedAfter = i;
              break;
            }
            f.maxHeld = Math.max(f.maxHeld, c.bufferedAmount);
            if (i % 8 === 7) await new Promise((r) => setImmediate(r));
          }
          finished();
        })();
      },
      close: (_c, reason) => closed(reason),
    },
    { maxOutboundBytes: LIMIT },
  );
  const { port } = await transport.listenTcp(0, '127.0.0.1');
  return Object.assign(f, { port, close: () => transport.close() });
}

test(
  'a connection whose peer stops reading is closed once too much waits to be sent',
  { timeout: 30_000 },
  async () => {
    const server = await floodServer();
    try {
      const client = await RawClient.tcp(server.port);
      client.socket.pause(); // reads nothing from now on
      client.write(sipRequest('OPTIONS'));
      assert.match(await server.closed, /does not read/);
      assert.ok(
        server.refusedAfter > LIMIT / CHUNK.length,
        `the kernel took some first (${server.refusedAfter} sends)`,
      );
      assert.ok(
        server.maxHeld <= LIMIT + CHUNK.length,
        `held at most the limit and one message (${server.maxHeld} bytes)`,
      );
      client.socket.destroy();
    } finally {
      await server.close();
    }
  },
);

test(
  'a peer that reads is sent everything, past the limit many times over',
  { timeout: 60_000 },
  async () => {
    const server = await floodServer();
    try {
      const client = await RawClient.tcp(server.port);
      let received = 0;
      client.socket.on('data', (b: Buffer) => (received += b.length));
      client.write(sipRequest('OPTIONS'));
      await server.done;
      assert.equal(server.refusedAfter, -1, 'no send was refused');
      while (received < SENDS * CHUNK.length) await new Promise((r) => setTimeout(r, 20));
      client.socket.destroy();
    } finally {
      await server.close();
    }
  },
);
