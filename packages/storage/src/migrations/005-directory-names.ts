// Schema version 5: principals by name and the directory sync's state. `principal_names` holds every name
// a principal answers to (the domain's principalNames: URI, DN, UPN, DOMAIN\sam, group and domain names),
// kept in step by the directory store on insert and update; `source` marks the principals a directory sync
// keeps (so a full sync can tell what the directory no longer has); `directory_state` holds the sync's
// high-water marks.
import type { DialectName } from '../dialect.js';

export function directoryNames(d: DialectName): string[] {
  const field = (f: string) =>
    d === 'sqlite' ? `lower(trim(json_extract(data, '$.${f}')))` : `lower(trim(data::json->>'${f}'))`;
  const names = (expr: string, where: string) =>
    `INSERT INTO principal_names (name_key, uri) SELECT ${expr}, uri FROM principals WHERE ${where} ON CONFLICT DO NOTHING`;
  return [
    `CREATE TABLE principal_names (name_key TEXT NOT NULL, uri TEXT NOT NULL, PRIMARY KEY (name_key, uri))`,
    `CREATE INDEX principal_names_uri ON principal_names (uri)`,
    `ALTER TABLE principals ADD COLUMN source TEXT`,
    `CREATE INDEX principals_source ON principals (source, uri)`,
    `CREATE TABLE directory_state (key TEXT PRIMARY KEY, data TEXT NOT NULL)`,
    // The names of the principals that exist already (the domain's principalNames for the built-in
    // directory: URI, user@domain, a group's name, a domain's name, an OU's path).
    names('uri', '1 = 1'),
    names(`substr(uri, 5)`, `kind IN ('user', 'contact') AND uri LIKE 'sip:%'`),
    names(field('displayName'), `kind = 'group'`),
    names(field('name'), `kind = 'domain'`),
    names(`substr(uri, 7)`, `kind = 'ou'`),
  ];
}
