// REGISTER (RFC 3261 §10.3) with what pidgin-sipe needs in the 200 OK (docs/xccos.md §5.2), GRUUs
// (RFC 5627), several endpoints per user (RFC 5626 instance ids, Microsoft `epid`), connection-oriented
// sign-in (the connection is bound to the identity) and the brute-force throttle.
import {
  createResponse,
  getHeader,
  getHeaderValues,
  hasHeader,
  parseCSeq,
  parseNameAddr,
  paramOf,
  type SipHeader,
  type SipNameAddr,
  type SipRequest,
  type SipResponse,
} from '@pchat/protocol';
import type { ConnectionIdentity, ConnectionState, OwnerKind } from '../connection.js';
import type { FrontendContext } from '../context.js';
import { DIAG, refuse, type SipRefusal } from '../../errors/sip.js';
import { addressOf } from '../identity.js';
import { ensureTrust } from '../trusted/trusted-peer.js';
import { authenticateRegister } from './authenticate.js';
import type { MessageSecurity } from '../../auth/scheme.js';
import type { Binding } from './bindings.js';
import { SUPPORTED_EVENTS } from '../provisioning/subscribe.js';

function answer(req: SipRequest, r: SipRefusal, toTag: string): SipResponse {
  return createResponse(req, r.status, r.reason, r.headers, { toTag });
}

export async function handleRegister(
  ctx: FrontendContext,
  state: ConnectionState,
  req: SipRequest,
  toTag: string,
): Promise<SipResponse> {
  const src = ctx.fqdn;
  const aor = addressOf(getHeader(req, 'To'));
  if (aor === null || !aor.startsWith('sip:') || !aor.includes('@')) {
    return answer(
      req,
      refuse(src, {
        status: 400,
        code: DIAG.badRegister,
        reason: 'The To header must name the SIP address being registered (sip:user@domain)',
        component: 'Registrar',
      }),
      toTag,
    );
  }

  // 1. Who is registering.
  let identity: ConnectionIdentity | null = null;
  const trusted = await ensureTrust(ctx, state);
  let trustedApp: string | null = null;
  const extra: SipHeader[] = [];
  // A signing scheme's handshake on a signed-in connection is a re-authentication (MS-SIPAE: pidgin-sipe
  // starts one 5 minutes before its security association expires): authenticate again, same user only.
  const reauth =
    state.identity !== null &&
    state.identity.uri === aor &&
    state.security !== null &&
    state.security.isHandshake(req);
  let security: MessageSecurity | null = null;
  if (state.identity !== null && state.identity.uri === aor && !reauth) {
    identity = state.identity; // refresh or un-REGISTER on the signed-in connection
  } else if (trusted && !reauth) {
    trustedApp = trusted.applicationId; // application endpoint: no Digest (PC-87)
  } else if (state.identity !== null && !reauth) {
    return answer(
      req,
      refuse(src, {
        status: 403,
        code: DIAG.identityMismatch,
        component: 'Registrar',
        reason: `This connection is signed in as ${state.identity.uri}; it cannot register ${aor}. Open another connection for another user.`,
      }),
      toTag,
    );
  } else {
    const auth = await authenticateRegister(ctx, state, req, aor);
    if (auth.kind === 'response')
      return createResponse(req, auth.status, auth.reason, auth.headers, { toTag });
    identity = { uri: aor, ownerKind: 'user', method: auth.method };
    security = auth.security;
    extra.push(...auth.headers);
  }

  // 2. The principal must exist and be allowed to have endpoints.
  const principal = await ctx.store.directory.get(aor);
  let ownerKind: OwnerKind;
  if (principal === null) {
    return answer(
      req,
      refuse(src, {
        status: 404,
        code: DIAG.unknownUser,
        reason: `${aor} is not a user of this deployment`,
        component: 'Registrar',
      }),
      toTag,
    );
  } else if (principal.kind === 'user') {
    if (principal.disabled) {
      return answer(
        req,
        refuse(src, {
          status: 403,
          code: DIAG.principalDisabled,
          reason: `${aor} is disabled: ask an administrator to enable the user`,
          component: 'Registrar',
        }),
        toTag,
      );
    }
    ownerKind = 'user';
  } else if (principal.kind === 'contact') {
    ownerKind = 'contact';
  } else {
    return answer(
      req,
      refuse(src, {
        status: 403,
        code: DIAG.notAUserPrincipal,
        reason: `${aor} is a ${principal.kind}, not a user or contact: it cannot register`,
        component: 'Registrar',
      }),
      toTag,
    );
  }
  if (identity !== null && state.identity === null) {
    // A browser's first password sign-in on a handshake that got a fresh session cookie: from now on the
    // cookie signs this user in after a reload (auth/web-session). Stored before the 200 OK, so a reload
    // right after finds it on every node.
    const ws = state.connection.webSession;
    if (ws?.fresh && ctx.webSessions && ownerKind === 'user' && identity.method !== 'web-session')
      await ctx.webSessions.bind(ws.token, aor);
    state.identity = { ...identity, ownerKind };
    state.connection.markSignedIn();
    ctx.logger.info(
      { conn: state.connection.id, user: aor, method: identity.method },
      'connection signed in',
    );
  }
  // Installed before the answer is sent: the 200 OK is the first message signed with the new association.
  if (security !== null) {
    state.security = security;
    if (reauth)
      ctx.logger.info(
        { conn: state.connection.id, user: aor, method: identity?.method },
        'connection re-authenticated',
      );
  }

  // 3. Contacts (§10.3 steps 6-7).
  return updateBindings(ctx, state, req, toTag, aor, ownerKind, trustedApp, extra);
}

function updateBindings(
  ctx: FrontendContext,
  state: ConnectionState,
  req: SipRequest,
  toTag: string,
  aor: string,
  ownerKind: OwnerKind,
  trustedApp: string | null,
  extra: SipHeader[],
): SipResponse {
  const src = ctx.fqdn;
  const s = ctx.registrar;
  const contacts = getHeaderValues(req, 'Contact');
  const expiresHeader = getHeader(req, 'Expires');
  const headerExpires =
    expiresHeader !== undefined && /^\d{1,10}$/.test(expiresHeader.trim())
      ? Number(expiresHeader.trim())
      : null;
  const callId = getHeader(req, 'Call-ID') ?? '';
  const cseq = parseCSeq(getHeader(req, 'CSeq') ?? '0 REGISTER').seq;
  const epid = paramOf(getHeader(req, 'From') ?? '', 'epid');
  const bad = (reason: string): SipResponse =>
    answer(req, refuse(src, { status: 400, code: DIAG.badRegister, reason, component: 'Registrar' }), toTag);

  let granted = 0;
  if (contacts.length === 1 && contacts[0] === '*') {
    // §10.3 step 6: "*" only with Expires: 0 removes every binding of the AOR.
    if (headerExpires !== 0) return bad('Contact: * is allowed only with Expires: 0');
    ctx.bindings.removeAll(aor);
  } else if (contacts.includes('*')) {
    return bad('Contact: * must be the only Contact');
  } else {
    const parsed: SipNameAddr[] = [];
    for (const c of contacts) {
      try {
        parsed.push(parseNameAddr(c));
      } catch {
        return bad('A Contact header is not a readable address');
      }
    }
    // Check every contact before changing anything (§10.3: the request is atomic).
    const plans: Array<{ na: SipNameAddr; expires: number; key: string; instance: string | null }> = [];
    for (const na of parsed) {
      const pe = na.params.get('expires');
      let expires =
        pe !== undefined && pe !== null && /^\d{1,10}$/.test(pe)
          ? Number(pe)
          : (headerExpires ?? s.defaultExpires);
      if (expires > 0 && expires < s.minExpires) {
        return answer(
          req,
          refuse(src, {
            status: 423,
            code: DIAG.intervalTooBrief,
            component: 'Registrar',
            reason: `Registrations must last at least ${s.minExpires} seconds`,
            extra: [{ name: 'Min-Expires', value: String(s.minExpires) }],
          }),
          toTag,
        );
      }
      expires = Math.min(expires, s.maxExpires);
      const rawInstance = na.params.get('+sip.instance') ?? null;
      const instance = rawInstance === null ? null : rawInstance.replace(/^"|"$/g, '');
      const key =
        instance !== null
          ? `instance:${instance.toLowerCase()}`
          : epid !== null
            ? `epid:${epid.toLowerCase()}`
            : `contact:${na.uri.raw}`;
      const prior = ctx.bindings.get(aor, key);
      // §10.3 step 7: an older or repeated request of the same Call-ID must not undo a newer one.
      if (prior && prior.callId === callId && prior.cseq >= cseq) {
        return answer(
          req,
          refuse(src, {
            status: 500,
            code: DIAG.badRegister,
            component: 'Registrar',
            reason: 'This REGISTER is out of order (CSeq not above the last one of this Call-ID)',
          }),
          toTag,
        );
      }
      plans.push({ na, expires, key, instance });
    }
    const now = ctx.now();
    plans.forEach((p, i) => {
      if (i === 0) granted = p.expires;
      if (p.expires === 0) {
        ctx.bindings.remove(aor, p.key);
        return;
      }
      const b: Binding = {
        aor,
        key: p.key,
        contactUri: p.na.uri.raw,
        instance: p.instance,
        epid,
        gruu: p.instance !== null ? publicGruu(aor, p.instance) : null,
        connectionId: state.connection.id,
        expiresAt: now + p.expires * 1000,
        callId,
        cseq,
        ownerKind,
        trustedApplication: trustedApp,
        userAgent: getHeader(req, 'User-Agent') ?? null,
      };
      ctx.bindings.put(b);
    });
  }

  // §10.3 step 8 plus docs/xccos.md §5.2.
  const headers: SipHeader[] = [];
  const now = ctx.now();
  const wantsGruu = getHeaderValues(req, 'Supported').some((v) => v === 'gruu' || v === 'gruu-10');
  for (const b of ctx.bindings.list(aor)) {
    const left = Math.max(0, Math.round((b.expiresAt - now) / 1000));
    let v = `<${b.contactUri}>;expires=${left}`;
    if (b.instance !== null) v += `;+sip.instance="${b.instance}"`;
    if (b.gruu !== null && wantsGruu) v += `;pub-gruu="${b.gruu}";gruu="${b.gruu}"`;
    headers.push({ name: 'Contact', value: v });
  }
  // COMPAT(pidgin-sipe): Expires must be a header, not only a Contact parameter, or the 200 is ignored.
  headers.push({ name: 'Expires', value: String(granted) });
  // COMPAT(pidgin-sipe): exact header value matches: its own Supported value, Allow-Events joined with ","
  // and no spaces (the client splits without trimming).
  headers.push({ name: 'Supported', value: 'msrtc-event-categories' });
  // COMPAT(pidgin-sipe): `adhoclist` turns on batched presence subscriptions ([MS-PRES] 3.7.5.2): one
  // SUBSCRIBE for the whole contact list instead of one per contact.
  headers.push({ name: 'Supported', value: 'adhoclist' });
  if (wantsGruu) headers.push({ name: 'Supported', value: 'gruu-10' });
  // The client subscribes only to what is listed here (roaming contacts, roaming self, presence).
  headers.push({ name: 'Allow-Events', value: SUPPORTED_EVENTS.join(',') });
  if (hasHeader(req, 'ms-keep-alive') && s.keepAliveSeconds > 0) {
    headers.push({
      name: 'ms-keep-alive',
      value: `UAS; tcp=no; hop-hop=yes; end-host=no; timeout=${s.keepAliveSeconds}`,
    });
  }
  headers.push(...extra);
  return createResponse(req, 200, 'OK', headers, { toTag });
}

/** RFC 5627 §3.1: the AOR with `gr=<instance urn>` (angle brackets of the +sip.instance value removed). */
export function publicGruu(aor: string, instance: string): string {
  return `${aor};gr=${instance.replace(/^<|>$/g, '')}`;
}
