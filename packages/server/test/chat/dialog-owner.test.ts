// Black-box, real sockets: a dialog belongs to the connection it was created on. Another connection that
// carries a victim's Call-ID and tags gets 481 and changes nothing (no CSeq advance, no BYE): the victim's
// dialog answers its next CSeq as before. And a connection without a live registration may not INVITE.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { encodeCommandEnvelope, getHeader } from '@pchat/protocol';
import { createChatService, type ChatService } from '../../src/chat/index.js';
import { ChatSipRouter } from '../../src/frontend/routing/chat-sessions.js';
import { SipTestClient } from '../kit/sip-client.js';
import { ChatDialogClient, waitItems } from '../kit/chat-dialog.js';
import { startTestServer, type TestServer } from '../kit/server.js';

const CHAT = 'sip:pchat@example.test';

describe('a dialog belongs to its connection', () => {
  let t: TestServer;
  let service: ChatService;
  const router = new ChatSipRouter({ log: pino({ level: 'silent' }) });
  const clients: SipTestClient[] = [];

  const connect = async (): Promise<SipTestClient> => {
    const c = await SipTestClient.connect({ port: t.tcpPort });
    clients.push(c);
    return c;
  };
  const signIn = async (user: string): Promise<SipTestClient> => {
    const c = await connect();
    assert.equal((await c.register(`sip:${user}@example.test`, { epid: `ep-${c.tag}` })).status, 200);
    return c;
  };
  const serverInfo = { type: 'getserverinfo', domain: 'example.test', infoType: 'all' } as const;

  before(async () => {
    t = await startTestServer(
      { auth: { schemes: ['trusted-network'], trustedNetworks: ['127.0.0.1/32'] } } as never,
      { chatRouter: router },
    );
    service = await createChatService({
      store: t.server.store,
      poolFqdn: 'pchat.example.test',
      logger: pino({ level: 'silent' }),
    });
    router.attach(service);
  });
  after(async () => {
    for (const c of clients) c.destroy();
    await service.close();
    await t.close();
  });

  it("a request on another connection with the victim's Call-ID and tags: 481, and nothing changes", async () => {
    const alice = await signIn('alice');
    const victim = new ChatDialogClient(alice, 'sip:alice@example.test', CHAT);
    assert.equal((await victim.invite()).status, 200);
    const sessions = service.sessionCount;

    // The attacker copies everything that identifies the dialog, with a CSeq far ahead, from a signed-in
    // connection of its own and from one that never signed in.
    for (const attacker of [await signIn('carol'), await connect()]) {
      const forged = (method: string, cseq: number, body = '') =>
        attacker.request(method, CHAT, body ? [{ name: 'Content-Type', value: 'text/plain' }] : [], body, {
          callId: victim.callId,
          from: victim.from,
          to: `<${CHAT}>;tag=${victim.toTag}`,
          cseq,
        });
      assert.equal((await forged('INFO', 1000, encodeCommandEnvelope(9, serverInfo))).status, 481);
      assert.equal((await forged('UPDATE', 1001)).status, 481);
      assert.equal((await forged('BYE', 1002)).status, 481);
    }
    assert.equal(service.sessionCount, sessions, 'the session is still there');
    assert.equal(router.dialogCount >= 1, true);

    // The victim's next CSeq (not above 1000) is still in order, and the dialog still serves commands.
    const r = await victim.command(serverInfo);
    assert.equal(r.status, 200, `victim's next request: ${r.status} ${r.reason}`);
    await waitItems(alice, (xs) => xs.some((i) => i.kind === 'reply' && i.reply.type === 'getserverinfo'));
    assert.equal(
      alice.incoming.filter((m) => m.method === 'BYE').length,
      0,
      'the server sent the victim no BYE',
    );
    assert.equal((await victim.inDialog('BYE')).status, 200);
    assert.equal(service.sessionCount, sessions - 1);
  });

  it('INVITE without a live registration is refused with ms-diagnostics', async () => {
    // Never REGISTERed.
    const stranger = await connect();
    const r1 = await new ChatDialogClient(stranger, 'sip:bob@example.test', CHAT).invite();
    assert.equal(r1.status, 403);
    assert.match(getHeader(r1, 'ms-diagnostics') ?? '', /^1002;reason="[^"]*REGISTER/);

    // Signed in, then un-REGISTERed (Expires: 0): the connection may no longer open sessions.
    const bob = await signIn('bob');
    const un = await bob.register('sip:bob@example.test', { epid: `ep-${bob.tag}`, expires: 0 });
    assert.equal(un.status, 200);
    const sessions = service.sessionCount;
    const r2 = await new ChatDialogClient(bob, 'sip:bob@example.test', CHAT).invite();
    assert.equal(r2.status, 403, `INVITE after un-REGISTER: ${r2.status}`);
    assert.match(getHeader(r2, 'ms-diagnostics') ?? '', /^1011;reason="[^"]*REGISTER again[^"]*"/);
    assert.equal(service.sessionCount, sessions, 'no session was opened');

    // Registered again: INVITE works.
    assert.equal((await bob.register('sip:bob@example.test', { epid: `ep-${bob.tag}` })).status, 200);
    assert.equal((await new ChatDialogClient(bob, 'sip:bob@example.test', CHAT).invite()).status, 200);
  });
});
