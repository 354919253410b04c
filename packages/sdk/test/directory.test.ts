// Directory users through the SDK, against a real slapd (started here) and a real server configured with
// `directory.kind: ldap`: sign-in with the directory password (obtainDirectoryToken, then Digest with the
// token), a room its group allows (the category named by group name), the directory going down without
// stopping chat, a user leaving the group removed from the joined room by the next sync (PC-05), a
// disabled user's chat session ended, and failed binds counted in the one sign-in throttle.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ChatRoomSession,
  CollaborationPlatform,
  isPersistentChatError,
  obtainDirectoryToken,
  PersistentChatEndpoint,
  UserEndpoint,
  type DirectorySignInResult,
} from '../src/index.js';
import { tcpTransport } from '../src/node/index.js';
import {
  directoryConfig,
  slapdMissing,
  startSlapd,
  testTree,
  type Slapd,
} from '../../../scripts/test-support/slapd.js';
import { CHAT_URI, startPchat, type Pchat } from './support/server.js';

const skip = slapdMissing();

describe('directory users through the SDK', { skip: skip ?? false, timeout: 180_000 }, () => {
  let slapd: Slapd;
  let p: Pchat;
  let http: string;
  const open: PersistentChatEndpoint[] = [];

  async function admin(method: string, path: string, body: unknown) {
    const token = readFileSync(join(p.dataDir, 'admin-token'), 'utf8').trim();
    const res = await fetch(http + path, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    assert.equal(res.status, 200, await res.clone().text());
    return res.json();
  }

  async function signIn(user: string, password: string) {
    return obtainDirectoryToken({ server: http, user, password });
  }

  async function chatWith(r: DirectorySignInResult): Promise<PersistentChatEndpoint> {
    const platform = new CollaborationPlatform({
      applicationName: 'sdk-directory-test',
      transport: tcpTransport(),
      timeouts: { requestMs: 5000 },
    });
    await platform.startup();
    const ep = new UserEndpoint(platform, {
      ownerUri: r.ownerUri,
      server: p.tcp,
      credentials: r.credentials,
    });
    await ep.establish();
    const chat = new PersistentChatEndpoint(CHAT_URI, ep);
    await chat.establish();
    open.push(chat);
    return chat;
  }

  const sync = async () => {
    const s = await p.server.directory?.sync.runNow().done;
    return s;
  };

  before(async () => {
    slapd = await startSlapd();
    slapd.add(testTree(slapd.suffix));
    const pw = join(slapd.dir, 'bind.pw');
    writeFileSync(pw, slapd.servicePassword, { mode: 0o600 });
    p = await startPchat({ extra: { directory: directoryConfig(slapd, pw) } });
    http = p.server.addresses.http as string;
    const until = Date.now() + 30_000;
    while (p.server.directory?.sync.status().lastSuccessAt == null) {
      assert.ok(Date.now() < until, 'the first directory sync finishes');
      await new Promise((r) => setTimeout(r, 50));
    }
    // The category admits the directory group by name; the room is Open (everyone in scope joins).
    await admin('POST', '/v1/categories', { name: 'Dev', allowedMembers: ['Developers'] });
    await admin('POST', '/v1/rooms', { name: 'Dev Room', category: 'Dev', privacy: 'Open' });
  });
  after(async () => {
    for (const c of open) {
      await c.terminate().catch(() => undefined);
      await c.innerEndpoint.platform.shutdown().catch(() => undefined);
    }
    await p?.close();
    await slapd?.close();
  });

  let aliceRoom: ChatRoomSession;
  let bob: PersistentChatEndpoint;

  it('signs in with the directory password and joins a room its nested group allows', async () => {
    const r = await signIn('CORP\\alice', 'alice-dir-pw');
    assert.equal(r.ownerUri, 'sip:alice@corp.example.test');
    assert.ok(r.expiresAt.getTime() > Date.now());
    const alice = await chatWith(r);
    aliceRoom = new ChatRoomSession(alice);
    await aliceRoom.join('Dev Room');
    assert.equal(aliceRoom.state, 'Established');

    bob = await chatWith(await signIn('bob@corp.example.test', 'bob-dir-pw'));
    const bobRoom = new ChatRoomSession(bob);
    await bobRoom.join('Dev Room');

    const wrong = await signIn('CORP\\carol', 'carol-dir-pw').catch((e: unknown) => e);
    assert.ok(isPersistentChatError(wrong) && wrong.code === 'AuthenticationFailed', 'disabled: refused');
    // The directory password itself is no SIP password: Digest needs the token.
    await assert.rejects(chatWith({ ...r, credentials: { password: 'alice-dir-pw' } }), (e) =>
      isPersistentChatError(e),
    );
  });

  it('the directory going down does not stop chat', async () => {
    await slapd.stop();
    try {
      const failed = await sync();
      assert.ok(failed?.error, 'the sync fails while the directory is down');
      const got = aliceRoom.next('chatMessageReceived');
      const other = bob.getChatRoomSession('Dev Room') as ChatRoomSession;
      await other.sendChatMessage('still here');
      assert.equal((await got).message.messageContent, 'still here');
      const down = await signIn('CORP\\alice', 'alice-dir-pw').catch((e: unknown) => e);
      assert.ok(isPersistentChatError(down) && down.code === 'ServiceUnavailable', String(down));
    } finally {
      await slapd.restart();
    }
  });

  it('a user who leaves the group is removed from the joined room by the next sync', async () => {
    slapd.modify(
      `dn: cn=Platform,ou=Groups,${slapd.suffix}\nchangetype: modify\ndelete: member\nmember: uid=alice,ou=EMEA,ou=Sales,ou=People,${slapd.suffix}\n`,
    );
    const removed = aliceRoom.next('sessionStateChanged', (e) => e.state === 'Terminated');
    const s = await sync();
    assert.equal(s?.error, null);
    assert.ok(s?.report?.changes.includes('Alice Archer left group Platform'));
    const e = await removed;
    assert.match(String(e.reason?.message), /removed/);
  });

  it("a disabled user's chat session ends", async () => {
    slapd.modify(
      `dn: uid=bob,ou=People,${slapd.suffix}\nchangetype: modify\nadd: employeeType\nemployeeType: disabled\n`,
    );
    const ended = bob.next('connectionStateChanged', (e) => e.state === 'Terminated');
    await sync();
    const e = await ended;
    assert.ok(e.reason, 'the end says why');
    assert.match(e.reason.message, /disabled/);
    assert.equal(bob.state, 'Terminated');
  });

  it('failed directory binds count in the same throttle as SIP sign-ins', async () => {
    const good = await signIn('sip:alice@corp.example.test', 'alice-dir-pw');
    let locked: unknown = null;
    for (let i = 0; i < 8 && locked === null; i++) {
      const e = await signIn('CORP\\alice', 'wrong').catch((x: unknown) => x);
      if (isPersistentChatError(e) && e.code === 'LimitExceeded') locked = e;
    }
    assert.ok(isPersistentChatError(locked) && (locked.retryAfter ?? 0) > 0, 'locked with Retry-After');
    // The SIP registrar uses the same budget: the valid token is refused while the user is locked.
    await assert.rejects(chatWith(good), /Too many failed sign-in attempts/);
  });
});
