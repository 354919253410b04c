// End-to-end: Test-CsPersistentChatMessage over the network (PC-50) through the real pchat bin against a
// started server with the demo users (fixed passwords): success over TCP and TLS, and the refusals, each
// reported as a Failure (never a time-out) with the reason and the fix (policy off, not a member, wrong password,
// server unreachable, unknown room), plus the usage errors.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hostPort, PASSWORDS, startKit, testMessage, type Kit, type Result, parseOut } from './helpers.js';

interface Report {
  result: string;
  error: string | null;
  diagnosis: string | null;
  chatRoom: string | null;
  transport: string;
  steps: Array<{ step: string; result: string; latencyMs: number }>;
}

describe('Test-CsPersistentChatMessage over SIP', { timeout: 180_000 }, () => {
  let kit: Kit;
  let tcp: string;
  let tls: string;
  const creds = {
    PCHAT_SENDER_CREDENTIAL: `alice:${PASSWORDS.alice}`,
    PCHAT_RECEIVER_CREDENTIAL: `bob:${PASSWORDS.bob}`,
  };
  const test = async (args: string[], env: Record<string, string> = creds): Promise<{ r: Result }> => ({
    r: await kit.pchat(['Test-CsPersistentChatMessage', ...args], env),
  });
  const report = (r: Result): Report => parseOut(r.stdout) as Report;

  before(async () => {
    kit = await startKit({ listen: { host: '127.0.0.1', httpPort: 0, sipTcpPort: 0, sipTlsPort: 0 } });
    tcp = hostPort(kit.server.addresses.sipTcp);
    tls = hostPort(kit.server.addresses.sipTls);
    assert.ok(tcp && tls, JSON.stringify(kit.server.addresses));
    let r = await kit.pchat([
      'New-CsPersistentChatPolicy',
      '-Identity',
      'tag:NoChat',
      '-EnablePersistentChat',
      '$false',
    ]);
    assert.equal(r.code, 0, r.stderr);
    r = await kit.pchat([
      'Grant-CsPersistentChatPolicy',
      '-Identity',
      'sip:dave@example.test',
      '-PolicyName',
      'NoChat',
    ]);
    assert.equal(r.code, 0, r.stderr);
  });
  after(() => kit.close());

  it('signs alice and bob in over TCP, picks a room both may post in, exchanges the pair, leaves, signs out', async () => {
    const r = await testMessage(kit);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const t = report(r);
    assert.equal(t.result, 'Success');
    assert.equal(t.error, null);
    assert.equal(t.chatRoom, 'Engineering', 'the first room both may join and post in');
    const skipped = t.steps.filter((s) => s.result === 'Skipped').map((s) => s.step);
    assert.equal(skipped.length, 1);
    assert.match(
      skipped[0] as string,
      /^Room Announcements skipped: sip:bob@example\.test may not post in Announcements/,
      'an auditorium: only presenters post',
    );
    const names = t.steps
      .filter((s) => s.result !== 'Skipped')
      .map((s) => s.step.replace(t.chatRoom as string, '<room>'));
    assert.deepEqual(names, [
      'Sign in sip:alice@example.test',
      'Sign in sip:bob@example.test',
      'Establish Persistent Chat for sip:alice@example.test',
      'Establish Persistent Chat for sip:bob@example.test',
      'Find a room both users may join',
      'Join <room> as sip:alice@example.test',
      'Join <room> as sip:bob@example.test',
      'Send sip:alice@example.test -> sip:bob@example.test',
      'Send sip:bob@example.test -> sip:alice@example.test',
      'Leave as sip:alice@example.test',
      'Leave as sip:bob@example.test',
      'Sign out sip:alice@example.test',
      'Sign out sip:bob@example.test',
    ]);
    assert.ok(t.steps.every((s) => s.result !== 'Failure'));
    // The pair stays in the room's history, as with the Lync cmdlet.
    const rooms = (await kit.json(['Get-CsPersistentChatRoom', '-Identity', t.chatRoom as string])) as Array<{
      identity: string;
    }>;
    assert.equal(rooms.length, 1);
  });

  it('over TLS (the dev certificate from the data directory), a named room, the PowerShell-style report', async () => {
    const { r } = await test(
      [
        '-TargetFqdn',
        tls,
        '-SenderSipAddress',
        'sip:alice@example.test',
        '-SenderCredential',
        `alice:${PASSWORDS.alice}`,
        '-ReceiverSipAddress',
        'sip:bob@example.test',
        '-ReceiverCredential',
        `bob:${PASSWORDS.bob}`,
        '-ChatRoomUri',
        'Lobby',
      ],
      {},
    );
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.match(r.stdout, /Result\s+: Success/);
    assert.match(r.stdout, /Latency\s+: \d\d:\d\d:\d\d\.\d{7}/);
    assert.match(r.stdout, /Transport\s+: Tls/);
    assert.match(r.stdout, /ChatRoom\s+: Lobby/);
    assert.match(r.stdout, /^Join Lobby as sip:bob@example\.test\s+Success\s+\d\d:\d\d:\d\d\.\d{7}$/m);
  });

  it('policy off: Failure at once, with the reason and the fix', async () => {
    const { r } = await test(
      [
        '-TargetFqdn',
        tcp,
        '-Transport',
        'Tcp',
        '-SenderSipAddress',
        'sip:dave@example.test',
        '-ReceiverSipAddress',
        'sip:bob@example.test',
        '-Json',
      ],
      { ...creds, PCHAT_SENDER_CREDENTIAL: `dave:${PASSWORDS.dave}` },
    );
    assert.equal(r.code, 1);
    const t = report(r);
    assert.equal(t.result, 'Failure');
    assert.match(t.error ?? '', /sip:dave@example\.test is not enabled for Persistent Chat by policy/);
    assert.match(t.diagnosis ?? '', /Grant-CsPersistentChatPolicy -Identity sip:dave@example\.test/);
    assert.match(r.stderr, /^Test-CsPersistentChatMessage: sip:dave@example\.test is not enabled/m);
    assert.match(r.stderr, /^Fix: .*Grant-CsPersistentChatPolicy/m);
    assert.deepEqual(
      t.steps.map((s) => s.result),
      ['Success', 'Success', 'Failure'],
      'both signed in, then the chat endpoint was refused',
    );
  });

  it('not a member, wrong password, unreachable server, unknown room: each a quick Failure with its fix', async () => {
    const base = [
      '-TargetFqdn',
      tcp,
      '-Transport',
      'Tcp',
      '-ReceiverSipAddress',
      'sip:bob@example.test',
      '-Json',
    ];
    let { r } = await test(
      [...base, '-SenderSipAddress', 'sip:carol@example.test', '-ChatRoomUri', 'Engineering'],
      { ...creds, PCHAT_SENDER_CREDENTIAL: `carol:${PASSWORDS.carol}` },
    );
    assert.equal(r.code, 1);
    assert.match(report(r).error ?? '', /sip:carol@example\.test is not a member of Engineering/);
    assert.match(
      report(r).diagnosis ?? '',
      /Set-CsPersistentChatRoom -Identity "Engineering" -Members @\{Add="sip:carol@example\.test"\}/,
    );

    ({ r } = await test([...base, '-SenderSipAddress', 'sip:alice@example.test'], {
      ...creds,
      PCHAT_SENDER_CREDENTIAL: 'alice:wrong',
    }));
    assert.equal(r.code, 1);
    assert.match(report(r).error ?? '', /sip:alice@example\.test could not sign in/);
    assert.match(report(r).diagnosis ?? '', /Check the password/);

    ({ r } = await test([
      '-TargetFqdn',
      '127.0.0.1:1',
      '-Transport',
      'Tcp',
      '-SenderSipAddress',
      'sip:alice@example.test',
      '-ReceiverSipAddress',
      'sip:bob@example.test',
      '-Json',
    ]));
    assert.equal(r.code, 1);
    assert.match(report(r).error ?? '', /The SIP server 127\.0\.0\.1:1 is unreachable/);
    assert.match(report(r).diagnosis ?? '', /Check -TargetFqdn, -Port and -Transport/);

    ({ r } = await test([
      ...base,
      '-SenderSipAddress',
      'sip:alice@example.test',
      '-ChatRoomUri',
      'No Such Room',
    ]));
    assert.equal(r.code, 1);
    assert.match(report(r).error ?? '', /The room No Such Room does not exist/);
  });

  it('usage errors before any connection: no credential, a URL as the target, the same user twice', async () => {
    let { r } = await test(
      [
        '-TargetFqdn',
        tcp,
        '-SenderSipAddress',
        'sip:alice@example.test',
        '-ReceiverSipAddress',
        'sip:bob@example.test',
      ],
      {},
    );
    assert.equal(r.code, 2);
    assert.match(
      r.stderr,
      /no credential for sip:alice@example\.test\. Give -SenderCredential user:password, or set PCHAT_SENDER_CREDENTIAL/,
    );
    ({ r } = await test([
      '-Server',
      kit.url,
      '-SenderSipAddress',
      'sip:alice@example.test',
      '-ReceiverSipAddress',
      'sip:bob@example.test',
    ]));
    assert.equal(r.code, 2);
    assert.match(r.stderr, /is a URL; this cmdlet signs in over SIP/);
    ({ r } = await test([
      '-TargetFqdn',
      tcp,
      '-SenderSipAddress',
      'sip:bob@example.test',
      '-ReceiverSipAddress',
      'bob@example.test',
    ]));
    assert.equal(r.code, 2);
    r = await kit.pchat(['Test-CsPersistentChatMessage', '-?']);
    assert.match(r.stdout, /-SenderCredential <String>/);
    assert.equal((r.stdout.match(/^ {4}-Server /gm) ?? []).length, 1, 'one -Server: the SIP server');
  });
});
