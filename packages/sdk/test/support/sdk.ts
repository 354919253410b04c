// SDK helpers for tests: platforms and endpoints against a started pchat.
import { WebSocket } from 'ws';
import {
  ApplicationEndpoint,
  CollaborationPlatform,
  PersistentChatEndpoint,
  UserEndpoint,
  webSocketTransport,
  type SipTransportFactory,
  type WebSocketConstructor,
} from '../../src/index.js';
import { tcpTransport, tlsTransport } from '../../src/node/index.js';
import { CHAT_URI, PASSWORDS, type Pchat } from './server.js';

export type Kind = 'tcp' | 'tls' | 'ws';

export function transportFor(p: Pchat, kind: Kind): { transport: SipTransportFactory; server: string } {
  if (kind === 'tcp') return { transport: tcpTransport(), server: p.tcp };
  if (kind === 'tls') return { transport: tlsTransport({ ca: p.serverCa }), server: p.tls };
  return {
    transport: webSocketTransport({ WebSocket: WebSocket as unknown as WebSocketConstructor }),
    server: p.ws,
  };
}

export async function userEndpoint(
  p: Pchat,
  user: keyof typeof PASSWORDS,
  kind: Kind = 'tcp',
  password?: string,
): Promise<UserEndpoint> {
  const { transport, server } = transportFor(p, kind);
  const platform = new CollaborationPlatform({
    applicationName: 'sdk-test',
    transport,
    timeouts: { requestMs: 5000 },
  });
  await platform.startup();
  return new UserEndpoint(platform, {
    ownerUri: `sip:${user}@example.test`,
    server,
    credentials: { password: password ?? PASSWORDS[user] },
  });
}

export async function appPlatform(
  p: Pchat,
  opts: { trusted?: boolean; server?: string | string[] } = {},
): Promise<CollaborationPlatform> {
  const transport =
    opts.trusted === false
      ? tlsTransport({ ca: p.serverCa })
      : tlsTransport({ ca: p.serverCa, cert: p.appCert.cert, key: p.appCert.key });
  const platform = new CollaborationPlatform({
    mode: 'server',
    applicationName: 'sdk-bot',
    transport,
    timeouts: { requestMs: 5000 },
  });
  await platform.startup();
  return platform;
}

export async function appEndpoint(
  p: Pchat,
  owner: string,
  opts: { trusted?: boolean; server?: string | string[] } = {},
): Promise<ApplicationEndpoint> {
  const platform = await appPlatform(p, opts);
  return new ApplicationEndpoint(platform, {
    ownerUri: owner,
    server: opts.server ?? p.tls,
    backoff: { initialMs: 50, maxMs: 500 },
  });
}

/** A user signed in with an established chat endpoint. */
export async function chatAs(
  p: Pchat,
  user: keyof typeof PASSWORDS,
  kind: Kind = 'tcp',
): Promise<PersistentChatEndpoint> {
  const ep = await userEndpoint(p, user, kind);
  await ep.establish();
  const chat = new PersistentChatEndpoint(CHAT_URI, ep);
  await chat.establish();
  return chat;
}

export async function closeAll(...xs: Array<PersistentChatEndpoint | undefined>): Promise<void> {
  for (const c of xs) {
    if (!c) continue;
    await c.terminate();
    await c.innerEndpoint.platform.shutdown();
  }
}
