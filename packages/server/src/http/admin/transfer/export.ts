// Export-CsPersistentChatData (PC-49) as a stream of NDJSON lines (format.ts). Memory stays flat: rooms
// are read one page of messages at a time. Credentials are never exported (they are secret material
// sealed with this node's key; users set passwords again after an import), nor are invitations and
// preference bundles (the store port cannot list them yet), nor uploaded files (import.ts NOT_CARRIED).
import type { Category, ChatMessage, Room, Store } from '@pchat/domain';
import {
  canonical,
  Checksum,
  FORMAT,
  FORMAT_VERSION,
  LEVEL_CONTENT,
  type Level,
  type RecordType,
} from './format.js';

export interface ExportOptions {
  level: Level;
  /** Category ids (already resolved); empty = all. */
  scope: string[];
  /** Messages posted at or after this time only. */
  startTs?: number;
  /** Resume: skip everything but messages after this (room id, message id) position. */
  after?: { roomId: string; id: number };
  now: number;
  pageSize?: number;
}

const PRINCIPAL_PAGE = 1000;

export async function* exportLines(store: Store, o: ExportOptions): AsyncGenerator<string> {
  const want = LEVEL_CONTENT[o.level];
  const sum = new Checksum();
  const page = o.pageSize ?? 5000;
  const emit = (type: RecordType, data: unknown): string => {
    const line = canonical({ type, data });
    sum.add(type, line);
    return line + '\n';
  };

  const pools = await store.topology.listPools();
  const roots = new Set(pools.map((p) => p.rootCategoryUri.toLowerCase()));
  const categories = (await store.rooms.listCategories()).filter(
    (c) => !roots.has(c.uri.toLowerCase()) && (o.scope.length === 0 || o.scope.includes(c.id)),
  );
  const catIds = new Set(categories.map((c) => c.id));
  const rooms: Room[] = (await store.rooms.listRooms({}))
    .filter((r) => catIds.has(r.categoryId))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  let estimate = 0;
  if (want.has('message')) for (const r of rooms) estimate += await store.messages.count(r.id);

  yield (
    canonical({
      type: 'header',
      format: FORMAT,
      formatVersion: FORMAT_VERSION,
      level: o.level,
      scope: o.scope,
      startTs: o.startTs ?? null,
      exportedAt: o.now,
      source: store.dialect,
      resumedAfter: o.after ?? null,
      estimatedMessages: estimate,
    }) + '\n'
  );

  if (!o.after) {
    if (want.has('pool')) for (const p of pools) yield emit('pool', p);
    if (want.has('site')) for (const s of await store.topology.listSites()) yield emit('site', s);
    if (want.has('policy')) for (const p of await store.topology.listPolicies()) yield emit('policy', p);
    if (want.has('configuration'))
      for (const c of await store.topology.listConfigs()) yield emit('configuration', c);
    if (want.has('trustedApplicationPool'))
      for (const t of await store.topology.listTrustedApplicationPools())
        yield emit('trustedApplicationPool', t);
    if (want.has('trustedApplication'))
      for (const a of await store.topology.listTrustedApplications()) yield emit('trustedApplication', a);
    if (want.has('principal')) {
      const groups: string[] = [];
      for (let offset = 0; ; offset += PRINCIPAL_PAGE) {
        const batch = await store.directory.search({ limit: PRINCIPAL_PAGE, offset });
        // Parents before children so an import can insert in file order: domains, OUs by depth, then the rest.
        for (const p of batch) if (p.kind === 'group') groups.push(p.uri);
        const rank = (k: string) => (k === 'domain' ? 0 : k === 'ou' ? 1 : 2);
        const sorted = [...batch].sort(
          (a, b) => rank(a.kind) - rank(b.kind) || a.uri.length - b.uri.length || (a.uri < b.uri ? -1 : 1),
        );
        for (const p of sorted) yield emit('principal', p);
        if (batch.length < PRINCIPAL_PAGE) break;
      }
      if (want.has('groupMember')) {
        for (const g of groups.sort())
          for (const m of (await store.directory.listGroupMembers(g)).sort())
            yield emit('groupMember', { group: g, member: m });
      }
    }
    if (want.has('addin')) for (const a of await store.rooms.listAddins()) yield emit('addin', a);
    if (want.has('category')) for (const c of categories as Category[]) yield emit('category', c);
    if (want.has('room')) for (const r of rooms) yield emit('room', r);
  }
  if (want.has('message')) {
    for (const r of rooms) {
      if (o.after && r.id < o.after.roomId) continue;
      let cursor = o.after && r.id === o.after.roomId ? o.after.id : 0;
      for (;;) {
        const msgs: ChatMessage[] = await store.messages.after(r.id, cursor, page);
        if (msgs.length === 0) break;
        let chunk = '';
        for (const m of msgs) {
          if (o.startTs === undefined || m.ts >= o.startTs) chunk += emit('message', m);
        }
        if (chunk) yield chunk;
        cursor = (msgs[msgs.length - 1] as ChatMessage).id;
        if (msgs.length < page) break;
      }
    }
  }
  yield canonical({ type: 'footer', counts: sum.counts, checksum: sum.hex }) + '\n';
}
