// The SIP edge over TLS (with and without a client certificate, and a refusing policy) and over
// WebSocket with the `sip` subprotocol (RFC 7118), on real sockets on 127.0.0.1.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocket } from 'ws';
import { getHeader, parseMessage } from '@pchat/protocol';
import { RawClient, makeCert, makeEdge, sipRequest } from '../kit/sip-edge.js';
import type { SipConnectionIdentity } from '../../src/sip/transport/index.js';

const serverCert = makeCert('sip.example.test');
const clientCert = makeCert(
  'trusted-app.example.test',
  'URI:sip:app@example.test,DNS:trusted-app.example.test',
);
after(() => {
  serverCert.cleanup();
  clientCert.cleanup();
});

test(
  'TLS: OPTIONS answered; the client certificate identity reaches the layer above',
  { timeout: 15_000 },
  async () => {
    const seen: SipConnectionIdentity[] = [];
    const edge = makeEdge({
      handlers: {
        OPTIONS: (ctx) => {
          seen.push(ctx.connection.identity);
          ctx.respond(200);
        },
      },
    });
    const { port } = await edge.transport.listenTls({
      port: 0,
      host: '127.0.0.1',
      cert: serverCert.cert,
      key: serverCert.key,
      ca: clientCert.cert,
    });
    try {
      const withCert = await RawClient.tls(port, {
        cert: clientCert.cert,
        key: clientCert.key,
        servername: 'sip.example.test',
      });
      withCert.write(sipRequest('OPTIONS'));
      assert.equal((await withCert.response()).status, 200);
      const id = seen[0]!;
      assert.equal(id.kind, 'tls');
      assert.equal(id.remoteAddress, '127.0.0.1');
      assert.equal(id.tls?.subject?.CN, 'trusted-app.example.test');
      assert.equal(id.tls?.authorized, true);
      assert.ok(id.tls?.subjectAltNames.includes('URI:sip:app@example.test'));
      const anonymous = await RawClient.tls(port);
      anonymous.write(sipRequest('OPTIONS'));
      assert.equal((await anonymous.response()).status, 200);
      assert.equal(seen[1]!.tls?.subject, null);
      assert.equal(seen[1]!.tls?.authorized, false);
      withCert.end();
      anonymous.end();
    } finally {
      await edge.close();
    }
  },
);

test(
  'TLS: a connection refused by the client-certificate policy is dropped',
  { timeout: 15_000 },
  async () => {
    const edge = makeEdge({ handlers: {} }, { verifyTlsClient: (id) => id.tls?.authorized === true });
    const { port } = await edge.transport.listenTls({
      port: 0,
      host: '127.0.0.1',
      cert: serverCert.cert,
      key: serverCert.key,
      ca: clientCert.cert,
    });
    try {
      const anonymous = await RawClient.tls(port);
      await anonymous.until(() => anonymous.closed);
      const trusted = await RawClient.tls(port, { cert: clientCert.cert, key: clientCert.key });
      trusted.write(sipRequest('OPTIONS'));
      assert.equal((await trusted.response()).status, 200);
      trusted.end();
    } finally {
      await edge.close();
    }
  },
);

async function wsEdge(options: Parameters<typeof makeEdge>[1] = {}) {
  const edge = makeEdge({ handlers: {} }, options);
  const http = createServer((_req, res) => res.writeHead(404).end());
  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (req.url === '/sip') edge.transport.handleUpgrade(req, socket, head);
    else socket.destroy();
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const port = (http.address() as AddressInfo).port;
  return {
    edge,
    url: `ws://127.0.0.1:${port}/sip`,
    close: async () => {
      await edge.close();
      await new Promise<void>((r) => http.close(() => r()));
    },
  };
}

function wsOpen(
  url: string,
  protocols: string[] = ['sip'],
): Promise<{ ws: WebSocket; frames: string[]; next: () => Promise<string> }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, protocols);
    const frames: string[] = [];
    let waiter: (() => void) | null = null;
    ws.on('message', (d) => {
      frames.push(String(d));
      waiter?.();
    });
    ws.on('open', () => {
      let taken = 0;
      resolve({
        ws,
        frames,
        next: () =>
          new Promise((r) => {
            const check = () => {
              if (frames.length > taken) r(frames[taken++]!);
              else waiter = check;
            };
            check();
          }),
      });
    });
    ws.on('error', reject);
  });
}

test(
  'WebSocket: the sip subprotocol is negotiated and one frame carries one message',
  { timeout: 15_000 },
  async () => {
    const s = await wsEdge();
    try {
      const c = await wsOpen(s.url);
      assert.equal(c.ws.protocol, 'sip');
      c.ws.send(sipRequest('OPTIONS'));
      const r = parseMessage(await c.next());
      assert.ok(r.kind === 'response' && r.status === 200);
      assert.match(getHeader(r, 'Allow')!, /OPTIONS/);
      // COMPAT(sip.js): a CRLF keep-alive frame gets a CRLF back
      c.ws.send('\r\n\r\n');
      assert.equal(await c.next(), '\r\n');
      // a malformed request in a frame: 400, and the WebSocket stays open
      c.ws.send(sipRequest('OPTIONS').replace('CSeq: 1 OPTIONS', 'CSeq: 1 INVITE'));
      const bad = parseMessage(await c.next(), { validate: false });
      assert.ok(bad.kind === 'response' && bad.status === 400);
      c.ws.send(sipRequest('OPTIONS'));
      const again = parseMessage(await c.next());
      assert.ok(again.kind === 'response' && again.status === 200);
      assert.equal(s.edge.transport.connectionCount, 1);
      c.ws.close();
    } finally {
      await s.close();
    }
  },
);

test('WebSocket: an upgrade without the sip subprotocol is refused', { timeout: 15_000 }, async () => {
  const s = await wsEdge();
  try {
    await assert.rejects(wsOpen(s.url, ['chat']), /400/);
    assert.equal(s.edge.transport.connectionCount, 0);
  } finally {
    await s.close();
  }
});

test('WebSocket: an idle socket is closed after its idle timeout', { timeout: 15_000 }, async () => {
  const s = await wsEdge({ idleTimeoutMs: 150 });
  try {
    const c = await wsOpen(s.url);
    await new Promise<void>((r) => c.ws.on('close', () => r()));
    assert.equal(s.edge.transport.connectionCount, 0);
  } finally {
    await s.close();
  }
});

test(
  'WebSocket: a message with an oversize body gets 413 and the socket is closed',
  { timeout: 15_000 },
  async () => {
    const s = await wsEdge({ limits: { maxBodyBytes: 1024 } });
    try {
      const c = await wsOpen(s.url);
      const closed = new Promise<void>((r) => c.ws.on('close', () => r()));
      c.ws.send(sipRequest('MESSAGE', { body: 'x'.repeat(2048) }));
      const r = parseMessage(await c.next(), { validate: false });
      assert.ok(r.kind === 'response' && r.status === 413);
      await closed;
    } finally {
      await s.close();
    }
  },
);
