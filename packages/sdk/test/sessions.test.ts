// ChatRoomSession and PersistentChatServices against the real server: join by name/URI/summary, send
// (text, alert, story, formatted parts, RTF), receive, history, search, roster events, leave; browse and
// search rooms, preference bundles, server configuration and time, invitations.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Room } from '@pchat/domain';
import { systemActor, updateRoom } from '@pchat/domain';
import {
  ChatRoomSession,
  FormattedOutboundChatMessage,
  isPersistentChatError,
  type ChatMessage,
  type ChatRoomSessionEvents,
  type PersistentChatEndpoint,
} from '../src/index.js';
import { startPchat, type Pchat } from './support/server.js';
import { chatAs, closeAll } from './support/sdk.js';

function collect<K extends keyof ChatRoomSessionEvents>(
  s: ChatRoomSession,
  type: K,
): Array<ChatRoomSessionEvents[K]> {
  const out: Array<ChatRoomSessionEvents[K]> = [];
  s.on(type, (d) => out.push(d));
  return out;
}

describe('ChatRoomSession and PersistentChatServices', { timeout: 120_000 }, () => {
  let p: Pchat;
  let alice: PersistentChatEndpoint;
  let bob: PersistentChatEndpoint;
  let lobby: Room;
  before(async () => {
    p = await startPchat();
    lobby = (await p.server.store.rooms.getRoomByName('pchat.example.test', 'Lobby')) as Room;
    alice = await chatAs(p, 'alice', 'tcp');
    bob = await chatAs(p, 'bob', 'ws');
  });
  after(async () => {
    await closeAll(alice, bob);
    await p?.close();
  });

  it('joins by name (case-insensitive) and by URI, sees arrivals, and exchanges every kind of message', async () => {
    const a = new ChatRoomSession(alice);
    const arrivals = collect(a, 'participantAttendanceChanged');
    const aStates = collect(a, 'sessionStateChanged');
    await a.join('lOBBY');
    assert.equal(a.state, 'Established');
    assert.equal(a.chatRoomUri, lobby.uri);
    assert.equal(a.name, 'Lobby');
    assert.deepEqual(
      aStates.map((s) => s.state),
      ['Establishing', 'Established'],
    );
    assert.equal(alice.getChatRoomSession('LOBBY'), a);
    assert.equal(alice.getChatRoomSession(lobby.uri), a);
    assert.deepEqual(alice.activeChatRoomSessions, [a]);

    const b = new ChatRoomSession(bob);
    const got = collect(b, 'chatMessageReceived');
    const seen = a.next(
      'participantAttendanceChanged',
      (d) => d.participant.sipUri === 'sip:bob@example.test',
    );
    await b.join(lobby.uri);
    await seen;
    assert.ok(arrivals.some((d) => d.isActive && d.participant.sipUri === 'sip:bob@example.test'));
    assert.ok(b.participants.some((x) => x.sipUri === 'sip:alice@example.test'));

    const waitFor = (n: number): Promise<unknown> =>
      got.length >= n ? Promise.resolve() : b.next('chatMessageReceived', () => got.length >= n);
    const m1 = await a.sendChatMessage('hello bob & co');
    assert.match(m1.messageId ?? '', /^\d+$/);
    const m2 = await a.sendChatMessage('fire drill', { alert: true, rtf: '{\\rtf1 fire drill}' });
    const m3 = await a.sendStory('Release notes', 'Version 2 is out.');
    const f = new FormattedOutboundChatMessage()
      .appendPlainText('see ')
      .appendHyperLink('the docs', 'https://example.test/docs')
      .appendPlainText(' in ')
      .appendChatRoomLink('Lobby', lobby.uri)
      .appendEmoticon('Smile', ':)');
    const m4 = await a.sendChatMessage(f);
    await waitFor(4);
    const byId = new Map(got.map((g) => [g.message.messageId, g.message] as const));
    assert.equal(byId.get(m1.messageId)?.messageContent, 'hello bob & co');
    assert.equal(byId.get(m1.messageId)?.messageAuthor, 'sip:alice@example.test');
    assert.equal(byId.get(m2.messageId)?.isAlert, true);
    assert.equal(byId.get(m2.messageId)?.messageRtfContent, '{\\rtf1 fire drill}');
    assert.equal(byId.get(m3.messageId)?.storyTitle, 'Release notes');
    assert.equal(byId.get(m3.messageId)?.messageContent, 'Version 2 is out.');
    const parts = byId.get(m4.messageId)!.formattedMessageParts;
    assert.deepEqual(
      parts.map((x) => x.kind),
      ['text', 'link', 'text', 'room', 'emoticon'],
    );
    assert.equal(byId.get(m4.messageId)!.messageContent, 'see the docs in Lobby:)');
    assert.ok(got.every((g) => !g.catchUp));

    const recent = await b.getRecentChatHistory(10);
    const ids = recent.map((m: ChatMessage) => m.messageId);
    for (const m of [m1, m2, m3, m4]) assert.ok(ids.includes(m.messageId), `history has ${m.messageId}`);
    const older = await b.getRecentChatHistory(10, m2.messageId!);
    assert.ok(older.every((m) => BigInt(m.messageId!) < BigInt(m2.messageId!)));

    const hit = await b.queryChatHistory('drill');
    assert.ok(hit && hit.messages.some((m) => m.messageId === m2.messageId), JSON.stringify(hit));

    const hidden = await a.getHiddenParticipantList();
    assert.ok(hidden.some((x) => x.sipUri === 'sip:bob@example.test'));

    const left = a.next('participantAttendanceChanged', (d) => !d.isActive);
    await b.leave();
    assert.equal(b.state, 'Idle');
    assert.equal((await left).participant.sipUri, 'sip:bob@example.test');
    await a.leave();
    assert.deepEqual(alice.activeChatRoomSessions, []);
  });

  it('refuses what the user may not do with typed errors', async () => {
    const s = new ChatRoomSession(bob);
    await assert.rejects(s.join('Leadership'), (e) => isPersistentChatError(e, 'NoSuchNode'));
    const leadership = (await p.server.store.rooms.getRoomByName('pchat.example.test', 'Leadership')) as Room;
    await assert.rejects(
      s.join(leadership.uri),
      (e) => isPersistentChatError(e) && (e.code === 'ErrorPermission' || e.code === 'NoSuchNode'),
    );
    assert.equal(s.state, 'Idle');
    await assert.rejects(s.sendChatMessage('x'), (e) => isPersistentChatError(e, 'InvalidFlowOfOperations'));
    const ann = new ChatRoomSession(bob);
    await ann.join('Announcements');
    await assert.rejects(
      ann.sendChatMessage('not a presenter'),
      (e) => isPersistentChatError(e, 'ErrorPermission') && e.xccosCode === 403,
    );
    await ann.leave();
  });

  it('browses and searches rooms every way', async () => {
    const svc = alice.persistentChatServices;
    const all = await svc.browseChatRoomsByCriteria('');
    assert.deepEqual(all.map((r) => r.name).sort(), ['Announcements', 'Engineering', 'Lobby']);
    const byName = await svc.browseChatRoomsByCriteria('lob');
    assert.deepEqual(
      byName.map((r) => r.name),
      ['Lobby'],
    );
    const byDesc = await svc.browseChatRoomsByCriteria('Auditorium', true);
    assert.deepEqual(
      byDesc.map((r) => r.name),
      ['Announcements'],
    );
    const cat = await p.server.store.rooms.getCategory(lobby.categoryId);
    const byCat = await svc.browseChatRoomsByCategoryUri(cat!.uri);
    assert.equal(byCat.length, 3);
    const filtered = await svc.browseChatRoomsByFilterCriteria({ privacy: 'closed' });
    assert.deepEqual(
      filtered.map((r) => r.name),
      ['Engineering'],
    );
    const managed = await svc.browseChatRoomsIManage();
    assert.deepEqual(
      managed.map((r) => r.name),
      ['Engineering'],
    );
    const mine = await svc.browseMyChatRooms();
    assert.ok(mine.some((r) => r.name === 'Engineering'));
    const s = new ChatRoomSession(bob);
    await s.join('Lobby');
    const joinedByBob = await svc.browseChatRoomsByJoinedUser('sip:bob@example.test');
    assert.deepEqual(
      joinedByBob.map((r) => r.name),
      ['Lobby'],
    );
    assert.ok(joinedByBob[0]!.numberOfParticipants >= 1);
    await s.leave();
    const inv = await svc.browseChatRoomsByInvitations(0);
    assert.ok(Array.isArray(inv.rooms) && typeof inv.lastInviteId === 'number');
  });

  it('queries history across rooms with PC-10 options and pages by message id', async () => {
    const s = new ChatRoomSession(alice);
    await s.join('Engineering');
    const sent: string[] = [];
    for (let i = 0; i < 5; i++) sent.push((await s.sendChatMessage(`paging test ${i}`)).messageId!);
    const svc = bob.persistentChatServices;
    const eng = (await p.server.store.rooms.getRoomByName('pchat.example.test', 'Engineering')) as Room;
    const first = await svc.queryChatHistory([eng.uri, lobby.uri], {
      searchString: 'paging',
      resultLimit: 2,
      authors: ['sip:alice@example.test'],
    });
    const r = first.find((x) => x.chatRoomUri === eng.uri)!;
    assert.equal(r.messages.length, 2);
    assert.equal(r.searchResultsCount, 5);
    assert.equal(r.exceededServerLimit, true);
    const got = [...r.messages.map((m) => m.messageId!)];
    let cursor = r.messages[r.messages.length - 1]!.messageId!;
    for (let i = 0; i < 5; i++) {
      const next = (
        await svc.queryChatHistory([eng.uri], {
          searchString: 'paging',
          resultLimit: 2,
          startingMessageId: cursor,
        })
      )[0]!;
      const fresh = next.messages.map((m) => m.messageId!).filter((id) => !got.includes(id));
      got.push(...fresh);
      if (!next.exceededServerLimit || next.messages.length === 0) break;
      cursor = next.messages[next.messages.length - 1]!.messageId!;
    }
    assert.deepEqual([...got].sort(), [...sent].sort());
    const exact = await svc.queryChatHistory([eng.uri], 'PAGING TEST 3', true, true);
    assert.equal(exact[0]?.messages.length ?? 0, 0);
    const caseless = await svc.queryChatHistory([eng.uri], 'PAGING TEST 3', true, false);
    assert.equal(caseless[0]?.messages.length, 1);
    await s.leave();
  });

  it('preference bundles, server configuration and time', async () => {
    const svc = alice.persistentChatServices;
    assert.equal(await svc.getPreferenceBundle('sdk-test'), null);
    const seq = await svc.setPreferenceBundle({ label: 'sdk-test', sequenceId: 0, data: 'eyJhIjoxfQ==' });
    const b = await svc.getPreferenceBundle('sdk-test');
    assert.deepEqual(b, { label: 'sdk-test', sequenceId: seq, data: 'eyJhIjoxfQ==' });
    assert.equal(await svc.getPreferenceBundle('sdk-test', seq), null);
    const seq2 = await svc.setPreferenceBundle({ label: 'sdk-test', sequenceId: seq, data: 'eyJhIjoyfQ==' });
    assert.ok(seq2 > seq);
    const cfg = await svc.refreshServerConfiguration();
    assert.match(cfg.rootCategoryUri, /^ma-cat:\/\//);
    assert.ok(cfg.messageSizeLimit > 0 && cfg.storySizeLimit > 0 && cfg.searchLimit > 0);
    assert.ok(Math.abs(svc.serverTimeUtc.getTime() - Date.now()) < 60_000);
    assert.equal(svc.domainName, 'example.test');
  });

  it('delivers invitations live (chatRoomInvitationReceived) and by cursor', async () => {
    const dave = await chatAs(p, 'dave', 'tls');
    const eng = (await p.server.store.rooms.getRoomByName('pchat.example.test', 'Engineering')) as Room;
    const invited = dave.next('chatRoomInvitationReceived');
    await updateRoom(p.deps, systemActor(), eng.id, eng.version, {
      members: { add: ['sip:dave@example.test'] },
    });
    const inv = (await invited).invitation;
    assert.equal(inv.chatRoom.uri, eng.uri);
    assert.equal(inv.chatRoom.name, 'Engineering');
    assert.ok(inv.invitationId > 0);
    const page = await dave.persistentChatServices.browseChatRoomsByInvitations(0);
    assert.ok(
      page.rooms.some((r) => r.name === 'Engineering'),
      page.rooms.map((r) => r.name).join(),
    );
    assert.ok(page.lastInviteId >= inv.invitationId);
    const none = await dave.persistentChatServices.browseChatRoomsByInvitations(page.lastInviteId);
    assert.deepEqual(none.rooms, []);
    await closeAll(dave);
  });

  it('reports room property changes seen when the room is updated by an administrator and rejoined', async () => {
    const s = new ChatRoomSession(alice);
    await s.join('Lobby');
    const r = (await p.server.store.rooms.getRoomByName('pchat.example.test', 'Lobby')) as Room;
    await updateRoom(p.deps, systemActor(), r.id, r.version, { description: 'Open to everyone, renamed' });
    await s.leave();
    const changed = s.next('chatRoomPropertiesChanged');
    await s.join('Lobby');
    const e = await changed;
    assert.equal(e.newProperties.description, 'Open to everyone, renamed');
    assert.equal(e.oldProperties.description, 'Open to everyone in example.test');
    assert.equal(s.description, 'Open to everyone, renamed');
    await s.leave();
  });
});
