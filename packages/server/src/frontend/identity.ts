// Who a request acts as. A signed-in connection acts as its identity; a trusted application connection
// (mutual TLS, PC-87) acts for whomever it names in P-Asserted-Identity (RFC 3325 §9.1); anyone else
// naming someone other than themselves there is refused.
import { getHeader, parseNameAddr, uriAddress, type SipRequest } from '@pchat/protocol';
import type { ConnectionState, OwnerKind, RequestIdentity } from './connection.js';
import type { FrontendContext } from './context.js';
import { DIAG, refuse, type SipRefusal } from '../errors/sip.js';
import { ensureTrust } from './trusted/trusted-peer.js';

/** `sip:user@host` lower-cased, from a name-addr header value; null when unreadable. */
export function addressOf(value: string | undefined): string | null {
  if (value === undefined) return null;
  try {
    const na = parseNameAddr(value);
    return uriAddress(na.uri).toLowerCase();
  } catch {
    return null;
  }
}

export async function ownerKindOf(ctx: FrontendContext, uri: string): Promise<OwnerKind | null> {
  const p = await ctx.store.directory.get(uri);
  if (p === null) return null;
  return p.kind === 'contact' ? 'contact' : p.kind === 'user' ? 'user' : null;
}

/** The identity a request acts as, null when the connection has not signed in, or a refusal. */
export async function requestIdentity(
  ctx: FrontendContext,
  state: ConnectionState,
  req: SipRequest,
): Promise<RequestIdentity | null | SipRefusal> {
  const paiValue = getHeader(req, 'P-Asserted-Identity');
  const trusted = await ensureTrust(ctx, state);
  if (paiValue !== undefined) {
    const pai = addressOf(paiValue);
    if (pai === null)
      return refuse(ctx.fqdn, {
        status: 400,
        code: DIAG.assertedIdentityRefused,
        reason: 'P-Asserted-Identity is not a readable SIP address',
        component: 'FrontEnd',
      });
    if (trusted) {
      const kind = await ownerKindOf(ctx, pai);
      if (kind === null)
        return refuse(ctx.fqdn, {
          status: 404,
          code: DIAG.unknownUser,
          reason: `P-Asserted-Identity names ${pai}, which is not a user or contact of this deployment`,
          component: 'FrontEnd',
        });
      return { uri: pai, ownerKind: kind, assertedBy: trusted, method: 'trusted-application' };
    }
    if (state.identity === null || state.identity.uri !== pai) {
      return refuse(ctx.fqdn, {
        status: 403,
        code: DIAG.assertedIdentityRefused,
        reason:
          'Only trusted applications may assert identities: P-Asserted-Identity names someone other than the signed-in user of this connection. Connect over mutual TLS with a certificate of a trusted application (New-CsTrustedApplication) to act for users.',
        component: 'FrontEnd',
      });
    }
  }
  if (state.identity !== null)
    return {
      uri: state.identity.uri,
      ownerKind: state.identity.ownerKind,
      assertedBy: null,
      method: state.identity.method,
    };
  if (trusted) {
    // A trusted application acting as its own endpoint (From) without a registration.
    const from = addressOf(getHeader(req, 'From'));
    const kind = from === null ? null : await ownerKindOf(ctx, from);
    if (from !== null && kind !== null)
      return { uri: from, ownerKind: kind, assertedBy: trusted, method: 'trusted-application' };
  }
  return null;
}

export function isRefusal(x: unknown): x is SipRefusal {
  return typeof x === 'object' && x !== null && 'status' in x && 'headers' in x;
}
