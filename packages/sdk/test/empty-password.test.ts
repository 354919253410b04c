// A UserEndpoint with an empty password (the web app signing in on its web session cookie) never answers
// a Digest challenge: it fails at once as AuthenticationFailed, and so costs nothing in the server's
// sign-in throttle — the same user signs in with the password right after many such attempts.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { isPersistentChatError } from '../src/index.js';
import { startPchat, type Pchat } from './support/server.js';
import { userEndpoint } from './support/sdk.js';

let p: Pchat;
before(async () => {
  p = await startPchat();
});
after(async () => {
  await p?.close();
});

it('an empty password fails at once, without counting as a failed sign-in', async () => {
  // More attempts than the throttle's burst (5): had they sent Digest answers, the user would be locked.
  for (let i = 0; i < 7; i++) {
    const ep = await userEndpoint(p, 'carol', 'tcp', '');
    await assert.rejects(ep.establish(), (e) => {
      assert.ok(isPersistentChatError(e, 'AuthenticationFailed'), String(e));
      assert.match((e as Error).message, /sign in with the password/);
      return true;
    });
    await ep.platform.shutdown();
  }
  const ok = await userEndpoint(p, 'carol');
  await ok.establish();
  assert.equal(ok.state, 'Established');
  await ok.platform.shutdown();
});
