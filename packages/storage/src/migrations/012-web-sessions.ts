// Schema version 12: web sessions (docs/web.md "Sessions and passwords"). Only the SHA-256 of a session
// token is kept, so a copy of the database signs nobody in; every node of a pool reads the same rows.
import type { DialectName } from '../dialect.js';

export function webSessions(d: DialectName): string[] {
  const big = d === 'sqlite' ? 'INTEGER' : 'BIGINT';
  return [
    `CREATE TABLE web_sessions (token_hash TEXT PRIMARY KEY, uri TEXT NOT NULL, created_on ${big} NOT NULL,
      expires_on ${big} NOT NULL)`,
    `CREATE INDEX web_sessions_uri ON web_sessions (uri)`,
    `CREATE INDEX web_sessions_expires ON web_sessions (expires_on)`,
  ];
}
