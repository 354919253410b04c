// Pools, sites, policies and configuration scopes (PC-23, PC-36, PC-41, PC-42, PC-47).
import type { AuditData } from './principal.js';

export interface Site {
  id: string; // e.g. "Redmond"; policy/config identity "site:Redmond"
  description: string;
  /** Set-CsSite -DefaultPersistentChatPool: the pool in-band provisioning returns (PC-23, PC-81). */
  defaultPoolFqdn: string | null;
}

export interface Pool {
  /** Pool FQDN, the identity used in "<pool>\<name>" identities (PC-44). */
  fqdn: string;
  /** SIP domain of the pool's URIs (rooms are ma-chan://<domain>/<id>). */
  domain: string;
  /** The pool's own chat server URI (its pool contact object), e.g. sip:pchat-pool1@example.test. */
  chatServerUri: string;
  /** Friendly display name shown by clients to tell pools apart (PC-22, PC-64). */
  displayName: string;
  siteId: string | null;
  /** ma-cat://<domain>/<guid> of the fixed root category (PC-30). */
  rootCategoryUri: string;
  /** GUID reported as DatabaseVersion in server info (PC-22). */
  databaseVersion: string;
  audit: AuditData;
}

/** Identity forms of policies (PC-41): the global policy, a site policy, or a per-user tag. */
export type PolicyIdentity = 'global' | `site:${string}` | `tag:${string}`;

export interface ChatPolicy {
  identity: PolicyIdentity;
  description: string;
  /** Default false: Persistent Chat is off until an admin enables it (PC-36). */
  enablePersistentChat: boolean;
  /** pchat: users may edit their own messages (default false). */
  allowEditOwnMessages?: boolean;
  /** pchat: users may delete their own messages (default false). */
  allowDeleteOwnMessages?: boolean;
  /** pchat: edits and deletions only this many minutes after posting; 0 = no limit (default). */
  editWindowMinutes?: number;
}

/** Identity forms of configuration scopes (PC-42); the narrowest scope present wins (service > site > global). */
export type ConfigIdentity = 'global' | `site:${string}` | `service:PersistentChatServer:${string}`;

export interface ChatConfiguration {
  identity: ConfigIdentity;
  /**
   * Retention (global, site or service scope): messages older than this many days are purged in the
   * background unless their category sets its own RetentionDays or a legal hold applies; 0 = forever.
   */
  retentionDays?: number;
  /** Messages returned on join (bccontext), 1–500, default 30 (PC-09). */
  defaultChatHistory: number;
  /** Roster updates stop at this many participants, resume below 80% (PC-13); default 75. */
  participantUpdateLimit: number;
  /** Maximum upload size in KB, default 20000 (PC-15). */
  maxFileSizeKB: number;
  /** Blank = built-in room management page (PC-42, PC-56). */
  roomManagementUrl: string;
  /**
   * Limits published in server info (PC-07, PC-22). No public Lync source gives their defaults
   * (docs/features.md); pchat's defaults are its own decision, see docs/decisions.md.
   */
  messageSizeLimit: number; // bytes of a message's text
  storySizeLimit: number; // bytes of a story body
  searchLimit: number; // maximum results per room of one history query
}

export const CONFIG_DEFAULTS: Omit<ChatConfiguration, 'identity'> = {
  defaultChatHistory: 30,
  participantUpdateLimit: 75,
  maxFileSizeKB: 20000,
  roomManagementUrl: '',
  messageSizeLimit: 8000,
  storySizeLimit: 64000,
  searchLimit: 200,
};

/**
 * Trusted application pools and applications (New-CsTrustedApplicationPool / -Application / -Endpoint):
 * a connection presenting a client certificate whose subject matches a trusted application's pool FQDN is
 * trusted and may act for users (PC-87).
 */
export interface TrustedApplication {
  id: string; // application id, e.g. "PersistentChat.Test"
  poolFqdn: string; // trusted application pool FQDN = expected certificate subject / SAN
  port: number;
  audit: AuditData;
}

/** New-CsTrustedApplicationPool: the pool of computers that host trusted applications (PC-87). */
export interface TrustedApplicationPool {
  /** Identity: the pool FQDN, the certificate subject its applications present. */
  fqdn: string;
  /** -Registrar: the pchat pool whose front end the applications register with (an existing pool FQDN). */
  registrar: string;
  /** -Site: the site of the pool; null = none (pchat has no site topology requirement). */
  siteId: string | null;
  /** -ComputerFqdn and New-CsTrustedApplicationComputer: the computers of the pool; default [fqdn]. */
  computerFqdns: string[];
  /** -ThrottleAsServer (default $true): connections are throttled as a server's, not as a client's. */
  throttleAsServer: boolean;
  /** -TreatAsAuthenticated (default $true): requests from the pool's computers need no further sign-in. */
  treatAsAuthenticated: boolean;
  audit: AuditData;
}
