// Schema version 1. One DDL text for both dialects except the auto-increment key, big integers and
// full-text search (SQLite FTS5 contentless table kept by triggers; PostgreSQL a generated
// tsvector with the `simple` configuration, so words are lower-cased but never stemmed).
import type { DialectName } from '../dialect.js';

export function initialSchema(d: DialectName): string[] {
  const big = d === 'sqlite' ? 'INTEGER' : 'BIGINT';
  const serial = d === 'sqlite' ? 'INTEGER PRIMARY KEY' : 'BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY';
  const keyed = (t: string) => `CREATE TABLE ${t} (key TEXT PRIMARY KEY, data TEXT NOT NULL)`;
  const common = [
    `CREATE TABLE principals (uri TEXT PRIMARY KEY, kind TEXT NOT NULL, search_key TEXT NOT NULL,
      ou TEXT, parent TEXT, domain TEXT, pool_key TEXT, data TEXT NOT NULL)`,
    `CREATE INDEX principals_kind_ou ON principals (kind, ou)`,
    `CREATE INDEX principals_kind_domain ON principals (kind, domain)`,
    `CREATE INDEX principals_kind_parent ON principals (kind, parent)`,
    `CREATE TABLE group_members (group_uri TEXT NOT NULL, member_uri TEXT NOT NULL, PRIMARY KEY (group_uri, member_uri))`,
    `CREATE INDEX group_members_member ON group_members (member_uri)`,
    keyed('credentials'),
    keyed('pools'),
    keyed('sites'),
    keyed('policies'),
    keyed('configs'),
    keyed('trusted_apps'),
    `CREATE TABLE categories (id TEXT PRIMARY KEY, pool_key TEXT NOT NULL, name_key TEXT NOT NULL,
      version ${big} NOT NULL, data TEXT NOT NULL, UNIQUE (pool_key, name_key))`,
    `CREATE TABLE rooms (id TEXT PRIMARY KEY, pool_key TEXT NOT NULL, category_id TEXT NOT NULL,
      name_key TEXT NOT NULL, description_key TEXT NOT NULL, disabled INTEGER NOT NULL, privacy TEXT NOT NULL,
      type TEXT NOT NULL, invitations TEXT NOT NULL, addin_id TEXT, version ${big} NOT NULL, data TEXT NOT NULL,
      UNIQUE (pool_key, name_key))`,
    `CREATE INDEX rooms_category ON rooms (category_id)`,
    `CREATE TABLE room_roles (room_id TEXT NOT NULL REFERENCES rooms (id) ON DELETE CASCADE, role TEXT NOT NULL,
      uri TEXT NOT NULL, PRIMARY KEY (room_id, role, uri))`,
    `CREATE INDEX room_roles_uri ON room_roles (uri, role)`,
    `CREATE TABLE addins (id TEXT PRIMARY KEY, pool_key TEXT NOT NULL, name_key TEXT NOT NULL,
      version ${big} NOT NULL, data TEXT NOT NULL, UNIQUE (pool_key, name_key))`,
    `CREATE TABLE room_seq (room_id TEXT PRIMARY KEY REFERENCES rooms (id) ON DELETE CASCADE,
      last_id ${big} NOT NULL, last_ts ${big} NOT NULL)`,
    `CREATE TABLE messages (seq ${serial}, room_id TEXT NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
      id ${big} NOT NULL, ts ${big} NOT NULL, author TEXT NOT NULL, kind TEXT NOT NULL, text TEXT NOT NULL,
      story_title TEXT, rtf TEXT, parts TEXT)`,
    // (room_id, id) serves last-N, before/after and the id cursor of search; (room_id, ts) date ranges.
    `CREATE UNIQUE INDEX messages_room_id ON messages (room_id, id)`,
    `CREATE INDEX messages_room_ts ON messages (room_id, ts)`,
    `CREATE INDEX messages_room_author ON messages (room_id, author, id)`,
    `CREATE TABLE invitations (user_uri TEXT NOT NULL, inv_id ${big} NOT NULL,
      room_id TEXT NOT NULL REFERENCES rooms (id) ON DELETE CASCADE, created_on ${big} NOT NULL,
      PRIMARY KEY (user_uri, inv_id))`,
    `CREATE INDEX invitations_room ON invitations (room_id)`,
    `CREATE TABLE inv_seq (key TEXT PRIMARY KEY, last ${big} NOT NULL)`,
    `CREATE TABLE preferences (user_uri TEXT NOT NULL, label TEXT NOT NULL, sequence_id ${big} NOT NULL,
      data TEXT NOT NULL, PRIMARY KEY (user_uri, label))`,
    `CREATE TABLE audit_log (seq ${serial}, at ${big} NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
      target TEXT NOT NULL, details TEXT NOT NULL)`,
    `CREATE INDEX audit_log_target ON audit_log (target, seq)`,
    `CREATE INDEX audit_log_actor ON audit_log (actor, seq)`,
  ];
  const fts =
    d === 'sqlite'
      ? [
          // Contentless (the text lives in messages) with delete support. remove_diacritics 0: "café"
          // and "cafe" stay different words, as with PostgreSQL's `simple`. author_tok holds one token
          // per author ('a' + hex of the URI) so "these authors AND these words" is one doclist merge.
          `CREATE VIRTUAL TABLE messages_fts USING fts5(text, story_title, author_tok, content='',
            contentless_delete=1, tokenize='unicode61 remove_diacritics 0')`,
          `CREATE TRIGGER messages_fts_ai AFTER INSERT ON messages BEGIN
            INSERT INTO messages_fts (rowid, text, story_title, author_tok)
            VALUES (new.seq, new.text, new.story_title, 'a' || hex(new.author)); END`,
          `CREATE TRIGGER messages_fts_ad AFTER DELETE ON messages BEGIN
            DELETE FROM messages_fts WHERE rowid = old.seq; END`,
          `CREATE TRIGGER messages_fts_au AFTER UPDATE OF text, story_title, author ON messages BEGIN
            DELETE FROM messages_fts WHERE rowid = old.seq;
            INSERT INTO messages_fts (rowid, text, story_title, author_tok)
            VALUES (new.seq, new.text, new.story_title, 'a' || hex(new.author)); END`,
        ]
      : [
          // Punctuation becomes a space first, so words are the same as FTS5's (the default parser would
          // keep "fox@example.test" or "3.14" as one token).
          `ALTER TABLE messages ADD COLUMN tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple'::regconfig,
            regexp_replace(coalesce(story_title, '') || ' ' || text, '[^[:alnum:]]+', ' ', 'g'))) STORED`,
          `CREATE INDEX messages_tsv ON messages USING GIN (tsv)`,
        ];
  return [...common, ...fts];
}
