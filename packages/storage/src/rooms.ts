// Categories, rooms and add-ins (PC-01..PC-05, PC-12, PC-18). Names are unique per pool,
// case-insensitively (unique indexes on lower-cased keys); updates check the version read (PC-28).
import {
  DomainError,
  type Addin,
  type Category,
  type ChatErrorCode,
  type Room,
  type RoomFilter,
  type RoomStore,
} from '@pchat/domain';
import type { Kysely } from 'kysely';
import { atomic, type Ctx } from './context.js';
import { contains, fromJson, key, mapUnique, toBool, toJson } from './dialect.js';
import type { DB } from './schema.js';

type Versioned = 'categories' | 'rooms' | 'addins';

const ROLES = ['member', 'manager', 'presenter'] as const;

function roomColumns(r: Room) {
  return {
    pool_key: key(r.poolFqdn),
    category_id: r.categoryId,
    name_key: key(r.name),
    description_key: key(r.description),
    disabled: toBool(r.disabled),
    privacy: r.privacy,
    type: r.type,
    invitations: r.invitations,
    addin_id: r.addinId,
  };
}

async function writeRoles(ex: Kysely<DB>, r: Room): Promise<void> {
  await ex.deleteFrom('room_roles').where('room_id', '=', r.id).execute();
  const lists = { member: r.members, manager: r.managers, presenter: r.presenters };
  const rows = ROLES.flatMap((role) =>
    [...new Set(lists[role].map(key))].map((uri) => ({ room_id: r.id, role, uri })),
  );
  for (let i = 0; i < rows.length; i += 300)
    await ex
      .insertInto('room_roles')
      .values(rows.slice(i, i + 300))
      .execute();
}

export class SqlRooms implements RoomStore {
  constructor(private readonly c: Ctx) {}

  /** Versioned update: one conditional UPDATE; on no row, tells DataCollision from NoSuchNode. */
  private async versionedUpdate(
    ex: Kysely<DB>,
    table: Versioned,
    id: string,
    expectedVersion: number,
    cols: Record<string, unknown>,
  ): Promise<void> {
    const r = await ex
      .updateTable(table)
      .set(cols as never)
      .where('id', '=', id)
      .where('version', '=', expectedVersion)
      .executeTakeFirst();
    if (r.numUpdatedRows > 0n) return;
    const exists = await ex.selectFrom(table).select('id').where('id', '=', id).executeTakeFirst();
    if (exists)
      throw new DomainError(
        'DataCollision',
        'The object was changed by someone else since it was read; read it again.',
        { id },
      );
    throw new DomainError('NoSuchNode', `No such object: ${id}.`, { id });
  }

  /** Checked before an update that may rename, so the error is a domain error and a PostgreSQL transaction stays usable. */
  private async nameFree(
    ex: Kysely<DB>,
    table: Versioned,
    poolKey: string,
    nameKey: string,
    id: string,
    code: ChatErrorCode,
    name: string,
  ) {
    const clash = await ex
      .selectFrom(table)
      .select('id')
      .where('pool_key', '=', poolKey)
      .where('name_key', '=', nameKey)
      .where('id', '<>', id)
      .executeTakeFirst();
    if (clash) throw new DomainError(code, `The name "${name}" is already taken in this pool.`, { name });
  }

  /** One row's document by id. */
  private async byId<T>(table: Versioned, id: string): Promise<T | null> {
    const r = await this.c.ex.selectFrom(table).select('data').where('id', '=', id).executeTakeFirst();
    return r ? fromJson<T>(r.data) : null;
  }

  /** One row's document by name in a pool, case-insensitively. */
  private async byName<T>(table: Versioned, poolFqdn: string, name: string): Promise<T | null> {
    const r = await this.c.ex
      .selectFrom(table)
      .select('data')
      .where('pool_key', '=', key(poolFqdn))
      .where('name_key', '=', key(name))
      .executeTakeFirst();
    return r ? fromJson<T>(r.data) : null;
  }

  /** Categories or add-ins, of one pool or all, by name then id. */
  private async listNamed<T>(table: 'categories' | 'addins', poolFqdn?: string): Promise<T[]> {
    let s = this.c.ex.selectFrom(table).select('data');
    if (poolFqdn !== undefined) s = s.where('pool_key', '=', key(poolFqdn));
    return (await s.orderBy('name_key').orderBy('id').execute()).map((r) => fromJson<T>(r.data));
  }

  /** Inserts a category or add-in; a name taken in the pool is `code` with `clash` as its message. */
  private async insertNamed(
    table: 'categories' | 'addins',
    o: Category | Addin,
    code: ChatErrorCode,
    clash: string,
  ): Promise<void> {
    const r = await this.c.ex
      .insertInto(table)
      .values({
        id: o.id,
        pool_key: key(o.poolFqdn),
        name_key: key(o.name),
        version: o.version,
        data: toJson(o),
      })
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!r) throw new DomainError(code, clash, { name: o.name });
  }

  /** Versioned update of a category or add-in; a name taken in the pool is `code` with `clash` as its message. */
  private async updateNamed<T extends Category | Addin>(
    table: 'categories' | 'addins',
    o: T,
    expectedVersion: number,
    code: ChatErrorCode,
    clash: string,
  ): Promise<T> {
    const stored: T = { ...o, version: expectedVersion + 1 };
    const poolKey = key(o.poolFqdn);
    const nameKey = key(o.name);
    await atomic(this.c, async (ex) => {
      await this.nameFree(ex, table, poolKey, nameKey, o.id, code, o.name);
      await mapUnique(
        () =>
          this.versionedUpdate(ex, table, o.id, expectedVersion, {
            pool_key: poolKey,
            name_key: nameKey,
            version: stored.version,
            data: toJson(stored),
          }),
        code,
        clash,
      );
    });
    return stored;
  }

  getCategory(id: string): Promise<Category | null> {
    return this.byId('categories', id);
  }

  getCategoryByName(poolFqdn: string, name: string): Promise<Category | null> {
    return this.byName('categories', poolFqdn, name);
  }

  listCategories(poolFqdn?: string): Promise<Category[]> {
    return this.listNamed('categories', poolFqdn);
  }

  insertCategory(c: Category): Promise<void> {
    return this.insertNamed(
      'categories',
      c,
      'DuplicateName',
      `A category named "${c.name}" already exists in this pool.`,
    );
  }

  updateCategory(c: Category, expectedVersion: number): Promise<Category> {
    return this.updateNamed(
      'categories',
      c,
      expectedVersion,
      'DuplicateName',
      `A category named "${c.name}" already exists in this pool.`,
    );
  }

  async deleteCategory(id: string, expectedVersion: number): Promise<void> {
    await atomic(this.c, async (ex) => {
      const r = await ex
        .deleteFrom('categories')
        .where('id', '=', id)
        .where('version', '=', expectedVersion)
        .executeTakeFirst();
      if (r.numDeletedRows > 0n) return;
      const exists = await ex.selectFrom('categories').select('id').where('id', '=', id).executeTakeFirst();
      if (exists)
        throw new DomainError('DataCollision', 'The category was changed since it was read; read it again.', {
          id,
        });
      throw new DomainError('NoSuchNode', `No category ${id}.`, { id });
    });
  }

  async countRooms(categoryId: string): Promise<number> {
    const r = await this.c.ex
      .selectFrom('rooms')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('category_id', '=', categoryId)
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  getRoom(id: string): Promise<Room | null> {
    return this.byId('rooms', id);
  }

  getRoomByName(poolFqdn: string, name: string): Promise<Room | null> {
    return this.byName('rooms', poolFqdn, name);
  }

  async listRooms(f: RoomFilter): Promise<Room[]> {
    let s = this.c.ex.selectFrom('rooms').select('data');
    if (f.poolFqdn !== undefined) s = s.where('pool_key', '=', key(f.poolFqdn));
    if (f.categoryId !== undefined) s = s.where('category_id', '=', f.categoryId);
    if (f.text) {
      const t = f.text;
      s = f.searchDescription
        ? s.where((eb) => eb.or([contains('name_key', t), contains('description_key', t)]))
        : s.where(contains('name_key', t));
    }
    if (f.disabled !== undefined) s = s.where('disabled', '=', toBool(f.disabled));
    if (f.privacy !== undefined) s = s.where('privacy', '=', f.privacy);
    if (f.type !== undefined) s = s.where('type', '=', f.type);
    if (f.addinId !== undefined) s = s.where('addin_id', '=', f.addinId);
    if (f.invitations !== undefined) s = s.where('invitations', '=', f.invitations);
    for (const [role, uris] of [
      ['member', f.memberAnyOf],
      ['manager', f.managerAnyOf],
    ] as const) {
      if (uris === undefined) continue;
      if (uris.length === 0) return [];
      const ks = uris.map(key);
      s = s.where((eb) =>
        eb.exists(
          eb
            .selectFrom('room_roles')
            .select('room_roles.room_id')
            .whereRef('room_roles.room_id', '=', 'rooms.id')
            .where('room_roles.role', '=', role)
            .where('room_roles.uri', 'in', ks),
        ),
      );
    }
    s = s.orderBy('name_key').orderBy('id');
    if (f.limit !== undefined) s = s.limit(f.limit);
    if (f.offset) s = f.limit === undefined ? s.limit(-1 >>> 1).offset(f.offset) : s.offset(f.offset);
    return (await s.execute()).map((r) => fromJson<Room>(r.data));
  }

  async insertRoom(r: Room): Promise<void> {
    await atomic(this.c, async (ex) => {
      const ins = await ex
        .insertInto('rooms')
        .values({ id: r.id, ...roomColumns(r), version: r.version, data: toJson(r) })
        .onConflict((oc) => oc.doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!ins)
        throw new DomainError('DuplicateRoomName', `A room named "${r.name}" already exists in this pool.`, {
          name: r.name,
        });
      await writeRoles(ex, r);
    });
  }

  async updateRoom(r: Room, expectedVersion: number): Promise<Room> {
    const stored: Room = { ...r, version: expectedVersion + 1 };
    const cols = roomColumns(r);
    await atomic(this.c, async (ex) => {
      await this.nameFree(ex, 'rooms', cols.pool_key, cols.name_key, r.id, 'DuplicateRoomName', r.name);
      await mapUnique(
        () =>
          this.versionedUpdate(ex, 'rooms', r.id, expectedVersion, {
            ...cols,
            version: stored.version,
            data: toJson(stored),
          }),
        'DuplicateRoomName',
        `A room named "${r.name}" already exists in this pool.`,
      );
      await writeRoles(ex, stored);
    });
    return stored;
  }

  async deleteRoom(id: string): Promise<void> {
    await atomic(this.c, async (ex) => {
      // Explicit deletes (not only ON DELETE CASCADE) so SQLite's FTS triggers see every message go.
      await ex.deleteFrom('messages').where('room_id', '=', id).execute();
      await ex.deleteFrom('invitations').where('room_id', '=', id).execute();
      await ex.deleteFrom('room_seq').where('room_id', '=', id).execute();
      await ex.deleteFrom('room_roles').where('room_id', '=', id).execute();
      const r = await ex.deleteFrom('rooms').where('id', '=', id).executeTakeFirst();
      if (r.numDeletedRows === 0n) throw new DomainError('NoSuchNode', `No room ${id}.`, { id });
    });
  }

  getAddin(id: string): Promise<Addin | null> {
    return this.byId('addins', id);
  }

  getAddinByName(poolFqdn: string, name: string): Promise<Addin | null> {
    return this.byName('addins', poolFqdn, name);
  }

  listAddins(poolFqdn?: string): Promise<Addin[]> {
    return this.listNamed('addins', poolFqdn);
  }

  insertAddin(a: Addin): Promise<void> {
    return this.insertNamed(
      'addins',
      a,
      'DuplicateAddinName',
      `An add-in named "${a.name}" already exists in this pool.`,
    );
  }

  updateAddin(a: Addin, expectedVersion: number): Promise<Addin> {
    return this.updateNamed(
      'addins',
      a,
      expectedVersion,
      'DuplicateAddinName',
      `An add-in named "${a.name}" already exists in this pool.`,
    );
  }

  async deleteAddin(id: string): Promise<void> {
    const r = await this.c.ex.deleteFrom('addins').where('id', '=', id).executeTakeFirst();
    if (r.numDeletedRows === 0n) throw new DomainError('NoSuchNode', `No add-in ${id}.`, { id });
  }
}
