// Categories, rooms and add-ins (PC-01..PC-05, PC-12, PC-14, PC-16, PC-18, PC-30..PC-34).
import type { AuditData, PrincipalUri } from './principal.js';

/** Set-CsPersistentChatLegalHold: who placed the hold, when, and why (named in every refusal). */
export interface LegalHold {
  reason: string;
  setBy: string;
  setOn: number;
}

export interface Category {
  /** Server-generated GUID; the URI is ma-cat://<domain>/<id>. */
  id: string;
  uri: string;
  poolFqdn: string;
  /** Unique per pool; also never equal to a room name of the pool (PC-01). */
  name: string;
  description: string;
  /** The scope (PC-30, PC-31): who may be given roles in rooms of this category. */
  allowedMembers: PrincipalUri[];
  /** Explicit exclusions from the scope; deny overrides allow (PC-31). */
  deniedMembers: PrincipalUri[];
  /** Who may create rooms here; must themselves be in scope (PC-32, PC-33). */
  creators: PrincipalUri[];
  fileUpload: boolean; // PC-15
  invitations: boolean; // PC-12: the gate for rooms' Invitations=Inherit
  chatHistory: boolean; // PC-16: false = messages are not persisted
  /** Messages older than this many days are purged; 0 = keep forever; absent = the configuration's. */
  retentionDays?: number | null;
  /** A legal hold stops retention purges and every deletion of content in the category's rooms. */
  legalHold?: LegalHold | null;
  /** Optimistic concurrency token (PC-28): every update must name the version it read. */
  version: number;
  audit: AuditData;
}

export type RoomPrivacy = 'Open' | 'Closed' | 'Secret';
export type RoomType = 'Normal' | 'Auditorium';
export type RoomInvitations = 'Inherit' | 'False';

export interface Room {
  /** Server-generated id, never changes; the URI is ma-chan://<domain>/<id> (PC-01). */
  id: string;
  uri: string;
  poolFqdn: string;
  categoryId: string;
  /** Unique per pool (case-insensitive), at most 256 characters (PC-01). */
  name: string;
  description: string;
  privacy: RoomPrivacy; // default Closed (PC-03)
  type: RoomType; // default Normal (PC-02)
  invitations: RoomInvitations; // default Inherit (PC-12)
  disabled: boolean; // PC-14
  addinId: string | null; // PC-18: at most one
  members: PrincipalUri[];
  managers: PrincipalUri[];
  presenters: PrincipalUri[];
  /** A legal hold on the room: no retention purge, no deletion or replacement of its messages. */
  legalHold?: LegalHold | null;
  version: number;
  audit: AuditData;
}

export interface Addin {
  id: string;
  poolFqdn: string;
  /** Unique per pool (PC-18, DuplicateAddinName). */
  name: string;
  url: string;
  version: number;
  audit: AuditData;
}

/** Persisted invitation (PC-12): per-user increasing id, created when a user gains access to a room. */
export interface Invitation {
  userUri: PrincipalUri;
  invId: number;
  roomId: string;
  createdOn: number;
}

/** Preference bundle (PC-19): a Get with the current sequence id returns nothing (not modified). */
export interface PreferenceBundle {
  userUri: PrincipalUri;
  label: string;
  sequenceId: number;
  data: string;
}
