// The examples run as their users run them (`node --conditions=development --import tsx examples/<name>.ts`)
// against a started server, and show their effect: the echo bot answers, the digest lists the room's
// messages, the moderator flags (and, with admin access, replaces) a banned message.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createUser, systemActor } from '@pchat/domain';
import { ChatRoomSession, type PersistentChatEndpoint } from '../src/index.js';
import { PASSWORDS, startPchat, type Pchat } from './support/server.js';
import { chatAs, closeAll } from './support/sdk.js';

const ROOT = new URL('../../../', import.meta.url).pathname;

interface Run {
  proc: ChildProcess;
  out: string[];
  waitFor(re: RegExp): Promise<string>;
  done: Promise<number | null>;
}

function run(example: string, args: string[]): Run {
  const proc = spawn(
    process.execPath,
    ['--conditions=development', '--import', 'tsx', `examples/${example}.ts`, ...args],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const out: string[] = [];
  const waiters: Array<{ re: RegExp; resolve: (s: string) => void }> = [];
  const feed = (b: Buffer): void => {
    out.push(b.toString());
    const all = out.join('');
    for (const w of waiters.splice(0)) {
      const m = w.re.exec(all);
      if (m) w.resolve(m[0]);
      else waiters.push(w);
    }
  };
  proc.stdout!.on('data', feed);
  proc.stderr!.on('data', feed);
  const done = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  return {
    proc,
    out,
    done,
    waitFor: (re) =>
      new Promise((resolve, reject) => {
        const m = re.exec(out.join(''));
        if (m) return resolve(m[0]);
        waiters.push({ re, resolve });
        void done.then((code) =>
          reject(new Error(`${example} exited (${code}) before printing ${re}:\n${out.join('')}`)),
        );
      }),
  };
}

describe('examples', { timeout: 120_000 }, () => {
  let p: Pchat;
  let alice: PersistentChatEndpoint;
  const running: Run[] = [];
  let files: { cert: string; key: string; ca: string };
  before(async () => {
    p = await startPchat();
    await createUser(p.deps, systemActor(), {
      sipAddress: 'sip:echobot@example.test',
      displayName: 'Echo Bot',
    });
    await createUser(p.deps, systemActor(), {
      sipAddress: 'sip:moderator@example.test',
      displayName: 'Moderator',
    });
    files = {
      cert: join(p.dataDir, 'bot.pem'),
      key: join(p.dataDir, 'bot.key'),
      ca: join(p.dataDir, 'tls', 'dev-cert.pem'),
    };
    writeFileSync(files.cert, p.appCert.cert);
    writeFileSync(files.key, p.appCert.key);
    alice = await chatAs(p, 'alice', 'tcp');
  });
  after(async () => {
    for (const r of running) r.proc.kill('SIGTERM');
    await Promise.all(running.map((r) => r.done));
    await closeAll(alice);
    await p?.close();
  });

  const trusted = (user: string): string[] => [
    '--server',
    p.tls,
    '--user',
    user,
    '--cert',
    files.cert,
    '--key',
    files.key,
    '--ca',
    files.ca,
  ];

  it('echo-bot answers in the room', async () => {
    const bot = run('echo-bot', [...trusted('sip:echobot@example.test'), '--room', 'Lobby']);
    running.push(bot);
    await bot.waitFor(/echo-bot: ready in Lobby/);
    const s = new ChatRoomSession(alice);
    await s.join('Lobby');
    const answered = s.next(
      'chatMessageReceived',
      (d) => d.message.messageAuthor === 'sip:echobot@example.test',
    );
    await s.sendChatMessage('hello bot');
    assert.equal((await answered).message.messageContent, 'echo: hello bot');
    await s.leave();
    bot.proc.kill('SIGTERM');
    assert.equal(await bot.done, 0);
    assert.match(bot.out.join(''), /echo-bot: SIGTERM, shutting down/);
  });

  it("room-digest prints the room's recent messages", async () => {
    const digest = run('room-digest', [
      '--server',
      p.tcp,
      '--user',
      'sip:bob@example.test',
      '--password',
      PASSWORDS.bob,
      '--room',
      'Lobby',
      '--since-minutes',
      '60',
    ]);
    assert.equal(await digest.done, 0, digest.out.join(''));
    const text = digest.out.join('');
    assert.match(text, /## Lobby — \d+ message\(s\)/);
    assert.match(text, /alice@example\.test: hello bot/);
    assert.match(text, /echobot@example\.test: echo: hello bot/);
  });

  it('moderator flags a banned message with an alert and replaces it through the admin API', async () => {
    const tokenFile = join(p.dataDir, 'admin-token');
    assert.ok(existsSync(tokenFile), 'the server writes admin-token on first start');
    const admin = [
      '--admin-url',
      p.server.addresses.http!,
      '--admin-token',
      readFileSync(tokenFile, 'utf8').trim(),
    ];
    const mod = run('moderator', [
      ...trusted('sip:moderator@example.test'),
      '--room',
      'Lobby',
      '--ban',
      'cheap pills',
      ...admin,
    ]);
    running.push(mod);
    await mod.waitFor(/moderator: ready in Lobby/);
    const bob = await chatAs(p, 'bob', 'ws');
    const s = new ChatRoomSession(bob);
    await s.join('Lobby');
    const alert = s.next(
      'chatMessageReceived',
      (d) =>
        d.message.messageAuthor === 'sip:moderator@example.test' &&
        d.message.messageContent.includes('sip:bob@'),
    );
    const bad = await s.sendChatMessage('buy cheap pills here');
    const m = (await alert).message;
    assert.equal(m.isAlert, true);
    assert.match(m.messageContent, /sip:bob@example\.test broke the room rules \(cheap pills\)/);
    assert.match(m.messageContent, /replaced/);
    const history = await s.getRecentChatHistory(20);
    const stored = history.find((x) => x.messageId === bad.messageId);
    assert.equal(stored?.messageContent, '[removed by the moderator]');
    await s.leave();
    await closeAll(bob);
  });
});
