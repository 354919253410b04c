// Real client, real server (Done-when of issues 4 and 7): a fresh `pchat serve` child process with
// the DEFAULT auth settings (schemes [digest, ntlm]: pidgin-sipe finds its NTLM challenge after the
// Digest ones) and the demo deployment, and two pidgin-sipe 1.25.0 clients signing in with NTLM
// (-a ntlm) and the demo passwords printed in <dataDir>/demo-users.txt. pidgin-sipe then signs every
// message and drops any server message whose Authentication-Info does not verify, so the whole group chat
// flow passing is the proof that every server message (REGISTER 200, SUBSCRIBE 200, the INVITE 2xx, the
// chat service's INFOs) is signed correctly. A wrong password ends in a prompt connection-error.
// Skipped when the harness cannot be built. SIPE_DEBUG_LOG=/tmp/x.log keeps alice's SIP log.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { harnessSkip, startSipeClient, type SipeClient } from '../driver.js';
import { groupChatScenario, startServe, type ServeChild } from './groupchat-serve.js';

describe('pidgin-sipe group chat with NTLM against pchat serve', { skip: harnessSkip() }, () => {
  let serve: ServeChild;
  const clients: SipeClient[] = [];

  before(async () => {
    serve = await startServe({});
  });
  after(async () => {
    for (const c of clients) await c.stop();
    await serve?.stop();
  });

  it('the demo sheet gives the passwords', () => {
    assert.ok(serve.passwords.alice && serve.passwords.bob, JSON.stringify(Object.keys(serve.passwords)));
  });

  it('two users sign in with NTLM, list rooms, join, see history, chat both ways, see join and leave, leave', async () => {
    const server = { host: serve.host, port: serve.port };
    const alice = await startSipeClient({
      user: 'alice@example.test',
      password: serve.passwords.alice!,
      server,
      auth: 'ntlm',
      debugLog: process.env.SIPE_DEBUG_LOG ?? true,
    });
    clients.push(alice);
    const bob = await startSipeClient({
      user: 'bob@example.test',
      password: serve.passwords.bob!,
      server,
      auth: 'ntlm',
      debugLog: true,
    });
    clients.push(bob);
    try {
      await groupChatScenario(alice, bob, 'ntlm');
    } catch (e) {
      // What pidgin-sipe thought of our signatures, and what the server logged.
      const sipe = alice
        .log()
        .split('\n')
        .filter((l) => /signature|authentication|Authentication-Info|NTLM/i.test(l))
        .slice(-30)
        .join('\n');
      throw new Error(
        `${(e as Error).message}\n--- alice (sipe) ---\n${sipe}\n--- server ---\n${serve.output().slice(-4000)}`,
        { cause: e },
      );
    }
    // pidgin-sipe validated our signatures (sipe logs each check); none was refused on either side.
    assert.match(alice.log(), /signature of incoming message validated/);
    assert.doesNotMatch(alice.log(), /Invalid message signature|message without authentication data/);
    const logs = serve.logs();
    assert.ok(
      logs.some(
        (l) => l.msg === 'connection signed in' && l.method === 'ntlm' && l.user === 'sip:alice@example.test',
      ),
    );
    assert.ok(
      logs.some(
        (l) => l.msg === 'connection signed in' && l.method === 'ntlm' && l.user === 'sip:bob@example.test',
      ),
    );
    assert.deepEqual(
      logs.filter((l) => l.msg === 'message signature refused' || l.msg === 'unsigned message: challenged'),
      [],
    );
  });

  it('a wrong password ends in a connection-error with a clear reason', async () => {
    const carol = await startSipeClient({
      user: 'carol@example.test',
      password: 'not-her-password',
      server: { host: serve.host, port: serve.port },
      auth: 'ntlm',
    });
    clients.push(carol);
    const err = await carol.waitFor('connection-error', undefined, 10_000);
    assert.ok(!carol.events.some((e) => e.name === 'signed-on'));
    // The server answers the completed handshake with 401 (as Lync does): sipe gives up at once.
    assert.equal(err.fields.reason, 'authentication-failed');
    assert.match(`${err.fields.description}`, /Authentication failed/);
    assert.ok(serve.logs().some((l) => l.msg === 'sign-in failed' && l.scheme === 'ntlm'));
  });
});
