// Shared by the examples: command-line options → a connected PersistentChatEndpoint.
//   --server host:port | ws(s)://host:port/sip   --transport tcp|tls|ws   --user sip:me@example.test
//   --password ...                 (a UserEndpoint, Digest)
//   --cert f --key f [--ca f]      (an ApplicationEndpoint over mutual TLS: a trusted application)
//   --ca f                         (the CA of the server certificate, for tls)
//   --chat-uri sip:...             (default: from in-band provisioning)
//   --as sip:user@...              (a trusted application acting for a user)
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { WebSocket } from 'ws';
import {
  ApplicationEndpoint,
  CollaborationPlatform,
  PersistentChatEndpoint,
  UserEndpoint,
  tcpTransport,
  tlsTransport,
  webSocketTransport,
  type LocalEndpoint,
  type SipTransportFactory,
  type WebSocketConstructor,
} from '@pchat/sdk/node';

// A person runs these: a failure is one line saying what went wrong, not a stack trace. A rejected
// top-level await reaches this handler too.
const exampleName = basename(process.argv[1] ?? 'example').replace(/\.[cm]?[jt]s$/, '');
process.on('uncaughtException', (e: unknown) => {
  console.error(`${exampleName}: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});

export type Options = Record<string, string | boolean | string[] | boolean[] | undefined>;

/** The options every example understands, plus its own. */
export function options(extra: NonNullable<ParseArgsConfig['options']>): Options {
  return parseArgs({
    options: {
      server: { type: 'string' },
      transport: { type: 'string', default: 'tcp' },
      user: { type: 'string' },
      password: { type: 'string' },
      cert: { type: 'string' },
      key: { type: 'string' },
      ca: { type: 'string' },
      'chat-uri': { type: 'string' },
      as: { type: 'string' },
      ...extra,
    },
    allowPositionals: false,
    strict: true,
  }).values as Options;
}

export interface Connected {
  platform: CollaborationPlatform;
  endpoint: LocalEndpoint;
  chat: PersistentChatEndpoint;
}

/** Signs in and establishes the chat endpoint. */
export async function connect(o: Options, appName: string): Promise<Connected> {
  const server = o.server as string | undefined;
  const user = o.user as string | undefined;
  if (!server || !user)
    throw new Error('give --server and --user (and --password, or --cert/--key for a trusted application)');
  const ca = o.ca ? readFileSync(o.ca as string) : undefined;
  const trusted = Boolean(o.cert && o.key);
  let transport: SipTransportFactory;
  if (o.transport === 'ws')
    transport = webSocketTransport({ WebSocket: WebSocket as unknown as WebSocketConstructor });
  else if (o.transport === 'tls' || trusted) {
    transport = tlsTransport({
      ...(ca ? { ca } : {}),
      ...(trusted ? { cert: readFileSync(o.cert as string), key: readFileSync(o.key as string) } : {}),
    });
  } else transport = tcpTransport();
  const platform = new CollaborationPlatform(
    trusted
      ? { mode: 'server', applicationName: appName, transport }
      : { applicationName: appName, transport },
  );
  await platform.startup();
  const endpoint: LocalEndpoint = trusted
    ? new ApplicationEndpoint(platform, { ownerUri: user, server })
    : new UserEndpoint(platform, {
        ownerUri: user,
        server,
        credentials: { password: String(o.password ?? '') },
      });
  await endpoint.establish();
  // Watched once established (a failure to establish is the one line of the error handler above), and
  // only for what the example did not ask for: a change with a reason, such as a lost connection.
  endpoint.on('stateChanged', (e) => {
    if (e.reason) console.error(`${appName}: endpoint ${e.state} (${e.reason.message})`);
  });
  const chatUri =
    (o['chat-uri'] as string | undefined) ??
    (await endpoint.getProvisioningData()).persistentChatConfiguration.defaultPersistentChatUri;
  if (!chatUri) throw new Error('no Persistent Chat URI provisioned for this user: give --chat-uri');
  const chat = new PersistentChatEndpoint(chatUri, endpoint, o.as ? { actAs: o.as as string } : {});
  await chat.establish();
  return { platform, endpoint, chat };
}

/** Shuts down on SIGINT/SIGTERM. */
export function stopOnSignals(c: Connected, name: string): void {
  const stop = (sig: string): void => {
    console.error(`${name}: ${sig}, shutting down`);
    void c.platform.shutdown().finally(() => process.exit(0));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}
