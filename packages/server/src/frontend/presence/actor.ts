// Who a presence or contact request acts as. Application endpoints (a trusted application acting for
// someone through P-Asserted-Identity, or an endpoint owned by a contact object) cannot publish presence
// nor manage contacts (PC-87): they are refused at once, before anything is read or changed.
import { buildActor, DomainError, type Actor } from '@pchat/domain';
import type { RequestIdentity } from '../connection.js';
import type { FrontendContext } from '../context.js';

export async function presenceActor(ctx: FrontendContext, identity: RequestIdentity): Promise<Actor> {
  if (identity.assertedBy !== null)
    throw new DomainError(
      'ErrorPermission',
      'Application endpoints cannot publish presence, watch presence or manage contacts: sign in as the user (a user endpoint) to do that.',
    );
  const actor = await buildActor(ctx.store, identity.uri);
  return identity.ownerKind === 'contact' ? { ...actor, kind: 'contact' } : actor;
}
