// Unit tests without a server: Digest (RFC 7616 §3.9.1 vectors), MD5 (RFC 1321 suite), back-off bounds,
// ms-diagnostics and XCCOS error mapping (PC-88), provisioning data, typed events.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildProvisioningDocument, createRequest, createResponse } from '@pchat/protocol';
import { backoffDelay } from '../src/endpoints/backoff.js';
import { provisioningDataFrom } from '../src/endpoints/provisioning.js';
import { commandError } from '../src/chat/command-errors.js';
import { errorFromResponse, parseMsDiagnostics } from '../src/sip/diagnostics.js';
import { digestAuthorization, pickDigestChallenge } from '../src/sip/digest.js';
import { md5Hex } from '../src/sip/md5.js';
import { FormattedOutboundChatMessage, PersistentChatError, TypedEventTarget } from '../src/index.js';
import { parseAuth } from '@pchat/protocol';

describe('md5', { timeout: 120_000 }, () => {
  it('matches the RFC 1321 test suite', () => {
    const v: Array<[string, string]> = [
      ['', 'd41d8cd98f00b204e9800998ecf8427e'],
      ['a', '0cc175b9c0f1b6a831c399e269772661'],
      ['abc', '900150983cd24fb0d6963f7d28e17f72'],
      ['message digest', 'f96b697d7cb7938d525a2f31aaf161d0'],
      ['abcdefghijklmnopqrstuvwxyz', 'c3fcd3d76192e4007dfb496cca67e13b'],
      [
        '12345678901234567890123456789012345678901234567890123456789012345678901234567890',
        '57edf4a22be3c955ac49da2e2107b67a',
      ],
    ];
    for (const [i, o] of v) assert.equal(md5Hex(i), o);
  });
});

describe('Digest (RFC 7616 §3.9.1 example, SHA-256 and MD5)', { timeout: 120_000 }, () => {
  const challenge = [
    'Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=MD5, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"',
    'Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=SHA-256, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"',
  ];
  it('prefers SHA-256 (RFC 8760 §2.4) and computes a response the RFC example would accept', async () => {
    const c = pickDigestChallenge(challenge)!;
    assert.equal(c.algorithm, 'SHA-256');
    assert.equal(c.qop, 'auth');
    const h = await digestAuthorization(c, {
      username: 'Mufasa',
      password: 'Circle of Life',
      method: 'GET',
      uri: '/dir/index.html',
      nc: 1,
    });
    const a = parseAuth(h);
    assert.equal(a.params.get('algorithm'), 'SHA-256');
    assert.equal(a.params.get('nc'), '00000001');
    assert.equal(a.params.get('opaque'), 'FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS');
    // With the RFC's cnonce, the published responses.
    const cnonce = 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ';
    const sha = parseAuth(
      await digestAuthorization(c, {
        username: 'Mufasa',
        password: 'Circle of Life',
        method: 'GET',
        uri: '/dir/index.html',
        nc: 1,
        cnonce,
      }),
    );
    assert.equal(
      sha.params.get('response'),
      '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1',
    );
    const md5c = pickDigestChallenge([challenge[0]!])!;
    const md5 = parseAuth(
      await digestAuthorization(md5c, {
        username: 'Mufasa',
        password: 'Circle of Life',
        method: 'GET',
        uri: '/dir/index.html',
        nc: 1,
        cnonce,
      }),
    );
    assert.equal(md5.params.get('response'), '8ca523f5e9506fed4657c9700eebdbec');
  });
  it('falls back to MD5 and ignores other schemes', () => {
    assert.equal(
      pickDigestChallenge([
        challenge[0]!,
        'NTLM realm="SIP Communications Service", targetname="x", version=4',
      ])!.algorithm,
      'MD5',
    );
    assert.equal(pickDigestChallenge(['NTLM realm="x"']), null);
  });
});

describe('back-off', { timeout: 120_000 }, () => {
  it('stays within [cap/2, cap] and the cap grows to the maximum', () => {
    const s = { initialMs: 100, maxMs: 1000 };
    for (let n = 0; n < 20; n++) {
      const cap = Math.min(1000, 100 * 2 ** n);
      assert.ok(backoffDelay(n, s, () => 0) >= cap / 2 - 1);
      assert.ok(backoffDelay(n, s, () => 0.999999) <= cap);
    }
  });
});

describe('refusals to errors (PC-88)', { timeout: 120_000 }, () => {
  const invite = createRequest({
    method: 'INVITE',
    uri: 'sip:pchat@example.test',
    from: '<sip:a@example.test>;tag=1',
    to: '<sip:pchat@example.test>',
    callId: 'c',
    cseq: 1,
    via: 'SIP/2.0/TCP h:1;branch=z9hG4bK1',
  });
  it('reads ms-diagnostics', () => {
    assert.deepEqual(parseMsDiagnostics('20011;reason="contact";source="fe1";component="PersistentChat"'), {
      code: 20011,
      reason: 'contact',
      source: 'fe1',
      component: 'PersistentChat',
    });
    assert.equal(parseMsDiagnostics('garbage'), undefined);
  });
  it("maps pchat diagnostics, Lync's 486 + 20010 (PC-82) and bare statuses", () => {
    const e1 = errorFromResponse(
      createResponse(invite, 403, 'Forbidden', [
        { name: 'ms-diagnostics', value: '20010;reason="policy";source="fe1"' },
      ]),
      'establish',
    );
    assert.equal(e1.code, 'NotEnabledByPolicy');
    assert.match(e1.message, /EnablePersistentChat/);
    const e2 = errorFromResponse(
      createResponse(invite, 486, 'Busy Here', [
        {
          name: 'ms-diagnostics',
          value:
            '20010;source="x";reason="User rejected from the chat server due to provisioning of the user";component="PersistentChat"',
        },
        { name: 'Retry-After', value: '300' },
      ]),
      'establish',
    );
    assert.equal(e2.code, 'NotAUserPrincipal');
    assert.equal(e2.retryAfter, 300);
    assert.equal(errorFromResponse(createResponse(invite, 404), 'x').code, 'NoSuchNode');
    assert.equal(errorFromResponse(createResponse(invite, 503), 'x').code, 'ServiceUnavailable');
  });
  it('maps XCCOS resp codes, preferring the code named in the text', () => {
    assert.equal(commandError(403, 'ErrorPermission: not a presenter', 'grpchat').code, 'ErrorPermission');
    assert.equal(commandError(409, 'DuplicateRoomName: taken', 'x').code, 'DuplicateRoomName');
    assert.equal(commandError(413, 'too big', 'x').code, 'LimitExceeded');
    assert.equal(commandError(500, '', 'x').code, 'CommandFailed');
    assert.ok(commandError(500, '', 'x') instanceof PersistentChatError);
  });
});

describe('platform', { timeout: 120_000 }, () => {
  it('starts once, refuses endpoints before startup, and reports its states', async () => {
    const { CollaborationPlatform, UserEndpoint, webSocketTransport, isPersistentChatError } =
      await import('../src/index.js');
    const platform = new CollaborationPlatform({ applicationName: 't', transport: webSocketTransport() });
    const states: string[] = [];
    platform.on('stateChanged', (e) => states.push(e.state));
    const ep = new UserEndpoint(platform, {
      ownerUri: 'sip:a@example.test',
      server: 'ws://127.0.0.1:1/sip',
      credentials: { password: 'x' },
    });
    await assert.rejects(ep.establish(), (e) => isPersistentChatError(e, 'InvalidFlowOfOperations'));
    await platform.startup();
    await assert.rejects(platform.startup(), (e) => isPersistentChatError(e, 'InvalidFlowOfOperations'));
    // Node 20 has no global WebSocket: the error says what to pass.
    await assert.rejects(
      ep.establish(),
      (e) =>
        isPersistentChatError(e, 'ConnectionFailed') &&
        /webSocketTransport\(\{ WebSocket \}\)/.test(e.message),
    );
    await platform.shutdown();
    assert.deepEqual(states, ['Started', 'ShutDown']);
    assert.throws(
      () => new UserEndpoint(platform, { ownerUri: 'alice', server: 'x', credentials: { password: '' } }),
      (e) => isPersistentChatError(e, 'InvalidArgument'),
    );
  });
});

describe('timeouts (PC-82: nothing waits silently)', { timeout: 120_000 }, () => {
  it('a server that never answers REGISTER fails establish() with OperationTimeout naming the request', async () => {
    const { CollaborationPlatform, UserEndpoint, isPersistentChatError } = await import('../src/index.js');
    const sent: string[] = [];
    const silent = {
      name: 'tcp' as const,
      connect: async () => ({
        name: 'tcp' as const,
        local: { host: '127.0.0.1', port: 5999 },
        send: (t: string) => void sent.push(t),
        keepAlive: () => {},
        close: () => {},
        onMessage: () => {},
        onClose: () => {},
      }),
    };
    const platform = new CollaborationPlatform({
      applicationName: 't',
      transport: silent,
      timeouts: { requestMs: 200 },
    });
    await platform.startup();
    const ep = new UserEndpoint(platform, {
      ownerUri: 'sip:a@example.test',
      server: 'silent',
      credentials: { password: 'x' },
    });
    await assert.rejects(
      ep.establish(),
      (e) =>
        isPersistentChatError(e, 'OperationTimeout') &&
        /REGISTER: no answer from the server within 200 ms/.test(e.message),
    );
    assert.match(sent[0] ?? '', /^REGISTER sip:example\.test SIP\/2\.0/);
    assert.equal(ep.state, 'Terminated');
    await platform.shutdown();
  });
});

describe('provisioning data', { timeout: 120_000 }, () => {
  it('reads the default chat URI and the pools', () => {
    const d = provisioningDataFrom(
      buildProvisioningDocument({
        persistentChat: {
          enabled: true,
          defaultPoolUri: 'sip:pchat@example.test',
          poolUris: ['sip:pchat@example.test', 'sip:p2@example.test'],
        },
      }),
    );
    assert.equal(d.persistentChatConfiguration.defaultPersistentChatUri, 'sip:pchat@example.test');
    assert.deepEqual(d.persistentChatConfiguration.persistentChatUris, [
      'sip:pchat@example.test',
      'sip:p2@example.test',
    ]);
    assert.equal(d.persistentChatConfiguration.enabled, true);
  });
});

describe('typed events and formatted messages', { timeout: 120_000 }, () => {
  class E extends TypedEventTarget<{ ping: { n: number } }> {
    fire(n: number): void {
      this.emit('ping', { n });
    }
  }
  it('on/once/off/next and the DOM style', async () => {
    const e = new E();
    const got: number[] = [];
    const off = e.on('ping', (d) => got.push(d.n));
    e.once('ping', (d) => got.push(d.n * 10));
    let dom = 0;
    e.addEventListener('ping', (ev) => (dom += (ev as unknown as { detail: { n: number } }).detail.n));
    const next = e.next('ping', (d) => d.n === 2);
    e.fire(1);
    e.fire(2);
    off();
    e.fire(3);
    assert.deepEqual(got, [1, 10, 2]);
    assert.equal(dom, 6);
    assert.deepEqual(await next, { n: 2 });
  });
  it('formatted messages render plain text', () => {
    const f = new FormattedOutboundChatMessage(true, 'T')
      .appendPlainText('a ')
      .appendHyperLink('b', 'https://x')
      .appendEmoticon('Wink');
    assert.equal(f.plainText, 'a b(wink)');
    assert.equal(f.isAlert, true);
    assert.equal(f.storyTitle, 'T');
  });
});
