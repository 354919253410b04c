// Black-box: the chat service behind the real front end over a real TCP socket. The
// client signs in, INVITEs the legacy lookup URI (cmd:requri → rpl:requri), then the pool's chat URI,
// and speaks XCCOS in INFOs; the server answers with its own in-dialog INFOs. BYE and a dropped
// connection end the session cleanly.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { getHeader, type SipRequest } from '@pchat/protocol';
import type { Room } from '@pchat/domain';
import { createChatService, type ChatService } from '../../src/chat/index.js';
import { ChatSipRouter } from '../../src/frontend/routing/chat-sessions.js';
import { SipTestClient } from '../kit/sip-client.js';
import { ChatDialogClient, waitItems } from '../kit/chat-dialog.js';
import { startTestServer, type TestServer } from '../kit/server.js';

const POOL = 'pchat.example.test';
const CHAT = 'sip:pchat@example.test';

describe('SIP adapter (front end → chat service)', () => {
  let t: TestServer;
  let service: ChatService;
  const router = new ChatSipRouter({ log: pino({ level: 'silent' }) });
  const clients: SipTestClient[] = [];
  let lobby: Room;

  const signIn = async (user: string): Promise<SipTestClient> => {
    const c = await SipTestClient.connect({ port: t.tcpPort });
    clients.push(c);
    assert.equal((await c.register(`sip:${user}@example.test`, { epid: `ep-${c.tag}` })).status, 200);
    return c;
  };

  before(async () => {
    t = await startTestServer(
      { auth: { schemes: ['trusted-network'], trustedNetworks: ['127.0.0.1/32'] } } as never,
      { chatRouter: router },
    );
    service = await createChatService({
      store: t.server.store,
      poolFqdn: POOL,
      logger: pino({ level: 'silent' }),
    });
    router.attach(service);
    lobby = (await t.server.store.rooms.getRoomByName(POOL, 'Lobby')) as Room;
  });
  after(async () => {
    for (const c of clients) c.destroy();
    await service.close();
    await t.close();
  });

  it('legacy lookup: INVITE sip:ocschat@, cmd:requri answered by an INFO naming the pool URI, then BYE', async () => {
    const c = await signIn('alice');
    const d = new ChatDialogClient(c, 'sip:alice@example.test', 'sip:ocschat@example.test');
    const inv = await d.invite();
    assert.equal(inv.status, 200);
    assert.ok(d.toTag);
    assert.equal((await d.command({ type: 'requri' })).status, 200);
    const items = await waitItems(c, (xs) => xs.some((i) => i.kind === 'reply' && i.reply.type === 'requri'));
    const r = items.find((i) => i.kind === 'reply' && i.reply.type === 'requri');
    assert.deepEqual(r?.kind === 'reply' ? r.reply.data : undefined, { uri: CHAT });
    // COMPAT(pidgin-sipe): the server's INFO comes From the INVITEd URI with our tag, To the user with theirs.
    const info = d.infos()[0] as SipRequest;
    assert.equal(getHeader(info, 'From'), `<sip:ocschat@example.test>;tag=${d.toTag}`);
    assert.match(getHeader(info, 'To') ?? '', new RegExp(`^<sip:alice@example.test>;tag=${c.tag}$`));
    assert.equal((await d.inDialog('BYE')).status, 200);
    assert.equal((await d.command({ type: 'requri' })).status, 481, 'the dialog is gone');
  });

  it('chat dialog: join, post with echo to the author, UPDATE refresh, BYE parts from the room', async () => {
    const a = await signIn('alice');
    const b = await signIn('bob');
    const da = new ChatDialogClient(a, 'sip:alice@example.test', CHAT);
    const db = new ChatDialogClient(b, 'sip:bob@example.test', CHAT);
    const inv = await da.invite();
    assert.equal(inv.status, 200);
    assert.match(getHeader(inv, 'Session-Expires') ?? '', /^1800/);
    assert.ok(getHeader(inv, 'Contact'));
    assert.equal((await db.invite()).status, 200);
    await da.command({ type: 'join', uri: lobby.uri });
    await db.command({ type: 'join', uri: lobby.uri });
    await waitItems(b, (xs) => xs.some((i) => i.kind === 'reply' && i.reply.type === 'join'));
    await waitItems(a, (xs) => xs.some((i) => i.kind === 'notice' && i.notice.type === 'join'));
    assert.equal(
      (
        await da.command({
          type: 'grpchat',
          message: {
            chanUri: lobby.uri,
            author: 'sip:alice@example.test',
            ts: new Date(),
            text: 'hi over SIP',
          },
        })
      ).status,
      200,
    );
    for (const c of [a, b]) {
      const items = await waitItems(c, (xs) => xs.some((i) => i.kind === 'grpchat'));
      const m = items.find((i) => i.kind === 'grpchat');
      assert.equal(m?.kind === 'grpchat' ? m.message.text : '', 'hi over SIP');
    }
    assert.equal((await da.inDialog('UPDATE')).status, 200);
    assert.equal((await db.inDialog('BYE')).status, 200);
    await waitItems(a, (xs) => xs.some((i) => i.kind === 'notice' && i.notice.type === 'part'));
  });

  it('a refused user gets a final answer with ms-diagnostics at INVITE, not a dialog', async () => {
    // The front end checks policy first; the chat service refuses the same way if it is reached.
    await t.server.store.topology.putPolicy({
      identity: 'tag:nochat',
      description: '',
      enablePersistentChat: false,
    });
    const dave = await t.server.store.directory.get('sip:dave@example.test');
    assert.ok(dave && dave.kind === 'user');
    await t.server.store.directory.update({ ...dave, policyTag: 'nochat' });
    const c = await signIn('dave');
    const r = await new ChatDialogClient(c, 'sip:dave@example.test', CHAT).invite();
    assert.ok(r.status >= 400, `status ${r.status}`);
    assert.ok(getHeader(r, 'ms-diagnostics'));
  });

  it('a dropped connection ends its sessions: the others see the user part', async () => {
    const a = await signIn('alice');
    const b = await signIn('bob');
    const da = new ChatDialogClient(a, 'sip:alice@example.test', CHAT);
    const db = new ChatDialogClient(b, 'sip:bob@example.test', CHAT);
    await da.invite();
    await db.invite();
    await da.command({ type: 'join', uri: lobby.uri });
    await waitItems(a, (xs) => xs.some((i) => i.kind === 'reply' && i.reply.type === 'join'));
    await db.command({ type: 'join', uri: lobby.uri });
    await waitItems(a, (xs) =>
      xs.some(
        (i) => i.kind === 'notice' && i.notice.type === 'join' && i.notice.user === 'sip:bob@example.test',
      ),
    );
    const before = service.sessionCount;
    b.destroy();
    await waitItems(a, (xs) =>
      xs.some(
        (i) =>
          i.kind === 'notice' && i.notice.type === 'part' && i.notice.users.includes('sip:bob@example.test'),
      ),
    );
    assert.equal(service.sessionCount, before - 1);
  });
});
