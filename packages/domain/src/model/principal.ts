// Principals (PC-04, PC-26): users, groups (nested), organisational units (a path
// hierarchy), domains, and contact objects. Every role and scope list holds principal URIs; a user is
// inside a list when the list names the user or any of the user's ancestors (groups, OUs, domain).

/**
 * A principal's identity, unique across kinds and compared case-insensitively (stored lower-cased):
 * - user / contact: `sip:alice@example.test`
 * - group: `ma-grp:<guid>@u.g` (the Lync form; docs/features.md, Identifiers)
 * - OU: `ma-ou:<path>` with the path from the top, slash-separated, e.g. `ma-ou:example.test/sales/emea`
 *   (pchat's own form; Lync used AD distinguished names)
 * - domain: `ma-dom:<domain>`, e.g. `ma-dom:example.test` (pchat's own form)
 */
export type PrincipalUri = string;

export type PrincipalKind = 'user' | 'group' | 'ou' | 'domain' | 'contact';

export interface AuditData {
  createdBy: PrincipalUri | null;
  createdOn: number; // epoch ms
  updatedBy: PrincipalUri | null;
  updatedOn: number;
}

interface PrincipalBase {
  uri: PrincipalUri;
  kind: PrincipalKind;
  /** Stable GUID (SDK EntityGuid). */
  guid: string;
  displayName: string;
  audit: AuditData;
  /**
   * Where the record comes from: absent = the built-in directory (admin cmdlets); 'ldap' = kept by the
   * directory sync, which overwrites what it owns on every run.
   */
  source?: 'ldap';
  /** The LDAP distinguished name (as the directory spells it) of a synced principal. */
  dn?: string;
  /**
   * Further names the principal answers to when administrators type it (lower-cased): a user's UPN and
   * `NETBIOS\sAMAccountName`, a synced object's DN. See access/names.ts for the whole set.
   */
  names?: string[];
  /** The directory no longer has the object (PC-26: never deleted, so history keeps its authors). */
  gone?: boolean;
}

export interface User extends PrincipalBase {
  kind: 'user';
  email: string | null;
  companyName: string | null;
  /** Disabled users cannot connect or join (PC-26). Principals are never deleted. */
  disabled: boolean;
  /** OU the user sits in (`ma-ou:...`), or null for the domain root. */
  ou: PrincipalUri | null;
  /** Domain of the user (`ma-dom:...`), derived from the SIP URI at creation. */
  domain: PrincipalUri;
  /** Site the user is homed on (policy and configuration scope), or null. */
  siteId: string | null;
  /** Per-user policy tag (Grant-CsPersistentChatPolicy), or null to inherit site/global (PC-36). */
  policyTag: string | null;
  /** Admin roles (PC-40). 'CsPersistentChatAdministrator' and 'CsAdministrator' bypass scope (PC-35). */
  adminRoles: AdminRole[];
}

export type AdminRole =
  'CsPersistentChatAdministrator' | 'CsAdministrator' | 'CsViewOnlyAdministrator' | 'CsHelpDesk';

export interface Group extends PrincipalBase {
  kind: 'group';
  /** Security group or distribution list; both expand the same way. */
  groupType: 'security' | 'distribution';
}

export interface OrgUnit extends PrincipalBase {
  kind: 'ou';
  /** Parent OU, or null when the OU sits directly under its domain. */
  parent: PrincipalUri | null;
  domain: PrincipalUri;
}

export interface Domain extends PrincipalBase {
  kind: 'domain';
  /** DNS name, e.g. example.test */
  name: string;
}

/**
 * A contact object: an application contact (New-CsTrustedApplicationEndpoint) or a Persistent Chat
 * endpoint contact (New-CsPersistentChatEndpoint, PC-47). Contacts are never users: a Persistent Chat
 * session owned by a contact is refused (PC-82) — with a clear error, not a time-out.
 */
export interface Contact extends PrincipalBase {
  kind: 'contact';
  contactType: 'application' | 'persistentChatEndpoint' | 'poolContact';
  /** For persistentChatEndpoint / poolContact: the pool it routes to (pool FQDN). */
  poolFqdn: string | null;
  /** For application contacts: the trusted application id that owns it. */
  applicationId: string | null;
}

export type Principal = User | Group | OrgUnit | Domain | Contact;

/** Direct membership of a user or group in a group (nested groups allowed; cycles are refused). */
export interface GroupMembership {
  group: PrincipalUri;
  member: PrincipalUri;
}

/**
 * What every access check needs to know about the acting principal, computed once per session or
 * request (see access/ancestry). `ancestry` holds the principal's own URI, every group it is in
 * (transitively), its OU and all parent OUs, and its domain.
 */
export interface Actor {
  uri: PrincipalUri;
  kind: 'user' | 'contact';
  disabled: boolean;
  ancestry: ReadonlySet<PrincipalUri>;
  /** Effective EnablePersistentChat of the user's policy (PC-36). */
  enabledByPolicy: boolean;
  /** Holds CsPersistentChatAdministrator or CsAdministrator (PC-35, PC-40). */
  isChatAdmin: boolean;
  /**
   * What the effective policy allows with one's own messages (pchat: off by default, as Lync never
   * allowed it); absent = nothing. windowMinutes 0 = no time limit.
   */
  ownMessages?: { edit: boolean; delete: boolean; windowMinutes: number };
  /**
   * The request came from a trusted application (acting for this user with P-Asserted-Identity, or as its
   * own endpoint), not from one of the user's own endpoints: it has no presence or contact list (PC-87).
   */
  viaApplication?: boolean;
}
