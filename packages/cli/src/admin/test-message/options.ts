// Test-CsPersistentChatMessage's settings (PC-50): where the SIP server is (-TargetFqdn [-Port] or
// -Server host:port, PCHAT_SIP_SERVER), the transport (TCP or TLS, with the CA that signs the server's
// certificate), the two users and their credentials (-SenderCredential user:password or
// PCHAT_SENDER_CREDENTIAL, likewise for the receiver). Bad or missing values are usage errors, before any
// connection is opened.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { locate } from '../client.js';
import { UsageError, type Parsed } from '../params.js';

export interface TestUser {
  sipAddress: string;
  username: string;
  password: string;
}

export interface TestSettings {
  host: string;
  port: number;
  transport: 'Tcp' | 'Tls';
  /** PEM of the CA for TLS; undefined = Node's root store. */
  ca: Buffer | undefined;
  caSource: string;
  sender: TestUser;
  receiver: TestUser;
  chatRoomUri: string | undefined;
  /** Bound of every single step (connect, request, message delivery). */
  stepMs: number;
}

const CMD = 'Test-CsPersistentChatMessage';

function sipAddress(raw: unknown, param: string): string {
  const v = String(raw ?? '')
    .trim()
    .toLowerCase();
  const uri = /^sips?:/.test(v) ? v : `sip:${v}`;
  if (!/^sips?:[^@\s:]+@[^@\s:]+$/.test(uri))
    throw new UsageError(`${CMD}: -${param} '${String(raw)}' is not a SIP address: use sip:user@domain.`);
  return uri;
}

/** `user:password` (user = name, user@domain or sip:user@domain); the Digest user name is the user part. */
export function parseCredential(raw: string | undefined, param: string, env: string, sip: string): TestUser {
  if (raw === undefined || raw === '') {
    throw new UsageError(
      `${CMD}: no credential for ${sip}. Give -${param} user:password, or set ${env}=user:password (keeps the password out of the command line).`,
    );
  }
  const s = raw.replace(/^sips?:/i, '');
  const i = s.indexOf(':');
  if (i <= 0)
    throw new UsageError(
      `${CMD}: -${param} must be user:password (e.g. alice:S3cret!); got no user name before a colon.`,
    );
  const user = s.slice(0, i);
  return { sipAddress: sip, username: user.split('@')[0] as string, password: s.slice(i + 1) };
}

function hostPort(raw: string, param: string): { host: string; port?: number } {
  if (/^[a-z]+:\/\//i.test(raw)) {
    throw new UsageError(
      `${CMD}: -${param} '${raw}' is a URL; this cmdlet signs in over SIP, not through the admin API. Give the SIP server as host or host:port (e.g. 127.0.0.1:5061).`,
    );
  }
  const m = /^\[?([^\]]+?)\]?(?::(\d+))?$/.exec(raw.trim());
  if (!m?.[1]) throw new UsageError(`${CMD}: -${param} '${raw}' is not host or host:port.`);
  return m[2] ? { host: m[1], port: Number(m[2]) } : { host: m[1] };
}

export function testSettings(p: Parsed, env: NodeJS.ProcessEnv = process.env): TestSettings {
  const v = p.values;
  const transport = (v.transport as 'Tcp' | 'Tls' | undefined) ?? 'Tls';
  const target =
    (p.common.Server as string | undefined) ??
    (v.targetFqdn as string | undefined) ??
    env.PCHAT_SIP_SERVER ??
    '127.0.0.1';
  const hp = hostPort(target, p.common.Server !== undefined ? 'Server' : 'TargetFqdn');
  const port = (v.port as number | undefined) ?? hp.port ?? (transport === 'Tls' ? 5061 : 5060);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new UsageError(`${CMD}: -Port must be 1..65535; got ${port}.`);
  const senderSip = sipAddress(v.senderSipAddress, 'SenderSipAddress');
  const receiverSip = sipAddress(v.receiverSipAddress, 'ReceiverSipAddress');
  if (senderSip === receiverSip)
    throw new UsageError(
      `${CMD}: the sender and the receiver are both ${senderSip}. Use two different test users.`,
    );
  let ca: Buffer | undefined;
  let caSource = 'the system root certificates';
  if (transport === 'Tls') {
    const given = (v.caFile as string | undefined) ?? env.PCHAT_CA_FILE;
    // The data directory of `pchat serve`, found as every cmdlet finds it (-DataDir, -Config, ...).
    const devCert = join(locate(p.common, env).dataDir, 'tls', 'dev-cert.pem');
    const file = given ?? (existsSync(devCert) ? devCert : undefined);
    if (file) {
      if (!existsSync(file))
        throw new UsageError(
          `${CMD}: -CaFile ${file} does not exist. Give the PEM of the CA that signed the server's certificate.`,
        );
      ca = readFileSync(file);
      caSource = file;
    }
  }
  const seconds = (v.timeoutSeconds as number | undefined) ?? 10;
  if (!(seconds > 0 && seconds <= 300))
    throw new UsageError(`${CMD}: -TimeoutSeconds must be more than 0 and at most 300; got ${seconds}.`);
  return {
    host: hp.host,
    port,
    transport,
    ca,
    caSource,
    sender: parseCredential(
      (v.senderCredential as string | undefined) ?? env.PCHAT_SENDER_CREDENTIAL,
      'SenderCredential',
      'PCHAT_SENDER_CREDENTIAL',
      senderSip,
    ),
    receiver: parseCredential(
      (v.receiverCredential as string | undefined) ?? env.PCHAT_RECEIVER_CREDENTIAL,
      'ReceiverCredential',
      'PCHAT_RECEIVER_CREDENTIAL',
      receiverSip,
    ),
    chatRoomUri: (v.chatRoomUri as string | undefined) || undefined,
    stepMs: Math.round(seconds * 1000),
  };
}
