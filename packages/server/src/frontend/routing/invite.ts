// INVITE routing (issue 3 part 5). Every INVITE gets a final answer at once: a chat URI goes to the chat
// service after the caller is checked; anything the server cannot serve says why in ms-diagnostics
// (seed 000: a refusal that looks like a one-minute hang is the bug we refuse to repeat).
import { createResponse, getHeader, parseUri, tagOf, uriAddress, type SipRequest, type SipResponse } from '@pchat/protocol';
import { buildActor, DomainError, type Actor } from '@pchat/domain';
import type { ConnectionState, RequestIdentity } from '../connection.js';
import type { FrontendContext } from '../context.js';
import { DIAG, mapErrorToSip, refuse, type SipRefusal } from '../diagnostics.js';
import type { ChatAnswer } from './chat-router.js';
import { resolveChatUri } from './resolve.js';

function refusal(req: SipRequest, r: SipRefusal, toTag: string): SipResponse {
  return createResponse(req, r.status, r.reason, r.headers, { toTag });
}

export async function handleInvite(ctx: FrontendContext, state: ConnectionState, req: SipRequest, identity: RequestIdentity, toTag: string): Promise<SipResponse> {
  const src = ctx.fqdn;
  let target: string;
  try {
    target = uriAddress(parseUri(req.uri)).toLowerCase();
  } catch {
    return refusal(req, refuse(src, { status: 400, code: DIAG.badRegister, reason: 'The Request-URI is not readable', component: 'FrontEnd' }), toTag);
  }

  const caller = await ctx.store.directory.get(identity.uri);
  const resolved = await resolveChatUri(ctx.store, target, ctx.domains, caller?.kind === 'user' ? caller : null);
  if (resolved.kind === 'user') {
    return refusal(req, refuse(src, {
      status: 480, code: DIAG.notACallServer, component: 'FrontEnd',
      reason: `pchat is a Persistent Chat server, not a call or IM server: it does not route INVITEs to users such as ${target}`,
    }), toTag);
  }
  if (resolved.kind === 'unknown') {
    return refusal(req, refuse(src, {
      status: 404, code: DIAG.noSuchChatUri, component: 'PersistentChat',
      reason: `${target} is not a Persistent Chat pool URI, Persistent Chat endpoint or the legacy lookup URI of a served domain`,
    }), toTag);
  }

  // The caller: a user object (PC-82, seed 000), enabled (PC-26), enabled by policy (PC-36).
  let actor: Actor;
  try {
    if (identity.ownerKind === 'contact' || caller?.kind === 'contact') {
      throw new DomainError(
        'NotAUserPrincipal',
        `${identity.uri} is a contact object (for example a New-CsTrustedApplicationEndpoint). Persistent Chat endpoints must be owned by a user object: create a SIP-enabled user with this address (or use an existing user's address) and sign the application endpoint in as that user.`,
        { uri: identity.uri },
      );
    }
    actor = await buildActor(ctx.store, identity.uri);
    if (actor.disabled) {
      throw new DomainError('PrincipalDisabled', `User ${identity.uri} is disabled: ask an administrator to enable the user before using Persistent Chat.`, { uri: identity.uri });
    }
    if (!actor.enabledByPolicy) {
      throw new DomainError(
        'NotEnabledByPolicy',
        'User not enabled for Persistent Chat by policy: ask an administrator to grant a CsPersistentChatPolicy with EnablePersistentChat=$true',
        { uri: identity.uri },
      );
    }
  } catch (e) {
    const r = mapErrorToSip(e, src);
    if (r.errorId) ctx.logger.error({ err: e, errorId: r.errorId }, 'INVITE check failed unexpectedly');
    return refusal(req, r, toTag);
  }

  let a: ChatAnswer;
  try {
    a = await ctx.chat.onInvite({ request: req, connection: state.connection, identity, actor, target: resolved.target, localTag: toTag, fqdn: src });
  } catch (e) {
    const r = mapErrorToSip(e, src);
    if (r.errorId) ctx.logger.error({ err: e, errorId: r.errorId }, 'chat service failed on INVITE');
    return refusal(req, r, toTag);
  }
  const res = createResponse(req, a.status, a.reason, a.headers ?? [], { toTag, ...(a.body !== undefined ? { body: a.body } : {}), ...(a.contentType !== undefined ? { contentType: a.contentType } : {}) });
  const remoteTag = tagOf(getHeader(req, 'From') ?? '');
  const callId = getHeader(req, 'Call-ID');
  if (a.status >= 200 && a.status < 300 && remoteTag !== null && callId !== undefined) {
    ctx.dialogs.add({ callId, localTag: toTag, remoteTag, connectionId: state.connection.id, identity, target: resolved.target });
  }
  return res;
}
