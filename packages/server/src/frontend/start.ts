// Builds the front end from the configuration and starts its listeners (SIP over TCP, TLS and WebSocket
// at /sip on the HTTP server). Called by the composition root (main.ts); tests call it through
// startServer.
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import type { Server as HttpServer } from 'node:http';
import type { Logger } from 'pino';
import type { Store } from '@pchat/domain';
import type { PchatConfig } from '../config/schema.js';
import { dataPath } from '../config/load.js';
import type { CredentialVault } from '../credentials/vault.js';
import type { Verifiers } from '../credentials/passwords.js';
import { DialogTable } from '../sip/transaction/index.js';
import { DigestScheme } from '../auth/digest/scheme.js';
import { ensureDevCa, subjectOf } from '../tls/dev-ca.js';
import { ensureDevCertificate } from '../tls/dev-certificate.js';
import { NtlmScheme } from '../auth/ntlm.js';
import type { AuthScheme } from '../auth/scheme.js';
import { FailureThrottle } from '../auth/throttle.js';
import { WebSessionScheme } from '../auth/web-session/scheme.js';
import { WebSessions } from '../auth/web-session/sessions.js';
import { NetworkList, TrustedNetworkScheme } from '../auth/trusted-network.js';
import type { FrontendContext } from './context.js';
import { startSipEdge } from './edge/sip-edge.js';
import { Frontend } from './frontend.js';
import { BindingTable } from './registrar/bindings.js';
import { UnavailableChatRouter, type ChatServiceRouter } from './routing/chat-router.js';
import { PoolPresenceBus } from '../presence/pool-link.js';
import { PresenceHub } from '../presence/hub.js';

export interface FrontendDeps {
  config: PchatConfig;
  store: Store;
  vault: CredentialVault;
  logger: Logger;
  /** The HTTP server to mount SIP over WebSocket on (`/sip`), or null. */
  httpServer: HttpServer | null;
  /** The chat service's router; default: every chat INVITE gets 503 "not running on this node". */
  chat?: ChatServiceRouter;
  now?: () => number;
  /** The sign-in throttle, shared with the HTTP directory sign-in (one budget for every sign-in path). */
  throttle?: FailureThrottle;
  /** Directory sign-in tokens: Digest accepts them as passwords (docs/directory.md). */
  extraVerifiers?: (uri: string) => readonly Verifiers[];
  /** Where presence changes travel: the pool's (attached by the chat host), else this node only. */
  presenceBus?: PoolPresenceBus;
  /** Browser sessions (docs/web.md), shared with the HTTP edge; default: a new one over the store. */
  webSessions?: WebSessions;
}

export interface RunningFrontend {
  readonly frontend: Frontend;
  /** Presence and roaming contacts of this node (the SDK tests and benchmarks wait on its idle()). */
  readonly presence: PresenceHub;
  /** e.g. { sipTcp: 'sip:127.0.0.1:5060;transport=tcp', sipTls: ..., sipWs: 'ws://127.0.0.1:8080/sip' }. */
  readonly addresses: Record<string, string>;
  readonly ports: { tcp: number | null; tls: number | null };
  /** Open SIP connections and dialogs (metrics). */
  stats(): { connections: number; dialogs: number };
  close(): Promise<void>;
}

/** NetBIOS-style name (MS-NLMP TargetInfo): first DNS label, upper case, at most 15 characters. */
function netbiosName(dns: string): string {
  return (dns.split('.')[0] ?? dns).toUpperCase().slice(0, 15) || 'PCHAT';
}

/** The schemes of `auth.schemes`, in order. */
export function buildSchemes(
  config: PchatConfig,
  store: Store,
  vault: CredentialVault,
  logger: Logger,
  now: () => number = Date.now,
  extraVerifiers?: (uri: string) => readonly Verifiers[],
): AuthScheme[] {
  const out: AuthScheme[] = [];
  const fqdn = config.frontend.fqdn ?? hostname();
  for (const name of config.auth.schemes) {
    if (name === 'ntlm') {
      out.push(
        new NtlmScheme({
          store,
          vault,
          realm: config.auth.realm,
          targetname: fqdn,
          now,
          identity: {
            nbDomainName: netbiosName(config.domain),
            nbComputerName: netbiosName(fqdn),
            dnsDomainName: config.domain,
            dnsComputerName: fqdn,
          },
        }),
      );
    } else if (name === 'digest')
      out.push(
        new DigestScheme({
          store,
          vault,
          algorithms: config.auth.digestAlgorithms,
          ...(extraVerifiers ? { extraVerifiers } : {}),
        }),
      );
    else if (name === 'trusted-network')
      out.push(new TrustedNetworkScheme(new NetworkList(config.auth.trustedNetworks)));
    else
      logger.warn({ scheme: name }, 'authentication scheme not available yet on the SIP front end; skipped');
  }
  return out;
}

export async function startFrontend(deps: FrontendDeps): Promise<RunningFrontend> {
  const { config, store, vault, logger } = deps;
  const log = logger.child({ edge: 'sip' });
  const fqdn = config.frontend.fqdn ?? hostname();
  const now = deps.now ?? Date.now;
  const bindings = new BindingTable(now);
  const dialogs = new DialogTable();
  const presence = new PresenceHub({
    store,
    bus: deps.presenceBus ?? new PoolPresenceBus((err) => log.error({ err }, 'presence handler failed')),
    dialogs,
    logger: log,
    now,
  });
  // An endpoint's presence ends with its last registration on that connection (un-REGISTER, expiry).
  bindings.onRemoved((b) => {
    if (!bindings.hasConnection(b.connectionId)) presence.presence.endpointGone(b.aor, b.connectionId);
  });
  const webSessions =
    deps.webSessions ?? new WebSessions(store, config.auth.webSessionHours * 3_600_000, now);
  const ctx: FrontendContext = {
    store,
    logger: log,
    fqdn,
    realm: config.auth.realm,
    domains: [config.domain],
    // The web session scheme first: a browser presenting a live session is not challenged at all.
    schemes: [
      new WebSessionScheme(store, now),
      ...buildSchemes(config, store, vault, log, now, deps.extraVerifiers),
    ],
    throttle: deps.throttle ?? new FailureThrottle(config.auth.throttle, now),
    registrar: config.frontend.registration,
    bindings,
    dialogs,
    chat: deps.chat ?? new UnavailableChatRouter(),
    presence,
    now,
    webSessions,
  };
  const frontend = new Frontend(ctx);
  const limits = config.frontend.connections;
  let tls: { cert: Buffer; key: Buffer; ca: Buffer | null } | undefined;
  if (config.listen.sipTlsPort !== null) {
    const t = config.tls;
    const pair =
      t.certFile && t.keyFile
        ? { cert: readFileSync(dataPath(config, t.certFile)), key: readFileSync(dataPath(config, t.keyFile)) }
        : ensureDevCertificate(config.dataDir, [fqdn, config.listen.host, 'localhost']);
    // Trusted applications (PC-87): their certificates chain to tls.caFile; in development (no own
    // certificate, no CA configured) to the development CA that Request-CsCertificate issues from.
    const devCa = !t.caFile && !t.certFile ? ensureDevCa(config.dataDir) : null;
    const ca = t.caFile ? readFileSync(dataPath(config, t.caFile)) : (devCa?.cert ?? null);
    // Sent to a peer whose certificate is refused: the CA's subject (which the TLS handshake's list of
    // acceptable CAs shows anyway), never a path of this server.
    ctx.trustedCa = t.caFile
      ? `the CA in tls.caFile (${subjectOf(ca as Buffer)})`
      : devCa
        ? `the development CA (${subjectOf(devCa.cert)}), which Request-CsCertificate issues from; in production set tls.caFile to your organisation's CA`
        : "none: tls.caFile is not set, so no client certificate is trusted; set tls.caFile to the CA that issues your trusted applications' certificates";
    tls = { ...pair, ca };
  }
  const edge = await startSipEdge(frontend, {
    host: config.listen.host,
    tcpPort: config.listen.sipTcpPort,
    tlsPort: config.listen.sipTlsPort,
    ...(tls ? { tls } : {}),
    limits,
    httpServer: deps.httpServer,
    serverName: 'pchat/0.1',
    log,
    dialogs: ctx.dialogs,
    webSessions,
  });
  return {
    frontend,
    presence,
    addresses: edge.addresses,
    ports: edge.ports,
    stats: () => ({ connections: edge.connectionCount(), dialogs: ctx.dialogs.size }),
    close: async () => {
      frontend.close();
      presence.close();
      await edge.close();
    },
  };
}
