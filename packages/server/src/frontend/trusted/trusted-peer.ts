// Trusted applications (PC-87): a TLS connection whose client certificate chains to the
// configured CA (`tls.caFile`) and whose subject CN or a SAN DNS name equals a trusted application's pool
// FQDN (TopologyStore.listTrustedApplications) is trusted. Looked up once per connection.
import type { TrustedApplication } from '@pchat/domain';
import type { ConnectionState, PeerCertificateInfo, TrustedPeer } from '../connection.js';
import type { FrontendContext } from '../context.js';

export function matchTrustedApplication(
  cert: PeerCertificateInfo | null,
  apps: readonly TrustedApplication[],
): TrustedApplication | null {
  if (cert === null || !cert.authorized) return null;
  const names = new Set(
    [cert.subjectCN, ...cert.sanDns].filter((n): n is string => !!n).map((n) => n.toLowerCase()),
  );
  return apps.find((a) => names.has(a.poolFqdn.toLowerCase())) ?? null;
}

export async function ensureTrust(ctx: FrontendContext, state: ConnectionState): Promise<TrustedPeer | null> {
  if (state.trustChecked) return state.trusted;
  const c = state.connection;
  if ((c.transport === 'tls' || c.transport === 'wss') && c.peerCertificate?.authorized) {
    const app = matchTrustedApplication(
      c.peerCertificate,
      await ctx.store.topology.listTrustedApplications(),
    );
    state.trusted = app ? { applicationId: app.id, poolFqdn: app.poolFqdn } : null;
    if (app) {
      c.markSignedIn();
      ctx.logger.info({ conn: c.id, app: app.id }, 'trusted application connected');
    }
  }
  state.trustChecked = true;
  return state.trusted;
}
