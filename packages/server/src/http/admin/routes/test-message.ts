// Test-CsPersistentChatMessage (PC-50): two test users open chat sessions, join a room, exchange a pair
// of messages, and leave. It runs through the chat service's session interface — the same command table,
// permission checks, persistence and fan-out as SIP sessions — but in-process, without signing in over
// the network (the SDK client that could do that is not built yet; no credentials are needed). The two
// messages stay in the room's history, as with the Lync cmdlet.
import { randomUUID } from 'node:crypto';
import Type from 'typebox';
import { decodeServerEnvelope, encodeCommandEnvelope, type DecodedServerItem } from '@pchat/protocol';
import { buildActor, can, DomainError, isDomainError, type Room, type Store } from '@pchat/domain';
import type { ChatService, ChatSessionHandle } from '../../../chat/index.js';
import { resolveRoom } from '../identity.js';
import { str, type AdminRoute } from '../route.js';

interface Probe {
  handle: ChatSessionHandle;
  items: DecodedServerItem[];
  envid: number;
}

async function openProbe(chat: ChatService, uri: string): Promise<Probe> {
  const items: DecodedServerItem[] = [];
  const handle = await chat.open({ uri, epid: `pchat-test-${randomUUID().slice(0, 8)}`, dialogId: 'Test-CsPersistentChatMessage' }, {
    send: (body) => {
      try {
        items.push(...decodeServerEnvelope(body).items);
      } catch {
        // a body the codec cannot read is simply not what we wait for
      }
      return true;
    },
    close: () => undefined,
  });
  return { handle, items, envid: 0 };
}

/** Polls (bounded by turns, not by a timer) until an item matches. */
async function waitFor(p: Probe, pred: (i: DecodedServerItem) => boolean, turns = 2000): Promise<DecodedServerItem | null> {
  for (let i = 0; i < turns; i++) {
    const hit = p.items.find(pred);
    if (hit) return hit;
    await new Promise((r) => setTimeout(r, 5));
  }
  return null;
}

async function pickRoom(store: Store, sender: string, receiver: string): Promise<Room> {
  const a = await buildActor(store, sender);
  const b = await buildActor(store, receiver);
  for (const room of await store.rooms.listRooms({ disabled: false })) {
    const category = await store.rooms.getCategory(room.categoryId);
    if (!category) continue;
    const t = { room, category };
    if (can(a, 'room.post', t).allowed && can(b, 'room.post', t).allowed && can(a, 'room.join', t).allowed && can(b, 'room.join', t).allowed) return room;
  }
  throw new DomainError('NoSuchNode', `No room exists in which both ${sender} and ${receiver} may join and post. Name one with -ChatRoomUri, or create one (New-CsPersistentChatRoom) with both as members.`);
}

export function testMessageRoute(chat: () => ChatService | null): AdminRoute {
  return {
    method: 'POST', url: '/v1/test-message', cmdlet: 'Test-CsPersistentChatMessage', summary: 'Synthetic test: two users join a room and exchange a message pair (in-process through the chat service)', access: 'admin.room',
    body: Type.Object({
      senderSipAddress: Type.String({ minLength: 1 }), receiverSipAddress: Type.String({ minLength: 1 }),
      chatRoomUri: Type.Optional(Type.String()), targetFqdn: Type.Optional(Type.String()),
    }, { additionalProperties: false }),
    handler: async (ctx) => {
      const service = chat();
      if (!service) throw new DomainError('MsgNotSupported', 'Test-CsPersistentChatMessage is not available: this node runs no chat service (no Persistent Chat pool exists yet). Create a pool, restart, and try again.');
      const sender = String(ctx.body.senderSipAddress).toLowerCase().replace(/^(?!sips?:)/, 'sip:');
      const receiver = String(ctx.body.receiverSipAddress).toLowerCase().replace(/^(?!sips?:)/, 'sip:');
      const store = ctx.deps.store;
      const room = str(ctx.body.chatRoomUri) ? await resolveRoom(store, String(ctx.body.chatRoomUri)) : await pickRoom(store, sender, receiver);
      const started = performance.now();
      const probes: Probe[] = [];
      const steps: string[] = [];
      let error: string | null = null;
      try {
        const a = await openProbe(service, sender);
        probes.push(a);
        const b = await openProbe(service, receiver);
        probes.push(b);
        steps.push('sessions opened');
        for (const p of [a, b]) {
          await p.handle.receive(encodeCommandEnvelope(++p.envid, { type: 'join', uri: room.uri }));
          const r = await waitFor(p, (i) => i.kind === 'reply' && i.reply.type === 'join');
          if (!r || r.kind !== 'reply' || r.reply.code !== 200) throw new Error(`join refused for ${p === a ? sender : receiver}: ${r && r.kind === 'reply' ? `${r.reply.code} ${r.reply.text}` : 'no reply'}`);
        }
        steps.push(`both joined ${room.name}`);
        const token = randomUUID().slice(0, 8);
        for (const [from, to, who] of [[a, b, sender], [b, a, receiver]] as const) {
          const text = `Test-CsPersistentChatMessage ${token} from ${who}`;
          await from.handle.receive(encodeCommandEnvelope(++from.envid, { type: 'grpchat', message: { chanUri: room.uri, author: who, ts: new Date(), text } }));
          const got = await waitFor(to, (i) => i.kind === 'grpchat' && i.message.text === text);
          if (!got) throw new Error(`the message from ${who} did not arrive`);
        }
        steps.push('message pair exchanged');
        for (const p of probes) await p.handle.receive(encodeCommandEnvelope(++p.envid, { type: 'part', uri: room.uri }));
        steps.push('both left');
      } catch (e) {
        error = isDomainError(e) ? e.message : e instanceof Error ? e.message : String(e);
      } finally {
        for (const p of probes) p.handle.end('bye');
      }
      const report = {
        targetFqdn: str(ctx.body.targetFqdn) ?? room.poolFqdn, result: error ? 'Failure' : 'Success', sender, receiver,
        chatRoom: `${room.poolFqdn}\\${room.name}`, latencyMs: Math.round(performance.now() - started), steps, error,
      };
      await store.audit.append({ at: ctx.deps.clock.now(), actor: ctx.caller.actor.uri, action: 'Test-CsPersistentChatMessage', target: report.chatRoom, details: JSON.stringify(report) });
      return { cmdlet: 'Test-CsPersistentChatMessage', target: report.chatRoom, whatIf: false, result: report };
    },
  };
}
