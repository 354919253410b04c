// INVITE routing. Every INVITE gets a final answer at once: a chat URI goes to the chat routing after the
// caller is checked; anything the server cannot serve says why in ms-diagnostics (a refusal that looks
// like a one-minute hang is the bug we refuse to repeat). A 2xx creates the SIP dialog with the chat
// side of it inside (ChatDialogData): one dialog, one owner.
import { createResponse, parseUri, uriAddress, type SipRequest, type SipResponse } from '@pchat/protocol';
import { assertCan, buildActor, type Actor } from '@pchat/domain';
import type { SipDialog } from '../../sip/transaction/index.js';
import type { ConnectionState, RequestIdentity, SipRequestSide } from '../connection.js';
import type { FrontendContext } from '../context.js';
import { DIAG, mapErrorToSip, refuse, type SipRefusal } from '../../errors/sip.js';
import { DIALOG_END, type ChatDialogData, type ChatInviteAnswer } from './chat-router.js';
import { resolveChatUri } from './resolve.js';

function refusal(req: SipRequest, r: SipRefusal, toTag: string): SipResponse {
  return createResponse(req, r.status, r.reason, r.headers, { toTag });
}

export async function handleInvite(
  ctx: FrontendContext,
  state: ConnectionState,
  req: SipRequest,
  identity: RequestIdentity,
  toTag: string,
  sip: SipRequestSide,
): Promise<SipResponse | null> {
  const src = ctx.fqdn;
  let target: string;
  try {
    target = uriAddress(parseUri(req.uri)).toLowerCase();
  } catch {
    return refusal(
      req,
      refuse(src, {
        status: 400,
        code: DIAG.badRegister,
        reason: 'The Request-URI is not readable',
        component: 'FrontEnd',
      }),
      toTag,
    );
  }

  const caller = await ctx.store.directory.get(identity.uri);
  const resolved = await resolveChatUri(
    ctx.store,
    target,
    ctx.domains,
    caller?.kind === 'user' ? caller : null,
  );
  if (resolved.kind === 'user') {
    return refusal(
      req,
      refuse(src, {
        status: 480,
        code: DIAG.notACallServer,
        component: 'FrontEnd',
        reason: `pchat is a Persistent Chat server, not a call or IM server: it does not route INVITEs to users such as ${target}`,
      }),
      toTag,
    );
  }
  if (resolved.kind === 'unknown') {
    return refusal(
      req,
      refuse(src, {
        status: 404,
        code: DIAG.noSuchChatUri,
        component: 'PersistentChat',
        reason: `${target} is not a Persistent Chat pool URI, Persistent Chat endpoint or the legacy lookup URI of a served domain`,
      }),
      toTag,
    );
  }

  // The caller: a user object (PC-82), enabled (PC-26), enabled by policy (PC-36).
  let actor: Actor;
  try {
    actor = await buildActor(ctx.store, identity.uri);
    // An application endpoint owned by a contact object is a contact here too, whatever its URI resolves to.
    if (identity.ownerKind === 'contact') actor = { ...actor, kind: 'contact' };
    assertCan(actor, 'chat.connect');
  } catch (e) {
    const r = mapErrorToSip(e, src);
    if (r.errorId) ctx.logger.error({ err: e, errorId: r.errorId }, 'INVITE check failed unexpectedly');
    return refusal(req, r, toTag);
  }

  let a: ChatInviteAnswer;
  try {
    a = await ctx.chat.onInvite({
      request: req,
      connection: state.connection,
      identity,
      actor,
      target: resolved.target,
      localTag: toTag,
      fqdn: src,
    });
  } catch (e) {
    const r = mapErrorToSip(e, src);
    if (r.errorId) ctx.logger.error({ err: e, errorId: r.errorId }, 'chat service failed on INVITE');
    return refusal(req, r, toTag);
  }
  const res = createResponse(req, a.status, a.reason, a.headers ?? [], {
    toTag,
    ...(a.body !== undefined ? { body: a.body } : {}),
    ...(a.contentType !== undefined ? { contentType: a.contentType } : {}),
  });
  if (a.status < 200 || a.status > 299) return res;
  const data: ChatDialogData = { identity, target: resolved.target, session: a.session ?? null };
  let dialog: SipDialog;
  try {
    dialog = sip.acceptDialog(res, data);
  } catch (e) {
    // Answered meanwhile (a CANCEL got there first): no dialog, so the session opened for it ends now.
    ctx.chat.onDialogEnded(data, null, DIALOG_END.notAccepted);
    ctx.logger.info({ err: e, conn: state.connection.id }, 'INVITE accepted too late: no dialog');
    return null;
  }
  const dialogs = ctx.dialogs;
  data.session?.bind(dialog, (reason) => dialogs.terminate(dialog, reason));
  return null;
}
