// In-band provisioning (docs/xccos.md §5.3, PC-21, PC-81): SUBSCRIBE vnd-microsoft-provisioning-v2 is
// answered at once with the document in the 200 OK (`ms-piggyback-cseq`, `Expires: 0`: one-shot).
// EnablePersistentChat comes from the user's effective policy (PC-36); DefaultPersistentChatPoolUri is
// the pool of the user's site, else the first pool. Other events get 489 (RFC 6665 §8.2.2).
import {
  buildProvisioningDocument,
  PROVISIONING_V2_CONTENT_TYPE,
  PROVISIONING_V2_EVENT,
} from '@pchat/protocol';
import { createResponse, getHeader, type SipRequest, type SipResponse } from '@pchat/protocol';
import { effectivePolicyEnabled } from '@pchat/domain';
import type { RequestIdentity } from '../connection.js';
import type { FrontendContext } from '../context.js';
import { DIAG, refuse } from '../../errors/sip.js';
import { defaultPool } from '../routing/resolve.js';
import { PRESENCE_EVENTS } from '../presence/subscribe.js';

/** The events this server accepts subscriptions for (also its Allow-Events, in this order). */
export const SUPPORTED_EVENTS = [PROVISIONING_V2_EVENT, ...PRESENCE_EVENTS] as const;

export async function handleSubscribe(
  ctx: FrontendContext,
  req: SipRequest,
  identity: RequestIdentity,
  toTag: string,
): Promise<SipResponse> {
  const event = (getHeader(req, 'Event') ?? '').split(';')[0]!.trim().toLowerCase();
  if (event !== PROVISIONING_V2_EVENT) {
    // COMPAT(pidgin-sipe): 489, never 488, for an event not served: a 488 to roaming-contacts switches the
    // client into Lync 2013 UCS mode with HTTP/EWS autodiscovery (docs/xccos.md §5.3).
    const r = refuse(ctx.fqdn, {
      status: 489,
      code: DIAG.badEvent,
      component: 'FrontEnd',
      reason: `Event "${event || '(none)'}" is not offered by this server; only ${SUPPORTED_EVENTS.join(', ')}`,
      extra: [{ name: 'Allow-Events', value: SUPPORTED_EVENTS.join(',') }],
    });
    return createResponse(req, r.status, r.reason, r.headers, { toTag });
  }
  const body = await provisioningDocumentFor(ctx, identity.uri);
  const cseq = (getHeader(req, 'CSeq') ?? '1').trim().split(/\s+/)[0] ?? '1';
  return createResponse(
    req,
    200,
    'OK',
    [
      { name: 'Event', value: PROVISIONING_V2_EVENT },
      // MS-SIPREGE: the document rides on the 200 instead of a NOTIFY; the client matches it by this CSeq.
      { name: 'ms-piggyback-cseq', value: cseq },
      { name: 'Expires', value: '0' },
    ],
    { toTag, body, contentType: PROVISIONING_V2_CONTENT_TYPE },
  );
}

export async function provisioningDocumentFor(ctx: FrontendContext, uri: string): Promise<string> {
  const p = await ctx.store.directory.get(uri);
  const user = p?.kind === 'user' ? p : null;
  const enabled = user !== null && !user.disabled && (await effectivePolicyEnabled(ctx.store, user));
  const pools = await ctx.store.topology.listPools();
  const pool = await defaultPool(ctx.store, user, pools);
  return buildProvisioningDocument({
    persistentChat: {
      enabled,
      ...(pool ? { defaultPoolUri: pool.chatServerUri } : {}),
      ...(pools.length ? { poolUris: pools.map((x) => x.chatServerUri) } : {}),
    },
  });
}
