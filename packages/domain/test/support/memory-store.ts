// TEST SUPPORT ONLY: an in-memory implementation of the Store port, honouring the contracts stated in
// src/ports/store.ts (case-insensitive names and URIs, DataCollision on a stale version, Duplicate* on
// name clashes, NoSuchNode on unknown ids, transaction() rolls back everything on throw). The real
// SQLite/PostgreSQL stores live in packages/storage and must run the same service tests.
import { DomainError } from '../../src/errors.js';
import { MemoryContacts } from './memory-contacts.js';
import { nameKey, principalNames } from '../../src/access/names.js';
import type { Principal, PrincipalUri, User, Contact, GroupMembership } from '../../src/model/principal.js';
import type { Addin, Category, Invitation, PreferenceBundle, Room } from '../../src/model/room.js';
import type {
  ChatConfiguration,
  ChatPolicy,
  Pool,
  Site,
  TrustedApplication,
  TrustedApplicationPool,
} from '../../src/model/topology.js';
import type { ChatMessage, HistoryQuery, HistoryResult, NewMessage } from '../../src/model/message.js';
import type { FileGrant, StoredFile } from '../../src/model/file.js';
import type { NewComplianceEvent } from '../../src/model/compliance.js';
import type {
  AppendOptions,
  AuditEntry,
  AuditLog,
  FileStore,
  ComplianceStore,
  CredentialStore,
  DirectoryStore,
  InvitationStore,
  MessagePurge,
  MessageStore,
  PreferenceStore,
  NodeStore,
  PoolNode,
  RoomFilter,
  RoomStore,
  Store,
  StoredCredential,
  TopologyStore,
  WebSession,
  WebSessionStore,
} from '../../src/ports/store.js';

interface State {
  principals: Record<string, Principal>;
  memberships: GroupMembership[];
  credentials: Record<string, StoredCredential>;
  pools: Record<string, Pool>;
  sites: Record<string, Site>;
  policies: Record<string, ChatPolicy>;
  configs: Record<string, ChatConfiguration>;
  apps: Record<string, TrustedApplication>;
  appPools: Record<string, TrustedApplicationPool>;
  categories: Record<string, Category>;
  rooms: Record<string, Room>;
  addins: Record<string, Addin>;
  messages: Record<string, ChatMessage[]>;
  invitations: Invitation[];
  preferences: Record<string, PreferenceBundle>;
  audit: AuditEntry[];
  syncState: Record<string, string>;
}

const lc = (s: string): string => s.toLowerCase();
const clone = <T>(v: T): T => structuredClone(v);
const noNode = (what: string, id: string): DomainError =>
  new DomainError('NoSuchNode', `No ${what} ${id} exists.`);
const collision = (): DomainError =>
  new DomainError('DataCollision', 'The record was changed by someone else; refresh your copy.');

export class MemoryStore implements Store {
  readonly dialect = 'sqlite' as const;
  s: State = {
    principals: {},
    memberships: [],
    credentials: {},
    pools: {},
    sites: {},
    policies: {},
    configs: {},
    apps: {},
    appPools: {},
    categories: {},
    rooms: {},
    addins: {},
    messages: {},
    invitations: [],
    preferences: {},
    audit: [],
    syncState: {},
  };
  private inTx = false;
  /** Counts writes, so tests can assert "nothing happened" cheaply too. */
  writes = 0;
  clockNow = (): number => 1_700_000_000_000;

  /** A deep copy of everything stored, for "the store is unchanged" assertions. */
  snapshot(): State {
    return clone(this.s);
  }

  async transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T> {
    if (this.inTx) return fn(this);
    const saved = clone(this.s);
    const savedWrites = this.writes;
    this.inTx = true;
    try {
      return await fn(this);
    } catch (e) {
      this.s = saved;
      this.writes = savedWrites;
      throw e;
    } finally {
      this.inTx = false;
    }
  }
  async close(): Promise<void> {}

  readonly directory: DirectoryStore = {
    get: async (uri) => clone(this.s.principals[lc(uri)] ?? null),
    getMany: async (uris) =>
      uris
        .map((u) => this.s.principals[lc(u)])
        .filter((p): p is Principal => !!p)
        .map(clone),
    insert: async (p) => {
      if (this.s.principals[lc(p.uri)]) throw new DomainError('DuplicateName', `Principal ${p.uri} exists.`);
      this.writes++;
      this.s.principals[lc(p.uri)] = clone({ ...p, uri: lc(p.uri) });
    },
    update: async (p) => {
      if (!this.s.principals[lc(p.uri)]) throw new DomainError('NoSuchPrincipal', `No principal ${p.uri}.`);
      this.writes++;
      this.s.principals[lc(p.uri)] = clone(p);
    },
    search: async (q) => {
      const t = lc(q.text ?? '');
      const all = Object.values(this.s.principals)
        .filter((p) => !q.kinds || q.kinds.includes(p.kind))
        .filter(
          (p) =>
            t === '' ||
            lc(p.uri).includes(t) ||
            lc(p.displayName).includes(t) ||
            (p.kind === 'user' && lc(p.email ?? '').includes(t)),
        )
        .sort((a, b) => a.uri.localeCompare(b.uri));
      const off = q.offset ?? 0;
      return all.slice(off, off + q.limit).map(clone);
    },
    listContacts: async (pool) =>
      Object.values(this.s.principals)
        .filter((p): p is Contact => p.kind === 'contact' && (!pool || p.poolFqdn === pool))
        .sort((a, b) => a.uri.localeCompare(b.uri))
        .map(clone),
    deleteContact: async (uri) => {
      this.writes++;
      delete this.s.principals[lc(uri)];
    },
    addGroupMember: async (m) => {
      if (!this.s.memberships.some((x) => x.group === lc(m.group) && x.member === lc(m.member))) {
        this.writes++;
        this.s.memberships.push({ group: lc(m.group), member: lc(m.member) });
      }
    },
    removeGroupMember: async (m) => {
      this.writes++;
      this.s.memberships = this.s.memberships.filter(
        (x) => !(x.group === lc(m.group) && x.member === lc(m.member)),
      );
    },
    listGroupMembers: async (g) => this.s.memberships.filter((x) => x.group === lc(g)).map((x) => x.member),
    listGroupsOf: async (m) => this.s.memberships.filter((x) => x.member === lc(m)).map((x) => x.group),
    listUsersInOus: async (ous) =>
      Object.values(this.s.principals)
        .filter((p): p is User => p.kind === 'user' && p.ou !== null && ous.map(lc).includes(lc(p.ou)))
        .map(clone),
    listChildOus: async (parent) =>
      Object.values(this.s.principals)
        .filter(
          (p) =>
            p.kind === 'ou' &&
            (p.parent === null ? lc(p.domain) === lc(parent) : lc(p.parent) === lc(parent)),
        )
        .map((p) => p.uri),
    listUsersInDomain: async (d) =>
      Object.values(this.s.principals)
        .filter((p): p is User => p.kind === 'user' && lc(p.domain) === lc(d))
        .map(clone),
    findByName: async (name, limit = 20) =>
      Object.values(this.s.principals)
        .filter((p) => principalNames(p).includes(nameKey(name)))
        .sort((a, b) => a.uri.localeCompare(b.uri))
        .slice(0, limit)
        .map(clone),
    listSourceUris: async (source) =>
      Object.values(this.s.principals)
        .filter((p) => p.source === source)
        .map((p) => p.uri)
        .sort(),
    getSyncState: async (k) => this.s.syncState[k] ?? null,
    putSyncState: async (k, data) => {
      this.writes++;
      this.s.syncState[k] = data;
    },
  };

  readonly credentials: CredentialStore = {
    get: async (uri) => clone(this.s.credentials[lc(uri)] ?? null),
    set: async (uri, c) => {
      this.writes++;
      this.s.credentials[lc(uri)] = clone(c);
    },
  };

  readonly topology: TopologyStore = {
    getPool: async (f) => clone(this.s.pools[lc(f)] ?? null),
    listPools: async () => Object.values(this.s.pools).map(clone),
    putPool: async (p) => {
      this.writes++;
      this.s.pools[lc(p.fqdn)] = clone(p);
    },
    getSite: async (id) => clone(this.s.sites[id] ?? null),
    listSites: async () => Object.values(this.s.sites).map(clone),
    putSite: async (x) => {
      this.writes++;
      this.s.sites[x.id] = clone(x);
    },
    getPolicy: async (id) => clone(this.s.policies[lc(id)] ?? null),
    listPolicies: async () => Object.values(this.s.policies).map(clone),
    putPolicy: async (p) => {
      this.writes++;
      this.s.policies[lc(p.identity)] = clone(p);
    },
    deletePolicy: async (id) => {
      this.writes++;
      delete this.s.policies[lc(id)];
    },
    getConfig: async (id) => clone(this.s.configs[lc(id)] ?? null),
    listConfigs: async () => Object.values(this.s.configs).map(clone),
    putConfig: async (c) => {
      this.writes++;
      this.s.configs[lc(c.identity)] = clone(c);
    },
    deleteConfig: async (id) => {
      this.writes++;
      delete this.s.configs[lc(id)];
    },
    getTrustedApplication: async (id) => clone(this.s.apps[id] ?? null),
    listTrustedApplications: async () => Object.values(this.s.apps).map(clone),
    putTrustedApplication: async (a) => {
      this.writes++;
      this.s.apps[a.id] = clone(a);
    },
    deleteTrustedApplication: async (id) => {
      this.writes++;
      delete this.s.apps[id];
    },
    getTrustedApplicationPool: async (f) => clone(this.s.appPools[f.toLowerCase()] ?? null),
    listTrustedApplicationPools: async () =>
      Object.keys(this.s.appPools)
        .sort()
        .map((k) => clone(this.s.appPools[k] as TrustedApplicationPool)),
    putTrustedApplicationPool: async (p) => {
      this.writes++;
      this.s.appPools[p.fqdn.toLowerCase()] = clone(p);
    },
    deleteTrustedApplicationPool: async (f) => {
      if (!this.s.appPools[f.toLowerCase()])
        throw new DomainError('NoSuchNode', `No trusted application pool ${f}.`);
      this.writes++;
      delete this.s.appPools[f.toLowerCase()];
    },
  };

  readonly rooms: RoomStore = {
    getCategory: async (id) => clone(this.s.categories[id] ?? null),
    getCategoryByName: async (pool, name) =>
      clone(
        Object.values(this.s.categories).find(
          (c) => lc(c.poolFqdn) === lc(pool) && lc(c.name) === lc(name),
        ) ?? null,
      ),
    listCategories: async (pool) =>
      Object.values(this.s.categories)
        .filter((c) => !pool || lc(c.poolFqdn) === lc(pool))
        .sort((a, b) => lc(a.name).localeCompare(lc(b.name)))
        .map(clone),
    insertCategory: async (c) => {
      if (
        Object.values(this.s.categories).some(
          (x) => lc(x.poolFqdn) === lc(c.poolFqdn) && lc(x.name) === lc(c.name),
        )
      )
        throw new DomainError('DuplicateName', `Category ${c.name} exists.`);
      this.writes++;
      this.s.categories[c.id] = clone(c);
    },
    updateCategory: async (c, v) => {
      const cur = this.s.categories[c.id];
      if (!cur) throw noNode('category', c.id);
      if (cur.version !== v) throw collision();
      if (
        Object.values(this.s.categories).some(
          (x) => x.id !== c.id && lc(x.poolFqdn) === lc(c.poolFqdn) && lc(x.name) === lc(c.name),
        )
      )
        throw new DomainError('DuplicateName', `Category ${c.name} exists.`);
      const next = clone({ ...c, version: v + 1 });
      this.writes++;
      this.s.categories[c.id] = next;
      return clone(next);
    },
    deleteCategory: async (id, v) => {
      const cur = this.s.categories[id];
      if (!cur) throw noNode('category', id);
      if (cur.version !== v) throw collision();
      this.writes++;
      delete this.s.categories[id];
    },
    countRooms: async (cid) => Object.values(this.s.rooms).filter((r) => r.categoryId === cid).length,
    getRoom: async (id) => clone(this.s.rooms[id] ?? null),
    getRoomByName: async (pool, name) =>
      clone(
        Object.values(this.s.rooms).find((r) => lc(r.poolFqdn) === lc(pool) && lc(r.name) === lc(name)) ??
          null,
      ),
    listRooms: async (f) => this.filterRooms(f),
    insertRoom: async (r) => {
      if (
        Object.values(this.s.rooms).some(
          (x) => lc(x.poolFqdn) === lc(r.poolFqdn) && lc(x.name) === lc(r.name),
        )
      )
        throw new DomainError('DuplicateRoomName', `Room ${r.name} exists.`);
      this.writes++;
      this.s.rooms[r.id] = clone(r);
    },
    updateRoom: async (r, v) => {
      const cur = this.s.rooms[r.id];
      if (!cur) throw noNode('room', r.id);
      if (cur.version !== v) throw collision();
      if (
        Object.values(this.s.rooms).some(
          (x) => x.id !== r.id && lc(x.poolFqdn) === lc(r.poolFqdn) && lc(x.name) === lc(r.name),
        )
      )
        throw new DomainError('DuplicateRoomName', `Room ${r.name} exists.`);
      const next = clone({ ...r, version: v + 1 });
      this.writes++;
      this.s.rooms[r.id] = next;
      return clone(next);
    },
    deleteRoom: async (id) => {
      if (!this.s.rooms[id]) throw noNode('room', id);
      this.writes++;
      delete this.s.rooms[id];
      delete this.s.messages[id];
      this.s.invitations = this.s.invitations.filter((i) => i.roomId !== id);
    },
    getAddin: async (id) => clone(this.s.addins[id] ?? null),
    getAddinByName: async (pool, name) =>
      clone(
        Object.values(this.s.addins).find((a) => lc(a.poolFqdn) === lc(pool) && lc(a.name) === lc(name)) ??
          null,
      ),
    listAddins: async (pool) =>
      Object.values(this.s.addins)
        .filter((a) => !pool || lc(a.poolFqdn) === lc(pool))
        .map(clone),
    insertAddin: async (a) => {
      if (
        Object.values(this.s.addins).some(
          (x) => lc(x.poolFqdn) === lc(a.poolFqdn) && lc(x.name) === lc(a.name),
        )
      )
        throw new DomainError('DuplicateAddinName', `Add-in ${a.name} exists.`);
      this.writes++;
      this.s.addins[a.id] = clone(a);
    },
    updateAddin: async (a, v) => {
      const cur = this.s.addins[a.id];
      if (!cur) throw noNode('add-in', a.id);
      if (cur.version !== v) throw collision();
      if (
        Object.values(this.s.addins).some(
          (x) => x.id !== a.id && lc(x.poolFqdn) === lc(a.poolFqdn) && lc(x.name) === lc(a.name),
        )
      )
        throw new DomainError('DuplicateAddinName', `Add-in ${a.name} exists.`);
      const next = clone({ ...a, version: v + 1 });
      this.writes++;
      this.s.addins[a.id] = next;
      return clone(next);
    },
    deleteAddin: async (id) => {
      if (!this.s.addins[id]) throw noNode('add-in', id);
      this.writes++;
      delete this.s.addins[id];
    },
  };

  private filterRooms(f: RoomFilter): Room[] {
    const t = lc(f.text ?? '');
    const any = (list: string[], of?: readonly string[]): boolean =>
      !of || list.some((u) => of.map(lc).includes(lc(u)));
    const all = Object.values(this.s.rooms)
      .filter(
        (r) =>
          (!f.poolFqdn || lc(r.poolFqdn) === lc(f.poolFqdn)) &&
          (!f.categoryId || r.categoryId === f.categoryId) &&
          (t === '' || lc(r.name).includes(t) || (!!f.searchDescription && lc(r.description).includes(t))) &&
          (f.disabled === undefined || r.disabled === f.disabled) &&
          (!f.privacy || r.privacy === f.privacy) &&
          (!f.type || r.type === f.type) &&
          (!f.addinId || r.addinId === f.addinId) &&
          (!f.invitations || r.invitations === f.invitations) &&
          any(r.members, f.memberAnyOf) &&
          any(r.managers, f.managerAnyOf),
      )
      .sort((a, b) => lc(a.name).localeCompare(lc(b.name)) || a.id.localeCompare(b.id));
    const off = f.offset ?? 0;
    return all.slice(off, f.limit === undefined ? undefined : off + f.limit).map(clone);
  }

  readonly messages: MessageStore = {
    append: async (m: NewMessage, opts?: AppendOptions) => {
      const list = (this.s.messages[m.roomId] ??= []);
      const msg: ChatMessage = {
        ...clone(m),
        id: list.length === 0 ? 1 : (list[list.length - 1] as ChatMessage).id + 1,
        ts: this.clockNow(),
      };
      this.writes++;
      list.push(msg);
      if (opts?.compliance)
        this.recorded.push({
          type: 'CHAT',
          ts: msg.ts,
          roomId: m.roomId,
          roomUri: opts.compliance.roomUri,
          userUri: m.author,
          content: m.text,
          messageId: msg.id,
          details: null,
        });
      return clone(msg);
    },
    last: async (roomId, n) => clone((this.s.messages[roomId] ?? []).slice(-n)),
    before: async (roomId, id, n) =>
      clone((this.s.messages[roomId] ?? []).filter((m) => m.id < id).slice(-n)),
    after: async (roomId, id, n) =>
      clone((this.s.messages[roomId] ?? []).filter((m) => m.id > id).slice(0, n)),
    range: async (roomId, from, to, limit) =>
      clone((this.s.messages[roomId] ?? []).filter((m) => m.ts >= from && m.ts <= to).slice(0, limit)),
    search: async (q: HistoryQuery): Promise<HistoryResult[]> =>
      q.roomIds.map((roomId) => {
        const terms = q.searchString
          .split(/\s+/)
          .filter(Boolean)
          .map((x) => (q.matchCaseSensitive ? x : lc(x)));
        const hits = (this.s.messages[roomId] ?? []).filter((m) => {
          const text = q.matchCaseSensitive ? m.text : lc(m.text);
          return (
            terms.length === 0 ||
            (q.matchAll ? terms.every((x) => text.includes(x)) : terms.some((x) => text.includes(x)))
          );
        });
        return {
          roomId,
          messages: clone(hits.slice(0, q.resultLimit)),
          totalCount: hits.length,
          exceededLimit: hits.length > q.resultLimit,
        };
      }),
    lastId: async (roomId) => (this.s.messages[roomId] ?? []).at(-1)?.id ?? 0,
    count: async (roomId) => (this.s.messages[roomId] ?? []).length,
    clearUpTo: async (roomId, endTs) => {
      const list = this.s.messages[roomId] ?? [];
      const keep = list.filter((m) => m.ts > endTs);
      this.writes++;
      this.s.messages[roomId] = keep;
      return list.length - keep.length;
    },
    purge: async (_p: MessagePurge) => 0,
    get: async (roomId, id) => clone((this.s.messages[roomId] ?? []).find((m) => m.id === id) ?? null),
    edit: async (roomId, id, text, parts) => {
      const m = (this.s.messages[roomId] ?? []).find((x) => x.id === id);
      if (!m) return null;
      this.writes++;
      Object.assign(m, { text, rtf: null, parts: clone(parts) });
      return clone(m);
    },
    remove: async (roomId, id) => {
      const list = this.s.messages[roomId] ?? [];
      const keep = list.filter((m) => m.id !== id);
      this.writes++;
      this.s.messages[roomId] = keep;
      return keep.length !== list.length;
    },
    purgeOlderThan: async (roomId, beforeTs, limit) => {
      const list = this.s.messages[roomId] ?? [];
      const drop = new Set(list.filter((m) => m.ts < beforeTs).slice(0, limit));
      this.writes++;
      this.s.messages[roomId] = list.filter((m) => !drop.has(m));
      return drop.size;
    },
  };

  /** Compliance events in order; batches are not modelled (the SQL drivers' conformance covers them). */
  readonly recorded: NewComplianceEvent[] = [];
  // Web sessions live outside the transactional state, like files: no domain test uses them.
  private readonly sessions = new Map<string, WebSession>();
  readonly webSessions: WebSessionStore = {
    put: async (token, w) => {
      this.sessions.set(token, { ...w, uri: lc(w.uri) });
    },
    get: async (token, now) => {
      const w = this.sessions.get(token);
      return w && w.expiresOn > now ? clone(w) : null;
    },
    delete: async (token) => {
      this.sessions.delete(token);
    },
    deleteForUser: async (uri) => {
      let n = 0;
      for (const [k, w] of this.sessions) if (w.uri === lc(uri) && this.sessions.delete(k)) n++;
      return n;
    },
    purgeExpired: async (now, limit) => {
      let n = 0;
      for (const [k, w] of this.sessions) if (n < limit && w.expiresOn <= now && this.sessions.delete(k)) n++;
      return n;
    },
  };

  readonly compliance: ComplianceStore = {
    record: async (events) => {
      this.writes++;
      this.recorded.push(...clone(events));
    },
    claim: async () => [],
    complete: async () => 0,
    fail: async () => undefined,
    status: async () => ({
      pending: this.recorded.length,
      oldestTs: this.recorded[0]?.ts ?? null,
      failing: [],
    }),
  };

  readonly invitations: InvitationStore = {
    create: async (userUri: PrincipalUri, roomId: string, createdOn: number) => {
      const mine = this.s.invitations.filter((i) => i.userUri === lc(userUri));
      const inv: Invitation = {
        userUri: lc(userUri),
        invId: mine.length === 0 ? 1 : Math.max(...mine.map((i) => i.invId)) + 1,
        roomId,
        createdOn,
      };
      this.writes++;
      this.s.invitations.push(inv);
      return clone(inv);
    },
    listAfter: async (userUri, after, limit) =>
      clone(
        this.s.invitations
          .filter((i) => i.userUri === lc(userUri) && i.invId > after)
          .sort((a, b) => a.invId - b.invId)
          .slice(0, limit),
      ),
  };

  private readonly nodeRows = new Map<string, PoolNode>();
  readonly nodes: NodeStore = {
    register: async (n) => {
      this.nodeRows.set(n.name.toLowerCase(), clone({ ...n, name: n.name.toLowerCase() }));
    },
    heartbeat: async (name, at, state) => {
      const n = this.nodeRows.get(name.toLowerCase());
      if (!n) return false;
      n.heartbeatAt = at;
      if (state) n.state = state;
      return true;
    },
    list: async (poolFqdn, since = 0) =>
      [...this.nodeRows.values()]
        .filter((n) => n.poolFqdn.toLowerCase() === poolFqdn.toLowerCase() && n.heartbeatAt >= since)
        .sort((a, b) => a.name.localeCompare(b.name))
        .map(clone),
    remove: async (name) => {
      this.nodeRows.delete(name.toLowerCase());
    },
  };
  readonly contacts = new MemoryContacts();

  readonly preferences: PreferenceStore = {
    get: async (u, label) => clone(this.s.preferences[`${lc(u)}\n${label}`] ?? null),
    count: async (u) => Object.keys(this.s.preferences).filter((k) => k.startsWith(`${lc(u)}\n`)).length,
    set: async (u, label, data, expected) => {
      const key = `${lc(u)}\n${label}`;
      const cur = this.s.preferences[key];
      if (expected !== undefined && (cur?.sequenceId ?? 0) !== expected) throw collision();
      const b: PreferenceBundle = { userUri: lc(u), label, data, sequenceId: (cur?.sequenceId ?? 0) + 1 };
      this.writes++;
      this.s.preferences[key] = b;
      return clone(b);
    },
  };

  readonly audit: AuditLog = {
    append: async (e) => {
      this.writes++;
      this.s.audit.push(clone(e));
    },
    list: async (f) =>
      clone(
        this.s.audit
          .filter((e) => (!f.target || e.target === f.target) && (!f.actor || e.actor === f.actor))
          .slice(-f.limit),
      ),
  };

  // Files live outside the transactional state: no domain test rolls back a transfer.
  private readonly fileRecords = new Map<string, { file: StoredFile; content: Uint8Array[] }>();
  private readonly grants = new Map<string, FileGrant & { used: boolean }>();

  readonly files: FileStore = {
    put: async (meta, content, maxBytes) => {
      const chunks: Uint8Array[] = [];
      let size = 0;
      for await (const c of content) {
        size += c.byteLength;
        if (size > maxBytes) throw new DomainError('LimitExceeded', 'The file is too large.');
        chunks.push(c);
      }
      const file = { ...meta, size, sha256: `memory:${size}` };
      this.fileRecords.set(meta.id, { file, content: chunks });
      return clone(file);
    },
    get: async (id) => {
      const f = this.fileRecords.get(id);
      return f ? clone(f.file) : null;
    },
    read: (id) => {
      const f = this.fileRecords.get(id);
      if (!f) throw new DomainError('NoSuchNode', 'That file no longer exists.');
      return (async function* () {
        yield* f.content;
      })();
    },
    delete: async (id) => {
      this.fileRecords.delete(id);
    },
    deleteIncomplete: async () => 0,
    grant: async (token, g) => {
      this.grants.set(token, { ...g, used: false });
    },
    redeem: async (token, now) => {
      const g = this.grants.get(token);
      if (!g || g.used || g.expires <= now) return null;
      g.used = true;
      const { used: _used, ...grant } = g;
      void _used;
      return grant;
    },
  };
}
