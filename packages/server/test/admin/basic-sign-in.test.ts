// Black-box, real sockets: HTTP Basic on the admin API is a sign-in like SIP REGISTER. It is no password
// oracle (a non-administrator, an unknown user and a wrong password get the same status and body), it
// shares the one throttle with SIP sign-in (a lock earned on either side holds on the other), and the
// lock is per (user, address): failures elsewhere do not lock the administrator out here.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { Writable } from 'node:stream';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, loadConfig, startServer, type RunningServer } from '../../src/index.js';
import { SipTestClient } from '../kit/sip-client.js';

const PASSWORDS = { admin: 'pw-admin', alice: 'pw-alice', bob: 'b', carol: 'c', dave: 'd' };

interface Reply {
  status: number;
  retryAfter: string | undefined;
  body: string;
}

describe('admin API Basic sign-in', () => {
  let server: RunningServer;
  let dir: string;
  let httpPort: number;
  let sipPort: number;
  const clients: SipTestClient[] = [];
  const logLines: Array<Record<string, unknown>> = [];

  /** GET /v1/whoami with Basic credentials, from a chosen loopback address. */
  const basic = (user: string, password: string, localAddress: string): Promise<Reply> =>
    new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: httpPort,
          path: '/v1/whoami',
          localAddress,
          headers: { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` },
        },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (body += c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'], body }),
          );
        },
      );
      req.on('error', reject);
      req.end();
    });

  const register = async (aor: string, password: string, localAddress: string) => {
    const c = await SipTestClient.connect({ port: sipPort, localAddress });
    clients.push(c);
    return (await c.registerWithDigest(aor, password, { epid: 'x' })).status;
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pchat-basic-'));
    const config = loadConfig({
      env: {},
      dataDir: dir,
      overrides: {
        listen: { host: '127.0.0.1', httpPort: 0, sipTcpPort: 0, sipTlsPort: null },
        auth: {
          schemes: ['digest'],
          throttle: { burst: 3, addressBurst: 50, refillSeconds: 3600, baseDelaySeconds: 600 },
        },
      },
    });
    const capture = new Writable({
      write(chunk: Buffer, _enc, cb) {
        for (const l of chunk.toString('utf8').split('\n'))
          if (l.trim()) logLines.push(JSON.parse(l) as Record<string, unknown>);
        cb();
      },
    });
    server = await startServer(config, { logger: createLogger('info', capture), demoPasswords: PASSWORDS });
    httpPort = Number(new URL(server.addresses.http as string).port);
    sipPort = server.sip!.ports.tcp as number;
  });
  after(async () => {
    for (const c of clients) c.destroy();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("a non-administrator's right password answers exactly like a wrong one, and like an unknown user", async () => {
    const right = await basic('alice@example.test', PASSWORDS.alice, '127.0.1.1');
    const wrong = await basic('alice@example.test', 'nope', '127.0.1.1');
    const unknown = await basic('nobody@example.test', 'nope', '127.0.1.1');
    assert.equal(right.status, 401);
    assert.deepEqual(right, wrong);
    assert.deepEqual(unknown, wrong);
    assert.match(wrong.body, /password is wrong/);
    // Logged with the request's correlation ids (the HTTP socket and the request), never the password.
    const failed = logLines.filter((l) => l.msg === 'admin API sign-in failed');
    assert.equal(failed.length, 3);
    for (const l of failed) {
      assert.match(String(l.conn), /^http-\d+$/);
      assert.ok(l.req, 'request id');
    }
    assert.ok(!JSON.stringify(logLines).includes(PASSWORDS.alice), 'no password in the log');
  });

  it('Basic failures are throttled per user and address, even for the right password after', async () => {
    for (let i = 0; i < 3; i++)
      assert.equal((await basic('admin@example.test', `g${i}`, '127.0.1.2')).status, 401);
    const locked = await basic('admin@example.test', PASSWORDS.admin, '127.0.1.2');
    assert.equal(locked.status, 429);
    assert.ok(Number(locked.retryAfter) > 0);
    assert.match(locked.body, /Too many failed sign-in attempts: wait \d+ seconds/);
    // An unknown user locked the same way answers the same.
    for (let i = 0; i < 3; i++) await basic('ghost@example.test', `g${i}`, '127.0.1.2');
    assert.equal((await basic('ghost@example.test', 'x', '127.0.1.2')).status, 429);
    // The administrator at another address is not locked out.
    assert.equal((await basic('admin@example.test', PASSWORDS.admin, '127.0.1.3')).status, 200);
    // Operators see the refused sign-ins in the metrics.
    const text = await (await fetch(`${server.addresses.http as string}/metrics`)).text();
    const hits = /^pchat_throttle_hits_total\{by="sign-in-locked"\} (\d+)$/m.exec(text);
    assert.ok(hits && Number(hits[1]) >= 2, hits?.[0] ?? 'no sign-in throttle series');
  });

  it('one throttle: SIP failures lock Basic at that address, and Basic failures lock SIP', async () => {
    for (let i = 0; i < 3; i++)
      assert.equal(await register('sip:admin@example.test', `g${i}`, '127.0.1.4'), 403);
    assert.equal((await basic('admin@example.test', PASSWORDS.admin, '127.0.1.4')).status, 429);

    for (let i = 0; i < 3; i++)
      assert.equal((await basic('bob@example.test', `g${i}`, '127.0.1.5')).status, 401);
    assert.equal(await register('sip:bob@example.test', PASSWORDS.bob, '127.0.1.5'), 503);
    assert.equal(await register('sip:bob@example.test', PASSWORDS.bob, '127.0.1.6'), 200);
  });
});
