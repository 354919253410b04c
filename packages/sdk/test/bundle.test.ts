// The browser build: bundling src/index.ts for the browser platform must succeed without Node built-ins
// (esbuild refuses to resolve `node:*` and Node core modules there, e.g. the `events` an ltx root import
// would bring). Prints the size.
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { it } from 'node:test';
import { build } from 'esbuild';

const entry = new URL('../src/index.ts', import.meta.url).pathname;

it('bundles for the browser without Node built-ins', async (t) => {
  const r = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    minify: true,
    write: false,
    conditions: ['development'],
    metafile: true,
    logLevel: 'silent',
  });
  assert.deepEqual(r.errors, []);
  const inputs = Object.keys(r.metafile.inputs);
  assert.ok(!inputs.some((i) => i.startsWith('node:') || /(^|\/)src\/node\//.test(i)), inputs.join('\n'));
  const out = r.outputFiles[0]!.contents;
  t.diagnostic(
    `browser bundle: ${out.length} bytes minified, ${gzipSync(out).length} bytes gzipped, ${inputs.length} inputs`,
  );
});
