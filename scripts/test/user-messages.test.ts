// Messages for people carry no internal references: no feature id (PC-nn), no document of the repository
// or specification name, and no sentence said twice. Every text a person can read — server replies and
// refusals, CLI output and help, SDK errors, web texts, log lines — is a string or template literal (or JSX
// text) in the sources of the packages, their bins and the examples; comments are not scanned (they cite
// specs on purpose). The TypeScript parser tells literals from comments.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import ts from 'typescript';

const root = new URL('../../', import.meta.url).pathname;

/** Feature ids, repository documents (docs/…, *.md) and Microsoft open specification names. */
const INTERNAL = /\bPC-\d+|\bdocs\/[\w./-]+|\b[\w-]+\.md\b|\bMS-[A-Z]{3,}\b/;

function sources(): string[] {
  const out = execFileSync(
    'git',
    [
      'ls-files',
      '--cached',
      '--others',
      '--exclude-standard',
      'packages/*/src/*',
      'packages/*/bin/*',
      'examples',
    ],
    { cwd: root, encoding: 'utf8' },
  );
  return out.split('\n').filter((f) => /\.(ts|tsx|mjs)$/.test(f) && !f.endsWith('.d.ts'));
}

interface Literal {
  where: string;
  text: string;
}

function literals(file: string): Literal[] {
  const text = readFileSync(root + file, 'utf8');
  const kind = file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
  const out: Literal[] = [];
  const visit = (node: ts.Node): void => {
    // Module specifiers are not read by people.
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) return;
    if (
      ts.isStringLiteral(node) ||
      ts.isNoSubstitutionTemplateLiteral(node) ||
      ts.isTemplateHead(node) ||
      ts.isTemplateMiddle(node) ||
      ts.isTemplateTail(node) ||
      ts.isJsxText(node)
    ) {
      const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
      out.push({ where: `${file}:${line}`, text: node.text });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

const all = sources().flatMap(literals);

test('the scan reads the message tables (a sanity check that it finds texts at all)', () => {
  assert.ok(all.length > 1000, `only ${all.length} literals found`);
  assert.ok(
    all.some((l) => l.text.includes('still holds')),
    'the refusal to remove a category that holds rooms is among the scanned texts',
  );
});

test('no message names a feature id, a document of the repository or a specification', () => {
  const hits = all.filter((l) => INTERNAL.test(l.text)).map((l) => `${l.where}: ${l.text.slice(0, 120)}`);
  assert.deepEqual(hits, [], 'say what the rule is instead; cite the id in a comment next to it');
});

test('no message says the same sentence twice', () => {
  const hits: string[] = [];
  for (const l of all) {
    const sentences = l.text
      .split(/(?<=[.!?])\s+/)
      .map((s) => s.trim().toLowerCase())
      .filter((s) => s.split(/\s+/).length >= 4);
    const seen = new Set<string>();
    for (const s of sentences) {
      if (seen.has(s)) hits.push(`${l.where}: "${s}"`);
      seen.add(s);
    }
  }
  assert.deepEqual(hits, []);
});
