// The store port: everything pchat persists, behind one interface with two implementations (SQLite,
// PostgreSQL) that pass one conformance suite (packages/storage/test/conformance). Contracts stated here
// are what that suite checks.
//
// General contract:
// - Principal URIs, names used for uniqueness (rooms, categories, add-ins, policies) compare
//   case-insensitively; stored URIs are lower-cased by the domain before they reach the store.
// - Lists of principal URIs (members, managers, ...) keep their order and contain no duplicates.
// - `update*` methods take the version the caller read; a different stored version throws
//   DomainError('DataCollision') and changes nothing (PC-28). A successful update stores version + 1 and
//   returns the stored record.
// - Unique-constraint violations throw the matching DomainError (DuplicateRoomName, DuplicateAddinName,
//   DuplicateName), never a driver error. Unknown ids on update/delete throw NoSuchNode / NoSuchPrincipal.
// - Every method is atomic. `transaction()` groups several calls into one atomic unit: if the callback
//   throws, nothing it wrote remains.
import type {
  Contact,
  GroupMembership,
  Principal,
  PrincipalKind,
  PrincipalUri,
  User,
} from '../model/principal.js';
import type {
  ChatConfiguration,
  ChatPolicy,
  ConfigIdentity,
  Pool,
  PolicyIdentity,
  Site,
  TrustedApplication,
  TrustedApplicationPool,
} from '../model/topology.js';
import type { FileGrant, StoredFile } from '../model/file.js';
import type {
  Addin,
  Category,
  Invitation,
  PreferenceBundle,
  Room,
  RoomInvitations,
  RoomPrivacy,
  RoomType,
} from '../model/room.js';
import type { ChatMessage, HistoryQuery, HistoryResult, NewMessage } from '../model/message.js';
import type { ComplianceEvent, ComplianceStatus, NewComplianceEvent } from '../model/compliance.js';
import type { ContactGroup, ContactList, ContactListEntry } from '../model/contacts.js';

export interface PrincipalSearch {
  kinds?: PrincipalKind[];
  /** Case-insensitive substring of URI, display name or email; empty = all. */
  text?: string;
  limit: number;
  offset?: number;
}

export interface DirectoryStore {
  get(uri: PrincipalUri): Promise<Principal | null>;
  /** Returns the ones that exist, in no particular order. */
  getMany(uris: readonly PrincipalUri[]): Promise<Principal[]>;
  /** Throws DuplicateName when the URI exists. */
  insert(p: Principal): Promise<void>;
  /** Replaces the stored record (same URI). Throws NoSuchPrincipal when absent. */
  update(p: Principal): Promise<void>;
  search(q: PrincipalSearch): Promise<Principal[]>;
  /** Ordered by URI. */
  listContacts(poolFqdn?: string): Promise<Contact[]>;
  /** Deletes a contact object (Remove-CsPersistentChatEndpoint). Users and groups are never deleted (PC-26). */
  deleteContact(uri: PrincipalUri): Promise<void>;

  /** Idempotent. The domain refuses cycles before calling. */
  addGroupMember(m: GroupMembership): Promise<void>;
  removeGroupMember(m: GroupMembership): Promise<void>;
  /** Direct members of a group (users and groups). */
  listGroupMembers(group: PrincipalUri): Promise<PrincipalUri[]>;
  /** Groups that directly contain the principal. */
  listGroupsOf(member: PrincipalUri): Promise<PrincipalUri[]>;
  /** Users whose `ou` is one of these OUs (not descendants: the domain expands the tree). */
  listUsersInOus(ous: readonly PrincipalUri[]): Promise<User[]>;
  /** Child OUs of an OU (parent = ou) or the top OUs of a domain (parent null, domain = uri). */
  listChildOus(parent: PrincipalUri): Promise<PrincipalUri[]>;
  listUsersInDomain(domain: PrincipalUri): Promise<User[]>;

  /**
   * Principals answering to a name (access/names.ts principalNames: URI, DN, UPN, DOMAIN\\sam, group
   * name, domain name...), matched on the name key (nameKey), at most `limit` (default 20), ordered by URI.
   * insert/update keep this index in step with the record.
   */
  findByName(name: string, limit?: number): Promise<Principal[]>;
  /** URIs of every principal kept by a directory sync (`source`), ordered by URI. */
  listSourceUris(source: 'ldap'): Promise<PrincipalUri[]>;
  /** The directory sync's own state (high-water marks), an opaque string per key; null when unset. */
  getSyncState(key: string): Promise<string | null>;
  putSyncState(key: string, data: string): Promise<void>;
}

/**
 * Secret material to verify sign-ins (docs/security.md, Stored secrets): never logged, never returned by any
 * admin read. The store keeps it as given; protection at rest is the server's job (it passes sealed strings).
 */
export interface StoredCredential {
  /** Sealed NT hash (NTLM). */
  ntHash: string | null;
  /** Sealed Digest HA1 values for the server's realm, per algorithm (RFC 8760). */
  digestHa1: { realm: string; md5: string; sha256: string } | null;
  updatedOn: number;
}

export interface CredentialStore {
  get(uri: PrincipalUri): Promise<StoredCredential | null>;
  set(uri: PrincipalUri, c: StoredCredential): Promise<void>;
}

export interface TopologyStore {
  getPool(fqdn: string): Promise<Pool | null>;
  listPools(): Promise<Pool[]>;
  /** Insert or replace. */
  putPool(p: Pool): Promise<void>;
  getSite(id: string): Promise<Site | null>;
  listSites(): Promise<Site[]>;
  putSite(s: Site): Promise<void>;
  getPolicy(identity: PolicyIdentity): Promise<ChatPolicy | null>;
  listPolicies(): Promise<ChatPolicy[]>;
  putPolicy(p: ChatPolicy): Promise<void>;
  deletePolicy(identity: PolicyIdentity): Promise<void>;
  getConfig(identity: ConfigIdentity): Promise<ChatConfiguration | null>;
  listConfigs(): Promise<ChatConfiguration[]>;
  putConfig(c: ChatConfiguration): Promise<void>;
  deleteConfig(identity: ConfigIdentity): Promise<void>;
  getTrustedApplication(id: string): Promise<TrustedApplication | null>;
  listTrustedApplications(): Promise<TrustedApplication[]>;
  putTrustedApplication(a: TrustedApplication): Promise<void>;
  deleteTrustedApplication(id: string): Promise<void>;
  /** Trusted application pools (New-CsTrustedApplicationPool), keyed by FQDN, ordered by FQDN. */
  getTrustedApplicationPool(fqdn: string): Promise<TrustedApplicationPool | null>;
  listTrustedApplicationPools(): Promise<TrustedApplicationPool[]>;
  putTrustedApplicationPool(p: TrustedApplicationPool): Promise<void>;
  /** Throws NoSuchNode when absent. */
  deleteTrustedApplicationPool(fqdn: string): Promise<void>;
}

/** Filters of Get-CsPersistentChatRoom and the SDK's browse calls (PC-11, PC-44). All optional, ANDed. */
export interface RoomFilter {
  poolFqdn?: string;
  categoryId?: string;
  /** Case-insensitive substring of the name (and of the description when searchDescription). */
  text?: string;
  searchDescription?: boolean;
  disabled?: boolean;
  privacy?: RoomPrivacy;
  type?: RoomType;
  addinId?: string;
  invitations?: RoomInvitations;
  /** Rooms whose members list names any of these principal URIs (pass a user's ancestry). */
  memberAnyOf?: readonly PrincipalUri[];
  /** Rooms whose managers list names any of these principal URIs. */
  managerAnyOf?: readonly PrincipalUri[];
  /** Ordered by name (case-insensitive), then id. */
  limit?: number;
  offset?: number;
}

export interface RoomStore {
  getCategory(id: string): Promise<Category | null>;
  getCategoryByName(poolFqdn: string, name: string): Promise<Category | null>;
  listCategories(poolFqdn?: string): Promise<Category[]>;
  /** Throws DuplicateName on a name clash within the pool. */
  insertCategory(c: Category): Promise<void>;
  updateCategory(c: Category, expectedVersion: number): Promise<Category>;
  deleteCategory(id: string, expectedVersion: number): Promise<void>;
  countRooms(categoryId: string): Promise<number>;

  getRoom(id: string): Promise<Room | null>;
  getRoomByName(poolFqdn: string, name: string): Promise<Room | null>;
  listRooms(f: RoomFilter): Promise<Room[]>;
  /** Throws DuplicateRoomName on a name clash within the pool. */
  insertRoom(r: Room): Promise<void>;
  updateRoom(r: Room, expectedVersion: number): Promise<Room>;
  /** Deletes the room with its messages, invitations and file records. */
  deleteRoom(id: string): Promise<void>;

  getAddin(id: string): Promise<Addin | null>;
  getAddinByName(poolFqdn: string, name: string): Promise<Addin | null>;
  listAddins(poolFqdn?: string): Promise<Addin[]>;
  insertAddin(a: Addin): Promise<void>;
  updateAddin(a: Addin, expectedVersion: number): Promise<Addin>;
  deleteAddin(id: string): Promise<void>;
}

/** Remove-CsPersistentChatMessage criteria (PC-45). */
export interface MessagePurge {
  roomId: string;
  userUri?: PrincipalUri;
  /** Keywords; empty = all messages. */
  terms?: string[];
  matchClause?: 'All' | 'Or' | 'Exact';
  caseSensitive?: boolean;
  startTs?: number;
  endTs?: number;
  /** null = remove; a string = replace the text (and drop RTF/parts/story title) with it. */
  replaceWith: string | null;
}

/** How an append is recorded for compliance (PC-71): in the same transaction as the message. */
export interface AppendOptions {
  /** Record a CHAT compliance event for the message; the URI of its room goes with the event. */
  compliance?: { roomUri: string };
}

export interface MessageStore {
  /**
   * Durable append. Resolves only after the message is committed (a message that was acknowledged is
   * never lost, also after kill -9). Concurrent appends are group-committed: one transaction carries
   * every append that arrived while the previous commit was in flight. Ids are 1, 2, 3... per room in
   * commit order; ts is assigned by the store from its clock and never decreases within a room.
   * With `opts.compliance`, a CHAT compliance event (content = text, messageId = the new id, ts = the
   * message's ts) commits in the same transaction: both or neither exist.
   */
  append(m: NewMessage, opts?: AppendOptions): Promise<ChatMessage>;
  /** The last n messages of a room, oldest first. */
  last(roomId: string, n: number): Promise<ChatMessage[]>;
  /** Up to n messages with id < beforeId, oldest first (paging back). */
  before(roomId: string, beforeId: number, n: number): Promise<ChatMessage[]>;
  /** Up to n messages with id > afterId, oldest first (catch-up after a gap). */
  after(roomId: string, afterId: number, n: number): Promise<ChatMessage[]>;
  /** Messages with fromTs <= ts <= toTs, oldest first, at most limit. */
  range(roomId: string, fromTs: number, toTs: number, limit: number): Promise<ChatMessage[]>;
  /**
   * Full-text history search with the PC-10 criteria; one result per requested room, in the order of
   * q.roomIds. Terms match whole words of text and story title, case-insensitively unless
   * matchCaseSensitive; matchExactPhrase matches the phrase as a contiguous sequence of words.
   */
  search(q: HistoryQuery): Promise<HistoryResult[]>;
  /** Highest id in the room, 0 when empty. */
  lastId(roomId: string): Promise<number>;
  count(roomId: string): Promise<number>;
  /** Clear-CsPersistentChatRoom: deletes messages with ts <= endTs; returns how many. */
  clearUpTo(roomId: string, endTs: number): Promise<number>;
  /** Remove-CsPersistentChatMessage: returns how many messages were removed or replaced. */
  purge(p: MessagePurge): Promise<number>;
  /** One message by id, or null. */
  get(roomId: string, id: number): Promise<ChatMessage | null>;
  /**
   * Replaces the text of one message (an author's edit): text = the new text, RTF and parts dropped
   * unless given. Returns the stored message, or null when it does not exist.
   */
  edit(roomId: string, id: number, text: string, parts: ChatMessage['parts']): Promise<ChatMessage | null>;
  /** Deletes one message; true when it existed. */
  remove(roomId: string, id: number): Promise<boolean>;
  /**
   * Retention: deletes up to `limit` messages of the room with ts < beforeTs, oldest first; returns how
   * many. Bounded so a large purge never holds a long transaction.
   */
  purgeOlderThan(roomId: string, beforeTs: number, limit: number): Promise<number>;
}

/**
 * The compliance queue (PC-70, PC-75): events recorded durably with the action itself, handed to the
 * adapter in batches by exactly one node of the pool at a time, deleted only after the adapter succeeded.
 *
 * Contract:
 * - record() is durable when it resolves; inside transaction() it commits with the transaction.
 * - claim() leases ONE batch to `owner` until now + leaseMs and returns its events in seq order, or []
 *   when none is due. It first takes over a batch that is due again (its lease expired, or its retry time
 *   after a failure passed), whole and with the same batchId; else it forms a new batch of up to `limit`
 *   never-claimed events, batchId = their smallest seq. Concurrent claimers (also other processes) never
 *   get the same batch while its lease runs (PostgreSQL: FOR UPDATE SKIP LOCKED; SQLite: one writer).
 * - complete() deletes the batch if `owner` still holds its lease; returns how many events were deleted
 *   (0 when the lease was lost: someone else now owns it, nothing is deleted).
 * - fail() releases the batch for a retry at retryAt, attempts + 1, keeping lastError; the events stay.
 */
export interface ComplianceStore {
  record(events: readonly NewComplianceEvent[]): Promise<void>;
  claim(owner: string, limit: number, leaseMs: number): Promise<ComplianceEvent[]>;
  complete(owner: string, batchId: number): Promise<number>;
  fail(owner: string, batchId: number, error: string, retryAt: number): Promise<void>;
  status(): Promise<ComplianceStatus>;
}

export interface InvitationStore {
  /** Creates the invitation with the user's next invId (strictly increasing per user). */
  create(userUri: PrincipalUri, roomId: string, createdOn: number): Promise<Invitation>;
  /** Invitations with invId > afterInvId, ascending, at most limit. */
  listAfter(userUri: PrincipalUri, afterInvId: number, limit: number): Promise<Invitation[]>;
}

export interface PreferenceStore {
  get(userUri: PrincipalUri, label: string): Promise<PreferenceBundle | null>;
  /** How many bundles the user keeps (the quota of setPreferenceBundle). */
  count(userUri: PrincipalUri): Promise<number>;
  /**
   * Stores data under label with sequenceId = previous + 1 (1 when new) and returns it. When
   * expectedSequenceId is given and differs from the stored one, throws DataCollision.
   */
  set(
    userUri: PrincipalUri,
    label: string,
    data: string,
    expectedSequenceId?: number,
  ): Promise<PreferenceBundle>;
}

/**
 * Roaming contact lists and the people a user blocked (PC-86; docs/presence.md). Every method that
 * changes a list raises its deltaNum by one and returns the new value; addresses are compared
 * case-insensitively and stored lower-cased.
 */
export interface ContactStore {
  /** The whole list; a user who never stored anything has deltaNum 0 and no groups or contacts. */
  list(userUri: PrincipalUri): Promise<ContactList>;
  /** New group with the next unused id (max + 1, 1 for the first). Throws DuplicateName for a name in use (any case). */
  addGroup(userUri: PrincipalUri, name: string): Promise<{ group: ContactGroup; deltaNum: number }>;
  /** Throws NoSuchNode for an unknown id, DuplicateName for a name another group has. */
  renameGroup(userUri: PrincipalUri, id: number, name: string): Promise<number>;
  /**
   * Deletes the group and takes it off every contact; a contact left in no group is deleted. Returns the
   * new deltaNum, the contacts that stay (with their new groups) and those deleted. NoSuchNode when unknown.
   */
  deleteGroup(
    userUri: PrincipalUri,
    id: number,
  ): Promise<{ deltaNum: number; modified: ContactListEntry[]; deleted: PrincipalUri[] }>;
  /** Inserts or replaces a contact. Throws NoSuchNode when a group does not exist. `created` is true for a new one. */
  setContact(
    userUri: PrincipalUri,
    contact: ContactListEntry,
  ): Promise<{ deltaNum: number; created: boolean }>;
  /** Removes a contact; returns null (and changes nothing) when it is not on the list. */
  deleteContact(userUri: PrincipalUri, uri: PrincipalUri): Promise<number | null>;
  /** The addresses the user blocked, ascending. */
  blocked(userUri: PrincipalUri): Promise<PrincipalUri[]>;
  /** Blocks or unblocks an address (idempotent). */
  setBlocked(userUri: PrincipalUri, uri: PrincipalUri, blocked: boolean): Promise<void>;
}

/** Admin audit trail (PC-27, docs/admin-api.md): who changed what, when. Append-only. */
export interface AuditEntry {
  at: number;
  actor: PrincipalUri;
  action: string; // e.g. "Set-CsPersistentChatRoom"
  target: string; // identity of the object
  details: string; // JSON
}

export interface AuditLog {
  append(e: AuditEntry): Promise<void>;
  list(f: { target?: string; actor?: PrincipalUri; limit: number }): Promise<AuditEntry[]>;
}

/**
 * The file store (PC-15): file contents and their transfer grants, in the database itself so that every
 * node of a pool sees the same files (docs/decisions.md, file store).
 */
export interface FileStore {
  /**
   * Stores a new file from a stream of chunks, at most maxBytes. Throws LimitExceeded and keeps nothing
   * when the stream is longer; keeps nothing when the stream fails. The file is visible to get() only
   * once all of it is stored. Returns the record with size and SHA-256 filled in.
   */
  put(
    meta: Omit<StoredFile, 'size' | 'sha256'>,
    content: AsyncIterable<Uint8Array>,
    maxBytes: number,
  ): Promise<StoredFile>;
  /** A complete file, or null. */
  get(id: string): Promise<StoredFile | null>;
  /** The content of a complete file in order, in chunks; throws NoSuchNode for an unknown file. */
  read(id: string): AsyncIterable<Uint8Array>;
  /** Removes the file and its content (no error when it does not exist). */
  delete(id: string): Promise<void>;
  /** Removes uploads that never completed (a crash mid-upload) begun before `before`; returns how many. */
  deleteIncomplete(before: number): Promise<number>;
  /** Keeps a grant under the token (only a hash of the token is stored). */
  grant(token: string, g: FileGrant): Promise<void>;
  /** The grant of an unused, unexpired token, marked used at the same time: each token works once. */
  redeem(token: string, now: number): Promise<FileGrant | null>;
}

/** One pchat process of a pool, as it registers itself (docs/pool.md). */
export interface PoolNode {
  /** Its name (node.name, else the host name), lower case: what Set-CsPersistentChatActiveServer lists. */
  name: string;
  poolFqdn: string;
  /** Where it listens, e.g. { sipTcp: 'sip:10.0.0.5:5060;transport=tcp', http: 'http://10.0.0.5:8080' }. */
  addresses: Record<string, string>;
  /** Epoch ms of its start and of its last heartbeat. */
  startedAt: number;
  heartbeatAt: number;
  /** A node not heard from for this long counts as gone (3 heartbeats). */
  ttlMs: number;
  /** `draining`: it accepts no new sessions and is about to exit. */
  state: 'running' | 'draining';
}

/** The node registry of the pools (docs/pool.md). Names are compared in lower case. */
export interface NodeStore {
  /** Adds the node or replaces the entry of that name (a restarted node takes its entry back). */
  register(node: PoolNode): Promise<void>;
  /** Renews the heartbeat (and state); false when the entry is gone (removed by an administrator). */
  heartbeat(name: string, at: number, state?: PoolNode['state']): Promise<boolean>;
  /** The nodes of a pool whose last heartbeat is at or after `since` (0 = all), by name. */
  list(poolFqdn: string, since?: number): Promise<PoolNode[]>;
  /** Removes the entry (a node that stopped cleanly). No error when it does not exist. */
  remove(name: string): Promise<void>;
}

/**
 * Web sessions (docs/web.md "Sessions"): a browser that signed in once over SIP keeps a random token in an
 * HttpOnly cookie; the store keeps only the token's SHA-256, the user and the expiry, so that every node of
 * a pool accepts it and a copy of the database signs nobody in.
 */
export interface WebSession {
  uri: PrincipalUri;
  createdOn: number;
  expiresOn: number;
}

export interface WebSessionStore {
  /** Keeps a session under the token (only a hash of the token is stored); replaces one under the same token. */
  put(token: string, s: WebSession): Promise<void>;
  /** The session of the token when it has not expired at `now`, else null. */
  get(token: string, now: number): Promise<WebSession | null>;
  /** Ends the session of the token (sign-out); no error when there is none. */
  delete(token: string): Promise<void>;
  /** Ends every session of the user (disabled, removed, password changed); returns how many. */
  deleteForUser(uri: PrincipalUri): Promise<number>;
  /** Removes at most `limit` sessions expired before `now`; returns how many. */
  purgeExpired(now: number, limit: number): Promise<number>;
}

export interface Store {
  readonly dialect: 'sqlite' | 'postgres';
  /** The node registry of a pool (docs/pool.md). */
  readonly nodes: NodeStore;
  readonly directory: DirectoryStore;
  readonly credentials: CredentialStore;
  readonly topology: TopologyStore;
  readonly rooms: RoomStore;
  readonly messages: MessageStore;
  readonly invitations: InvitationStore;
  readonly preferences: PreferenceStore;
  readonly audit: AuditLog;
  readonly files: FileStore;
  readonly compliance: ComplianceStore;
  readonly contacts: ContactStore;
  readonly webSessions: WebSessionStore;
  /**
   * Runs fn atomically. `tx` is a Store bound to the transaction (its `messages.append` commits with the
   * transaction, not through group commit). Nested calls run inside the outer transaction.
   */
  transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Clock and id ports keep the domain deterministic in tests. */
export interface Clock {
  now(): number;
}
export interface IdSource {
  /** A random UUID (v4) string. */
  uuid(): string;
}
