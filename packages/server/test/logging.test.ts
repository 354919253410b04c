// The server log: correlation ids on the lines about a connection and a request (`conn`, `req`), and
// repeated identical warnings rate-limited, with what was dropped counted. Black-box over real sockets,
// with the process logger writing JSON lines to a capture stream.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createLogger } from '../src/logger.js';
import { WarningLimiter } from '../src/log-limiter.js';
import { SipTestClient } from './kit/sip-client.js';
import { PASSWORDS, startTestServer, type TestServer } from './kit/server.js';

interface Line {
  level: number;
  msg: string;
  conn?: string;
  req?: string;
  method?: string;
  suppressed?: number;
}

function capture(): { stream: Writable; lines: Line[] } {
  const lines: Line[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const l of chunk.toString('utf8').split('\n')) if (l.trim()) lines.push(JSON.parse(l) as Line);
      cb();
    },
  });
  return { stream, lines };
}

describe('structured server log', () => {
  let t: TestServer;
  const log = capture();
  const clients: SipTestClient[] = [];
  const connect = async (localAddress: string): Promise<SipTestClient> => {
    const c = await SipTestClient.connect({ port: t.tcpPort, localAddress });
    clients.push(c);
    return c;
  };

  before(async () => {
    t = await startTestServer(
      { auth: { schemes: ['digest'] }, frontend: { connections: { maxConnectionsPerAddress: 2 } } } as never,
      { logger: createLogger('debug', log.stream, { burst: 2, windowMs: 60_000 }) },
    );
  });
  after(async () => {
    for (const c of clients) c.destroy();
    await t.close();
  });

  it('lines about a request carry its connection and request ids', async () => {
    const c = await connect('127.0.0.71');
    assert.equal((await c.registerWithDigest('sip:alice@example.test', 'wrong', { epid: 'x' })).status, 403);
    const failed = log.lines.find((l) => l.msg === 'sign-in failed');
    assert.ok(failed, 'the failure is logged');
    assert.match(failed.conn ?? '', /^tcp-\d+$/);
    assert.match(failed.req ?? '', /^r\d+$/);
    assert.equal(failed.method, 'REGISTER');
    // The same connection id as the transport's own line about the connection.
    assert.ok(log.lines.some((l) => l.msg === 'sip connection open' && l.conn === failed.conn));
  });

  it('a flood of identical warnings writes a few lines and counts the rest', async () => {
    const address = '127.0.0.72';
    for (const u of ['alice', 'bob'] as const) {
      const c = await connect(address);
      assert.equal(
        (await c.registerWithDigest(`sip:${u}@example.test`, PASSWORDS[u], { epid: u })).status,
        200,
      );
    }
    // Both connections from the address are signed in: every further one is refused with a warning.
    for (let i = 0; i < 12; i++) await (await connect(address)).closed;
    const refused = log.lines.filter((l) => l.msg === 'sip connection refused: cap reached');
    assert.equal(refused.length, 2, 'two lines per window for one identical warning');
  });
});

describe('warning limiter', () => {
  it('lets a burst through per window, then carries or flushes the count of what it dropped', () => {
    let now = 0;
    const l = new WarningLimiter({ burst: 2, windowMs: 1000 }, () => now);
    const flushed: number[] = [];
    const flush = (s: { suppressed: number }) => flushed.push(s.suppressed);
    assert.deepEqual(
      Array.from({ length: 5 }, () => l.admit(40, 'same', flush)),
      [0, 0, null, null, null],
    );
    assert.equal(l.admit(40, 'other', flush), 0, 'another message has its own budget');
    assert.equal(l.admit(50, 'same', flush), 0, 'another level too');
    now = 1000;
    assert.equal(l.admit(40, 'same', flush), 3, 'the next window carries the count');
    assert.equal(l.admit(40, 'same', flush), 0);
    assert.equal(l.admit(40, 'same', flush), null);
    now = 2500;
    l.sweep(now, flush);
    assert.deepEqual(flushed, [1], 'a quiet message gets its count written when its window ends');
  });
});
