// Who a presence or contact request acts as. Application endpoints (a trusted application acting for
// someone through P-Asserted-Identity, or an endpoint owned by a contact object) cannot publish presence
// nor manage contacts (PC-87): can('presence.use') refuses them at once, before anything is changed.
import { assertCan, buildActor, type Actor } from '@pchat/domain';
import type { RequestIdentity } from '../connection.js';
import type { FrontendContext } from '../context.js';

export async function presenceActor(ctx: FrontendContext, identity: RequestIdentity): Promise<Actor> {
  const built = await buildActor(ctx.store, identity.uri);
  const actor: Actor = {
    ...built,
    ...(identity.ownerKind === 'contact' ? { kind: 'contact' } : {}),
    ...(identity.assertedBy !== null ? { viaApplication: true } : {}),
  };
  assertCan(actor, 'presence.use');
  return actor;
}
