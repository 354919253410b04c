// Schema version 3: the file store (PC-15). File contents live in the database in chunks, for both
// drivers: every node of a pool reads the same files, a backup holds them, and deleting a room deletes
// its files (docs/decisions.md, file store). `complete` turns 1 only when the last chunk is stored.
import type { DialectName } from '../dialect.js';

export function files(d: DialectName): string[] {
  const big = d === 'sqlite' ? 'INTEGER' : 'BIGINT';
  const blob = d === 'sqlite' ? 'BLOB' : 'BYTEA';
  return [
    `CREATE TABLE files (id TEXT PRIMARY KEY, room_id TEXT NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
      uploader TEXT NOT NULL, name TEXT NOT NULL, content_type TEXT NOT NULL, size ${big} NOT NULL,
      sha256 TEXT NOT NULL, created_on ${big} NOT NULL, complete INTEGER NOT NULL)`,
    `CREATE INDEX files_room ON files (room_id)`,
    `CREATE TABLE file_chunks (file_id TEXT NOT NULL REFERENCES files (id) ON DELETE CASCADE,
      seq INTEGER NOT NULL, data ${blob} NOT NULL, PRIMARY KEY (file_id, seq))`,
    // Only the SHA-256 of a token is kept: a copy of the database hands out no working links.
    `CREATE TABLE file_tokens (token_hash TEXT PRIMARY KEY, expires ${big} NOT NULL, used INTEGER NOT NULL,
      data TEXT NOT NULL)`,
    `CREATE INDEX file_tokens_expires ON file_tokens (expires)`,
  ];
}
