// End-to-end through the real pchat bin: a deployment made by cmdlets alone (no demo) chats at once after
// New-CsPersistentChatPool (no restart), and Set-CsPersistentChatConfiguration reaches a chat session that
// is already established (its next getserverinfo shows the new limits).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CollaborationPlatform, PersistentChatEndpoint, UserEndpoint } from '@pchat/sdk';
import { tcpTransport } from '@pchat/sdk/node';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hostPort, startKit, testMessage, type Kit, parseOut } from './helpers.js';
import { serve } from './serve-process.js';

const PW = { alice: 'Alice-pw-1', bob: 'Bob-pw-1' };

describe('a deployment without the demo; settings that apply at once', { timeout: 240_000 }, () => {
  let kit: Kit;
  const ok = async (args: string[]) => {
    const r = await kit.pchat(args);
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
    return r;
  };
  before(async () => {
    kit = await startKit({
      listen: { host: '127.0.0.1', httpPort: 0, sipTcpPort: 0, sipTlsPort: null },
      demo: { createIfEmpty: false },
    });
  });
  after(() => kit?.close());

  it('pools and sites by cmdlet; chat starts on the new pool without a restart', async () => {
    assert.equal(kit.server.chat, null, 'no pool, no chat service');
    await ok(['New-CsSite', '-Identity', 'Redmond', '-Description', 'HQ']);
    let r = await ok([
      'New-CsPersistentChatPool',
      '-Identity',
      'pchat.example.test',
      '-Site',
      'Redmond',
      '-WhatIf',
    ]);
    assert.match(
      r.stdout,
      /What if: Performing the operation "New-CsPersistentChatPool" on target "pchat\.example\.test"/,
    );
    assert.deepEqual(await kit.json(['Get-CsPool']), []);
    await ok(['New-CsPersistentChatPool', '-Identity', 'pchat.example.test', '-Site', 'Redmond']);
    const pools = (await kit.json(['Get-CsPool'])) as Array<Record<string, unknown>>;
    assert.equal(pools.length, 1);
    assert.match(JSON.stringify(pools[0]), /sip:pchat@example\.test/);
    const sites = (await kit.json(['Get-CsSite', 'Redmond'])) as Array<Record<string, unknown>>;
    assert.match(JSON.stringify(sites[0]), /pchat\.example\.test/);
    r = await kit.pchat(['New-CsPersistentChatPool', '-Identity', 'pchat.example.test']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /already exists/);

    for (const [u, pw] of Object.entries(PW))
      await ok(['New-CsAdUser', '-SipAddress', `sip:${u}@example.test`, '-Password', pw]);
    await ok(['Set-CsPersistentChatPolicy', '-Identity', 'global', '-EnablePersistentChat', '$true']);
    await ok([
      'New-CsPersistentChatCategory',
      '-Name',
      'General',
      '-PersistentChatPoolFqdn',
      'pchat.example.test',
      '-AllowedMembers',
      'ma-dom:example.test',
    ]);
    await ok(['New-CsPersistentChatRoom', '-Name', 'Lobby', '-Category', 'General']);
    await ok([
      'Set-CsPersistentChatRoom',
      'Lobby',
      '-Members',
      'sip:alice@example.test,sip:bob@example.test',
    ]);
    r = await testMessage(kit, PW);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.equal((parseOut(r.stdout) as { result: string }).result, 'Success');
  });

  it('Set-CsPersistentChatConfiguration reaches an established chat session at once', async () => {
    const platform = new CollaborationPlatform({
      applicationName: 'settings-test',
      transport: tcpTransport(),
    });
    await platform.startup();
    const ep = new UserEndpoint(platform, {
      ownerUri: 'sip:alice@example.test',
      server: hostPort(kit.server.addresses.sipTcp),
      credentials: { password: PW.alice },
    });
    await ep.establish();
    const chat = new PersistentChatEndpoint('sip:pchat@example.test', ep);
    await chat.establish();
    try {
      const services = chat.persistentChatServices;
      const before = await services.refreshServerConfiguration();
      assert.notEqual(before.searchLimit, 42);
      await ok([
        'Set-CsPersistentChatConfiguration',
        '-Identity',
        'global',
        '-SearchLimit',
        '42',
        '-MessageSizeLimit',
        '1234',
      ]);
      const after = await services.refreshServerConfiguration();
      assert.equal(after.searchLimit, 42);
      assert.equal(after.messageSizeLimit, 1234);
    } finally {
      await chat.terminate();
      await ep.terminate?.();
      await platform.shutdown?.();
    }
  });

  it('pchat serve without a pool says which cmdlet creates one (no route that does not exist)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pchat-nopool-'));
    try {
      const config = join(dir, 'pchat.json');
      writeFileSync(config, JSON.stringify({ demo: { createIfEmpty: false } }));
      const s = await serve([
        '-c',
        config,
        '-d',
        dir,
        '--http-port',
        '0',
        '--sip-port',
        '0',
        '--tls-port',
        'off',
      ]);
      try {
        assert.equal(s.code, null, s.stderr);
        // The log line may trail the start line by a moment (the logger writes asynchronously).
        for (let i = 0; i < 100 && !/no Persistent Chat pool/.test(s.stdout + s.stderr); i++)
          await new Promise((r) => setTimeout(r, 100));
        assert.match(
          s.stdout + s.stderr,
          /no Persistent Chat pool to serve.*pchat New-CsPersistentChatPool -Identity/,
        );
        assert.doesNotMatch(s.stdout + s.stderr, /create one with the admin API/);
      } finally {
        await s.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
