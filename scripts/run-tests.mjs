#!/usr/bin/env node
// Runs every test file with node:test through tsx. Node 20 does not expand globs after --test,
// so the files are found here. Usage: node scripts/run-tests.mjs [path-filter ...]
// Environment: PCHAT_TEST_PG (PostgreSQL URL for the storage conformance suite; default
// postgres://postgres@127.0.0.1:5432/postgres). Test output ends with node:test's `# pass N` / `# fail N`.
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawn } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const roots = ['packages', 'interop', 'bench', 'scripts'].map((d) => join(root, d));
const files = [];
function walk(dir) {
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  for (const e of entries) {
    if (e === 'node_modules' || e === 'dist' || e === 'build') continue;
    const p = join(dir, e);
    if (statSync(p).isDirectory()) walk(p);
    else if (/\.test\.(ts|mjs)$/.test(e)) files.push(relative(root, p));
  }
}
roots.forEach(walk);
const filters = process.argv.slice(2);
const selected = files.sort().filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)));
if (selected.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
// Two reporters: spec for people, TAP to a file from which the closing count line is printed.
mkdirSync(join(root, '.tmp'), { recursive: true });
// One file per run: several runs at once must not read each other's counts.
const tapFile = join(root, '.tmp', `test-results-${process.pid}.tap`);
const args = [
  '--conditions=development',
  '--import',
  'tsx',
  '--test',
  '--test-reporter=spec',
  '--test-reporter-destination=stdout',
  '--test-reporter=tap',
  `--test-reporter-destination=${tapFile}`,
  `--test-concurrency=${process.env.PCHAT_TEST_CONCURRENCY ?? 2}`,
  ...selected,
];
const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit' });
child.on('exit', (code, signal) => {
  const tap = existsSync(tapFile) ? readFileSync(tapFile, 'utf8') : '';
  const count = (k) => Number(tap.match(new RegExp(`^# ${k} (\\d+)$`, 'm'))?.[1] ?? 0);
  rmSync(tapFile, { force: true });
  console.log(`${count('pass')} passed, ${count('fail')} failed, ${count('skipped')} skipped`);
  process.exit(signal ? 1 : (code ?? 1));
});
