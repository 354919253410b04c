// Principals of every kind and group membership (PC-04, PC-26). The whole record is kept as JSON;
// the columns beside it exist for the listings below.
import {
  DomainError,
  nameKey,
  principalNames,
  type Contact,
  type DirectoryStore,
  type GroupMembership,
  type Principal,
  type PrincipalSearch,
  type PrincipalUri,
  type User,
} from '@pchat/domain';
import type { Ctx } from './context.js';
import { contains, fromJson, key, toJson } from './dialect.js';
import type { PrincipalRow } from './schema.js';

function toRow(p: Principal): PrincipalRow {
  const email = p.kind === 'user' ? (p.email ?? '') : '';
  return {
    uri: key(p.uri),
    kind: p.kind,
    search_key: key(`${p.uri}\n${p.displayName}\n${email}`),
    ou: p.kind === 'user' && p.ou !== null ? key(p.ou) : null,
    parent: p.kind === 'ou' && p.parent !== null ? key(p.parent) : null,
    domain: p.kind === 'user' || p.kind === 'ou' ? key(p.domain) : null,
    pool_key: p.kind === 'contact' && p.poolFqdn !== null ? key(p.poolFqdn) : null,
    source: p.source ?? null,
    data: toJson(p),
  };
}

const parse = (r: { data: string }): Principal => fromJson<Principal>(r.data);

export class SqlDirectory implements DirectoryStore {
  constructor(private readonly c: Ctx) {}

  async get(uri: PrincipalUri): Promise<Principal | null> {
    const r = await this.c.ex
      .selectFrom('principals')
      .select('data')
      .where('uri', '=', key(uri))
      .executeTakeFirst();
    return r ? parse(r) : null;
  }

  async getMany(uris: readonly PrincipalUri[]): Promise<Principal[]> {
    if (uris.length === 0) return [];
    const out: Principal[] = [];
    // Chunked: SQLite caps bound parameters per statement.
    const keys = [...new Set(uris.map(key))];
    for (let i = 0; i < keys.length; i += 500) {
      const rows = await this.c.ex
        .selectFrom('principals')
        .select('data')
        .where('uri', 'in', keys.slice(i, i + 500))
        .execute();
      out.push(...rows.map(parse));
    }
    return out;
  }

  async insert(p: Principal): Promise<void> {
    const r = await this.c.ex
      .insertInto('principals')
      .values(toRow(p))
      .onConflict((oc) => oc.doNothing())
      .returning('uri')
      .executeTakeFirst();
    if (!r) throw new DomainError('DuplicateName', `A principal named ${p.uri} already exists.`);
    await this.writeNames(p, false);
  }

  async update(p: Principal): Promise<void> {
    const { uri, ...rest } = toRow(p);
    const r = await this.c.ex.updateTable('principals').set(rest).where('uri', '=', uri).executeTakeFirst();
    if (r.numUpdatedRows === 0n) throw new DomainError('NoSuchPrincipal', `No principal ${p.uri}.`);
    await this.writeNames(p, true);
  }

  /** Keeps principal_names in step with the record (insert and update run in the caller's transaction). */
  private async writeNames(p: Principal, replace: boolean): Promise<void> {
    const uri = key(p.uri);
    if (replace) await this.c.ex.deleteFrom('principal_names').where('uri', '=', uri).execute();
    const rows = principalNames(p).map((name_key) => ({ name_key, uri }));
    await this.c.ex
      .insertInto('principal_names')
      .values(rows)
      .onConflict((oc) => oc.doNothing())
      .execute();
  }

  async findByName(name: string, limit = 20): Promise<Principal[]> {
    const rows = await this.c.ex
      .selectFrom('principal_names')
      .innerJoin('principals', 'principals.uri', 'principal_names.uri')
      .select('principals.data')
      .where('principal_names.name_key', '=', nameKey(name))
      .orderBy('principals.uri')
      .limit(limit)
      .execute();
    return rows.map(parse);
  }

  async listSourceUris(source: 'ldap'): Promise<PrincipalUri[]> {
    const rows = await this.c.ex
      .selectFrom('principals')
      .select('uri')
      .where('source', '=', source)
      .orderBy('uri')
      .execute();
    return rows.map((r) => r.uri);
  }

  async getSyncState(k: string): Promise<string | null> {
    const r = await this.c.ex
      .selectFrom('directory_state')
      .select('data')
      .where('key', '=', k)
      .executeTakeFirst();
    return r?.data ?? null;
  }

  async putSyncState(k: string, data: string): Promise<void> {
    await this.c.ex
      .insertInto('directory_state')
      .values({ key: k, data })
      .onConflict((oc) => oc.column('key').doUpdateSet({ data }))
      .execute();
  }

  async search(q: PrincipalSearch): Promise<Principal[]> {
    let s = this.c.ex.selectFrom('principals').select('data');
    if (q.kinds && q.kinds.length > 0) s = s.where('kind', 'in', q.kinds);
    if (q.text) s = s.where(contains('search_key', q.text));
    const rows = await s
      .orderBy('uri')
      .limit(q.limit)
      .offset(q.offset ?? 0)
      .execute();
    return rows.map(parse);
  }

  async listContacts(poolFqdn?: string): Promise<Contact[]> {
    let s = this.c.ex.selectFrom('principals').select('data').where('kind', '=', 'contact');
    if (poolFqdn !== undefined) s = s.where('pool_key', '=', key(poolFqdn));
    return (await s.orderBy('uri').execute()).map((r) => parse(r) as Contact);
  }

  async deleteContact(uri: PrincipalUri): Promise<void> {
    const r = await this.c.ex
      .deleteFrom('principals')
      .where('uri', '=', key(uri))
      .where('kind', '=', 'contact')
      .executeTakeFirst();
    if (r.numDeletedRows === 0n) throw new DomainError('NoSuchPrincipal', `No contact object ${uri}.`);
    await this.c.ex.deleteFrom('principal_names').where('uri', '=', key(uri)).execute();
  }

  async addGroupMember(m: GroupMembership): Promise<void> {
    await this.c.ex
      .insertInto('group_members')
      .values({ group_uri: key(m.group), member_uri: key(m.member) })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }

  async removeGroupMember(m: GroupMembership): Promise<void> {
    await this.c.ex
      .deleteFrom('group_members')
      .where('group_uri', '=', key(m.group))
      .where('member_uri', '=', key(m.member))
      .execute();
  }

  async listGroupMembers(group: PrincipalUri): Promise<PrincipalUri[]> {
    const rows = await this.c.ex
      .selectFrom('group_members')
      .select('member_uri')
      .where('group_uri', '=', key(group))
      .orderBy('member_uri')
      .execute();
    return rows.map((r) => r.member_uri);
  }

  async listGroupsOf(member: PrincipalUri): Promise<PrincipalUri[]> {
    const rows = await this.c.ex
      .selectFrom('group_members')
      .select('group_uri')
      .where('member_uri', '=', key(member))
      .orderBy('group_uri')
      .execute();
    return rows.map((r) => r.group_uri);
  }

  async listUsersInOus(ous: readonly PrincipalUri[]): Promise<User[]> {
    if (ous.length === 0) return [];
    const rows = await this.c.ex
      .selectFrom('principals')
      .select('data')
      .where('kind', '=', 'user')
      .where('ou', 'in', ous.map(key))
      .orderBy('uri')
      .execute();
    return rows.map((r) => parse(r) as User);
  }

  async listChildOus(parent: PrincipalUri): Promise<PrincipalUri[]> {
    const p = key(parent);
    let s = this.c.ex.selectFrom('principals').select('uri').where('kind', '=', 'ou');
    // A domain's top OUs have no parent OU; any other parent is an OU.
    s = p.startsWith('ma-dom:')
      ? s.where('parent', 'is', null).where('domain', '=', p)
      : s.where('parent', '=', p);
    return (await s.orderBy('uri').execute()).map((r) => r.uri);
  }

  async listUsersInDomain(domain: PrincipalUri): Promise<User[]> {
    const rows = await this.c.ex
      .selectFrom('principals')
      .select('data')
      .where('kind', '=', 'user')
      .where('domain', '=', key(domain))
      .orderBy('uri')
      .execute();
    return rows.map((r) => parse(r) as User);
  }
}
