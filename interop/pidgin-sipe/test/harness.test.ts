// Interop proof of the harness and its driver: a real pidgin-sipe client (through build/sipe-probe)
// against the scripted SIP/XCCOS responder in this folder, asserting on the event lines.
import { strict as assert } from 'node:assert';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startSipeClient } from '../driver.js';
import type { SipeClient } from '../driver.js';
import { DEFAULT_SCRIPT, startXccosResponder } from './xccos-responder.js';
import type { XccosResponder } from './xccos-responder.js';

const ROOM = DEFAULT_SCRIPT.room;

describe('pidgin-sipe harness against a scripted XCCOS peer', () => {
  let peer: XccosResponder;
  let alice: SipeClient;

  before(async () => {
    peer = await startXccosResponder();
    alice = await startSipeClient({
      user: 'alice@example.test',
      password: 'secret',
      server: { host: '127.0.0.1', port: peer.port },
      auth: 'ntlm',
      // SIPE_DEBUG_LOG=/tmp/alice.log keeps sipe's full SIP log of this run.
      debugLog: process.env.SIPE_DEBUG_LOG,
    });
  });

  after(async () => {
    await alice?.stop();
    await peer?.close();
  });

  it('signs on', async () => {
    const ev = await alice.waitFor('signed-on');
    assert.equal(ev.fields.account, 'alice@example.test');
  });

  it('reports group chat ready', async () => {
    await alice.waitFor('groupchat-ready');
  });

  it('lists the scripted room', async () => {
    await alice.command('rooms');
    const room = await alice.waitFor('room', (e) => e.fields.uri === ROOM.uri);
    assert.equal(room.fields.name, ROOM.name);
    assert.equal(room.fields.users, '1');
    assert.equal(room.fields.description, ROOM.description);
    await alice.waitFor('roomlist-progress', (e) => e.fields.in_progress === 'false' && e.index > room.index);
  });

  it('joins, with topic, members and the history line', async () => {
    await alice.command(`join ${ROOM.uri}`);
    const joined = await alice.waitFor('chat-joined', (e) => e.fields.uri === ROOM.uri);
    assert.equal(joined.fields.room, ROOM.name);
    const topic = await alice.waitFor('chat-topic', (e) => e.fields.uri === ROOM.uri);
    assert.equal(topic.fields.topic, ROOM.topic);
    await alice.waitFor('chat-user-joined', (e) => e.fields.user === 'sip:bob@example.test');
    const h = DEFAULT_SCRIPT.history;
    const line = await alice.waitFor('chat-msg', (e) => e.fields.from === h.author);
    assert.equal(line.fields.text, h.text);
    assert.equal(line.fields.ts, h.ts, 'history keeps its original timestamp');
    assert.equal(line.fields.uri, ROOM.uri);
    assert.ok(line.fields.flags?.split(',').includes('recv'));
  });

  it('sees its own post echoed by the server', async () => {
    const text = 'hello <world> & "friends"';
    await alice.command(`say ${text}`);
    const echo = await alice.waitFor('chat-msg', (e) => e.fields.from === 'sip:alice@example.test');
    assert.equal(echo.fields.text, text);
    assert.ok(echo.fields.flags?.split(',').includes('send'));
    assert.match(echo.fields.ts ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.ok(peer.commands.includes('grpchat'));
  });

  it('sends a multi-line post through the quoted form', async () => {
    const since = alice.events.length;
    await alice.command(`say ${ROOM.uri} "two\\nlines"`);
    const echo = await alice.waitFor(
      'chat-msg',
      (e) => e.fields.from === 'sip:alice@example.test',
      undefined,
      since,
    );
    assert.match(echo.fields.text ?? '', /^two\r?\nlines$/, echo.raw);
  });

  it('rejects commands it cannot carry out, naming the reason', async () => {
    await assert.rejects(alice.command('join lobby'), /expected ma-chan:\/\/ URI/);
    await assert.rejects(alice.command('frobnicate'), /unknown command/);
  });

  it('leaves the room', async () => {
    await alice.command(`part ${ROOM.uri}`);
    await alice.waitFor('chat-left', (e) => e.fields.uri === ROOM.uri);
    await assert.rejects(alice.command('say nobody hears this'), /no room joined/);
  });

  it('signs off on quit and exits cleanly', async () => {
    alice.send('quit');
    await alice.waitFor('signed-off');
    const exit = await alice.exited;
    assert.deepEqual(exit, { code: 0, signal: null });
    assert.ok(peer.commands.includes('cmd:part'), `peer saw ${peer.commands.join(' ')}`);
  });
});

describe('pidgin-sipe harness process handling', () => {
  it('kills a harness that does not quit within the grace period', async () => {
    const peer = await startXccosResponder();
    const client = await startSipeClient({
      user: 'dave@example.test',
      server: { host: '127.0.0.1', port: peer.port },
    });
    try {
      await client.waitFor('signed-on');
      process.kill(client.pid, 'SIGSTOP'); // a hung client: it cannot read "quit"
      const exit = await client.stop(200);
      assert.equal(exit.signal, 'SIGKILL');
    } finally {
      await peer.close();
    }
  });
});

describe('pidgin-sipe harness without a server', () => {
  it('reports a connection error for a closed port', async () => {
    // A port that was just free: bind to 0, note it, close.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));

    const client = await startSipeClient({ user: 'alice@example.test', server: { host: '127.0.0.1', port } });
    try {
      const err = await client.waitFor('connection-error');
      assert.equal(err.fields.reason, 'network-error');
      assert.ok(err.fields.description, 'has a description');
    } finally {
      const exit = await client.stop();
      assert.equal(exit.code, 4, 'exit code 4: quit after a connection error');
    }
  });
});
