// Pools and sites (PC-23, PC-47, PC-60, PC-64). A pool owns its categories, rooms and add-ins; its chat
// server URI is carried by a pool contact object (Lync creates one per pool at install, PC-47), which is
// what in-band provisioning hands to clients (PC-81).
import { DomainError } from '../../errors.js';
import type { Actor, Contact } from '../../model/principal.js';
import type { Pool, Site } from '../../model/topology.js';
import { assertCan } from '../../access/can.js';
import type { ServiceDeps } from '../deps.js';
import { newAudit } from '../deps.js';
import { fqdn, nonEmpty, sipDomainOf, sipUri } from './validate.js';

export interface NewPoolInput {
  fqdn: string;
  /** SIP domain of the pool's URIs; default: the domain of chatServerUri, else the FQDN minus its first label. */
  domain?: string;
  /** The pool contact's SIP URI; default sip:<first label of the FQDN>@<domain>. */
  chatServerUri?: string;
  displayName?: string;
  siteId?: string | null;
}

export async function createPool(deps: ServiceDeps, actor: Actor, input: NewPoolInput): Promise<Pool> {
  assertCan(actor, 'admin.configuration');
  const poolFqdn = fqdn(input.fqdn, 'pool FQDN');
  const firstLabel = poolFqdn.split('.')[0] as string;
  const domain = fqdn(
    input.domain ??
      (input.chatServerUri
        ? sipDomainOf(sipUri(input.chatServerUri))
        : poolFqdn.split('.').slice(1).join('.') || poolFqdn),
    'SIP domain',
  );
  const chatServerUri = sipUri(input.chatServerUri ?? `sip:${firstLabel}@${domain}`, 'chat server URI');
  const now = deps.clock.now();
  const pool: Pool = {
    fqdn: poolFqdn,
    domain,
    chatServerUri,
    displayName: input.displayName?.trim() || poolFqdn,
    siteId: input.siteId ?? null,
    rootCategoryUri: `ma-cat://${domain}/${deps.ids.uuid()}`,
    databaseVersion: deps.ids.uuid(),
    audit: newAudit(actor.uri, now),
  };
  const contact: Contact = {
    uri: chatServerUri,
    kind: 'contact',
    guid: deps.ids.uuid(),
    displayName: `${pool.displayName} (Persistent Chat pool)`,
    contactType: 'poolContact',
    poolFqdn,
    applicationId: null,
    audit: newAudit(actor.uri, now),
  };
  await deps.store.transaction(async (tx) => {
    if (await tx.topology.getPool(poolFqdn)) {
      throw new DomainError('DuplicateName', `A pool ${poolFqdn} already exists.`, { fqdn: poolFqdn });
    }
    if (pool.siteId !== null && !(await tx.topology.getSite(pool.siteId))) {
      throw new DomainError('NoSuchNode', `No site '${pool.siteId}' exists. Create the site first.`, {
        siteId: pool.siteId,
      });
    }
    await tx.directory.insert(contact); // DuplicateName when the URI is taken by any principal
    await tx.topology.putPool(pool);
  });
  return pool;
}

export async function createSite(
  deps: ServiceDeps,
  actor: Actor,
  input: { id: string; description?: string; defaultPoolFqdn?: string | null },
): Promise<Site> {
  assertCan(actor, 'admin.configuration');
  const site: Site = {
    id: nonEmpty(input.id, 'The site id'),
    description: input.description ?? '',
    defaultPoolFqdn: input.defaultPoolFqdn ?? null,
  };
  await deps.store.transaction(async (tx) => {
    if (await tx.topology.getSite(site.id))
      throw new DomainError('DuplicateName', `A site '${site.id}' already exists.`, { siteId: site.id });
    if (site.defaultPoolFqdn && !(await tx.topology.getPool(site.defaultPoolFqdn))) {
      throw new DomainError('NoSuchNode', `No pool ${site.defaultPoolFqdn} exists.`, {
        poolFqdn: site.defaultPoolFqdn,
      });
    }
    await tx.topology.putSite(site);
  });
  return site;
}

/**
 * The pool a user's clients are told about in provisioning (PC-23, PC-81): the default pool of the user's
 * site, else the only/first pool. Null when no pool exists.
 */
export async function defaultPoolFor(
  deps: Pick<ServiceDeps, 'store'>,
  siteId: string | null,
): Promise<Pool | null> {
  if (siteId) {
    const site = await deps.store.topology.getSite(siteId);
    if (site?.defaultPoolFqdn) {
      const p = await deps.store.topology.getPool(site.defaultPoolFqdn);
      if (p) return p;
    }
  }
  const pools = await deps.store.topology.listPools();
  return (
    pools.sort((a, b) => a.audit.createdOn - b.audit.createdOn || a.fqdn.localeCompare(b.fqdn))[0] ?? null
  );
}
