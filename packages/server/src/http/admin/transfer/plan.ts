// The plan of an import (PC-49): compares the records of a verified export file with this server before
// anything is written, so -WhatIf and the real run see the same conflicts. Reads only.
//
// - A conflict is an object of this server that holds the NAME (pool: the FQDN) of an imported object
//   but is a different object: another id, or for a pool another deployment (another database version).
//   The freshly created demo deployment of a new server is the usual case: its pool, category and rooms
//   carry the demo names with ids of their own.
// - Missing is a reference the import cannot satisfy: a category of a pool, a room of a category, or
//   messages of a room that neither the file nor this server holds (an export of one level or scope).
// - Overwritten are settings with the same identity and other values: they are merged, not conflicts,
//   but listed so the administrator sees them before the run.
import type {
  Addin,
  Category,
  ChatConfiguration,
  ChatPolicy,
  Pool,
  Room,
  Site,
  Store,
  TrustedApplicationPool,
} from '@pchat/domain';
import { canonical } from './format.js';

export interface ImportRecord {
  type: string;
  data: unknown;
}

export interface ImportConflict {
  kind: 'pool' | 'category' | 'room' | 'addin';
  /** e.g. "room 'Lobby' (pool pchat.example.test)". */
  what: string;
  /** Why it clashes, and what replacing it would cost. */
  why: string;
  /** This server's object (id, or the pool FQDN). */
  existingId: string;
  importedId: string;
  /** A room under a legal hold is never replaced: -ReplaceExisting cannot resolve this one. */
  blocked?: boolean;
}

export interface ImportPlan {
  conflicts: ImportConflict[];
  missing: string[];
  overwritten: string[];
}

const differs = (a: unknown, b: unknown): boolean => canonical(a) !== canonical(b);

export async function planImport(
  store: Store,
  records: readonly ImportRecord[],
  messageRooms: ReadonlyMap<string, number>,
): Promise<ImportPlan> {
  const plan: ImportPlan = { conflicts: [], missing: [], overwritten: [] };
  const of = <T>(type: string): T[] => records.filter((r) => r.type === type).map((r) => r.data as T);
  const pools = of<Pool>('pool');
  const categories = of<Category>('category');
  const rooms = of<Room>('room');

  for (const p of pools) {
    const cur = await store.topology.getPool(p.fqdn);
    if (cur && cur.databaseVersion !== p.databaseVersion)
      plan.conflicts.push({
        kind: 'pool',
        what: `pool '${p.fqdn}'`,
        why: 'this server already has a pool of that FQDN from another deployment; replacing it keeps its categories and rooms',
        existingId: cur.fqdn,
        importedId: p.fqdn,
      });
  }
  for (const s of of<Site>('site')) {
    const cur = await store.topology.getSite(s.id);
    if (cur && differs(cur, s)) plan.overwritten.push(`site '${s.id}'`);
  }
  for (const p of of<ChatPolicy>('policy')) {
    const cur = await store.topology.getPolicy(p.identity);
    if (cur && differs(cur, p)) plan.overwritten.push(`policy '${p.identity}'`);
  }
  for (const c of of<ChatConfiguration>('configuration')) {
    const cur = await store.topology.getConfig(c.identity);
    if (cur && differs(cur, c)) plan.overwritten.push(`configuration '${c.identity}'`);
  }
  for (const t of of<TrustedApplicationPool>('trustedApplicationPool')) {
    const cur = await store.topology.getTrustedApplicationPool(t.fqdn);
    if (cur && differs({ ...cur, audit: null }, { ...t, audit: null }))
      plan.overwritten.push(`trusted application pool '${t.fqdn}'`);
  }
  for (const a of of<Addin>('addin')) {
    const cur = await store.rooms.getAddinByName(a.poolFqdn, a.name);
    if (cur && cur.id !== a.id)
      plan.conflicts.push({
        kind: 'addin',
        what: `add-in '${a.name}' (pool ${a.poolFqdn})`,
        why: 'this server has another add-in of that name',
        existingId: cur.id,
        importedId: a.id,
      });
  }
  for (const c of categories) {
    const cur = await store.rooms.getCategoryByName(c.poolFqdn, c.name);
    if (cur && cur.id !== c.id) {
      const n = await store.rooms.countRooms(cur.id);
      plan.conflicts.push({
        kind: 'category',
        what: `category '${c.name}' (pool ${c.poolFqdn})`,
        why: `this server has another category of that name, with ${n} room(s)`,
        existingId: cur.id,
        importedId: c.id,
      });
    }
    if (!pools.some((p) => p.fqdn === c.poolFqdn) && !(await store.topology.getPool(c.poolFqdn)))
      plan.missing.push(`pool '${c.poolFqdn}' of category '${c.name}'`);
  }
  const fileCategories = new Set(categories.map((c) => c.id));
  for (const r of rooms) {
    const cur = await store.rooms.getRoomByName(r.poolFqdn, r.name);
    if (cur && cur.id !== r.id) {
      const n = await store.messages.count(cur.id);
      const held = Boolean(cur.legalHold);
      plan.conflicts.push({
        kind: 'room',
        what: `room '${r.name}' (pool ${r.poolFqdn})`,
        why: held
          ? 'this server has another room of that name, under a legal hold: it is never replaced; rename it here (Set-CsPersistentChatRoom -Name)'
          : `this server has another room of that name, with ${n} message(s)`,
        existingId: cur.id,
        importedId: r.id,
        ...(held ? { blocked: true } : {}),
      });
    }
    if (!fileCategories.has(r.categoryId) && !(await store.rooms.getCategory(r.categoryId)))
      plan.missing.push(`category ${r.categoryId} of room '${r.name}'`);
  }
  const fileRooms = new Set(rooms.map((r) => r.id));
  for (const [roomId, n] of messageRooms)
    if (!fileRooms.has(roomId) && !(await store.rooms.getRoom(roomId)))
      plan.missing.push(`room ${roomId} of ${n} message(s)`);
  return plan;
}
