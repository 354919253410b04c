// The repository explains itself: every feature id (PC-nn) cited anywhere resolves to a line of
// docs/features.md, every `docs/xccos.md §n` citation names a section that exists, and nothing cites a
// document the repository does not contain (design notes, source excerpts, tracker items).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const root = new URL('../../', import.meta.url).pathname;
const SELF = 'scripts/test/repo-references.test.ts';
const TEXT = /\.(ts|tsx|mjs|js|cjs|md|yaml|yml|json|sh|c|h|xml|html|css)$/;

function repoFiles(): string[] {
  const out = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
    cwd: root,
    encoding: 'utf8',
  });
  return out
    .split('\n')
    .filter((f) => f !== '' && TEXT.test(f) && !f.endsWith('package-lock.json'))
    .filter((f) => {
      try {
        readFileSync(root + f);
        return true;
      } catch {
        return false; // listed but deleted in the working tree
      }
    });
}

interface Hit {
  file: string;
  line: number;
  text: string;
}

function scan(files: Record<string, string>, re: RegExp): Hit[] {
  const hits: Hit[] = [];
  for (const [file, body] of Object.entries(files)) {
    body.split('\n').forEach((l, i) => {
      for (const m of l.matchAll(re)) hits.push({ file, line: i + 1, text: m[0] });
    });
  }
  return hits;
}

/** Feature ids that docs/features.md defines: lines `- **PC-nn** …`. */
export function definedIds(index: string): Set<string> {
  return new Set([...index.matchAll(/^- \*\*(PC-\d\d)\*\*/gm)].map((m) => m[1] as string));
}

/** Cited ids without a line in the index, as "file:line PC-nn". */
export function unresolvedIds(files: Record<string, string>, index: string): string[] {
  const ids = definedIds(index);
  return scan(files, /\bPC-\d\d\b/g)
    .filter((h) => !ids.has(h.text))
    .map((h) => `${h.file}:${h.line} ${h.text}`);
}

/** Sections of docs/xccos.md: headings `## §n …` and `### §n.m …`. */
export function xccosSections(page: string): Set<string> {
  return new Set([...page.matchAll(/^#{2,3} §(\d+(?:\.\d+)?)\s/gm)].map((m) => m[1] as string));
}

export function unresolvedXccos(files: Record<string, string>, page: string): string[] {
  const sections = xccosSections(page);
  const out: string[] = [];
  for (const h of scan(files, /docs\/xccos\.md`? §(\d+(?:\.\d+)?)(?:,? §(\d+(?:\.\d+)?))*/g)) {
    for (const n of h.text.matchAll(/§(\d+(?:\.\d+)?)/g))
      if (!sections.has(n[1] as string)) out.push(`${h.file}:${h.line} ${h.text}`);
  }
  return out;
}

// Documents that live outside the repository, and tracker items: cite PC ids, RFC and MS-* sections, or a
// page under docs/ instead.
const OUTSIDE =
  /\b(FEATURES|ARCHITECTURE|PROTOCOL-XCCOS|STACK|PERFORMANCE|WEB)\.md\b|\bseeds? 0\d\d\b|\b[Ii]ssue #?\d|\/work\/shared\/(design|seeds|interop)/g;

export function outsideCitations(files: Record<string, string>): string[] {
  return scan(files, OUTSIDE).map((h) => `${h.file}:${h.line} ${h.text}`);
}

const PKGS = 'protocol|domain|storage|server|sdk|cli|web';

/**
 * Repository paths a page names in backticks that do not exist: `packages/…`, `scripts/…`, `bench/…`,
 * `interop/…`, `docs/…`, `examples/…`, and in docs/features.md and docs/architecture.md also paths relative to `packages/`.
 */
export function missingPaths(pages: Record<string, string>, exists: (path: string) => boolean): string[] {
  const out: string[] = [];
  const rooted = /`((?:packages|scripts|bench|interop|docs|examples)\/[\w./-]+)`/g;
  const relative = new RegExp(`\`((?:${PKGS})\\/src\\/[\\w./-]+)\``, 'g');
  for (const [file, body] of Object.entries(pages)) {
    body.split('\n').forEach((l, i) => {
      const found = [...l.matchAll(rooted)].map((m) => m[1] as string);
      if (file === 'docs/features.md' || file === 'docs/architecture.md')
        found.push(...[...l.matchAll(relative)].map((m) => `packages/${m[1]}`));
      for (const p of found) if (!exists(p.replace(/\/$/, ''))) out.push(`${file}:${i + 1} ${p}`);
    });
  }
  return out;
}

function load(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const f of repoFiles()) if (f !== SELF) files[f] = readFileSync(root + f, 'utf8');
  return files;
}

test('every PC-nn cited in the repository has a line in docs/features.md', () => {
  const files = load();
  const index = files['docs/features.md'];
  assert.ok(index, 'docs/features.md is missing');
  const missing = unresolvedIds(files, index);
  assert.deepEqual(
    missing,
    [],
    `add these ids to docs/features.md (or cite the right id):\n${missing.join('\n')}`,
  );
});

test('every docs/xccos.md § citation names a section of that page', () => {
  const files = load();
  const page = files['docs/xccos.md'];
  assert.ok(page, 'docs/xccos.md is missing');
  const missing = unresolvedXccos(files, page);
  assert.deepEqual(missing, [], `no such section in docs/xccos.md:\n${missing.join('\n')}`);
});

test('nothing cites a document outside the repository', () => {
  const found = outsideCitations(load());
  assert.deepEqual(
    found,
    [],
    `cite a PC id, an RFC / MS-* section or a page under docs/ instead:\n${found.join('\n')}`,
  );
});

test('every repository path the docs name in backticks exists', () => {
  const files = load();
  const pages = Object.fromEntries(Object.entries(files).filter(([f]) => f.endsWith('.md')));
  const missing = missingPaths(pages, (p) => existsSync(root + p));
  assert.deepEqual(missing, [], `these paths do not exist (moved or renamed?):\n${missing.join('\n')}`);
});

test('the checks fail on what they are meant to catch', () => {
  const index = '- **PC-01** Chat room.\n- **PC-02** Room type.\n';
  assert.deepEqual(unresolvedIds({ 'a.ts': '// PC-01, PC-02 and PC-03\n' }, index), ['a.ts:1 PC-03']);
  const page = '## §1 Framing\n### §5.2 REGISTER\n';
  assert.deepEqual(unresolvedXccos({ 'b.ts': '// docs/xccos.md §5.2, §5.3\n' }, page), [
    'b.ts:1 docs/xccos.md §5.2, §5.3',
  ]);
  assert.deepEqual(outsideCitations({ 'c.md': 'as FEATURES.md says (issue 4, seed 000)\n' }), [
    'c.md:1 FEATURES.md',
    'c.md:1 issue 4',
    'c.md:1 seed 000',
  ]);
  const pages = {
    'docs/features.md': '- `server/src/gone.ts` and `docs/here.md`\n',
    'd.md': '`packages/x/y.ts`\n',
  };
  assert.deepEqual(
    missingPaths(pages, (p) => p === 'docs/here.md'),
    ['docs/features.md:1 packages/server/src/gone.ts', 'd.md:1 packages/x/y.ts'],
  );
});
