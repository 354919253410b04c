// Black-box: hostile peers get a clear answer or a closed socket while another client keeps being served
// (every request has a bounded cost): a silent client, an endless header, a 10 MB body, a connection flood.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { getHeader, parseMessage, type SipResponse } from '@pchat/protocol';
import { SipTestClient } from '../kit/sip-client.js';
import { startTestServer, type TestServer } from '../kit/server.js';

describe('hostile peers', () => {
  let t: TestServer;
  const clients: SipTestClient[] = [];
  const connect = async (localAddress?: string): Promise<SipTestClient> => {
    const c = await SipTestClient.connect({ port: t.tcpPort, ...(localAddress ? { localAddress } : {}) });
    clients.push(c);
    return c;
  };
  const stillServed = async (): Promise<void> => {
    const good = await connect();
    assert.equal(
      (await good.request('OPTIONS', 'sip:example.test')).status,
      200,
      'another client is still served',
    );
  };
  /** Everything the server wrote until it closed the socket, parsed as one response. */
  const finalWords = async (c: SipTestClient): Promise<SipResponse | null> => {
    const chunks: Buffer[] = [];
    c.socket.on('data', (d: Buffer) => chunks.push(d));
    await c.closed;
    const text = Buffer.concat(chunks).toString('utf8');
    return text.trim() === '' ? null : (parseMessage(text, { validate: false }) as SipResponse);
  };

  before(async () => {
    t = await startTestServer({
      frontend: { connections: { idleTimeoutSeconds: 0.5, maxConnectionsPerAddress: 5 } },
    } as never);
  });
  after(async () => {
    for (const c of clients) c.destroy();
    await t.close();
  });

  it('closes a silent client', async () => {
    const silent = await connect('127.0.0.21');
    silent.write('OPTIONS sip:example.test SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1;branch=z9hG4bK1\r\n');
    await silent.closed;
    await stillServed();
  });

  it('closes on an endless header (a 513 when the head was readable, else just the close)', async () => {
    const c = await connect('127.0.0.22');
    const words = finalWords(c);
    c.write(
      'OPTIONS sip:example.test SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1;branch=z9hG4bK2\r\nFrom: <sip:a@example.test>;tag=1\r\nTo: <sip:example.test>\r\nCall-ID: x\r\nCSeq: 1 OPTIONS\r\nX-Endless: ',
    );
    const chunk = 'a'.repeat(16 * 1024);
    for (let i = 0; i < 16 && !c.isClosed; i++) c.write(chunk);
    const r = await words;
    // The header never ends, so there is no complete head to answer: the socket is closed.
    assert.ok(r === null || r.status === 513, `status ${r?.status}`);
    await stillServed();
  });

  it('answers a 10 MB body with 413 and closes without reading it', async () => {
    const c = await connect('127.0.0.23');
    const words = finalWords(c);
    c.write(
      'MESSAGE sip:bob@example.test SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1;branch=z9hG4bK3\r\nFrom: <sip:a@example.test>;tag=1\r\nTo: <sip:bob@example.test>\r\nCall-ID: y\r\nCSeq: 1 MESSAGE\r\nContent-Type: text/plain\r\nContent-Length: 10485760\r\n\r\n',
    );
    const mb = Buffer.alloc(1024 * 1024, 0x61);
    for (let i = 0; i < 10 && !c.isClosed; i++) c.write(mb);
    const r = await words;
    assert.equal(r?.status, 413);
    assert.ok(getHeader(r!, 'Warning') ?? getHeader(r!, 'ms-diagnostics'), 'says why');
    await stillServed();
  });

  it('closes connections beyond the per-address limit, and serves others', async () => {
    const flood: SipTestClient[] = [];
    for (let i = 0; i < 12; i++) flood.push(await connect('127.0.0.24'));
    // Each connection the server accepted answers OPTIONS; the others were closed at once.
    const results = await Promise.all(
      flood.map((c) =>
        c.request('OPTIONS', 'sip:example.test').then(
          () => 'served',
          () => 'closed',
        ),
      ),
    );
    assert.equal(results.filter((x) => x === 'served').length, 5);
    assert.equal(results.filter((x) => x === 'closed').length, 7);
    await stillServed();
  });
});
