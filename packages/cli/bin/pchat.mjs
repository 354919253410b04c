#!/usr/bin/env node
// The `pchat` command. Runs the TypeScript sources through tsx with the `development` export condition
// (workspace packages resolve to their src/), so `npx pchat ...` works from a fresh clone without a build.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const child = spawn(
  process.execPath,
  ['--conditions=development', '--import', 'tsx', main, ...process.argv.slice(2)],
  {
    stdio: 'inherit',
  },
);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(signal ? 128 : (code ?? 1)));
