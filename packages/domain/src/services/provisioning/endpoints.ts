// Contact objects: Persistent Chat endpoints (New-CsPersistentChatEndpoint, PC-47) and trusted
// applications with their application endpoints (New-CsTrustedApplication / -Endpoint, PC-87).
import { DomainError } from '../../errors.js';
import type { Actor, Contact } from '../../model/principal.js';
import type { TrustedApplication } from '../../model/topology.js';
import { assertCan } from '../../access/can.js';
import { normalizeUri } from '../../access/ancestry.js';
import type { ServiceDeps } from '../deps.js';
import { newAudit } from '../deps.js';
import { fqdn, intInRange, nonEmpty, sipUri } from './validate.js';

/** A friendly URI for a pool, for legacy clients configured by hand (one per pool is enough, PC-47). */
export async function newChatEndpoint(
  deps: ServiceDeps,
  actor: Actor,
  input: { sipAddress: string; poolFqdn: string; displayName?: string },
): Promise<Contact> {
  assertCan(actor, 'admin.endpoint');
  const uri = sipUri(input.sipAddress);
  const poolFqdn = fqdn(input.poolFqdn, 'PersistentChatPoolFqdn');
  return deps.store.transaction(async (tx) => {
    if (!(await tx.topology.getPool(poolFqdn)))
      throw new DomainError(
        'NoSuchNode',
        `No Persistent Chat pool ${poolFqdn} exists. Check -PersistentChatPoolFqdn.`,
        { poolFqdn },
      );
    const c: Contact = {
      uri,
      kind: 'contact',
      guid: deps.ids.uuid(),
      displayName: input.displayName?.trim() || uri,
      contactType: 'persistentChatEndpoint',
      poolFqdn,
      applicationId: null,
      audit: newAudit(actor.uri, deps.clock.now()),
    };
    await tx.directory.insert(c); // DuplicateName: the SIP address is taken by a user, group or contact
    return c;
  });
}

export async function removeContact(
  deps: ServiceDeps,
  actor: Actor,
  uri: string,
  expected: Contact['contactType'],
): Promise<void> {
  assertCan(actor, 'admin.endpoint');
  const u = normalizeUri(uri);
  await deps.store.transaction(async (tx) => {
    const c = await tx.directory.get(u);
    if (!c || c.kind !== 'contact' || c.contactType !== expected)
      throw new DomainError(
        'NoSuchPrincipal',
        `No ${expected === 'application' ? 'trusted application endpoint' : 'Persistent Chat endpoint'} ${uri} exists.`,
        { uri },
      );
    await tx.directory.deleteContact(u);
  });
}

export async function newTrustedApplication(
  deps: ServiceDeps,
  actor: Actor,
  input: { id: string; poolFqdn: string; port: number },
): Promise<TrustedApplication> {
  assertCan(actor, 'admin.endpoint');
  const app: TrustedApplication = {
    id: nonEmpty(input.id, 'The ApplicationId'),
    poolFqdn: fqdn(input.poolFqdn, 'TrustedApplicationPoolFqdn'),
    port: intInRange(input.port, 1, 65535, 'Port'),
    audit: newAudit(actor.uri, deps.clock.now()),
  };
  return deps.store.transaction(async (tx) => {
    if (await tx.topology.getTrustedApplication(app.id))
      throw new DomainError('DuplicateName', `A trusted application '${app.id}' already exists.`, {
        id: app.id,
      });
    await tx.topology.putTrustedApplication(app);
    return app;
  });
}

/** New-CsTrustedApplicationEndpoint: an application contact owned by a trusted application. */
export async function newApplicationEndpoint(
  deps: ServiceDeps,
  actor: Actor,
  input: { applicationId: string; sipAddress: string; displayName?: string },
): Promise<Contact> {
  assertCan(actor, 'admin.endpoint');
  const uri = sipUri(input.sipAddress);
  return deps.store.transaction(async (tx) => {
    if (!(await tx.topology.getTrustedApplication(input.applicationId)))
      throw new DomainError('NoSuchNode', `No trusted application '${input.applicationId}' exists.`, {
        id: input.applicationId,
      });
    const c: Contact = {
      uri,
      kind: 'contact',
      guid: deps.ids.uuid(),
      displayName: input.displayName?.trim() || uri,
      contactType: 'application',
      poolFqdn: null,
      applicationId: input.applicationId,
      audit: newAudit(actor.uri, deps.clock.now()),
    };
    await tx.directory.insert(c);
    return c;
  });
}
