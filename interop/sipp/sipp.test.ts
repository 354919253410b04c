// Interop: SIPp (Debian `sip-tester`) against pchat over TCP with the default auth settings: REGISTER
// with Digest (sipp's [authentication]), OPTIONS, un-REGISTER, and a wrong password refused. pchat runs in-process on port 0
// with the demo users; each scenario is one sipp child process whose exit status is the verdict.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PASSWORDS, startTestServer, type TestServer } from '../../packages/server/test/kit/server.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const SCENARIOS = join(HERE, 'scenarios');

function sippVersion(): string {
  const r = spawnSync('sipp', ['-v'], { encoding: 'utf8' });
  if (r.error || (r.stdout + r.stderr).indexOf('SIPp') < 0) {
    throw new Error(
      'sipp is not installed: install the Debian package sip-tester (apt-get install sip-tester); .ci/run does this.',
    );
  }
  return (r.stdout + r.stderr).trim().split('\n')[0]!;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

interface SippRun {
  code: number | null;
  output: string;
}

async function runSipp(
  scenario: string,
  port: number,
  injection: string,
  work: string,
  password: string,
): Promise<SippRun> {
  const local = await freePort();
  const args = [
    `127.0.0.1:${port}`,
    '-sf',
    join(SCENARIOS, scenario),
    '-inf',
    injection,
    '-t',
    't1',
    '-i',
    '127.0.0.1',
    '-p',
    String(local),
    '-m',
    '1',
    '-l',
    '1',
    '-timeout',
    '20s',
    '-timeout_error',
    '-recv_timeout',
    '10000',
    '-nostdin',
    '-trace_err',
    // sipp 3.6 does not expand [fieldN] inside [authentication ...]: credentials come from -au/-ap.
    '-au',
    'alice',
    '-ap',
    password,
  ];
  return new Promise((resolve) => {
    const child = spawn('sipp', args, { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('SIPp interop over TCP', () => {
  let t: TestServer;
  let work: string;
  let injection: string;
  before(async () => {
    sippVersion();
    // The DEFAULT auth settings (schemes [digest, ntlm], Digest MD5 first): COMPAT(sipp 3.6) its
    // [authentication] answers the first WWW-Authenticate and computes MD5 only.
    t = await startTestServer();
    work = mkdtempSync(join(tmpdir(), 'pchat-sipp-'));
    injection = join(work, 'users.csv');
    writeFileSync(injection, 'SEQUENTIAL\nalice;example.test\n');
  });
  after(async () => {
    await t?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const explain = (r: SippRun): string => `sipp exited ${r.code}\n${r.output.slice(-3000)}`;

  it('OPTIONS is answered 200', async () => {
    const r = await runSipp('options.xml', t.tcpPort, injection, work, PASSWORDS.alice);
    assert.equal(r.code, 0, explain(r));
  });

  it('REGISTER with Digest, OPTIONS and un-REGISTER succeed', async () => {
    const r = await runSipp('register-digest.xml', t.tcpPort, injection, work, PASSWORDS.alice);
    assert.equal(r.code, 0, explain(r));
  });

  it('a wrong password is challenged, then refused with 403', async () => {
    const r = await runSipp(
      'register-wrong-password.xml',
      t.tcpPort,
      injection,
      work,
      'not-' + PASSWORDS.alice,
    );
    assert.equal(r.code, 0, explain(r));
  });
});
