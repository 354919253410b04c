// Runs the configured schemes over a REGISTER in order (auth.schemes), with the shared brute-force throttle
// (auth/throttle.ts) in front: a locked (user, address) pair or address is refused before any verification,
// and a user over its soft limit is slowed first. Every failure looks the same, whether the user exists or
// not (same status, same diagnostics, same challenge format).
import { getHeaders, type SipHeader, type SipRequest } from '@pchat/protocol';
import type { AuthMethod, ConnectionState } from '../connection.js';
import type { FrontendContext } from '../context.js';
import { DIAG, diagText, mapErrorToSip, refuse } from '../../errors/sip.js';
import { SignInLocked } from '../../auth/throttle.js';
import type { AuthRequestContext, MessageSecurity } from '../../auth/scheme.js';

export type AuthDecision =
  | { kind: 'ok'; method: AuthMethod; headers: SipHeader[]; security: MessageSecurity | null }
  | { kind: 'response'; status: number; reason: string; headers: SipHeader[] };

export async function authenticateRegister(
  ctx: FrontendContext,
  state: ConnectionState,
  req: SipRequest,
  aor: string,
): Promise<AuthDecision> {
  const actx: AuthRequestContext = { request: req, state, aor, realm: ctx.realm };
  // A browser's web session cookie counts as credentials: a locked user is refused with it too.
  const hasCredentials =
    getHeaders(req, 'Authorization').length > 0 || state.connection.webSession?.fresh === false;
  const key = { account: aor, address: state.connection.remoteAddress };
  // Only an attempt that carries credentials is throttled: the first, credential-less REGISTER of a
  // handshake only asks for a challenge.
  if (hasCredentials) {
    const locked = await ctx.throttle.admit(key);
    if (locked > 0)
      return { kind: 'response', ...mapErrorToSip(new SignInLocked(locked), ctx.fqdn, 'Authentication') };
  }

  for (const scheme of ctx.schemes) {
    const out = await scheme.authenticate(actx);
    switch (out.kind) {
      case 'not-applicable':
        continue;
      case 'authenticated':
        ctx.throttle.succeed(key);
        return { kind: 'ok', method: out.method, headers: out.headers ?? [], security: out.security ?? null };
      case 'challenge':
        return { kind: 'response', status: 401, reason: 'Unauthorized', headers: out.headers };
      case 'failed': {
        const wait = ctx.throttle.fail(key);
        ctx.logger.info(
          {
            conn: state.connection.id,
            remote: state.connection.remoteAddress,
            scheme: scheme.name,
            lockedFor: wait,
          },
          'sign-in failed',
        );
        const reason = 'Authentication failed: the user name or password is wrong';
        const r = refuse(ctx.fqdn, {
          status: out.challenge ? 401 : 403,
          code: DIAG.authFailed,
          component: 'Authentication',
          reason,
          // COMPAT(pidgin-sipe): it shows a 403's reason from Warning (or ms-diagnostics-public), not ms-diagnostics.
          extra: [
            ...(out.challenge ?? []),
            { name: 'Warning', value: `399 ${diagText(ctx.fqdn)} "${reason}"` },
          ],
        });
        return { kind: 'response', ...r };
      }
    }
  }

  const challenges = ctx.schemes.flatMap((s) => s.challenges(actx));
  if (challenges.length === 0) {
    const r = refuse(ctx.fqdn, {
      status: 403,
      code: DIAG.authFailed,
      component: 'Authentication',
      reason:
        'Sign-in without credentials is allowed only from trusted networks, and no other authentication scheme is enabled (auth.schemes)',
    });
    return { kind: 'response', ...r };
  }
  // RFC 3261 §22.1: 401 with one WWW-Authenticate per offered scheme/algorithm, in preference order.
  // COMPAT(sip.js): sip.js 0.21 keeps only the LAST WWW-Authenticate header of a response, while SIPp 3.6
  // answers the FIRST: the preferred Digest challenge is repeated at the end, so both answer it. Clients
  // that choose by scheme or algorithm (Lync, pidgin-sipe, the pchat SDK) are not affected by the repeat.
  const digest = challenges.find((c) => c.startsWith('Digest '));
  const offered = digest && challenges.at(-1) !== digest ? [...challenges, digest] : challenges;
  const untrusted = untrustedCertificate(ctx, state);
  return {
    kind: 'response',
    status: 401,
    reason: 'Unauthorized',
    headers: [
      ...offered.map((value) => ({ name: 'WWW-Authenticate', value })),
      ...(untrusted ? [{ name: 'Warning', value: `399 ${diagText(ctx.fqdn)} "${untrusted}"` }] : []),
    ],
  };
}

/**
 * A client certificate was presented, yet the connection is not a trusted application's (PC-87): the
 * challenge says why, naming the CA this server trusts and the setting that changes it (an application
 * endpoint answers no challenge, so this is what its developer reads).
 */
function untrustedCertificate(ctx: FrontendContext, state: ConnectionState): string | null {
  const cert = state.connection.peerCertificate;
  if (!cert || state.trusted) return null;
  const name = cert.subjectCN ?? cert.sanDns[0] ?? 'no name';
  if (!cert.authorized)
    return `The client certificate (${name}) is not a trusted application's: it is not signed by the CA this server trusts, ${ctx.trustedCa ?? 'tls.caFile'}. Issue the certificate with Request-CsCertificate, or set tls.caFile to the CA that issued it`;
  return `The client certificate names ${name}, but no trusted application is on a trusted application pool of that name: create them with New-CsTrustedApplicationPool -Identity ${name} and New-CsTrustedApplication`;
}
