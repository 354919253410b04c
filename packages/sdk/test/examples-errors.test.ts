// The examples are run by people: when one fails it prints what went wrong in one line (its name and the
// reason) and exits 1, never a stack trace, and says nothing twice. Run as users run them, against a
// started server (a wrong password, a wrong room), a closed port and a mistyped option.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { PASSWORDS, startPchat, type Pchat } from './support/server.js';

const ROOT = new URL('../../../', import.meta.url).pathname;

function example(name: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--conditions=development', '--import', 'tsx', `examples/${name}.ts`, ...args],
      { cwd: ROOT },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}

function assertOneLine(r: { code: number; stderr: string }, name: string, why: RegExp): void {
  assert.equal(r.code, 1, r.stderr);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `one line, got:\n${r.stderr}`);
  assert.match(lines[0] ?? '', new RegExp(`^${name}: `));
  assert.match(lines[0] ?? '', why);
  assert.doesNotMatch(r.stderr, /^\s+at /m, 'no stack trace');
}

describe('examples fail in one line', { timeout: 120_000 }, () => {
  let p: Pchat;
  before(async () => {
    p = await startPchat();
  });
  after(async () => {
    await p?.close();
  });

  it('a wrong password', async () => {
    const r = await example('say-hello', [
      '--server',
      p.tcp,
      '--user',
      'sip:alice@example.test',
      '--password',
      'wrong',
    ]);
    assertOneLine(r, 'say-hello', /password|credentials|authenticat/i);
  });

  it('a room that does not exist', async () => {
    const r = await example('say-hello', [
      '--server',
      p.tcp,
      '--user',
      'sip:alice@example.test',
      '--password',
      PASSWORDS.alice,
      '--room',
      'No Such Room',
    ]);
    assertOneLine(r, 'say-hello', /No Such Room|not found|does not exist/i);
  });

  it('a server that is not there', async () => {
    const r = await example('room-digest', [
      '--server',
      '127.0.0.1:9',
      '--user',
      'sip:alice@example.test',
      '--password',
      'x',
    ]);
    assertOneLine(r, 'room-digest', /127\.0\.0\.1:9/);
  });

  it('a mistyped option', async () => {
    const r = await example('echo-bot', ['--sever', p.tcp]);
    assertOneLine(r, 'echo-bot', /--sever/);
  });
});
