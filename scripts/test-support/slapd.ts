// TEST SUPPORT: a private OpenLDAP server (Debian's slapd) for the directory tests and benchmarks. Each
// instance gets its own temp dir with a generated slapd.conf (mdb backend, the core/cosine/inetorgperson
// schemas, rootdn with a password), listens on an ephemeral 127.0.0.1 port, runs in the foreground as a
// child of the test (-d 0, never daemonised) and is killed by stop(). Entries are loaded with ldapadd /
// ldapmodify (ldap-utils). Debian 12's slapd package ships no AppArmor profile, so a private config and
// database under the temp dir work as root too; a system slapd (installed with the package, port 389) is
// neither needed nor touched.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SLAPD = '/usr/sbin/slapd';
const SLAPD_ADD = '/usr/sbin/slapadd';

export interface Slapd {
  readonly url: string;
  readonly port: number;
  readonly suffix: string;
  readonly rootDn: string;
  readonly rootPassword: string;
  /** A service account (not the root DN, so the server's size limits apply to it): what pchat binds as. */
  readonly serviceDn: string;
  readonly servicePassword: string;
  readonly dir: string;
  /** Runs ldapadd with LDIF text (as the root DN). */
  add(ldif: string): void;
  /** Runs ldapmodify with LDIF text (changetype records). */
  modify(ldif: string): void;
  /** Stops the server (SIGTERM, then SIGKILL); the data stays for restart(). */
  stop(): Promise<void>;
  /** Starts it again on the same port with the same data. */
  restart(): Promise<void>;
  /** Stops and removes the temp dir. */
  close(): Promise<void>;
}

/** Why slapd cannot run here, or null when it can (tests skip with the reason). */
export function slapdMissing(): string | null {
  if (!existsSync(SLAPD)) return 'slapd is not installed (Debian package slapd)';
  if (spawnSync('ldapadd', ['-VV']).error) return 'ldapadd is not installed (Debian package ldap-utils)';
  return null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function conf(dir: string, suffix: string, rootDn: string, rootPassword: string, maxSize: number): string {
  return [
    'include /etc/ldap/schema/core.schema',
    'include /etc/ldap/schema/cosine.schema',
    'include /etc/ldap/schema/nis.schema',
    'include /etc/ldap/schema/inetorgperson.schema',
    `pidfile ${join(dir, 'slapd.pid')}`,
    `argsfile ${join(dir, 'slapd.args')}`,
    'modulepath /usr/lib/ldap',
    'moduleload back_mdb',
    // Paged results (RFC 2696) are how pchat reads big directories; the server's own size limit is kept
    // small on purpose, so that a read that forgets to page fails.
    `sizelimit size.soft=${maxSize} size.hard=${maxSize} size.unchecked=unlimited size.pr=${maxSize} size.prtotal=unlimited`,
    'database mdb',
    `suffix "${suffix}"`,
    `rootdn "${rootDn}"`,
    `rootpw ${rootPassword}`,
    `directory ${join(dir, 'db')}`,
    'maxsize 4294967296',
    'index objectClass eq',
    'index modifyTimestamp eq',
    'index uid,mail eq',
    // Users may bind as themselves (the directory sign-in); everything else reads as the service account.
    'access to attrs=userPassword by self write by anonymous auth by * none',
    'access to * by users read by * none',
    '',
  ].join('\n');
}

export interface SlapdOptions {
  suffix?: string;
  /**
   * The server's per-search size limit: a search that does not page fails past it. Default 3, smaller than
   * the test tree's kinds, so the tests read it in pages (directoryConfig pages by 2).
   */
  sizeLimit?: number;
  /**
   * LDIF loaded offline with slapadd before the server starts (benchmarks: 100,000 entries load in
   * seconds this way, minutes through ldapadd). slapadd adds entryUUID and the timestamps itself.
   */
  preloadFile?: string;
}

export async function startSlapd(opts: SlapdOptions = {}): Promise<Slapd> {
  const suffix = opts.suffix ?? 'dc=corp,dc=example,dc=test';
  const rootDn = `cn=admin,${suffix}`;
  const rootPassword = 'root-secret';
  const serviceDn = `cn=pchat-sync,${suffix}`;
  const servicePassword = 'sync-secret';
  const base = suffix.split(',')[0]?.split('=')[1] ?? 'corp';
  const topLdif = [
    `dn: ${suffix}\nobjectClass: dcObject\nobjectClass: organization\ndc: ${base}\no: ${base}\n`,
    `dn: ${serviceDn}\nobjectClass: organizationalRole\nobjectClass: simpleSecurityObject\ncn: pchat-sync\nuserPassword: ${servicePassword}\n`,
  ].join('\n');
  const dir = mkdtempSync(join(tmpdir(), 'pchat-slapd-'));
  mkdirSync(join(dir, 'db'));
  const confFile = join(dir, 'slapd.conf');
  writeFileSync(confFile, conf(dir, suffix, rootDn, rootPassword, opts.sizeLimit ?? 3));
  if (opts.preloadFile) {
    const base = suffix.split(',')[0]?.split('=')[1] ?? 'corp';
    const top = join(dir, 'top.ldif');
    writeFileSync(
      top,
      `dn: ${suffix}\nobjectClass: dcObject\nobjectClass: organization\ndc: ${base}\no: ${base}\n`,
    );
    for (const f of [top, opts.preloadFile]) {
      const r = spawnSync(SLAPD_ADD, ['-q', '-f', confFile, '-l', f], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`slapadd failed (${r.status}): ${r.stderr}`);
    }
  }
  const port = await freePort();
  const url = `ldap://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;

  const launch = async () => {
    const c = spawn(SLAPD, ['-f', confFile, '-h', url, '-d', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    c.stderr?.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-4000);
    });
    child = c;
    // Ready when ldapsearch answers (the port opens only after the database is up).
    const until = Date.now() + 15_000;
    for (;;) {
      if (c.exitCode !== null) throw new Error(`slapd exited (${c.exitCode}): ${stderr}`);
      const r = spawnSync('ldapsearch', ['-x', '-H', url, '-b', '', '-s', 'base', '-LLL', 'namingContexts'], {
        encoding: 'utf8',
      });
      if (r.status === 0) return;
      if (Date.now() > until) throw new Error(`slapd did not answer on ${url}: ${stderr}`);
      await new Promise((res) => setTimeout(res, 100));
    }
  };

  const run = (cmd: string, ldif: string) => {
    const r = spawnSync(
      cmd,
      ['-x', '-H', url, '-D', rootDn, '-w', rootPassword, ...(cmd === 'ldapadd' ? ['-c'] : [])],
      {
        input: ldif,
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    if (r.status !== 0) throw new Error(`${cmd} failed (${r.status}): ${r.stderr}`);
  };

  const stop = async () => {
    const c = child as ChildProcess | null;
    child = null;
    if (!c || c.exitCode !== null) return;
    const exited = new Promise<void>((res) => c.once('exit', () => res()));
    c.kill('SIGTERM');
    const t = setTimeout(() => c.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(t);
  };

  await launch();
  if (!opts.preloadFile) run('ldapadd', topLdif);
  return {
    url,
    port,
    suffix,
    rootDn,
    rootPassword,
    serviceDn,
    servicePassword,
    dir,
    add: (ldif) => run('ldapadd', ldif),
    modify: (ldif) => run('ldapmodify', ldif),
    stop,
    restart: launch,
    close: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** LDIF for a user (inetOrgPerson) with a password; `disabled` sets employeeType: disabled. */
export function userLdif(u: {
  dn: string;
  uid: string;
  cn: string;
  mail: string;
  password?: string;
  disabled?: boolean;
}): string {
  return [
    `dn: ${u.dn}`,
    'objectClass: inetOrgPerson',
    `uid: ${u.uid}`,
    `cn: ${u.cn}`,
    `sn: ${u.cn.split(' ').pop()}`,
    `displayName: ${u.cn}`,
    `mail: ${u.mail}`,
    ...(u.password ? [`userPassword: ${u.password}`] : []),
    ...(u.disabled ? ['employeeType: disabled'] : []),
    '',
  ].join('\n');
}

export function ouLdif(dn: string, ou: string): string {
  return `dn: ${dn}\nobjectClass: organizationalUnit\nou: ${ou}\n`;
}

export function groupLdif(dn: string, cn: string, members: readonly string[]): string {
  return [
    `dn: ${dn}`,
    'objectClass: groupOfNames',
    `cn: ${cn}`,
    ...members.map((m) => `member: ${m}`),
    '',
  ].join('\n');
}

/**
 * The directory tests' tree under the suffix: OUs People > Sales > EMEA, users alice (EMEA), bob
 * (People), carol (disabled), dave (no mail: not SIP-enabled), a contact (helpdesk), and nested groups
 * Platform (alice) ⊂ Developers (bob, Platform) ⊂ Everyone (Developers, carol). Passwords: <uid>-dir-pw.
 */
export function testTree(suffix: string): string {
  const people = `ou=People,${suffix}`;
  const sales = `ou=Sales,${people}`;
  const emea = `ou=EMEA,${sales}`;
  const groups = `ou=Groups,${suffix}`;
  const u = (uid: string, parent: string) => `uid=${uid},${parent}`;
  const mail = (uid: string) => `${uid}@corp.example.test`;
  return [
    ouLdif(people, 'People'),
    ouLdif(sales, 'Sales'),
    ouLdif(emea, 'EMEA'),
    ouLdif(groups, 'Groups'),
    userLdif({
      dn: u('alice', emea),
      uid: 'alice',
      cn: 'Alice Archer',
      mail: mail('alice'),
      password: 'alice-dir-pw',
    }),
    userLdif({
      dn: u('bob', people),
      uid: 'bob',
      cn: 'Bob Baker',
      mail: mail('bob'),
      password: 'bob-dir-pw',
    }),
    userLdif({
      dn: u('carol', people),
      uid: 'carol',
      cn: 'Carol Clark',
      mail: mail('carol'),
      password: 'carol-dir-pw',
      disabled: true,
    }),
    [
      `dn: ${u('dave', people)}`,
      'objectClass: inetOrgPerson',
      'uid: dave',
      'cn: Dave Dunn',
      'sn: Dunn',
      '',
    ].join('\n'),
    [
      `dn: ${u('helpdesk', people)}`,
      'objectClass: inetOrgPerson',
      'uid: helpdesk',
      'cn: Help Desk',
      'sn: Desk',
      `mail: ${mail('helpdesk')}`,
      'employeeType: contact',
      '',
    ].join('\n'),
    groupLdif(`cn=Platform,${groups}`, 'Platform', [u('alice', emea), u('dave', people)]),
    groupLdif(`cn=Developers,${groups}`, 'Developers', [u('bob', people), `cn=Platform,${groups}`]),
    groupLdif(`cn=Everyone,${groups}`, 'Everyone', [`cn=Developers,${groups}`, u('carol', people)]),
  ].join('\n');
}

/** `directory` settings for a pchat config reading the test tree (OpenLDAP preset). */
export function directoryConfig(s: Slapd, passwordFile: string): Record<string, unknown> {
  return {
    kind: 'ldap',
    ldap: {
      url: s.url,
      preset: 'openldap',
      bindDn: s.serviceDn,
      bindPasswordFile: passwordFile,
      baseDns: [s.suffix],
      filters: {
        user: '(&(objectClass=inetOrgPerson)(!(employeeType=contact)))',
        contact: '(&(objectClass=inetOrgPerson)(employeeType=contact))',
      },
      disabled: { attribute: 'employeeType', value: 'disabled' },
      pageSize: 2,
      intervalSeconds: 0,
      timeoutSeconds: 5,
      retryInitialSeconds: 1,
      retryMaxSeconds: 2,
    },
  };
}
