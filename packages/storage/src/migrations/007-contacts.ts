// Schema version 7: roaming contact lists (PC-86, docs/presence.md). `contact_lists` holds each list's
// deltaNum (its version, raised by every change); groups and contacts belong to their user; a contact's
// groups are kept as a space-separated list of ids (the form the wire uses). `presence_blocks` lists the
// people a user blocked. Presence itself is not stored: it lives while an endpoint is signed in.
import type { DialectName } from '../dialect.js';

export function contacts(d: DialectName): string[] {
  const big = d === 'sqlite' ? 'INTEGER' : 'BIGINT';
  return [
    `CREATE TABLE contact_lists (user_uri TEXT PRIMARY KEY, delta_num ${big} NOT NULL)`,
    `CREATE TABLE contact_groups (user_uri TEXT NOT NULL, id INTEGER NOT NULL, name TEXT NOT NULL,
      name_key TEXT NOT NULL, PRIMARY KEY (user_uri, id))`,
    `CREATE UNIQUE INDEX contact_groups_name ON contact_groups (user_uri, name_key)`,
    `CREATE TABLE contacts (user_uri TEXT NOT NULL, contact_uri TEXT NOT NULL, name TEXT NOT NULL,
      group_ids TEXT NOT NULL, subscribed INTEGER NOT NULL, PRIMARY KEY (user_uri, contact_uri))`,
    `CREATE TABLE presence_blocks (user_uri TEXT NOT NULL, blocked_uri TEXT NOT NULL,
      PRIMARY KEY (user_uri, blocked_uri))`,
  ];
}
