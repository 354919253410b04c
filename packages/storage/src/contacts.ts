// Roaming contact lists and presence blocks (PC-86, ContactStore in packages/domain/src/ports/store.ts).
// Every change runs in one transaction with the deltaNum bump, so two endpoints editing at once each get
// their own deltaNum and never lose the other's change.
import {
  DomainError,
  type ContactListEntry,
  type ContactGroup,
  type ContactList,
  type ContactStore,
  type PrincipalUri,
} from '@pchat/domain';
import type { Kysely } from 'kysely';
import { atomic, type Ctx } from './context.js';
import { key, mapUnique } from './dialect.js';
import type { ContactRow, DB } from './schema.js';

const ids = (s: string): number[] =>
  s
    .split(' ')
    .filter((x) => x !== '')
    .map(Number);

const toContact = (r: ContactRow): ContactListEntry => ({
  uri: r.contact_uri,
  name: r.name,
  groups: ids(r.group_ids),
  subscribed: r.subscribed === 1,
});

const noGroup = (id: number): DomainError =>
  new DomainError('NoSuchNode', `There is no contact group with id ${id} in your contact list.`);
const nameTaken = (name: string): string =>
  `Your contact list already has a group named '${name}': choose another name.`;

/** Raises the list's deltaNum by one (creating the list at 1) and returns it. */
async function bump(ex: Kysely<DB>, u: string): Promise<number> {
  const r = await ex
    .insertInto('contact_lists')
    .values({ user_uri: u, delta_num: 1 })
    .onConflict((oc) =>
      oc.column('user_uri').doUpdateSet((eb) => ({ delta_num: eb('contact_lists.delta_num', '+', 1) })),
    )
    .returning('delta_num')
    .executeTakeFirstOrThrow();
  return Number(r.delta_num);
}

export class SqlContacts implements ContactStore {
  constructor(private readonly c: Ctx) {}

  async list(userUri: PrincipalUri): Promise<ContactList> {
    const u = key(userUri);
    return atomic(this.c, async (ex) => {
      const l = await ex
        .selectFrom('contact_lists')
        .select('delta_num')
        .where('user_uri', '=', u)
        .executeTakeFirst();
      const groups = await ex
        .selectFrom('contact_groups')
        .select(['id', 'name'])
        .where('user_uri', '=', u)
        .orderBy('id')
        .execute();
      const contacts = await ex
        .selectFrom('contacts')
        .selectAll()
        .where('user_uri', '=', u)
        .orderBy('contact_uri')
        .execute();
      return {
        deltaNum: Number(l?.delta_num ?? 0),
        groups: groups.map((g) => ({ id: Number(g.id), name: g.name })),
        contacts: contacts.map(toContact),
      };
    });
  }

  async addGroup(userUri: PrincipalUri, name: string): Promise<{ group: ContactGroup; deltaNum: number }> {
    const u = key(userUri);
    return atomic(this.c, async (ex) => {
      const deltaNum = await bump(ex, u);
      const m = await ex
        .selectFrom('contact_groups')
        .select((eb) => eb.fn.max('id').as('m'))
        .where('user_uri', '=', u)
        .executeTakeFirst();
      const id = Number(m?.m ?? 0) + 1;
      await mapUnique(
        () =>
          ex
            .insertInto('contact_groups')
            .values({ user_uri: u, id, name, name_key: key(name) })
            .execute(),
        'DuplicateName',
        nameTaken(name),
      );
      return { group: { id, name }, deltaNum };
    });
  }

  async renameGroup(userUri: PrincipalUri, id: number, name: string): Promise<number> {
    const u = key(userUri);
    return atomic(this.c, async (ex) => {
      const r = await mapUnique(
        () =>
          ex
            .updateTable('contact_groups')
            .set({ name, name_key: key(name) })
            .where('user_uri', '=', u)
            .where('id', '=', id)
            .executeTakeFirst(),
        'DuplicateName',
        nameTaken(name),
      );
      if (Number(r.numUpdatedRows) === 0) throw noGroup(id);
      return bump(ex, u);
    });
  }

  async deleteGroup(
    userUri: PrincipalUri,
    id: number,
  ): Promise<{ deltaNum: number; modified: ContactListEntry[]; deleted: PrincipalUri[] }> {
    const u = key(userUri);
    return atomic(this.c, async (ex) => {
      const r = await ex
        .deleteFrom('contact_groups')
        .where('user_uri', '=', u)
        .where('id', '=', id)
        .executeTakeFirst();
      if (Number(r.numDeletedRows) === 0) throw noGroup(id);
      const rows = await ex.selectFrom('contacts').selectAll().where('user_uri', '=', u).execute();
      const modified: ContactListEntry[] = [];
      const deleted: PrincipalUri[] = [];
      for (const row of rows) {
        const c = toContact(row);
        if (!c.groups.includes(id)) continue;
        const groups = c.groups.filter((g) => g !== id);
        if (groups.length === 0) {
          await ex
            .deleteFrom('contacts')
            .where('user_uri', '=', u)
            .where('contact_uri', '=', c.uri)
            .execute();
          deleted.push(c.uri);
        } else {
          await ex
            .updateTable('contacts')
            .set({ group_ids: groups.join(' ') })
            .where('user_uri', '=', u)
            .where('contact_uri', '=', c.uri)
            .execute();
          modified.push({ ...c, groups });
        }
      }
      return { deltaNum: await bump(ex, u), modified, deleted };
    });
  }

  async setContact(
    userUri: PrincipalUri,
    contact: ContactListEntry,
  ): Promise<{ deltaNum: number; created: boolean }> {
    const u = key(userUri);
    const uri = key(contact.uri);
    return atomic(this.c, async (ex) => {
      const known = await ex.selectFrom('contact_groups').select('id').where('user_uri', '=', u).execute();
      const have = new Set(known.map((g) => Number(g.id)));
      for (const g of contact.groups) if (!have.has(g)) throw noGroup(g);
      const row = {
        name: contact.name,
        group_ids: contact.groups.join(' '),
        subscribed: contact.subscribed ? 1 : 0,
      };
      const upd = await ex
        .updateTable('contacts')
        .set(row)
        .where('user_uri', '=', u)
        .where('contact_uri', '=', uri)
        .executeTakeFirst();
      const created = Number(upd.numUpdatedRows) === 0;
      if (created)
        await ex
          .insertInto('contacts')
          .values({ user_uri: u, contact_uri: uri, ...row })
          .execute();
      return { deltaNum: await bump(ex, u), created };
    });
  }

  async deleteContact(userUri: PrincipalUri, uri: PrincipalUri): Promise<number | null> {
    const u = key(userUri);
    return atomic(this.c, async (ex) => {
      const r = await ex
        .deleteFrom('contacts')
        .where('user_uri', '=', u)
        .where('contact_uri', '=', key(uri))
        .executeTakeFirst();
      return Number(r.numDeletedRows) === 0 ? null : bump(ex, u);
    });
  }

  async blocked(userUri: PrincipalUri): Promise<PrincipalUri[]> {
    const rows = await this.c.ex
      .selectFrom('presence_blocks')
      .select('blocked_uri')
      .where('user_uri', '=', key(userUri))
      .orderBy('blocked_uri')
      .execute();
    return rows.map((r) => r.blocked_uri);
  }

  async setBlocked(userUri: PrincipalUri, uri: PrincipalUri, blocked: boolean): Promise<void> {
    const u = key(userUri);
    const b = key(uri);
    if (blocked)
      await this.c.ex
        .insertInto('presence_blocks')
        .values({ user_uri: u, blocked_uri: b })
        .onConflict((oc) => oc.doNothing())
        .execute();
    else
      await this.c.ex
        .deleteFrom('presence_blocks')
        .where('user_uri', '=', u)
        .where('blocked_uri', '=', b)
        .execute();
  }
}
