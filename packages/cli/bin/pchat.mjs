#!/usr/bin/env node
// The `pchat` command. In a checkout with the development toolchain it runs the TypeScript sources through
// tsx with the `development` export condition (workspace packages resolve to their src/), so `npx pchat`
// works from a fresh clone without a build. Where tsx is not installed (a production install, docs/deploy.md)
// it runs the built JavaScript in dist/ on plain Node. PCHAT_BUILT=1 picks the build even where tsx exists.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const source = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const built = new URL('../dist/main.js', import.meta.url);

/** tsx resolved from this package, not from the working directory (`pchat` runs from anywhere). */
function tsxLoader() {
  if (process.env.PCHAT_BUILT === '1' || !existsSync(source)) return null;
  try {
    return import.meta.resolve('tsx');
  } catch {
    return null;
  }
}

const tsx = tsxLoader();
if (tsx) {
  const child = spawn(
    process.execPath,
    ['--conditions=development', '--import', tsx, source, ...process.argv.slice(2)],
    { stdio: 'inherit' },
  );
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(signal ? 128 : (code ?? 1)));
} else if (existsSync(built)) {
  await import(built.href);
} else {
  process.stderr.write(
    'pchat: this install has neither the development toolchain (tsx) nor a build. Run `npm install` for development, or `npm run build` for a production install.\n',
  );
  process.exit(1);
}
