// Dialect differences, kept in one place: ids, booleans, JSON lists, driver errors.
// Everything else is written once against kysely.
import { DomainError, type ChatErrorCode } from '@pchat/domain';
import { sql, type RawBuilder } from 'kysely';

export type DialectName = 'sqlite' | 'postgres';

/** Booleans are stored as 0/1 integers on both dialects, so one query text serves both. */
export const toBool = (b: boolean): number => (b ? 1 : 0);

/** JSON documents and lists are stored as text on both dialects (no jsonb: one code path, same bytes). */
export const toJson = (v: unknown): string => JSON.stringify(v);
export function fromJson<T>(s: string): T {
  return JSON.parse(s) as T;
}

/** Keys used for case-insensitive uniqueness and lookups; JS lower-casing is Unicode-aware, SQLite's lower() is not. */
export const key = (s: string): string => s.toLowerCase();

/** A LIKE pattern matching `text` as a substring, with its wildcards escaped (use with ESCAPE '\'). */
function containsPattern(text: string): string {
  return `%${key(text).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * `column` (a lower-cased key column) contains `text`, case-insensitively. The ESCAPE clause is explicit:
 * SQLite's LIKE has no escape character by default.
 */
export function contains(column: string, text: string): RawBuilder<boolean> {
  return sql<boolean>`${sql.ref(column)} LIKE ${containsPattern(text)} ESCAPE '\\'`;
}

function driverCode(e: unknown): string | undefined {
  if (typeof e !== 'object' || e === null || !('code' in e)) return undefined;
  const c = (e as { code: unknown }).code;
  return typeof c === 'string' ? c : undefined;
}

/** SQLITE_CONSTRAINT_UNIQUE / _PRIMARYKEY, PostgreSQL 23505. */
function isUniqueViolation(e: unknown): boolean {
  const c = driverCode(e);
  return c === '23505' || c === 'SQLITE_CONSTRAINT_UNIQUE' || c === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** SQLITE_CONSTRAINT_FOREIGNKEY, PostgreSQL 23503. */
export function isForeignKeyViolation(e: unknown): boolean {
  const c = driverCode(e);
  return c === '23503' || c === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}

/** Runs fn and turns a unique violation into the given domain error (never a driver error, store.ts). */
export async function mapUnique<T>(fn: () => Promise<T>, code: ChatErrorCode, message: string): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (isUniqueViolation(e)) throw new DomainError(code, message);
    throw e;
  }
}
