// The same group-chat scenario as groupchat-ntlm.test.ts, against a fresh `pchat serve` child process in
// trusted-network mode (auth.schemes [trusted-network], 127.0.0.1/32): pidgin-sipe signs in without
// credentials and nothing is signed. When the NTLM run fails and this one passes, look at signing; when
// both fail, look at the chat service. Skipped when the harness cannot be built.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { harnessSkip, startSipeClient, type SipeClient } from '../driver.js';
import { groupChatScenario, startServe, type ServeChild } from './groupchat-serve.js';

describe(
  'pidgin-sipe group chat in trusted-network mode against pchat serve',
  { skip: harnessSkip() },
  () => {
    let serve: ServeChild;
    const clients: SipeClient[] = [];

    before(async () => {
      serve = await startServe({ schemes: ['trusted-network'], trustedNetworks: ['127.0.0.1/32'] });
    });
    after(async () => {
      for (const c of clients) await c.stop();
      await serve?.stop();
    });

    it('two users sign in unauthenticated, list rooms, join, see history, chat both ways, see join and leave, leave', async () => {
      const server = { host: serve.host, port: serve.port };
      const alice = await startSipeClient({ user: 'alice@example.test', server, debugLog: true });
      clients.push(alice);
      const bob = await startSipeClient({ user: 'bob@example.test', server });
      clients.push(bob);
      try {
        await groupChatScenario(alice, bob, 'trusted');
      } catch (e) {
        throw new Error(`${(e as Error).message}\n--- server ---\n${serve.output().slice(-4000)}`, {
          cause: e,
        });
      }
      const logs = serve.logs();
      assert.ok(
        logs.some(
          (l) =>
            l.msg === 'connection signed in' &&
            l.method === 'trusted-network' &&
            l.user === 'sip:alice@example.test',
        ),
      );
    });
  },
);
