// Trusted application pools (New/Get/Remove-CsTrustedApplicationPool, PC-87) and the pool-checked
// New-CsTrustedApplication. A pool trusts nobody by itself: the front end's certificate match
// (frontend/trusted) compares certificate names with its applications' poolFqdn.
import { DomainError } from '../../errors.js';
import type { Actor } from '../../model/principal.js';
import type { TrustedApplication, TrustedApplicationPool } from '../../model/topology.js';
import type { Store } from '../../ports/store.js';
import { assertCan } from '../../access/can.js';
import type { ServiceDeps } from '../deps.js';
import { newAudit } from '../deps.js';
import { newTrustedApplication } from './endpoints.js';
import { fqdn } from './validate.js';

/** Ordered by FQDN. */
export async function listTrustedApplicationPools(store: Store): Promise<TrustedApplicationPool[]> {
  return store.topology.listTrustedApplicationPools();
}

export async function getTrustedApplicationPool(
  store: Store,
  poolFqdn: string,
): Promise<TrustedApplicationPool | null> {
  return store.topology.getTrustedApplicationPool(poolFqdn.trim().toLowerCase());
}

/** The applications homed on a pool (case-insensitive FQDN), ordered by id. */
export async function applicationsOfPool(store: Store, poolFqdn: string): Promise<TrustedApplication[]> {
  const f = poolFqdn.toLowerCase();
  return (await store.topology.listTrustedApplications())
    .filter((a) => a.poolFqdn.toLowerCase() === f)
    .sort((a, b) => a.id.localeCompare(b.id));
}

export interface NewTrustedApplicationPoolInput {
  fqdn: string;
  /** Default: the site's default pool, else the only (first) pchat pool. */
  registrar?: string;
  siteId?: string | null;
  computerFqdns?: readonly string[];
  throttleAsServer?: boolean;
  treatAsAuthenticated?: boolean;
}

export async function newTrustedApplicationPool(
  deps: ServiceDeps,
  actor: Actor,
  input: NewTrustedApplicationPoolInput,
): Promise<TrustedApplicationPool> {
  assertCan(actor, 'admin.endpoint');
  const poolFqdn = fqdn(input.fqdn, 'trusted application pool FQDN (-Identity)');
  const computers = [
    ...new Set(
      (input.computerFqdns?.length ? input.computerFqdns : [poolFqdn]).map((c) => fqdn(c, 'ComputerFqdn')),
    ),
  ];
  return deps.store.transaction(async (tx) => {
    if (await getTrustedApplicationPool(tx, poolFqdn)) {
      throw new DomainError(
        'DuplicateName',
        `A trusted application pool ${poolFqdn} already exists. See it with Get-CsTrustedApplicationPool -Identity ${poolFqdn}.`,
        { fqdn: poolFqdn },
      );
    }
    const siteId = input.siteId?.trim() || null;
    if (siteId !== null && !(await tx.topology.getSite(siteId))) {
      throw new DomainError(
        'NoSuchNode',
        `No site '${siteId}' exists. Leave -Site out, or name an existing site.`,
        { siteId },
      );
    }
    const pools = await tx.topology.listPools();
    let registrar: string;
    if (input.registrar?.trim()) {
      const wanted = input.registrar
        .trim()
        .toLowerCase()
        .replace(/^registrar:/, '');
      const hit = pools.find((p) => p.fqdn === wanted);
      if (!hit) {
        throw new DomainError(
          'NoSuchNode',
          `No pool ${wanted} exists to act as -Registrar. Name the pchat pool the applications register with${pools.length ? ` (${pools.map((p) => p.fqdn).join(', ')})` : ''}.`,
          { registrar: wanted },
        );
      }
      registrar = hit.fqdn;
    } else {
      const site = siteId !== null ? await tx.topology.getSite(siteId) : null;
      const first = pools.sort(
        (a, b) => a.audit.createdOn - b.audit.createdOn || a.fqdn.localeCompare(b.fqdn),
      )[0];
      const fallback = site?.defaultPoolFqdn ?? first?.fqdn;
      if (!fallback)
        throw new DomainError(
          'NoSuchNode',
          'No pchat pool exists to act as Registrar. Start pchat once (it creates the first pool), then try again.',
        );
      registrar = fallback;
    }
    const pool: TrustedApplicationPool = {
      fqdn: poolFqdn,
      registrar,
      siteId,
      computerFqdns: computers,
      throttleAsServer: input.throttleAsServer ?? true,
      treatAsAuthenticated: input.treatAsAuthenticated ?? true,
      audit: newAudit(actor.uri, deps.clock.now()),
    };
    await tx.topology.putTrustedApplicationPool(pool);
    return pool;
  });
}

/** Remove-CsTrustedApplicationPool: refused while applications are homed on the pool (NotEmpty). */
export async function removeTrustedApplicationPool(
  deps: ServiceDeps,
  actor: Actor,
  identity: string,
): Promise<TrustedApplicationPool> {
  assertCan(actor, 'admin.endpoint');
  const poolFqdn = identity
    .trim()
    .toLowerCase()
    .replace(/^(trustedapplicationpool|externalserver):/, '');
  return deps.store.transaction(async (tx) => {
    const pool = await getTrustedApplicationPool(tx, poolFqdn);
    if (!pool)
      throw new DomainError(
        'NoSuchNode',
        `No trusted application pool '${identity}' exists. List them with Get-CsTrustedApplicationPool.`,
        { identity },
      );
    const apps = await applicationsOfPool(tx, pool.fqdn);
    if (apps.length > 0) {
      throw new DomainError(
        'NotEmpty',
        `The trusted application pool ${pool.fqdn} still has ${apps.length} trusted application${apps.length === 1 ? '' : 's'} (${apps.map((a) => a.id).join(', ')}). ` +
          `Remove ${apps.length === 1 ? 'it' : 'them'} first (Remove-CsTrustedApplication -Identity ${pool.fqdn}/urn:application:${(apps[0] as TrustedApplication).id.toLowerCase()}), then remove the pool.`,
        { fqdn: pool.fqdn, applications: apps.length },
      );
    }
    await tx.topology.deleteTrustedApplicationPool(pool.fqdn);
    return pool;
  });
}

/**
 * New-CsTrustedApplication -ApplicationId -TrustedApplicationPoolFqdn -Port: the pool must exist, and the
 * port must be free within it (each application of a pool listens on its own port).
 */
export async function newTrustedApplicationInPool(
  deps: ServiceDeps,
  actor: Actor,
  input: { id: string; poolFqdn: string; port: number },
): Promise<TrustedApplication> {
  assertCan(actor, 'admin.endpoint');
  const poolFqdn = fqdn(input.poolFqdn, 'TrustedApplicationPoolFqdn');
  return deps.store.transaction(async (tx) => {
    if (!(await getTrustedApplicationPool(tx, poolFqdn))) {
      throw new DomainError(
        'NoSuchNode',
        `No trusted application pool ${poolFqdn} exists. Create it first: New-CsTrustedApplicationPool -Identity ${poolFqdn}, or check -TrustedApplicationPoolFqdn (Get-CsTrustedApplicationPool).`,
        { poolFqdn },
      );
    }
    if (await tx.topology.getTrustedApplication(input.id.trim()))
      throw new DomainError('DuplicateName', `A trusted application '${input.id.trim()}' already exists.`, {
        id: input.id.trim(),
      });
    const clash = (await applicationsOfPool(tx, poolFqdn)).find((a) => a.port === input.port);
    if (clash) {
      throw new DomainError(
        'DuplicateName',
        `Port ${input.port} of pool ${poolFqdn} is already used by the trusted application '${clash.id}'. Choose another -Port.`,
        { poolFqdn, port: input.port },
      );
    }
    return newTrustedApplication({ ...deps, store: tx }, actor, { ...input, poolFqdn });
  });
}
