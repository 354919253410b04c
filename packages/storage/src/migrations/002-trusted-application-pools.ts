// Schema version 2: trusted application pools (New-CsTrustedApplicationPool), whole records keyed by FQDN.
export function trustedApplicationPools(): string[] {
  return ['CREATE TABLE trusted_app_pools (key TEXT PRIMARY KEY, data TEXT NOT NULL)'];
}
