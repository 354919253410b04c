// Presence and contacts with real pidgin-sipe 1.25.0 clients against a real `pchat serve` (NTLM, every
// message signed) (PC-86, docs/presence.md): alice adds bob to a new group (sipe: addGroup, whose answer
// carries the group id, then setContact), sees him online, sees his status and note change and his going
// offline; the contact list is there at her next sign-in (a fresh libpurple home, so it comes from the
// server) and on a second endpoint; removing him is kept as well. Skipped when the harness cannot be
// built. SIPE_DEBUG_LOG=/tmp/x.log keeps alice's SIP log.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { harnessSkip, startSipeClient, type SipeClient, type SipeEvent } from '../driver.js';
import { startServe, type ServeChild } from './groupchat-serve.js';

const BOB = 'sip:bob@example.test';

/** The buddy list as the client shows it now (one `buddies` command). */
async function buddies(c: SipeClient): Promise<SipeEvent[]> {
  const since = c.events.length;
  await c.command('buddies');
  const end = await c.waitFor('buddies-end', undefined, 5_000, since);
  return c.events.slice(since, end.index).filter((e) => e.name === 'buddy');
}

/** Asks for the buddy list until `pred` holds for `uri` (presence arrives asynchronously). */
async function until(
  c: SipeClient,
  uri: string,
  pred: (b: SipeEvent) => boolean,
  what: string,
): Promise<SipeEvent> {
  let last: SipeEvent[] = [];
  for (let i = 0; i < 150; i++) {
    last = await buddies(c);
    const b = last.find((x) => x.fields.uri === uri);
    if (b && pred(b)) return b;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what}: never seen; last buddy list: ${last.map((b) => b.raw).join('\n')}`);
}

describe('pidgin-sipe presence and contacts against pchat serve', { skip: harnessSkip() }, () => {
  let serve: ServeChild;
  const clients: SipeClient[] = [];
  const start = async (user: 'alice' | 'bob', log = false): Promise<SipeClient> => {
    const c = await startSipeClient({
      user: `${user}@example.test`,
      password: serve.passwords[user]!,
      server: { host: serve.host, port: serve.port },
      auth: 'ntlm',
      debugLog: log ? (process.env.SIPE_DEBUG_LOG ?? true) : true,
    });
    clients.push(c);
    await c.waitFor('signed-on', undefined, 15_000);
    return c;
  };

  before(async () => {
    serve = await startServe({ schemes: ['ntlm'] });
  });
  after(async () => {
    for (const c of clients) await c.stop();
    await serve?.stop();
  });

  it('alice adds bob to a group, sees him online, his status and note, offline; the list roams', async () => {
    const alice = await start('alice', true);
    const bob = await start('bob');
    try {
      await alice.command(`buddy-add ${BOB} Friends`);
      const online = await until(alice, BOB, (b) => b.fields.online === '1', 'bob online');
      assert.equal(online.fields.group, 'Friends');
      assert.equal(online.fields.status, 'available');

      await bob.command('status busy in a meeting');
      const busy = await until(
        alice,
        BOB,
        (b) => b.fields.status === 'busy' && (b.fields.text ?? '').includes('in a meeting'),
        "bob's busy status and note",
      );
      assert.equal(busy.fields.online, '1');

      await bob.stop();
      await until(alice, BOB, (b) => b.fields.online === '0', 'bob offline');

      // A second endpoint of alice (fresh home): the list comes from the server.
      const second = await start('alice');
      const there = await until(second, BOB, () => true, 'bob on the second endpoint');
      assert.equal(there.fields.group, 'Friends');
      await second.stop();

      // The next sign-in, after signing out: still there.
      await alice.stop();
      const again = await start('alice');
      const kept = await until(again, BOB, () => true, 'bob at the next sign-in');
      assert.equal(kept.fields.group, 'Friends');
      assert.equal(kept.fields.online, '0');

      // Removing him (sipe: deleteContact) is kept too; carol, added meanwhile, shows that the list came.
      await again.command('buddy-add sip:carol@example.test Friends');
      await until(again, 'sip:carol@example.test', () => true, 'carol added');
      await again.command(`buddy-remove ${BOB}`);
      assert.ok(!(await buddies(again)).some((b) => b.fields.uri === BOB));
      await again.stop();
      const last = await start('alice');
      await until(last, 'sip:carol@example.test', () => true, 'the list at the next sign-in');
      assert.ok(!(await buddies(last)).some((b) => b.fields.uri === BOB), 'bob is gone at the next sign-in');
    } catch (e) {
      throw new Error(
        `${(e as Error).message}\n--- alice (sipe) ---\n${alice.log().slice(-6000)}\n--- server ---\n${serve.output().slice(-3000)}`,
        { cause: e },
      );
    }
    // Nothing the server sent was refused by pidgin-sipe's signature checks.
    assert.doesNotMatch(alice.log(), /Invalid message signature|message without authentication data/);
  });
});
