// Interop: a real pidgin-sipe client (interop/pidgin-sipe harness) signs in against pchat's front end in
// trusted-network mode (docs/xccos.md §6.1: no credentials, so the client never signs), receives
// the provisioning document (SUBSCRIBE vnd-microsoft-provisioning-v2 answered in the 200) and, because of
// it, INVITEs the pool's chat server URI, which the front end hands to the chat service router.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startSipeClient, type SipeClient } from '../../../../interop/pidgin-sipe/driver.js';
import { RecordingRouter } from '../kit/recording-router.js';
import { startTestServer, type TestServer } from '../kit/server.js';

describe('pidgin-sipe signs in to pchat (trusted-network mode)', () => {
  let t: TestServer;
  let alice: SipeClient | undefined;
  const router = new RecordingRouter();

  before(async () => {
    t = await startTestServer(
      { auth: { schemes: ['trusted-network', 'digest'], trustedNetworks: ['127.0.0.1/32'] } } as never,
      { chatRouter: router },
    );
    alice = await startSipeClient({
      user: 'alice@example.test',
      server: { host: '127.0.0.1', port: t.tcpPort },
      transport: 'tcp',
      auth: 'ntlm',
      debugLog: true,
    });
  });
  after(async () => {
    await alice?.stop();
    await t?.close();
  });

  it('signs on', async () => {
    const ev = await alice!.waitFor('signed-on');
    assert.equal(ev.fields.account, 'alice@example.test');
    const b = t.server.sip.frontend.ctx.bindings.list('sip:alice@example.test');
    assert.equal(b.length, 1, 'one registered endpoint');
    assert.ok(b[0]!.epid, 'pidgin-sipe sends an epid');
  });

  it('receives and parses the provisioning document, then INVITEs the pool URI it named', async () => {
    const inv = await router.waitForInvite((i) => i.target.uri === 'sip:pchat@example.test');
    // sipe's own debug log: the document was parsed and its pool URI became the group chat URI. The log
    // arrives on the client's stderr pipe, which may not have been read yet when the INVITE arrives.
    const log = await logMatching(alice!, [
      /sipe_process_provisioning_v2: sipe_private->persistentChatPool_uri=pchat@example\.test/,
      /sipe_groupchat_init: .* persistent 'pchat@example\.test'/,
    ]);
    assert.match(log, /persistentChatPool_uri=pchat@example\.test/);
    assert.equal(inv.identity.uri, 'sip:alice@example.test');
    assert.equal(inv.identity.method, 'trusted-network');
    assert.equal(inv.target.kind, 'pool');
  });
});

/** The client's debug log once every pattern appears in it (or the log as it is after 5 s). */
async function logMatching(client: { log(): string }, patterns: RegExp[]): Promise<string> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const log = client.log();
    if (patterns.every((p) => p.test(log)) || Date.now() > deadline) {
      for (const p of patterns) assert.match(log, p);
      return log;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
