// Black-box (PC-08: "a slow receiver gets a bounded queue and is disconnected if it falls too far
// behind, never slowing the room"), over real TCP: a client that joins a room and then stops reading its
// socket is dropped while large posts go to the room, and a normal client in the same room receives every
// post, in order. What "dropped" means (docs/chat-service.md): the session ends as `slow-consumer`: it
// parts from every room (the others see the part notice) and the server sends BYE; the SIP connection and
// its registration stay (whatever the client does not read stays bounded by the high-water mark).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { createResponse, decodeServerEnvelope, type DecodedServerItem } from '@pchat/protocol';
import type { Room } from '@pchat/domain';
import { createChatService, type ChatService } from '../../src/chat/index.js';
import { ChatSipRouter } from '../../src/frontend/routing/chat-sessions.js';
import { SipTestClient } from '../kit/sip-client.js';
import { ChatDialogClient } from '../kit/chat-dialog.js';
import { startTestServer, type TestServer } from '../kit/server.js';

const POOL = 'pchat.example.test';
const CHAT = 'sip:pchat@example.test';
const HWM = 16 * 1024;

const itemsOf = (c: SipTestClient): DecodedServerItem[] =>
  c.incoming.filter((r) => r.method === 'INFO').flatMap((r) => decodeServerEnvelope(r.body).items);

async function waitFor<T>(get: () => T | undefined, tries = 1000): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const v = get();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('the expected state never came');
}

describe('slow receiver over SIP', () => {
  let t: TestServer;
  let service: ChatService;
  const router = new ChatSipRouter({ log: pino({ level: 'silent' }), highWaterBytes: HWM });
  const clients: SipTestClient[] = [];
  let lobby: Room;

  const UNLIMITED = { commandsPerSecond: 1e9, postsPerSecond: 1e9, bytesPerSecond: 1e15 };
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
      outbound: { highWaterBytes: HWM, maxQueued: 20, maxQueuedBytes: 64 * 1024 },
      // This test floods on purpose (one poster, thousands of posts): the rate limits would stop it first.
      rateLimits: { user: UNLIMITED, connection: UNLIMITED },
    });
    router.attach(service);
    lobby = (await t.server.store.rooms.getRoomByName(POOL, 'Lobby')) as Room;
  });
  after(async () => {
    for (const c of clients) c.destroy();
    await service.close();
    await t.close();
  });

  it('a client that stops reading is dropped; the others get every post in order', async () => {
    const slow = await signIn('alice');
    const fast = await signIn('bob');
    const ds = new ChatDialogClient(slow, 'sip:alice@example.test', CHAT);
    const df = new ChatDialogClient(fast, 'sip:bob@example.test', CHAT);
    assert.equal((await ds.invite()).status, 200);
    assert.equal((await df.invite()).status, 200);
    await ds.command({ type: 'join', uri: lobby.uri });
    await waitFor(() =>
      itemsOf(slow).some((i) => i.kind === 'reply' && i.reply.type === 'join') ? true : undefined,
    );
    await df.command({ type: 'join', uri: lobby.uri });
    await waitFor(() =>
      itemsOf(fast).some((i) => i.kind === 'reply' && i.reply.type === 'join') ? true : undefined,
    );
    const sessions = service.sessionCount;
    slow.socket.pause(); // stops reading: the kernel buffers fill, then the server's transport queue

    const filler = 'x'.repeat(7000);
    let posts = 0;
    // At least 50 large posts; more until the slow session is gone (kernel buffer sizes vary by machine).
    while (posts < 50 || (service.sessionCount === sessions && posts < 3000)) {
      const r = await df.command({
        type: 'grpchat',
        message: {
          chanUri: lobby.uri,
          author: 'sip:bob@example.test',
          ts: new Date(),
          text: `post ${posts} ${filler}`,
        },
      });
      assert.equal(r.status, 200);
      posts++;
    }
    assert.equal(service.sessionCount, sessions - 1, "the slow receiver's session ended");
    assert.equal(router.dialogCount, 1, 'its dialog is gone');

    // The normal client: every post, in order, and the slow user's part notice.
    const texts = await waitFor(() => {
      const got = itemsOf(fast).flatMap((i) => (i.kind === 'grpchat' ? [i.message.text] : []));
      return got.length >= posts ? got : undefined;
    });
    assert.equal(texts.length, posts);
    texts.forEach((text, i) => assert.ok(text.startsWith(`post ${i} `), `post ${i} in order`));
    await waitFor(() =>
      itemsOf(fast).some(
        (i) =>
          i.kind === 'notice' &&
          i.notice.type === 'part' &&
          i.notice.users.includes('sip:alice@example.test'),
      )
        ? true
        : undefined,
    );
    assert.equal(slow.isClosed, false, 'the connection itself stays (only the chat session is dropped)');
  });

  it("responses to the server's INFOs: a 200 changes nothing; a 481 ends the session (the delivery failed)", async () => {
    const a = await signIn('carol');
    const b = await signIn('dave');
    const da = new ChatDialogClient(a, 'sip:carol@example.test', CHAT);
    const db = new ChatDialogClient(b, 'sip:dave@example.test', CHAT);
    assert.equal((await da.invite()).status, 200);
    assert.equal((await db.invite()).status, 200);
    await da.command({ type: 'join', uri: lobby.uri });
    await waitFor(() =>
      itemsOf(a).some((i) => i.kind === 'reply' && i.reply.type === 'join') ? true : undefined,
    );
    await db.command({ type: 'join', uri: lobby.uri });
    await waitFor(() =>
      itemsOf(b).some((i) => i.kind === 'reply' && i.reply.type === 'join') ? true : undefined,
    );
    const sessions = service.sessionCount;
    // Both answer every INFO so far with 200 (read lean by the server): nothing happens.
    for (const c of [a, b])
      for (const r of c.incoming.filter((m) => m.method === 'INFO')) c.send(createResponse(r, 200));
    assert.equal(
      (
        await db.command({
          type: 'grpchat',
          message: { chanUri: lobby.uri, author: 'sip:dave@example.test', ts: new Date(), text: 'one' },
        })
      ).status,
      200,
    );
    const one = await waitFor(() => a.incoming.find((m) => m.method === 'INFO' && m.body.includes('one')));
    assert.equal(service.sessionCount, sessions);
    // carol's client no longer knows the dialog: 481 to the delivery ends her session.
    a.send(createResponse(one, 481));
    await waitFor(() => (service.sessionCount === sessions - 1 ? true : undefined));
    await waitFor(() =>
      itemsOf(b).some(
        (i) =>
          i.kind === 'notice' &&
          i.notice.type === 'part' &&
          i.notice.users.includes('sip:carol@example.test'),
      )
        ? true
        : undefined,
    );
  });
});
