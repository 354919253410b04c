// The SIP edge over real TCP sockets on 127.0.0.1: transactions, dialogs, refusals and limits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getHeader, parseNameAddr, type SipResponse } from '@pchat/protocol';
import { RawClient, makeEdge, sipRequest, type Edge } from '../kit/sip-edge.js';
import type { SipDialog } from '../../src/sip/transaction/index.js';

async function withEdge(
  fn: (edge: Edge, port: number) => Promise<void>,
  opts: Parameters<typeof makeEdge>[1] = {},
  handlers: Parameters<typeof makeEdge>[0]['handlers'] = {},
  timers = {},
): Promise<void> {
  const edge = makeEdge(
    { handlers, supported: ['ms-dialog-route-set-update'], serverName: 'pchat-test', timers },
    opts,
  );
  const { port } = await edge.transport.listenTcp(0, '127.0.0.1');
  try {
    await fn(edge, port);
  } finally {
    await edge.close();
  }
}

test('OPTIONS is answered 200 with Allow, Accept and Supported', { timeout: 15_000 }, () =>
  withEdge(async (_edge, port) => {
    const c = await RawClient.tcp(port);
    c.write(sipRequest('OPTIONS'));
    const r = await c.response();
    assert.equal(r.status, 200);
    assert.match(getHeader(r, 'Allow')!, /OPTIONS/);
    assert.ok(getHeader(r, 'Accept'));
    assert.equal(getHeader(r, 'Supported'), 'ms-dialog-route-set-update');
    assert.ok(parseNameAddr(getHeader(r, 'To')!).params.get('tag'), 'the To tag is added');
    c.end();
  }),
);

test('a request in an unknown dialog gets 481', { timeout: 15_000 }, () =>
  withEdge(async (_edge, port) => {
    const c = await RawClient.tcp(port);
    c.write(sipRequest('INFO', { toTag: 'nosuchtag', body: '<xccos/>' }));
    assert.equal((await c.response()).status, 481);
    c.end();
  }),
);

test(
  'INVITE creates a dialog; in-dialog INFO reaches the handler; a CSeq regression gets 500; BYE ends it',
  { timeout: 15_000 },
  async () => {
    let dialog: SipDialog | null = null;
    const infos: string[] = [];
    await withEdge(
      async (edge, port) => {
        const c = await RawClient.tcp(port);
        c.write(sipRequest('INVITE', { callId: 'd1', cseq: 1, body: 'v=0\r\n' }));
        const ok = await c.response(1);
        assert.equal(ok.status, 200);
        const toTag = parseNameAddr(getHeader(ok, 'To')!).params.get('tag')!;
        assert.ok(getHeader(ok, 'Contact'));
        assert.ok(dialog !== null);
        c.write(sipRequest('ACK', { callId: 'd1', cseq: 1, toTag }));
        c.write(sipRequest('INFO', { callId: 'd1', cseq: 2, toTag, body: '<xccos ver="1"/>' }));
        assert.equal((await c.response(2)).status, 200);
        assert.deepEqual(infos, ['<xccos ver="1"/>']);
        c.write(sipRequest('INFO', { callId: 'd1', cseq: 2, toTag, body: 'again' }));
        const regress = await c.response(3);
        assert.equal(regress.status, 500);
        assert.match(getHeader(regress, 'Warning')!, /CSeq 2 is not above 2/);
        c.write(sipRequest('INFO', { callId: 'd1', cseq: 1, toTag, body: 'older' }));
        assert.equal((await c.response(4)).status, 500);
        assert.deepEqual(infos, ['<xccos ver="1"/>']);
        // server -> client request in the dialog (the chat fan-out path): the client answers 200
        const pending = edge.endpoint.requestInDialog(dialog, 'INFO', {
          body: '<xccos>hi</xccos>',
          contentType: 'text/plain',
        });
        await c.until(() => c.messages.some((m) => m.kind === 'request' && m.method === 'INFO'));
        const info = c.messages.find((m) => m.kind === 'request' && m.method === 'INFO')!;
        assert.equal(info.body, '<xccos>hi</xccos>');
        assert.equal(getHeader(info, 'CSeq'), '1 INFO');
        assert.equal(info.kind === 'request' && info.uri, 'sip:alice@127.0.0.1:5999;transport=tcp');
        const okText = [
          'SIP/2.0 200 OK',
          ...info.headers
            .filter((h) => ['via', 'from', 'to', 'call-id', 'cseq'].includes(h.name.toLowerCase()))
            .map((h) => `${h.name}: ${h.value}`),
          'Content-Length: 0',
          '',
          '',
        ].join('\r\n');
        c.write(okText);
        const answer: SipResponse = await pending;
        assert.equal(answer.status, 200);
        c.write(sipRequest('BYE', { callId: 'd1', cseq: 3, toTag }));
        assert.equal((await c.response(5)).status, 200);
        assert.equal(edge.endpoint.dialog(dialog.id), undefined);
        c.end();
      },
      {},
      {
        INVITE: (ctx) => {
          dialog = ctx.acceptDialog(200, { body: 'v=0\r\n', contentType: 'application/sdp' });
        },
        INFO: (ctx) => {
          infos.push(ctx.request.body);
          ctx.respond(200);
        },
      },
    );
  },
);

test('a client transaction times out with 408 after 64*T1 (Timer F)', { timeout: 15_000 }, async () => {
  let dialog: SipDialog | null = null;
  await withEdge(
    async (edge, port) => {
      const c = await RawClient.tcp(port);
      c.write(sipRequest('SUBSCRIBE', { callId: 's1', extra: 'Event: presence\r\n' }));
      assert.equal((await c.response()).status, 202);
      const r = await edge.endpoint.requestInDialog(dialog!, 'NOTIFY', {
        headers: [{ name: 'Event', value: 'presence' }],
      });
      assert.equal(r.status, 408);
      assert.equal(edge.endpoint.transactionCounts.client, 0);
      c.end();
    },
    {},
    {
      SUBSCRIBE: (ctx) => {
        dialog = ctx.acceptDialog(202);
      },
    },
    { t1Ms: 2 },
  );
});

test('a handler that throws yields 500 with an error id, never the error text', { timeout: 15_000 }, () =>
  withEdge(
    async (_edge, port) => {
      const c = await RawClient.tcp(port);
      c.write(sipRequest('MESSAGE', { body: 'hi' }));
      const r = await c.response();
      assert.equal(r.status, 500);
      assert.doesNotMatch(getHeader(r, 'Warning')!, /secret/);
      c.end();
    },
    {},
    {
      MESSAGE: () => {
        throw new Error('secret internals');
      },
    },
  ),
);

test('unhandled known methods get 405 with Allow; unknown methods 501', { timeout: 15_000 }, () =>
  withEdge(async (_edge, port) => {
    const c = await RawClient.tcp(port);
    c.write(sipRequest('REGISTER'));
    const r = await c.response(1);
    assert.equal(r.status, 405);
    assert.match(getHeader(r, 'Allow')!, /OPTIONS/);
    c.write(sipRequest('FROBNICATE'));
    assert.equal((await c.response(2)).status, 501);
    c.end();
  }),
);

test('a malformed request gets 400 with a reason, and the connection stays usable', { timeout: 15_000 }, () =>
  withEdge(async (_edge, port) => {
    const c = await RawClient.tcp(port);
    c.write(sipRequest('OPTIONS').replace('CSeq: 1 OPTIONS', 'CSeq: one OPTIONS'));
    const r = await c.response(1);
    assert.equal(r.status, 400);
    assert.match(r.reason, /CSeq/);
    assert.match(getHeader(r, 'Warning')!, /^399 pchat "CSeq/);
    c.write(sipRequest('OPTIONS'));
    assert.equal((await c.response(2)).status, 200);
    c.end();
  }),
);

test('a 10 MB body gets 413 and the connection is closed', { timeout: 15_000 }, () =>
  withEdge(async (_edge, port) => {
    const c = await RawClient.tcp(port);
    const head = sipRequest('MESSAGE').replace('Content-Length: 0', `Content-Length: ${10 * 1024 * 1024}`);
    c.write(head);
    c.write(Buffer.alloc(64 * 1024, 0x61));
    const r = await c.response();
    assert.equal(r.status, 413);
    await c.until(() => c.closed);
  }),
);

test('an endless header line gets the connection closed', { timeout: 15_000 }, () =>
  withEdge(async (_edge, port) => {
    const c = await RawClient.tcp(port);
    c.write('OPTIONS sip:x@example.test SIP/2.0\r\nX-Endless: ');
    const chunk = Buffer.alloc(4096, 0x62);
    for (let i = 0; i < 8 && !c.closed; i++) c.write(chunk);
    await c.until(() => c.closed);
    assert.equal(c.messages.length, 0);
  }),
);

test(
  'a silent connection is closed after its idle timeout; keep-alive pings get pongs',
  { timeout: 15_000 },
  () =>
    withEdge(
      async (edge, port) => {
        const c = await RawClient.tcp(port);
        c.write('\r\n\r\n');
        await c.until(() => c.pongs === 1);
        await c.until(() => c.closed);
        assert.equal(edge.transport.connectionCount, 0);
      },
      { idleTimeoutMs: 150 },
    ),
);

test(
  'a slow-loris message (headers never finishing) is closed after the message timeout',
  { timeout: 15_000 },
  () =>
    withEdge(
      async (_edge, port) => {
        const c = await RawClient.tcp(port);
        c.write('OPTIONS sip:x@example.test SIP/2.0\r\nVia: SIP/2.0/TCP 1.2.3.4\r\n');
        const drip = setInterval(() => {
          if (!c.closed) c.write('X-Drip: 1\r\n');
        }, 20);
        await c.until(() => c.closed);
        clearInterval(drip);
      },
      { messageTimeoutMs: 200, idleTimeoutMs: 60_000 },
    ),
);

test(
  'a connection flood beyond the cap evicts connections not signed in, oldest first; a signed-in one is kept',
  { timeout: 15_000 },
  () =>
    withEdge(
      async (edge, port) => {
        const first = await RawClient.tcp(port);
        first.write(sipRequest('REGISTER'));
        assert.equal((await first.response(1)).status, 200);
        const flood: RawClient[] = [];
        for (let i = 0; i < 12; i++) {
          flood.push(await RawClient.tcp(port));
          // Accepted in order: the next one may evict this one only once it is counted.
          await new Promise((r) => setImmediate(r));
        }
        // The cap is 4: the signed-in one stays; of the flood, the 3 newest stay and the 9 oldest are evicted.
        await Promise.all(flood.slice(0, 9).map((f) => f.until(() => f.closed)));
        assert.equal(edge.transport.connectionCount, 4);
        first.write(sipRequest('OPTIONS'));
        assert.equal((await first.response(2)).status, 200);
        for (const f of flood) f.end();
        first.end();
      },
      { maxConnectionsPerIp: 4 },
      {
        // Stands in for a successful sign-in.
        REGISTER: (ctx) => {
          ctx.connection.markAuthenticated();
          ctx.respond(200);
        },
      },
    ),
);

test(
  'a connection that never signs in is closed at its deadline even while it sends keep-alives',
  { timeout: 15_000 },
  () =>
    withEdge(
      async (_edge, port) => {
        const idle = await RawClient.tcp(port);
        const signed = await RawClient.tcp(port);
        signed.write(sipRequest('REGISTER'));
        assert.equal((await signed.response(1)).status, 200);
        const ping = setInterval(() => {
          if (!idle.closed) idle.write('\r\n\r\n');
          if (!signed.closed) signed.write('\r\n\r\n');
        }, 50);
        await idle.until(() => idle.closed);
        clearInterval(ping);
        assert.equal(signed.closed, false, 'the signed-in connection is still open');
        signed.write(sipRequest('OPTIONS'));
        assert.equal((await signed.response(2)).status, 200);
        signed.end();
      },
      { signInTimeoutMs: 300, idleTimeoutMs: 60_000 },
      {
        REGISTER: (ctx) => {
          ctx.connection.markAuthenticated();
          ctx.respond(200);
        },
      },
    ),
);

test(
  'a retransmitted request is answered from the transaction, not handled twice',
  { timeout: 15_000 },
  async () => {
    let calls = 0;
    await withEdge(
      async (_edge, port) => {
        const c = await RawClient.tcp(port);
        const inviteText = sipRequest('INVITE', { callId: 'rt', branch: 'z9hG4bKsame' });
        c.write(inviteText);
        const first = await c.response(1);
        assert.equal(first.status, 486);
        c.write(inviteText); // INVITE server transaction is Completed until ACK / Timer H
        const second = await c.response(2);
        assert.equal(second.status, 486);
        assert.equal(calls, 1);
        c.end();
      },
      {},
      {
        INVITE: (ctx) => {
          calls++;
          ctx.respond(486);
        },
      },
    );
  },
);

test(
  'a re-INVITE refreshes the remote target of the dialog (RFC 3261 §12.2.2)',
  { timeout: 15_000 },
  async () => {
    let dialog: SipDialog | null = null;
    await withEdge(
      async (_edge, port) => {
        const c = await RawClient.tcp(port);
        c.write(sipRequest('INVITE', { callId: 'rf', cseq: 1 }));
        const ok = await c.response(1);
        const toTag = parseNameAddr(getHeader(ok, 'To')!).params.get('tag')!;
        assert.equal(dialog!.remoteTarget, 'sip:alice@127.0.0.1:5999;transport=tcp');
        c.write(
          sipRequest('INVITE', { callId: 'rf', cseq: 2, toTag }).replace(
            '<sip:alice@127.0.0.1:5999;transport=tcp>',
            '<sip:alice@192.0.2.7:7000;transport=tcp>',
          ),
        );
        assert.equal((await c.response(2)).status, 200);
        assert.equal(dialog!.remoteTarget, 'sip:alice@192.0.2.7:7000;transport=tcp');
        c.end();
      },
      {},
      {
        INVITE: (ctx) => {
          if (ctx.dialog) ctx.respond(200);
          else dialog = ctx.acceptDialog();
        },
      },
    );
  },
);

test(
  'CANCEL: 200 to the CANCEL and 487 to the pending INVITE; an unknown CANCEL gets 481',
  { timeout: 15_000 },
  async () => {
    let aborted = false;
    await withEdge(
      async (_edge, port) => {
        const c = await RawClient.tcp(port);
        c.write(sipRequest('INVITE', { callId: 'cx', branch: 'z9hG4bKcancelme' }));
        c.write(sipRequest('CANCEL', { callId: 'cx', branch: 'z9hG4bKcancelme' }));
        await c.response(2);
        const statuses = c.messages
          .filter((m) => m.kind === 'response')
          .map((m) => `${m.kind === 'response' && m.status} ${getHeader(m, 'CSeq')}`);
        assert.deepEqual(statuses.sort(), ['200 1 CANCEL', '487 1 INVITE']);
        assert.equal(aborted, true);
        c.write(sipRequest('CANCEL', { callId: 'cy', branch: 'z9hG4bKnothing' }));
        assert.equal((await c.response(3)).status, 481);
        c.end();
      },
      {},
      {
        INVITE: (ctx) =>
          new Promise<void>((resolve) =>
            ctx.signal.addEventListener('abort', () => {
              aborted = true;
              resolve();
            }),
          ),
      },
    );
  },
);
