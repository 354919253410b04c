import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { HistoryQuery, NewMessage } from '../src/index.js';
import {
  CONFIG_DEFAULTS,
  createRoom,
  getPreferenceBundle,
  preparePost,
  prepareHistoryQuery,
  searchHistory,
  setPreferenceBundle,
  updateRoom,
  utf8Length,
  validateMessage,
} from '../src/index.js';
import { U, makeWorld, refusesCleanly } from './support/world.js';

const msg = (m: Partial<NewMessage>): NewMessage => ({
  roomId: 'r',
  author: U.mary,
  kind: 'plain',
  text: 'hello',
  storyTitle: null,
  rtf: null,
  parts: null,
  ...m,
});
const limits = { messageSizeLimit: 10, storySizeLimit: 20 };

test('validateMessage: kinds, empty text, story title, byte limits (PC-06, PC-07)', () => {
  const code = (m: Partial<NewMessage>): string => {
    try {
      validateMessage(msg(m), limits);
      return 'ok';
    } catch (e) {
      return (e as { code: string }).code;
    }
  };
  assert.equal(code({}), 'ok');
  assert.equal(code({ kind: 'shout' as never }), 'MsgNotSupported');
  assert.equal(code({ text: '   ' }), 'InvalidArgument');
  assert.equal(code({ text: 'x'.repeat(11) }), 'LimitExceeded');
  assert.equal(code({ text: 'é'.repeat(6) }), 'LimitExceeded'); // 12 bytes
  assert.equal(code({ kind: 'story', text: 'x'.repeat(15), storyTitle: 'T' }), 'ok');
  assert.equal(code({ kind: 'story', text: 'body', storyTitle: '' }), 'InvalidArgument');
  assert.equal(code({ kind: 'story', text: 'x'.repeat(21), storyTitle: 'T' }), 'LimitExceeded');
  assert.equal(code({ storyTitle: 'T' }), 'InvalidArgument');
  assert.equal(code({ parts: [{ type: 'emoticon', emoticon: 'Smirk' as never }] }), 'InvalidArgument');
  assert.equal(utf8Length('a€😀'), 1 + 3 + 4);
});

test('preparePost: members post, auditoriums only presenters, authors cannot be forged (PC-02)', async () => {
  const w = await makeWorld();
  const mary = await w.actor(U.mary);
  const room = w.helpDesk;
  const m = msg({ roomId: room.id });
  assert.equal(preparePost(mary, room, w.it, m, CONFIG_DEFAULTS).author, U.mary);
  assert.throws(() => preparePost(mary, room, w.it, { ...m, author: U.mike }, CONFIG_DEFAULTS), {
    code: 'ErrorPermission',
  });
  const bob = await w.actor(U.bob);
  assert.throws(() => preparePost(bob, room, w.it, { ...m, author: U.bob }, CONFIG_DEFAULTS), {
    code: 'ErrorPermission',
  });
  assert.throws(() => preparePost(mary, { ...room, type: 'Auditorium' }, w.it, m, CONFIG_DEFAULTS), {
    code: 'ErrorPermission',
  });
  assert.throws(() => preparePost(mary, { ...room, disabled: true }, w.it, m, CONFIG_DEFAULTS), {
    code: 'NodeDisabled',
  });
  // PC-15: a file link needs the category's FileUpload (can(): room.postFile).
  const withFile = {
    ...m,
    parts: [{ type: 'fileLink' as const, fileName: 'a', fileUri: 'u', sizeEstimate: 1 }],
  };
  assert.throws(() => preparePost(mary, room, { ...w.it, fileUpload: false }, withFile, CONFIG_DEFAULTS), {
    code: 'ErrorPermission',
  });
  assert.equal(
    preparePost(mary, room, { ...w.it, fileUpload: true }, withFile, CONFIG_DEFAULTS).parts?.length,
    1,
  );
});

const query = (roomIds: string[], extra: Partial<HistoryQuery> = {}): HistoryQuery => ({
  roomIds,
  searchString: '',
  matchExactPhrase: false,
  matchCaseSensitive: false,
  matchAll: true,
  authors: [],
  dateBeginning: null,
  dateEnding: null,
  startingMessageId: null,
  searchOrderReversed: false,
  sortOrderReversed: false,
  resultLimit: 1000,
  ...extra,
});

test('history queries: read rights per room, disabled rooms left out, limit capped (PC-10)', async () => {
  const w = await makeWorld();
  const carol = await w.actor(U.carol);
  const mary = await w.actor(U.mary);
  const secret = await createRoom(w, carol, {
    categoryId: w.it.id,
    name: 'Secret',
    privacy: 'Secret',
    members: [U.carol],
  });
  const off = await createRoom(w, carol, { categoryId: w.it.id, name: 'Off', members: [U.mary] });
  await updateRoom(w, carol, off.id, 1, { disabled: true });
  await w.store.messages.append({ ...msg({ roomId: w.helpDesk.id, text: 'printer jam' }) });
  const p = await prepareHistoryQuery(w, mary, query([w.helpDesk.id, off.id]));
  assert.deepEqual(p.query.roomIds, [w.helpDesk.id]);
  assert.deepEqual(p.skippedDisabled, [off.id]);
  assert.equal(p.query.resultLimit, CONFIG_DEFAULTS.searchLimit);
  const res = await searchHistory(w, mary, query([w.helpDesk.id], { searchString: 'printer' }));
  assert.equal(res[0]?.totalCount, 1);
  // PC-10 across rooms: a room mary may not read (a Secret one, an unknown id) is left out without a word.
  const across = await prepareHistoryQuery(w, mary, query([w.helpDesk.id, secret.id, 'nope']));
  assert.deepEqual(across.query.roomIds, [w.helpDesk.id]);
  assert.deepEqual(across.skippedDisabled, []);
  // One room she may not read is still refused, as the Secret room is NoSuchNode to her.
  await refusesCleanly(w.store, 'NoSuchNode', () => prepareHistoryQuery(w, mary, query([secret.id])));
  await refusesCleanly(w.store, 'ErrorPermission', () =>
    w.actor(U.bob).then((b) => prepareHistoryQuery(w, b, query([w.helpDesk.id]))),
  );
  await refusesCleanly(w.store, 'InvalidArgument', () => prepareHistoryQuery(w, mary, query([])));
  await refusesCleanly(w.store, 'InvalidArgument', () =>
    prepareHistoryQuery(w, mary, query([w.helpDesk.id], { resultLimit: 0 })),
  );
  await refusesCleanly(w.store, 'InvalidArgument', () =>
    prepareHistoryQuery(w, mary, query([w.helpDesk.id], { dateBeginning: 5, dateEnding: 1 })),
  );
  await refusesCleanly(w.store, 'NoSuchNode', () => prepareHistoryQuery(w, mary, query(['nope'])));
});

test('preference bundles: Get with the current sequence id returns nothing (PC-19)', async () => {
  const w = await makeWorld();
  const mary = await w.actor(U.mary);
  assert.equal(await getPreferenceBundle(w, mary, 'rooms'), null);
  const b1 = await setPreferenceBundle(w, mary, 'rooms', 'a');
  assert.equal(b1.sequenceId, 1);
  assert.equal(await getPreferenceBundle(w, mary, 'rooms', 1), null);
  assert.equal((await getPreferenceBundle(w, mary, 'rooms', 0))?.data, 'a');
  await refusesCleanly(w.store, 'DataCollision', () => setPreferenceBundle(w, mary, 'rooms', 'b', 0));
  assert.equal((await setPreferenceBundle(w, mary, 'rooms', 'b', 1)).sequenceId, 2);
  await assert.rejects(getPreferenceBundle(w, await w.actor(U.app), 'rooms'), { code: 'NotAUserPrincipal' });
});

test('getRoomForActor and admin content maintenance (PC-37, PC-45)', async () => {
  const { getRoomForActor, clearRoomHistory, purgeMessages } = await import('../src/index.js');
  const w = await makeWorld();
  const mary = await w.actor(U.mary);
  const got = await getRoomForActor(w, mary, w.helpDesk.id);
  assert.deepEqual(got.permissions, ['CanView', 'CanJoin', 'CanReadHistory', 'CanChat']);
  await refusesCleanly(w.store, 'NoSuchNode', () => getRoomForActor(w, mary, 'nope'));
  await refusesCleanly(w.store, 'NoSuchNode', () =>
    w.actor(U.eve).then((e) => getRoomForActor(w, e, w.helpDesk.id)),
  );
  await w.store.messages.append(msg({ roomId: w.helpDesk.id }));
  await refusesCleanly(w.store, 'ErrorPermission', () =>
    clearRoomHistory(w, mary, w.helpDesk.id, Date.now()),
  );
  await refusesCleanly(w.store, 'InvalidArgument', () =>
    w.actor(U.admin).then((a) => purgeMessages(w, a, { roomId: w.helpDesk.id, replaceWith: ' ' })),
  );
  assert.equal(await clearRoomHistory(w, await w.actor(U.admin), w.helpDesk.id, 2_000_000_000_000), 1);
});
