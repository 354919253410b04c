import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, ConfigError } from '../src/config/load.js';

const repoRoot = new URL('../../../', import.meta.url).pathname;

test('defaults apply when there is no file', () => {
  const c = loadConfig({ env: {} });
  assert.equal(c.store.kind, 'sqlite');
  assert.equal(c.listen.host, '127.0.0.1');
  assert.equal(c.listen.sipTcpPort, 5060);
  assert.equal(c.domain, 'example.test');
  assert.ok(c.dataDir.startsWith('/'));
});

test('the commented example config is valid and equals the defaults', () => {
  const fromExample = loadConfig({ file: join(repoRoot, 'pchat.example.yaml'), env: {} });
  assert.deepEqual(fromExample, loadConfig({ env: {} }));
});

test('a bad file is refused with every problem named by its path', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pchat-cfg-'));
  const f = join(dir, 'bad.yaml');
  writeFileSync(f, 'store:\n  kind: oracle\nlisten:\n  httpPort: 99999\nnonsense: 1\n');
  assert.throws(
    () => loadConfig({ file: f, env: {} }),
    (e: unknown) =>
      e instanceof ConfigError &&
      /\/store\/kind/.test(e.message) &&
      /\/listen\/httpPort/.test(e.message) &&
      /nonsense|additional/.test(e.message),
  );
});

test('PCHAT_DATA_DIR and overrides win over the file', () => {
  const c = loadConfig({ env: { PCHAT_DATA_DIR: '/tmp/x' }, overrides: { listen: { httpPort: 0 } } });
  assert.equal(c.dataDir, '/tmp/x');
  assert.equal(c.listen.httpPort, 0);
});
