// The browser build: bundling src/index.ts for the browser platform must succeed without Node built-ins
// (esbuild refuses to resolve `node:*` and Node core modules there). Prints the size.
// Known blocker outside the SDK: @pchat/protocol's xccos/xml.ts imports `{ Element } from 'ltx'`, whose
// root module also loads ltx's Parser, which imports Node's `events`. The fix belongs in the protocol package
// (`import Element from 'ltx/src/Element.js'`). While it is there, the test is TODO and also measures the
// bundle with exactly that substitution, so the size stays known.
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { it } from 'node:test';
import { build, type BuildOptions, type Plugin } from 'esbuild';

const entry = new URL('../src/index.ts', import.meta.url).pathname;
const base: BuildOptions & { write: false; metafile: true } = {
  entryPoints: [entry], bundle: true, platform: 'browser', format: 'esm', target: 'es2022', minify: true, write: false,
  conditions: ['development'], metafile: true, logLevel: 'silent',
};

/** The protocol fix, applied at bundle time: `ltx` → `ltx/src/Element.js` (the only thing protocol uses). */
const ltxElementOnly: Plugin = {
  name: 'ltx-element-only',
  setup(b) {
    b.onResolve({ filter: /^ltx$/ }, async (a) => {
      const r = await b.resolve('ltx/src/Element.js', { kind: a.kind, resolveDir: a.resolveDir });
      return { path: r.path };
    });
    b.onLoad({ filter: /ltx[\\/]src[\\/]Element\.js$/ }, async (a) => {
      const { readFile } = await import('node:fs/promises');
      return { contents: `${await readFile(a.path, 'utf8')}\nexport { Element };`, loader: 'js' };
    });
  },
};

function report(t: { diagnostic(s: string): void }, label: string, r: { outputFiles: Array<{ contents: Uint8Array }>; metafile: { inputs: Record<string, unknown> } }): void {
  const inputs = Object.keys(r.metafile.inputs);
  assert.ok(!inputs.some((i) => i.startsWith('node:') || /(^|\/)src\/node\//.test(i)), inputs.join('\n'));
  const out = r.outputFiles[0]!.contents;
  t.diagnostic(`${label}: ${out.length} bytes minified, ${gzipSync(out).length} bytes gzipped, ${inputs.length} inputs`);
}

it('bundles for the browser without Node built-ins', async (t) => {
  try {
    report(t, 'browser bundle', await build(base));
  } catch (e) {
    const text = String((e as Error).message);
    if (!/ltx[\\/]src[\\/].*Could not resolve "events"/s.test(text)) throw e;
    t.todo('@pchat/protocol imports the ltx root (Node "events"); fix: import Element from "ltx/src/Element.js"');
    report(t, 'browser bundle with the protocol fix applied', await build({ ...base, plugins: [ltxElementOnly] }));
    throw e;
  }
});
