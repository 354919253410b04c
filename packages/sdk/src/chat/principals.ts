// Principals (docs/sdk.md, the Management namespace): read-only views of users and groups.

/** PersistentChatPrincipalType. */
export type PersistentChatPrincipalType = 'LocalUser' | 'DirectoryGroup' | 'DirectoryFolder' | 'Domain';

/** PersistentChatPrincipalSummary. */
export interface PersistentChatPrincipalSummary {
  /** SIP URI for users; the directory URI for groups, folders and domains. */
  readonly uri: string;
  /** Display name, when the server knows it. */
  readonly name: string | null;
  readonly type: PersistentChatPrincipalType;
}
