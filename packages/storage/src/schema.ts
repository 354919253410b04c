// Row types of the tables created by the migrations (kysely's view of the database). Most records are
// kept whole as a JSON `data` document, with the columns that queries filter or sort on beside it: a
// field the domain adds later round-trips without a migration.
import type { Generated } from 'kysely';

export interface PrincipalRow {
  uri: string;
  kind: string;
  /** Lower-cased uri + display name + email, for substring search. */
  search_key: string;
  ou: string | null;
  parent: string | null;
  domain: string | null;
  pool_key: string | null;
  /** 'ldap' for principals a directory sync keeps; null for the built-in directory's. */
  source: string | null;
  data: string;
}

/** One row per name a principal answers to (domain: principalNames). */
export interface PrincipalNameRow {
  name_key: string;
  uri: string;
}

export interface GroupMemberRow {
  group_uri: string;
  member_uri: string;
}

export interface KeyedDataRow {
  key: string;
  data: string;
}

export interface CategoryRow {
  id: string;
  pool_key: string;
  name_key: string;
  version: number;
  data: string;
}

export interface RoomRow {
  id: string;
  pool_key: string;
  category_id: string;
  name_key: string;
  description_key: string;
  disabled: number;
  privacy: string;
  type: string;
  invitations: string;
  addin_id: string | null;
  version: number;
  data: string;
}

/** One row per (room, role, principal): lets listRooms filter by member/manager without parsing JSON. */
export interface RoomRoleRow {
  room_id: string;
  role: string;
  uri: string;
}

export interface AddinRow {
  id: string;
  pool_key: string;
  name_key: string;
  version: number;
  data: string;
}

/** Per-room id counter; its row lock serialises appends of one room across server processes. */
export interface RoomSeqRow {
  room_id: string;
  last_id: number;
  last_ts: number;
}

export interface MessageRow {
  seq: Generated<number>;
  room_id: string;
  id: number;
  ts: number;
  author: string;
  kind: string;
  text: string;
  story_title: string | null;
  rtf: string | null;
  parts: string | null;
}

export interface InvitationRow {
  user_uri: string;
  inv_id: number;
  room_id: string;
  created_on: number;
}

export interface CounterRow {
  key: string;
  last: number;
}

export interface ContactListRow {
  user_uri: string;
  delta_num: number;
}

export interface ContactGroupRow {
  user_uri: string;
  id: number;
  name: string;
  name_key: string;
}

export interface ContactRow {
  user_uri: string;
  contact_uri: string;
  name: string;
  group_ids: string;
  subscribed: number;
}

export interface PresenceBlockRow {
  user_uri: string;
  blocked_uri: string;
}

export interface PreferenceRow {
  user_uri: string;
  label: string;
  sequence_id: number;
  data: string;
}

export interface AuditRow {
  seq: Generated<number>;
  at: number;
  actor: string;
  action: string;
  target: string;
  details: string;
}

export interface ComplianceEventRow {
  seq: Generated<number>;
  ts: number;
  type: string;
  room_id: string;
  room_uri: string;
  user_uri: string;
  content: string;
  message_id: number | null;
  details: string | null;
  batch_id: number | null;
  lease_owner: string | null;
  lease_until: number | null;
  attempts: Generated<number>;
  last_error: string | null;
}

export interface MigrationRow {
  version: number;
  name: string;
  applied_at: number;
}

export interface FileRow {
  id: string;
  room_id: string;
  uploader: string;
  name: string;
  content_type: string;
  size: number;
  sha256: string;
  created_on: number;
  complete: number;
}

export interface FileChunkRow {
  file_id: string;
  seq: number;
  data: Uint8Array;
}

export interface FileTokenRow {
  token_hash: string;
  expires: number;
  used: number;
  data: string;
}

export interface NodeRow {
  name: string;
  pool_fqdn: string;
  addresses: string;
  started_at: number;
  heartbeat_at: number;
  ttl_ms: number;
  state: string;
}

export interface WebSessionRow {
  token_hash: string;
  uri: string;
  created_on: number;
  expires_on: number;
}

export interface DB {
  nodes: NodeRow;
  principals: PrincipalRow;
  group_members: GroupMemberRow;
  principal_names: PrincipalNameRow;
  directory_state: KeyedDataRow;
  credentials: KeyedDataRow;
  pools: KeyedDataRow;
  sites: KeyedDataRow;
  policies: KeyedDataRow;
  configs: KeyedDataRow;
  trusted_apps: KeyedDataRow;
  trusted_app_pools: KeyedDataRow;
  categories: CategoryRow;
  rooms: RoomRow;
  room_roles: RoomRoleRow;
  addins: AddinRow;
  room_seq: RoomSeqRow;
  messages: MessageRow;
  invitations: InvitationRow;
  inv_seq: CounterRow;
  preferences: PreferenceRow;
  contact_lists: ContactListRow;
  contact_groups: ContactGroupRow;
  contacts: ContactRow;
  presence_blocks: PresenceBlockRow;
  audit_log: AuditRow;
  compliance_events: ComplianceEventRow;
  schema_migrations: MigrationRow;
  files: FileRow;
  file_chunks: FileChunkRow;
  file_tokens: FileTokenRow;
  web_sessions: WebSessionRow;
}
