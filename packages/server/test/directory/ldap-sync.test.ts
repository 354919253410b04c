// The LDAP directory sync against a real slapd (started by the test, OpenLDAP preset): the first sync
// (users, contacts, OUs with their ancestry, nested groups, a disabled user, a user without SIP address),
// principals by name in the admin API (DOMAIN\sam, UPN, DN, group name; ambiguity refused with the
// candidates), incremental syncs (a user leaves a group, a user is disabled) through Update-CsUserDatabase,
// a full sync marking a deleted object gone, and the directory going down.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveAncestry, type User } from '@pchat/domain';
import { createLogger, loadConfig, startServer, type RunningServer } from '../../src/index.js';
import {
  directoryConfig,
  groupLdif,
  slapdMissing,
  startSlapd,
  testTree,
  type Slapd,
} from '../../../../scripts/test-support/slapd.js';

const skip = slapdMissing();

describe('LDAP directory sync', { skip: skip ?? false, timeout: 120_000 }, () => {
  let slapd: Slapd;
  let server: RunningServer;
  let dir: string;
  let token: string;
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${server.addresses.http}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON read by field in assertions
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };
  const user = async (uri: string) => (await server.store.directory.get(uri)) as User;
  const ALICE = 'sip:alice@corp.example.test';
  const BOB = 'sip:bob@corp.example.test';

  before(async () => {
    slapd = await startSlapd();
    slapd.add(testTree(slapd.suffix));
    dir = mkdtempSync(join(tmpdir(), 'pchat-ldap-sync-'));
    writeFileSync(join(dir, 'bind.pw'), `${slapd.servicePassword}\n`, { mode: 0o600 });
    const config = loadConfig({
      env: {},
      dataDir: dir,
      overrides: {
        listen: { httpPort: 0, sipTcpPort: null, sipTlsPort: null },
        directory: directoryConfig(slapd, 'bind.pw'),
      } as never,
    });
    server = await startServer(config, { logger: createLogger('silent'), demoPasswords: { admin: 'pw' } });
    token = readFileSync(join(dir, 'admin-token'), 'utf8').trim();
    // The first sync runs on start.
    const until = Date.now() + 30_000;
    while (server.directory?.sync.status().lastSuccessAt == null) {
      assert.ok(Date.now() < until, `first sync: ${server.directory?.sync.status().last?.error}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  });
  after(async () => {
    await server?.close();
    await slapd?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('first sync: users in their OUs, nested groups, the disabled user, contacts stay contacts', async () => {
    const alice = await user(ALICE);
    assert.equal(alice.kind, 'user');
    assert.equal(alice.displayName, 'Alice Archer');
    assert.equal(alice.source, 'ldap');
    assert.equal(alice.ou, 'ma-ou:corp.example.test/people/sales/emea');
    assert.equal(alice.domain, 'ma-dom:corp.example.test');
    assert.equal(alice.disabled, false);
    assert.equal((await user('sip:carol@corp.example.test')).disabled, true);
    assert.equal(
      await server.store.directory.get('sip:dave@corp.example.test'),
      null,
      'no mail, no SIP user',
    );
    assert.equal((await server.store.directory.get('sip:helpdesk@corp.example.test'))?.kind, 'contact');

    const ancestry = await resolveAncestry(server.store, ALICE);
    const groups = await server.store.directory.search({ kinds: ['group'], limit: 100 });
    const byName = new Map(groups.map((g) => [g.displayName, g.uri]));
    for (const g of ['Platform', 'Developers', 'Everyone'])
      assert.ok(ancestry.has(byName.get(g) as string), `alice is (transitively) in ${g}`);
    for (const o of ['people', 'people/sales', 'people/sales/emea'])
      assert.ok(ancestry.has(`ma-ou:corp.example.test/${o}`), `alice sits below OU ${o}`);
    assert.ok(ancestry.has('ma-dom:corp.example.test'));
    const ou = await server.store.directory.get('ma-ou:corp.example.test/people/sales');
    assert.equal(ou?.kind === 'ou' && ou.parent, 'ma-ou:corp.example.test/people');
  });

  it('finds principals by DOMAIN\\sAMAccountName, UPN, DN and group name; refuses ambiguous names', async () => {
    for (const name of ['CORP\\bob', 'bob@corp.example.test', `uid=bob, ou=People, ${slapd.suffix}`]) {
      const r = await call('GET', `/v1/principals?identity=${encodeURIComponent(name)}`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body[0].identity, BOB, name);
      assert.equal(r.body[0].displayName, 'Bob Baker');
    }
    const g = await call('GET', `/v1/principals?identity=Developers`);
    assert.equal(g.status, 200, JSON.stringify(g.body));
    assert.equal(g.body[0].kind, 'group');

    // A category allowed to a group by name stores the group.
    const c = await call('POST', '/v1/categories', {
      name: 'Dev Talk',
      allowedMembers: ['Developers'],
    });
    assert.equal(c.status, 200, JSON.stringify(c.body));
    assert.deepEqual(c.body.result.allowedMembers, [g.body[0].identity]);

    // Two groups called Platform: the name is refused, listing both.
    slapd.add(
      groupLdif(`cn=Platform,ou=People,${slapd.suffix}`, 'Platform', [`uid=dave,ou=People,${slapd.suffix}`]),
    );
    const sync = await call('POST', '/v1/directory/sync', {});
    assert.equal(sync.status, 200, JSON.stringify(sync.body));
    const amb = await call('PATCH', '/v1/categories', {
      identity: 'Dev Talk',
      version: c.body.result.version,
      creators: { add: ['Platform'] },
    });
    assert.equal(amb.status, 400);
    assert.match(amb.body.error.message, /'Platform' is ambiguous/);
    assert.equal(amb.body.error.details.candidates.length, 2);
    const unknown = await call('GET', `/v1/principals?identity=${encodeURIComponent('CORP\\nobody')}`);
    assert.equal(unknown.status, 404);
    assert.match(unknown.body.error.message, /DOMAIN\\sAMAccountName/);
  });

  it('Update-CsUserDatabase picks up a user leaving a group and a disabled user, and says so', async () => {
    slapd.modify(
      `dn: cn=Platform,ou=Groups,${slapd.suffix}\nchangetype: modify\ndelete: member\nmember: uid=alice,ou=EMEA,ou=Sales,ou=People,${slapd.suffix}\n`,
    );
    slapd.modify(
      `dn: uid=bob,ou=People,${slapd.suffix}\nchangetype: modify\nadd: employeeType\nemployeeType: disabled\n`,
    );
    const r = await call('POST', '/v1/directory/sync', {});
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.full, false, 'an incremental sync');
    assert.ok(r.body.changes.includes('Alice Archer left group Platform'), r.body.changes.join('\n'));
    assert.ok(
      r.body.changes.some((l: string) => /^disabled user Bob Baker/.test(l)),
      r.body.changes.join('\n'),
    );
    assert.equal(r.body.counts.disabled, 1);
    assert.equal((await user(BOB)).disabled, true);
    const groups = await server.store.directory.search({ kinds: ['group'], text: 'engineering', limit: 5 });
    assert.ok(!(await resolveAncestry(server.store, ALICE)).has(groups[0]?.uri as string));
    // Nothing changed since: the next run reports nothing.
    const again = await call('POST', '/v1/directory/sync', {});
    assert.deepEqual(again.body.changes, []);
  });

  it('a full sync marks what the directory no longer has as gone (never deleted)', async () => {
    const del = (dn: string) => slapd.modify(`dn: ${dn}\nchangetype: delete\n`);
    del(`uid=helpdesk,ou=People,${slapd.suffix}`);
    const r = await call('POST', '/v1/directory/sync', { full: true });
    assert.equal(r.body.full, true);
    assert.equal(r.body.counts.gone, 1, r.body.changes.join('\n'));
    const p = await server.store.directory.get('sip:helpdesk@corp.example.test');
    assert.equal(p?.gone, true);
  });

  it('the directory going down fails the sync with a clear error; the server keeps serving', async () => {
    await slapd.stop();
    try {
      const r = await call('POST', '/v1/directory/sync', {});
      assert.equal(r.status, 503);
      assert.match(r.body.error.message, /directory sync failed: .*Chat keeps serving/);
      const s = await call('GET', '/v1/directory/sync');
      assert.ok(s.body.failuresInARow >= 1);
      assert.equal((await user(ALICE)).displayName, 'Alice Archer', 'the synced copy is intact');
      const health = await fetch(`${server.addresses.http}/healthz`);
      assert.equal(health.status, 200);
    } finally {
      await slapd.restart();
    }
    const back = await call('POST', '/v1/directory/sync', {});
    assert.equal(back.status, 200);
  });
});
