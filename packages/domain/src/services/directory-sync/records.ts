// What a directory adapter (LDAP, Active Directory) hands the domain: objects already mapped to pchat's
// terms, keyed by their distinguished name's name key. The adapter knows the protocol and the attribute
// mapping; the domain decides what becomes which principal and what changed (PC-26).

interface RecordBase {
  /** nameKey() of the distinguished name: how memberships refer to the object. */
  key: string;
  /** The distinguished name as the directory spells it (shown to administrators, resolvable by name). */
  dn: string;
  /** Stable id from the directory (AD objectGUID, OpenLDAP entryUUID). */
  guid: string;
  displayName: string;
  /** Further names: a user's UPN and NETBIOS\sAMAccountName. */
  names: string[];
}

/** A user object (only these become chat users, PC-26). */
export interface SourceUser extends RecordBase {
  kind: 'user';
  /** `sip:user@domain`; users without one are not SIP-enabled and are skipped. */
  sipAddress: string | null;
  email: string | null;
  companyName: string | null;
  /** AD userAccountControl ACCOUNTDISABLE, or the configured attribute (OpenLDAP). */
  disabled: boolean;
  /** DNS name of the directory domain the object sits in. */
  domain: string;
  /** OU names from the top down (OU=EMEA,OU=Sales,... gives ['Sales', 'EMEA']). */
  ouPath: string[];
}

/** A contact object: stays a contact (PC-82), whatever SIP address it carries. */
export interface SourceContact extends RecordBase {
  kind: 'contact';
  sipAddress: string | null;
  domain: string;
}

export interface SourceGroup extends RecordBase {
  kind: 'group';
  groupType: 'security' | 'distribution';
  /** Name keys of the direct members' DNs; null = not fetched (leave memberships as they are). */
  members: string[] | null;
}

export interface SourceOu extends RecordBase {
  kind: 'ou';
  domain: string;
  /** The OU's own path from the top, its name last. */
  path: string[];
}

export interface SourceDomain extends RecordBase {
  kind: 'domain';
  /** DNS name, e.g. corp.example.test. */
  name: string;
}

export type SourceRecord = SourceUser | SourceContact | SourceGroup | SourceOu | SourceDomain;

export interface SyncProgress {
  phase: 'principals' | 'memberships' | 'gone';
  done: number;
  total: number;
}

export interface SyncCounts {
  added: number;
  updated: number;
  unchanged: number;
  disabled: number;
  enabled: number;
  gone: number;
  membersAdded: number;
  membersRemoved: number;
  /** User objects without a SIP address, and principals of another kind already holding the URI. */
  skipped: number;
}

export interface SyncReport {
  full: boolean;
  counts: SyncCounts;
  /** What changed, in words (the first MAX_CHANGE_LINES; `moreChanges` counts the rest). */
  changes: string[];
  moreChanges: number;
  /** Users whose standing changed (their sessions were re-checked). */
  affectedUsers: number;
}

export const MAX_CHANGE_LINES = 1000;
