// Word matching for history search (PC-10) and purge (PC-45), the same on both dialects: a term is a
// run of letters and digits (what FTS5's unicode61 and PostgreSQL's `simple` parser take as a word); a
// term with inner punctuation ("e-mail") is a phrase of its words. The FTS indexes are case-insensitive;
// case-sensitive matching post-filters their candidates here.
import type { ChatMessage } from '@pchat/domain';
import { sql, type RawBuilder } from 'kysely';
import type { DialectName } from './dialect.js';

export type MatchMode = 'all' | 'any' | 'phrase';

export interface TextMatch {
  mode: MatchMode;
  /** Each term as its words; empty = nothing can match. */
  terms: string[][];
  caseSensitive: boolean;
}

const words = (s: string): string[] => s.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0);

/** null when there is no text criterion (empty search string: every message matches). */
export function parseMatch(
  terms: readonly string[],
  mode: MatchMode,
  caseSensitive: boolean,
): TextMatch | null {
  if (terms.every((t) => t.trim() === '')) return null;
  if (mode === 'phrase') {
    const all = terms.flatMap(words);
    return { mode, terms: all.length > 0 ? [all] : [], caseSensitive };
  }
  return { mode, terms: terms.map(words).filter((w) => w.length > 0), caseSensitive };
}

/** FTS5 query: each term a quoted phrase (quotes doubled), joined by AND / OR, on the text columns only. */
function fts5Query(m: TextMatch): string {
  const phrase = (ws: string[]) => `"${ws.join(' ').replace(/"/g, '""')}"`;
  return `{text story_title} : (${m.terms.map(phrase).join(m.mode === 'any' ? ' OR ' : ' AND ')})`;
}

/** The FTS5 token of an author (see the author_tok column in migrations/001-initial.ts). */
const authorToken = (uri: string): string => `a${Buffer.from(uri, 'utf8').toString('hex')}`;

/** FTS5 clause restricting a match to some authors. */
export function fts5Authors(uris: readonly string[]): string {
  return `author_tok : (${uris.map((u) => `"${authorToken(u)}"`).join(' OR ')})`;
}

/** tsquery text: quoted lexemes, `<->` between the words of a term, `&` / `|` between terms. */
function tsQuery(m: TextMatch): string {
  const lexeme = (w: string) => `'${w.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
  const term = (ws: string[]) =>
    ws.length === 1 ? lexeme(ws[0] ?? '') : `(${ws.map(lexeme).join(' <-> ')})`;
  return m.terms.map(term).join(m.mode === 'any' ? ' | ' : ' & ');
}

/**
 * The SQL condition on `m` (messages) for a match. SQLite returns it as a rowid set of the FTS table;
 * PostgreSQL tests the generated tsvector, served by its GIN index.
 */
export function matchCondition(d: DialectName, m: TextMatch): RawBuilder<boolean> {
  if (m.terms.length === 0) return sql<boolean>`1 = 0`;
  if (d === 'sqlite')
    return sql<boolean>`m.seq IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ${fts5Query(m)})`;
  return sql<boolean>`m.tsv @@ to_tsquery('simple', ${tsQuery(m)})`;
}

export function ftsQueryText(d: DialectName, m: TextMatch): string {
  return d === 'sqlite' ? fts5Query(m) : tsQuery(m);
}

const escapeRe = (w: string) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Exact-case whole-word test, applied to text and story title separately (as the FTS columns are). */
export function caseFilter(m: TextMatch): (msg: Pick<ChatMessage, 'text' | 'storyTitle'>) => boolean {
  const res = m.terms.map(
    (ws) =>
      new RegExp(`(?<![\\p{L}\\p{N}])${ws.map(escapeRe).join('[^\\p{L}\\p{N}]+')}(?![\\p{L}\\p{N}])`, 'u'),
  );
  const hit = (re: RegExp, msg: Pick<ChatMessage, 'text' | 'storyTitle'>) =>
    re.test(msg.text) || (msg.storyTitle !== null && re.test(msg.storyTitle));
  if (res.length === 0) return () => false;
  return m.mode === 'any'
    ? (msg) => res.some((re) => hit(re, msg))
    : (msg) => res.every((re) => hit(re, msg));
}
