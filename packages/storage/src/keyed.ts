// Tables of whole records under one case-insensitive key (credentials, pools, sites, policies,
// configurations, trusted applications and their pools): get, list ordered by key, put (insert or replace), delete.
import { DomainError } from '@pchat/domain';
import type { Ctx } from './context.js';
import { fromJson, key, toJson } from './dialect.js';

export type KeyedTable =
  'credentials' | 'pools' | 'sites' | 'policies' | 'configs' | 'trusted_apps' | 'trusted_app_pools';

export class KeyedRecords<T> {
  constructor(
    private readonly c: Ctx,
    private readonly table: KeyedTable,
    private readonly what: string,
  ) {}

  async get(id: string): Promise<T | null> {
    const r = await this.c.ex
      .selectFrom(this.table)
      .select('data')
      .where('key', '=', key(id))
      .executeTakeFirst();
    return r ? fromJson<T>(r.data) : null;
  }

  async list(): Promise<T[]> {
    const rows = await this.c.ex.selectFrom(this.table).select('data').orderBy('key').execute();
    return rows.map((r) => fromJson<T>(r.data));
  }

  async put(id: string, value: T): Promise<void> {
    const data = toJson(value);
    await this.c.ex
      .insertInto(this.table)
      .values({ key: key(id), data })
      .onConflict((oc) => oc.column('key').doUpdateSet({ data }))
      .execute();
  }

  async delete(id: string): Promise<void> {
    const r = await this.c.ex.deleteFrom(this.table).where('key', '=', key(id)).executeTakeFirst();
    if (r.numDeletedRows === 0n) throw new DomainError('NoSuchNode', `No ${this.what} ${id}.`);
  }
}
