// Pools, sites, policies, configuration scopes and trusted applications (PC-23, PC-36, PC-41, PC-42).
// Identities compare case-insensitively; the record keeps the spelling it was stored with.
import type {
  ChatConfiguration,
  ChatPolicy,
  ConfigIdentity,
  CredentialStore,
  Pool,
  PolicyIdentity,
  PrincipalUri,
  Site,
  StoredCredential,
  TopologyStore,
  TrustedApplication,
  TrustedApplicationPool,
} from '@pchat/domain';
import type { Ctx } from './context.js';
import { KeyedRecords } from './keyed.js';

export class SqlTopology implements TopologyStore {
  private readonly pools: KeyedRecords<Pool>;
  private readonly sites: KeyedRecords<Site>;
  private readonly policies: KeyedRecords<ChatPolicy>;
  private readonly configs: KeyedRecords<ChatConfiguration>;
  private readonly apps: KeyedRecords<TrustedApplication>;
  private readonly appPools: KeyedRecords<TrustedApplicationPool>;

  constructor(c: Ctx) {
    this.pools = new KeyedRecords(c, 'pools', 'pool');
    this.sites = new KeyedRecords(c, 'sites', 'site');
    this.policies = new KeyedRecords(c, 'policies', 'policy');
    this.configs = new KeyedRecords(c, 'configs', 'configuration');
    this.apps = new KeyedRecords(c, 'trusted_apps', 'trusted application');
    this.appPools = new KeyedRecords(c, 'trusted_app_pools', 'trusted application pool');
  }

  getPool(fqdn: string): Promise<Pool | null> {
    return this.pools.get(fqdn);
  }
  listPools(): Promise<Pool[]> {
    return this.pools.list();
  }
  putPool(p: Pool): Promise<void> {
    return this.pools.put(p.fqdn, p);
  }
  getSite(id: string): Promise<Site | null> {
    return this.sites.get(id);
  }
  listSites(): Promise<Site[]> {
    return this.sites.list();
  }
  putSite(s: Site): Promise<void> {
    return this.sites.put(s.id, s);
  }
  getPolicy(identity: PolicyIdentity): Promise<ChatPolicy | null> {
    return this.policies.get(identity);
  }
  listPolicies(): Promise<ChatPolicy[]> {
    return this.policies.list();
  }
  putPolicy(p: ChatPolicy): Promise<void> {
    return this.policies.put(p.identity, p);
  }
  deletePolicy(identity: PolicyIdentity): Promise<void> {
    return this.policies.delete(identity);
  }
  getConfig(identity: ConfigIdentity): Promise<ChatConfiguration | null> {
    return this.configs.get(identity);
  }
  listConfigs(): Promise<ChatConfiguration[]> {
    return this.configs.list();
  }
  putConfig(c: ChatConfiguration): Promise<void> {
    return this.configs.put(c.identity, c);
  }
  deleteConfig(identity: ConfigIdentity): Promise<void> {
    return this.configs.delete(identity);
  }
  getTrustedApplication(id: string): Promise<TrustedApplication | null> {
    return this.apps.get(id);
  }
  listTrustedApplications(): Promise<TrustedApplication[]> {
    return this.apps.list();
  }
  putTrustedApplication(a: TrustedApplication): Promise<void> {
    return this.apps.put(a.id, a);
  }
  deleteTrustedApplication(id: string): Promise<void> {
    return this.apps.delete(id);
  }
  getTrustedApplicationPool(fqdn: string): Promise<TrustedApplicationPool | null> {
    return this.appPools.get(fqdn);
  }
  listTrustedApplicationPools(): Promise<TrustedApplicationPool[]> {
    return this.appPools.list();
  }
  putTrustedApplicationPool(p: TrustedApplicationPool): Promise<void> {
    return this.appPools.put(p.fqdn, p);
  }
  deleteTrustedApplicationPool(fqdn: string): Promise<void> {
    return this.appPools.delete(fqdn);
  }
}

/** Sealed strings, kept as given (docs/security.md, Stored secrets); never part of any listing. */
export class SqlCredentials implements CredentialStore {
  private readonly t: KeyedRecords<StoredCredential>;
  constructor(c: Ctx) {
    this.t = new KeyedRecords(c, 'credentials', 'credential');
  }
  get(uri: PrincipalUri): Promise<StoredCredential | null> {
    return this.t.get(uri);
  }
  set(uri: PrincipalUri, c: StoredCredential): Promise<void> {
    return this.t.put(uri, c);
  }
}
