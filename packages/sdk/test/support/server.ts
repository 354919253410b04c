// Starts a real pchat server (startServer, the composition root) on 127.0.0.1 with ports chosen by the OS:
// SIP over TCP, TLS (dev certificate; trusted applications by the test PKI) and WebSocket at /sip.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import type { ServiceDeps } from '@pchat/domain';
import { newTrustedApplication, systemActor } from '@pchat/domain';
import { loadConfig, startServer, type RunningServer } from '@pchat/server';
import { makePki, type Pki } from '../../../../scripts/test-support/pki.js';

export const PASSWORDS = {
  admin: 'admin-pw',
  alice: 'alice-pw',
  bob: 'bob-pw',
  carol: 'carol-pw',
  dave: 'dave-pw',
};
export const DOMAIN = 'example.test';
export const CHAT_URI = 'sip:pchat@example.test';
export const APP_FQDN = 'bots.example.test';

export interface Pchat {
  server: RunningServer;
  deps: ServiceDeps;
  tcp: string;
  tls: string;
  ws: string;
  /** The server's (self-signed) development certificate: the CA for tlsTransport. */
  serverCa: Buffer;
  pki: Pki;
  /** The trusted application's client certificate (CN = APP_FQDN). */
  appCert: { cert: Buffer; key: Buffer };
  dataDir: string;
  close(): Promise<void>;
}

let sharedPki: Pki | null = null;

export async function startPchat(
  opts: {
    dataDir?: string;
    keepData?: boolean;
    idleTimeoutSeconds?: number;
    authSchemes?: string[];
    /** The `compliance` section of the config file. */
    compliance?: Record<string, unknown>;
    /** Further configuration sections (e.g. `directory`). */
    extra?: Record<string, unknown>;
  } = {},
): Promise<Pchat> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'pchat-sdk-'));
  sharedPki ??= makePki();
  const pki = sharedPki;
  const config = loadConfig({
    env: {},
    dataDir,
    overrides: {
      listen: { host: '127.0.0.1', sipTcpPort: 0, sipTlsPort: 0, httpPort: 0 },
      log: { level: 'silent' },
      tls: { caFile: pki.caFile },
      ...(opts.authSchemes ? { auth: { schemes: opts.authSchemes } } : {}),
      ...(opts.compliance ? { compliance: opts.compliance } : {}),
      ...opts.extra,
      frontend: {
        fqdn: 'fe1.example.test',
        ...(opts.idleTimeoutSeconds ? { connections: { idleTimeoutSeconds: opts.idleTimeoutSeconds } } : {}),
      },
    } as never,
  });
  const log = pino({ level: 'silent' });
  const server = await startServer(config, { logger: log, demoPasswords: PASSWORDS });
  if (server.chat === null) throw new Error('the server started without a chat service');
  // Admin changes made by the tests reach the chat service's behaviours, as the admin API's do.
  const deps: ServiceDeps = {
    store: server.store,
    clock: { now: () => Date.now() },
    ids: { uuid: () => randomUUID() },
    events: server.chat.events,
  };
  if ((await server.store.topology.listTrustedApplications()).length === 0) {
    await newTrustedApplication(deps, systemActor(), {
      id: 'pchat.sdk.bots',
      poolFqdn: APP_FQDN,
      port: 4585,
    });
  }
  const a = server.addresses;
  const hostPort = (u: string | undefined): string => {
    const m = /(\d+\.\d+\.\d+\.\d+):(\d+)/.exec(u ?? '');
    if (!m) throw new Error(`no address in ${String(u)} (${JSON.stringify(a)})`);
    return `${m[1]}:${m[2]}`;
  };
  const tcp = hostPort(a.sipTcp ?? a['sip-tcp']);
  const tls = hostPort(a.sipTls ?? a['sip-tls']);
  const ws = (a.sipWs ?? a['sip-ws'])!;
  return {
    server,
    deps,
    tcp,
    tls,
    ws,
    pki,
    dataDir,
    serverCa: readFileSync(join(dataDir, 'tls', 'dev-cert.pem')),
    appCert: pki.issue(APP_FQDN),
    close: async () => {
      await server.close();
      if (!opts.keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
