// Interop: sip.js 0.21.2 (the web client's future SIP stack) registers with Digest over WebSocket
// (RFC 7118, `sip` subprotocol) at /sip on pchat's HTTP port, then unregisters. `ws` stands in for the
// browser's WebSocket.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocket } from 'ws';
import { Registerer, RegistererState, UserAgent } from 'sip.js';
import { PASSWORDS, startTestServer, type TestServer } from '../../packages/server/test/kit/server.js';

(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;

function waitState(r: Registerer, want: RegistererState): Promise<void> {
  return new Promise((resolve, reject) => {
    if (r.state === want) return resolve();
    const l = (s: RegistererState): void => {
      if (s === want) {
        r.stateChange.removeListener(l);
        resolve();
      } else if (s === RegistererState.Terminated)
        reject(new Error(`registerer terminated while waiting for ${want}`));
    };
    r.stateChange.addListener(l);
  });
}

describe('sip.js 0.21.2 over WebSocket', () => {
  let t: TestServer;
  before(async () => {
    // The DEFAULT auth settings. COMPAT(sip.js 0.21): it knows only MD5 and keeps only the LAST
    // WWW-Authenticate header; the 401 repeats its first Digest challenge (MD5 by default) at the end.
    t = await startTestServer();
  });
  after(async () => {
    await t?.close();
  });

  const userAgent = (password: string): UserAgent =>
    new UserAgent({
      uri: UserAgent.makeURI('sip:alice@example.test')!,
      transportOptions: { server: `ws://127.0.0.1:${t.httpPort}/sip` },
      authorizationUsername: 'alice',
      authorizationPassword: password,
      logLevel: (process.env.SIPJS_LOG as 'error') ?? 'error',
      logBuiltinEnabled: !!process.env.SIPJS_LOG,
    });

  it('registers with Digest, then unregisters', async () => {
    const ua = userAgent(PASSWORDS.alice);
    await ua.start();
    try {
      const reg = new Registerer(ua, { expires: 600 });
      const rejected = new Promise<number>((resolve) => {
        void reg.register({ requestDelegate: { onReject: (r) => resolve(r.message.statusCode ?? 0) } });
      });
      await Promise.race([
        waitState(reg, RegistererState.Registered),
        rejected.then((s) => Promise.reject(new Error(`REGISTER rejected with ${s}`))),
      ]);
      const bindings = t.server.sip.frontend.ctx.bindings.list('sip:alice@example.test');
      assert.equal(bindings.length, 1);
      assert.match(bindings[0]!.contactUri, /transport=ws/);
      await reg.unregister();
      await waitState(reg, RegistererState.Unregistered);
      assert.equal(t.server.sip.frontend.ctx.bindings.list('sip:alice@example.test').length, 0);
    } finally {
      await ua.stop();
    }
  });

  it('a wrong password is refused', async () => {
    const ua = userAgent('wrong');
    await ua.start();
    try {
      const reg = new Registerer(ua);
      const status = await new Promise<number>((resolve) => {
        void reg.register({ requestDelegate: { onReject: (r) => resolve(r.message.statusCode ?? 0) } });
      });
      assert.equal(status, 403);
    } finally {
      await ua.stop();
    }
  });
});
