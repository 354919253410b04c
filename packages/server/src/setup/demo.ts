// The demo deployment created on a first start with an empty store: one pool on the
// SIP domain, the global policy enabled, a category open to the whole domain, four rooms that show the
// governance model (Open, Closed with a group, an auditorium, a Secret room), demo users with printed
// passwords and the legacy lookup URI sip:ocschat@<domain> (PC-47's migration trick: a friendly endpoint with
// the old Lync 2010 URI).
import { randomBytes } from 'node:crypto';
import { chmodSync, writeFileSync } from 'node:fs';
import {
  createCategory,
  createGroup,
  createPool,
  createRoom,
  createUser,
  domainUri,
  newChatEndpoint,
  setPolicy,
  systemActor,
  type ServiceDeps,
} from '@pchat/domain';
import type { CredentialVault } from '../credentials/vault.js';
import { setPassword } from '../credentials/passwords.js';

export interface DemoUser {
  uri: string;
  displayName: string;
  password: string;
  role: string;
}

export interface DemoDeployment {
  domain: string;
  poolFqdn: string;
  chatServerUri: string;
  users: DemoUser[];
  rooms: Array<{ name: string; uri: string; privacy: string; type: string }>;
}

const PEOPLE = [
  { user: 'admin', name: 'Pat Admin', role: 'CsPersistentChatAdministrator' },
  { user: 'alice', name: 'Alice Archer', role: 'engineering, presenter in Announcements' },
  { user: 'bob', name: 'Bob Baker', role: 'engineering' },
  { user: 'carol', name: 'Carol Chen', role: 'member of the Secret room Leadership' },
  { user: 'dave', name: 'Dave Diaz', role: 'everyone-in-the-domain only' },
] as const;

export async function createDemoDeployment(
  deps: ServiceDeps,
  opts: { domain: string; realm: string; vault: CredentialVault; passwords?: Record<string, string> },
): Promise<DemoDeployment> {
  const sys = systemActor();
  const { domain } = opts;
  const pool = await createPool(deps, sys, {
    fqdn: `pchat.${domain}`,
    chatServerUri: `sip:pchat@${domain}`,
    displayName: 'pchat demo',
  });
  await setPolicy(deps, sys, 'global', {
    enablePersistentChat: true,
    description: 'Demo: Persistent Chat on for everyone',
  });
  await newChatEndpoint(deps, sys, {
    sipAddress: `sip:ocschat@${domain}`,
    poolFqdn: pool.fqdn,
    displayName: 'Persistent Chat (legacy lookup)',
  });

  const users: DemoUser[] = [];
  for (const p of PEOPLE) {
    const u = await createUser(deps, sys, {
      sipAddress: `sip:${p.user}@${domain}`,
      displayName: p.name,
      email: `${p.user}@${domain}`,
      adminRoles: p.user === 'admin' ? ['CsPersistentChatAdministrator'] : [],
    });
    const password = opts.passwords?.[p.user] ?? randomBytes(9).toString('base64url');
    await setPassword(deps.store, opts.vault, u.uri, password, opts.realm);
    users.push({ uri: u.uri, displayName: p.name, password, role: p.role });
  }
  const uri = (user: string) => `sip:${user}@${domain}`;
  const engineering = await createGroup(deps, sys, {
    displayName: 'Engineering',
    members: [uri('alice'), uri('bob')],
  });

  const everyone = domainUri(domain);
  const general = await createCategory(deps, sys, {
    name: 'General',
    description: 'Rooms for everyone at the demo company',
    poolFqdn: pool.fqdn,
    allowedMembers: [everyone],
    creators: [everyone],
    invitations: true,
    fileUpload: true,
  });
  const rooms = [
    await createRoom(deps, sys, {
      categoryId: general.id,
      name: 'Lobby',
      description: 'Open to everyone in example.test',
      privacy: 'Open',
      managers: [uri('admin')],
      creatorIsManager: false,
    }),
    await createRoom(deps, sys, {
      categoryId: general.id,
      name: 'Engineering',
      description: 'Closed: the Engineering group',
      privacy: 'Closed',
      members: [engineering.uri],
      managers: [uri('alice')],
      creatorIsManager: false,
    }),
    await createRoom(deps, sys, {
      categoryId: general.id,
      name: 'Announcements',
      description: 'Auditorium: everyone reads, Alice presents',
      privacy: 'Open',
      type: 'Auditorium',
      members: [everyone],
      presenters: [uri('alice')],
      managers: [uri('admin')],
      creatorIsManager: false,
    }),
    await createRoom(deps, sys, {
      categoryId: general.id,
      name: 'Leadership',
      description: 'Secret: invisible to non-members',
      privacy: 'Secret',
      members: [uri('carol'), uri('admin')],
      managers: [uri('carol')],
      creatorIsManager: false,
    }),
  ];
  return {
    domain,
    poolFqdn: pool.fqdn,
    chatServerUri: pool.chatServerUri,
    users,
    rooms: rooms.map((r) => ({ name: r.name, uri: r.uri, privacy: r.privacy, type: r.type })),
  };
}

/** The sign-in sheet printed on first start and kept (mode 0600) in the data directory. */
export function describeDemo(d: DemoDeployment, addresses: Readonly<Record<string, string>>): string {
  const alice = d.users.find((u) => u.uri.startsWith('sip:alice@'));
  // `sip:127.0.0.1:5060;transport=tcp` → `127.0.0.1:5060`, what pidgin-sipe's "Server[:Port]" field takes.
  const tcp = /^sip:([^;]+)/.exec(addresses.sipTcp ?? '')?.[1] ?? '127.0.0.1:5060';
  const lines = [
    `pchat demo deployment on ${d.domain} (pool ${d.poolFqdn}, chat server ${d.chatServerUri})`,
    '',
    'Users (SIP address / password / what they can do):',
    ...d.users.map((u) => `  ${u.uri.padEnd(28)} ${u.password.padEnd(14)} ${u.role}`),
    '',
    'Rooms:',
    ...d.rooms.map((r) => `  ${r.name.padEnd(14)} ${r.privacy.padEnd(7)} ${r.type.padEnd(11)} ${r.uri}`),
    '',
    'Sign in:',
    `  SIP over TCP ${addresses.sipTcp ?? '(off)'}, TLS ${addresses.sipTls ?? '(off)'}, WebSocket ${addresses.sipWs ?? '(off)'}`,
    `  admin API ${addresses.http ? `${addresses.http}/v1` : '(off)'}`,
    `  pidgin-sipe: username ${alice ? alice.uri.slice(4) : `alice@${d.domain}`}, password ${alice?.password ?? '(see above)'}, server ${tcp},`,
    '    connection type TCP, authentication NTLM (the default auth.schemes is [ntlm, digest]; see README).',
    '  SDK, sip.js, SIPp: Digest with the same user name and password.',
  ];
  return lines.join('\n') + '\n';
}

export function writeDemoSheet(path: string, text: string): void {
  writeFileSync(path, text, { mode: 0o600 });
  chmodSync(path, 0o600);
}
