// Who is calling the admin API. Two ways in:
// - Bearer tokens issued per admin principal. Only a SHA-256 of each token is kept, in
//   <dataDir>/secrets/admin-tokens.json (mode 0600); the store has no table for them and tokens are a
//   node-local credential, like the credential key file next to them. On first start the server issues
//   one for the deployment's administrator and writes it to <dataDir>/admin-token (mode 0600), so the
//   `pchat` CLI on the same machine works without further setup.
// - Basic with an administrator's SIP address and password, checked against the stored Digest HA1
//   (MD5(user:realm:password), the same verifier SIP sign-in uses; the password is never stored).
// Either way the caller becomes a domain Actor; what it may do is decided by roles.ts and can().
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildActor,
  createUser,
  DomainError,
  normalizeUri,
  systemActor,
  type AdminRole,
  type PrincipalUri,
  type User,
} from '@pchat/domain';
import { digestHa1, digestUsernameOf, loadVerifiers } from '../../credentials/passwords.js';
import type { AdminDeps, Caller } from './context.js';

export const ADMIN_TOKEN_FILE = 'admin-token';
const TOKENS_FILE = join('secrets', 'admin-tokens.json');
const FULL_ROLES: readonly AdminRole[] = ['CsPersistentChatAdministrator', 'CsAdministrator'];

interface TokenRecord {
  id: string;
  principal: PrincipalUri;
  sha256: string;
  createdOn: number;
  createdBy: PrincipalUri;
}

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

export class AdminTokens {
  private records: TokenRecord[];
  constructor(private readonly file: string) {
    this.records = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as TokenRecord[]) : [];
  }

  static forDataDir(dataDir: string): AdminTokens {
    return new AdminTokens(join(dataDir, TOKENS_FILE));
  }

  /** Issues a new token for the principal; the token itself is returned once and never stored. */
  issue(principal: PrincipalUri, createdBy: PrincipalUri, now: number): { id: string; token: string } {
    const token = `pct_${randomBytes(32).toString('base64url')}`;
    const id = randomBytes(6).toString('hex');
    this.records.push({
      id,
      principal: normalizeUri(principal),
      sha256: sha256(token),
      createdOn: now,
      createdBy,
    });
    this.save();
    return { id, token };
  }

  lookup(token: string): PrincipalUri | null {
    const h = Buffer.from(sha256(token), 'hex');
    for (const r of this.records) if (timingSafeEqual(Buffer.from(r.sha256, 'hex'), h)) return r.principal;
    return null;
  }

  list(): Array<Omit<TokenRecord, 'sha256'>> {
    return this.records.map(({ sha256: _h, ...r }) => r);
  }

  revoke(id: string): boolean {
    const n = this.records.length;
    this.records = this.records.filter((r) => r.id !== id);
    if (this.records.length === n) return false;
    this.save();
    return true;
  }

  private save(): void {
    mkdirSync(join(this.file, '..'), { recursive: true, mode: 0o700 });
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.records, null, 2), { mode: 0o600 });
    renameSync(tmp, this.file);
    chmodSync(this.file, 0o600);
  }
}

const isUser = (p: unknown): p is User => (p as { kind?: string } | null)?.kind === 'user';

/**
 * First start: when <dataDir>/admin-token is missing, issue a token for the deployment's administrator
 * (sip:admin@<domain> when it holds an admin role, else the first user holding a full admin role) and
 * write it there. A store without any administrator (e.g. an empty server waiting for an import) gets
 * sip:admin@<domain> created with CsAdministrator and no password.
 */
export async function bootstrapAdminToken(deps: AdminDeps, tokens: AdminTokens): Promise<string | null> {
  const file = join(deps.dataDir, ADMIN_TOKEN_FILE);
  if (existsSync(file)) return null;
  const preferred = normalizeUri(`sip:admin@${deps.domain}`);
  let admin: PrincipalUri | null = null;
  const p = await deps.store.directory.get(preferred);
  if (isUser(p) && p.adminRoles.some((r) => FULL_ROLES.includes(r))) admin = preferred;
  for (let offset = 0; admin === null; offset += 500) {
    const batch = await deps.store.directory.search({ kinds: ['user'], limit: 500, offset });
    const found = batch.find(
      (u) => isUser(u) && !u.disabled && u.adminRoles.some((r) => FULL_ROLES.includes(r)),
    );
    if (found) admin = found.uri;
    if (batch.length < 500) break;
  }
  if (admin === null) {
    if (p) return null; // the name is taken by something that is not an admin: leave it to the operator
    const u = await createUser({ store: deps.store, clock: deps.clock, ids: deps.ids }, systemActor(), {
      sipAddress: preferred,
      displayName: 'pchat administrator',
      adminRoles: ['CsAdministrator'],
    });
    admin = u.uri;
  }
  const { token } = tokens.issue(admin, 'sip:system@pchat.invalid', deps.clock.now());
  mkdirSync(deps.dataDir, { recursive: true });
  writeFileSync(file, token + '\n', { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return admin;
}

const unauthorized = (why: string) =>
  new DomainError(
    'InvalidToken',
    `${why} Send "Authorization: Bearer <token>" (the CLI reads PCHAT_TOKEN, --token or <dataDir>/admin-token) or Basic with an administrator's SIP address and password.`,
  );

/** Refused before any verification: the shared sign-in throttle locked this account at this address. */
export class SignInLocked extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('sign-in throttled');
  }
}

/** Holds a role that may use the admin API at all (roles.ts decides what it may do). */
const ADMIN_ROLES: readonly AdminRole[] = [...FULL_ROLES, 'CsViewOnlyAdministrator', 'CsHelpDesk'];

/**
 * Authenticates one request's Authorization header; throws InvalidToken (401) when it cannot, SignInLocked
 * when the shared sign-in throttle holds the account at this address.
 */
export async function authenticate(
  deps: AdminDeps,
  tokens: AdminTokens,
  header: string | undefined,
  remoteAddress: string,
): Promise<Caller> {
  if (!header) throw unauthorized('The admin API needs credentials.');
  const m = /^(Bearer|Basic)\s+(\S+)$/i.exec(header.trim());
  if (!m?.[1] || !m[2]) throw unauthorized('The Authorization header is not understood.');
  if (m[1].toLowerCase() === 'bearer') {
    const uri = tokens.lookup(m[2]);
    if (uri === null) throw unauthorized('The token is not valid (unknown or revoked).');
    const p = await deps.store.directory.get(uri);
    if (!isUser(p)) throw unauthorized(`The token names ${uri}, which is not a user of this server.`);
    return { actor: await buildActor(deps.store, uri), roles: p.adminRoles, via: 'bearer' };
  }
  const text = Buffer.from(m[2], 'base64').toString('utf8');
  // RFC 7617 user-ids contain no colon; a "sip:" prefix is tolerated all the same.
  const colon = text.indexOf(':', /^sips?:/i.test(text) ? text.indexOf(':') + 1 : 0);
  if (colon < 1) throw unauthorized('Basic credentials must be "<sip address>:<password>".');
  const name = text.slice(0, colon);
  const uri = normalizeUri(name.includes(':') ? name : `sip:${name}`);
  // A password crosses here, so this is a sign-in like a SIP REGISTER: the same throttle, the same
  // account key (the SIP URI), checked before any verification.
  const key = { account: uri, address: remoteAddress };
  const locked = await deps.throttle.admit(key);
  if (locked > 0) throw new SignInLocked(locked);
  // Only an enabled user holding an administrator role may sign in here. Anything else (unknown user,
  // wrong password, right password of a non-administrator or a disabled one) gets the same answer and
  // counts as a failure, so the admin API tells nobody whether a password is right.
  const passwordOk = await basicOk(deps, uri, text.slice(colon + 1));
  const p = await deps.store.directory.get(uri);
  if (!passwordOk || !isUser(p) || p.disabled || !p.adminRoles.some((r) => ADMIN_ROLES.includes(r))) {
    deps.throttle.fail(key);
    throw unauthorized('The SIP address or password is wrong.');
  }
  deps.throttle.succeed(key);
  return { actor: await buildActor(deps.store, uri), roles: p.adminRoles, via: 'basic' };
}

/** The same work for every user: unknown ones are checked against a stand-in verifier, in constant time. */
async function basicOk(deps: AdminDeps, uri: PrincipalUri, password: string): Promise<boolean> {
  let v;
  try {
    v = await loadVerifiers(deps.store, deps.vault, uri);
  } catch {
    v = null;
  }
  let username: string;
  try {
    username = digestUsernameOf(uri);
  } catch {
    username = uri;
  }
  const known = v?.digest != null;
  const want = Buffer.from(known ? v!.digest!.md5 : STAND_IN_HA1, 'hex');
  const got = Buffer.from(digestHa1(username, known ? v!.digest!.realm : deps.realm, password, 'md5'), 'hex');
  return got.length === want.length && timingSafeEqual(got, want) && known;
}

/** Random per process: no password hashes to it. */
const STAND_IN_HA1 = randomBytes(16).toString('hex');
