// Editing and deleting one's own messages (pchat) against the real server: refused while the policy
// says no (the default), then allowed; the edit and the deletion reach every session in the room at once
// as typed events; the original text stays in the audit log and in the compliance queue.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { ComplianceEvent } from '@pchat/domain';
import { COMPLIANCE_DEFAULTS, putCompliance } from '@pchat/server';
import {
  ChatRoomSession,
  isPersistentChatError,
  type ChatRoomSessionEvents,
  type PersistentChatEndpoint,
} from '../src/index.js';
import { startPchat, type Pchat } from './support/server.js';
import { chatAs, closeAll } from './support/sdk.js';

let p: Pchat;
const eps: PersistentChatEndpoint[] = [];
before(async () => {
  // The test reads the compliance queue itself: the node's adapter run must not drain it first.
  p = await startPchat({ compliance: { runIntervalSeconds: 86400 } });
});
after(async () => {
  await closeAll(...eps);
  await p?.close();
});

function collect<K extends keyof ChatRoomSessionEvents>(
  s: ChatRoomSession,
  type: K,
): Array<ChatRoomSessionEvents[K]> {
  const out: Array<ChatRoomSessionEvents[K]> = [];
  s.on(type, (d) => out.push(d));
  return out;
}

async function until(f: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !f(); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(f(), 'condition not reached');
}

it(
  'edit and delete of one own message: refused by default, then seen live by the room and kept for compliance',
  { timeout: 120_000 },
  async () => {
    const store = p.server.store;
    await putCompliance(store, { identity: 'global', ...COMPLIANCE_DEFAULTS, adapterType: 'XmlAdapter' });
    const alice1 = await chatAs(p, 'alice', 'tcp');
    eps.push(alice1);
    const s1 = new ChatRoomSession(alice1);
    await s1.join('Lobby');
    const sent = await s1.sendChatMessage('the orignal text');
    const id = sent.messageId!;
    const m = { messageId: id };
    await assert.rejects(s1.editMessage(m.messageId, 'the original text'), (e: unknown) => {
      assert.ok(isPersistentChatError(e));
      assert.match(e.message, /AllowEditOwnMessages=\$false/);
      return true;
    });
    await assert.rejects(s1.deleteMessage(m.messageId), /AllowDeleteOwnMessages=\$false/);

    const global = (await store.topology.getPolicy('global'))!;
    await store.topology.putPolicy({ ...global, allowEditOwnMessages: true, allowDeleteOwnMessages: true });
    const alice = await chatAs(p, 'alice', 'ws');
    const bob = await chatAs(p, 'bob', 'tcp');
    eps.push(alice, bob);
    const a = new ChatRoomSession(alice);
    const b = new ChatRoomSession(bob);
    await a.join('Lobby');
    await b.join('Lobby');
    const edited = collect(b, 'chatMessageEdited');
    const deleted = collect(b, 'chatMessageDeleted');
    const received = collect(b, 'chatMessageReceived');

    await a.editMessage(m.messageId, 'the original text');
    await until(() => edited.length === 1);
    assert.equal(edited[0]!.messageId, m.messageId);
    assert.equal(edited[0]!.message.messageContent, 'the original text');
    // Bob may not touch Alice's message.
    await assert.rejects(b.editMessage(m.messageId, 'hijacked'), /only their own messages/);
    await assert.rejects(b.deleteMessage(m.messageId), /only their own messages/);

    await a.deleteMessage(m.messageId);
    await until(() => deleted.length === 1);
    assert.deepEqual(deleted[0], { messageId: m.messageId, author: 'sip:alice@example.test' });
    assert.equal(received.length, 0, 'changes are not new messages');
    const lobby = (await store.rooms.getRoomByName('pchat.example.test', 'Lobby'))!;
    assert.equal(await store.messages.get(lobby.id, Number(m.messageId)), null);

    // Kept: the audit log has both changes with the original text; compliance has CHAT, EDIT, DELETE.
    const audit = await store.audit.list({ target: `${lobby.uri}#${m.messageId}`, limit: 10 });
    assert.deepEqual(audit.map((e) => e.action).sort(), ['Delete-OwnMessage', 'Edit-OwnMessage']);
    assert.match(audit.find((e) => e.action === 'Edit-OwnMessage')!.details, /"previous":"the orignal text"/);
    const events: ComplianceEvent[] = [];
    for (
      let batch = await store.compliance.claim('test', 1000, 60_000);
      batch.length > 0;
      batch = await store.compliance.claim('test', 1000, 60_000)
    ) {
      events.push(...batch);
      await store.compliance.complete('test', batch[0]!.batchId);
    }
    const mine = events.filter((e) => e.messageId === Number(m.messageId) && e.roomId === lobby.id);
    assert.deepEqual(
      mine.map((e) => [e.type, e.content]),
      [
        ['CHAT', 'the orignal text'],
        ['EDIT', 'the original text'],
        ['DELETE', 'the original text'],
      ],
    );
    assert.match(mine[1]!.details ?? '', /"previous":"the orignal text"/);
  },
);
