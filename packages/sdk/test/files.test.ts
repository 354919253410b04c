// Files end to end (PC-15) against the real server: an SDK user uploads a file into a room and it is posted
// there; another downloads the same bytes over HTTP with a single-use link; the server refuses oversized
// files (by the declared size, and by the bytes actually sent) and keeps nothing of them; links work once
// and only for people who may read the room; categories without uploads refuse them.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CONFIG_DEFAULTS, systemActor, updateCategory, type Room } from '@pchat/domain';
import type { SqlStore } from '@pchat/storage';
import {
  ChatRoomSession,
  isPersistentChatError,
  type ChatMessage,
  type FileTransferJobState,
  type PersistentChatEndpoint,
} from '../src/index.js';
import { startPchat, type Pchat } from './support/server.js';
import { chatAs, closeAll } from './support/sdk.js';

const MAX_KB = 64;

function bytes(n: number, seed: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = (i * 31 + seed) % 256;
  return b;
}

async function rejectsCode(p: Promise<unknown>, code: string): Promise<string> {
  let message = '';
  await assert.rejects(p, (e: unknown) => {
    assert.ok(isPersistentChatError(e), `expected a PersistentChatError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    message = e.message;
    return true;
  });
  return message;
}

describe('files (PC-15)', { timeout: 120_000 }, () => {
  let p: Pchat;
  let alice: PersistentChatEndpoint;
  let bob: PersistentChatEndpoint;
  let dave: PersistentChatEndpoint;
  let aliceEng: ChatRoomSession;
  let bobEng: ChatRoomSession;
  const fileCount = async (): Promise<number> =>
    Number(
      (
        await (p.server.store as SqlStore).kysely
          .selectFrom('files')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  before(async () => {
    p = await startPchat();
    await p.server.store.topology.putConfig({
      identity: 'global',
      ...CONFIG_DEFAULTS,
      maxFileSizeKB: MAX_KB,
    });
    await p.server.chat!.reloadConfig();
    alice = await chatAs(p, 'alice', 'tcp');
    bob = await chatAs(p, 'bob', 'ws');
    dave = await chatAs(p, 'dave', 'tcp');
    aliceEng = new ChatRoomSession(alice);
    bobEng = new ChatRoomSession(bob);
    await aliceEng.join('Engineering');
    await bobEng.join('Engineering');
  });
  after(async () => {
    await closeAll(alice, bob, dave);
    await p?.close();
  });

  it('one user uploads, the file is posted, another downloads the same bytes', async () => {
    const content = bytes(40 * 1024, 7);
    const received = new Promise<ChatMessage>((res) =>
      bobEng.on('chatMessageReceived', ({ message }) => {
        if (message.formattedMessageParts.some((x) => x.kind === 'file')) res(message);
      }),
    );
    const job = aliceEng.uploadFile(content, {
      fileName: 'design notes.bin',
      contentType: 'application/x-test',
    });
    const states: FileTransferJobState[] = [];
    job.on('stateChanged', ({ state }) => states.push(state));
    let lastProgress = 0;
    job.on('progress', ({ bytesTransferred }) => (lastProgress = bytesTransferred));
    const posted = await job.completion;
    assert.deepEqual(states, ['Transferring', 'Posting', 'Completed']);
    assert.equal(lastProgress, content.length);
    const seen = await received;
    assert.equal(seen.messageId, posted.messageId);
    const part = seen.formattedMessageParts.find((x) => x.kind === 'file');
    assert.ok(part && part.kind === 'file');
    assert.equal(part.name, 'design notes.bin');
    assert.equal(part.size, content.length);
    // Plain clients (pidgin-sipe) get the link in the text.
    assert.match(seen.messageContent, /design notes\.bin \(41 KB\) http:\/\/127\.0\.0\.1:\d+\/files\//);

    const download = bobEng.downloadFile(part);
    const blob = await download.completion;
    assert.equal(download.state, 'Completed');
    assert.deepEqual(new Uint8Array(await blob.arrayBuffer()), content);
    assert.equal(blob.type, 'application/x-test');
  });

  it('a download link works once, is an attachment, and names nothing without a token', async () => {
    const posted = await aliceEng.uploadFile(bytes(1000, 1), {
      fileName: 'once.txt',
      contentType: 'text/html',
    }).completion;
    const part = posted.formattedMessageParts.find((x) => x.kind === 'file');
    assert.ok(part && part.kind === 'file');
    const url = await bobEng.getFileDownloadUrl(part.uri);
    const first = await fetch(url);
    assert.equal(first.status, 200);
    assert.match(first.headers.get('content-disposition') ?? '', /^attachment;/);
    assert.equal(first.headers.get('x-content-type-options'), 'nosniff');
    assert.equal((await first.arrayBuffer()).byteLength, 1000);
    const again = await fetch(url);
    assert.equal(again.status, 401);
    const body = (await again.json()) as { error: { code: string; message: string } };
    assert.equal(body.error.code, 'InvalidToken');
    assert.match(body.error.message, /expired or was already used/);
    const bare = await fetch(part.uri);
    assert.equal(bare.status, 401);
    assert.match(((await bare.json()) as { error: { message: string } }).error.message, /link from the room/);
  });

  it('an oversized file is refused before a byte moves, and by the bytes sent; nothing is stored', async () => {
    const before = await fileCount();
    const declared = await rejectsCode(
      aliceEng.uploadFile(bytes(MAX_KB * 1024 + 1, 2), { fileName: 'big.bin' }).completion,
      'LimitExceeded',
    );
    assert.match(declared, new RegExp(`up to ${MAX_KB} KB`));
    // A client that declares a small size and then sends more is cut off at the limit.
    const link = await alice.command({
      type: 'pchat-fileupload',
      uri: aliceEng.chatRoomUri!,
      name: 'liar.bin',
      size: 10,
    });
    const res = await fetch(link.url, {
      method: 'POST',
      body: new Blob([bytes(MAX_KB * 1024 + 4096, 3)]),
      headers: { 'content-type': 'application/octet-stream' },
    });
    assert.equal(res.status, 413);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'LimitExceeded');
    assert.equal(await fileCount(), before, 'no file kept');
  });

  it('only readers of the room get a link, and a post may link only files its author uploaded there', async () => {
    const posted = await aliceEng.uploadFile(bytes(10, 4), { fileName: 'eng-only.txt' }).completion;
    const part = posted.formattedMessageParts.find((x) => x.kind === 'file');
    assert.ok(part && part.kind === 'file');
    // dave is outside the Closed room Engineering.
    await rejectsCode(
      dave.command({ type: 'pchat-filedownload', uri: aliceEng.chatRoomUri!, fileUri: part.uri }),
      'ErrorPermission',
    );
    // bob re-posting alice's file under his name is refused (and cannot forge its size).
    await rejectsCode(
      bob.post({
        chanUri: bobEng.chatRoomUri!,
        author: bob.userUri,
        ts: new Date(),
        text: 'look',
        parts: [{ kind: 'file', text: 'x', uri: part.uri, name: 'x', size: 1 }],
      }),
      'InvalidArgument',
    );
  });

  it('a category without file uploads refuses them', async () => {
    const general = (await p.server.store.rooms.getCategoryByName('pchat.example.test', 'General'))!;
    await updateCategory(p.deps, systemActor(), general.id, general.version, { fileUpload: false });
    const lobby = (await p.server.store.rooms.getRoomByName('pchat.example.test', 'Lobby')) as Room;
    const session = new ChatRoomSession(alice);
    await session.join(lobby.uri);
    assert.equal(session.isFilePostAllowed, false);
    await rejectsCode(session.uploadFile(bytes(10, 5), { fileName: 'no.txt' }).completion, 'ErrorPermission');
  });
});
