// The directory sync service (PC-26) over the in-memory store: principals from directory records in
// pchat's URI forms, nested memberships by DN, idempotent re-runs, gone on a full read (never deleted),
// DirectoryChanged for the users whose standing changed, a failed batch rolled back whole; and principals
// by name in the built-in directory (the resolver).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  resolvePrincipal,
  resolvePrincipalUri,
  syncDirectory,
  type DomainEvent,
  type ServiceDeps,
  type SourceRecord,
} from '../src/index.js';
import { MemoryStore } from './support/memory-store.js';

const D = 'dc=corp,dc=test';
const rec = {
  domain: (): SourceRecord => ({
    kind: 'domain',
    key: D,
    dn: D,
    guid: 'd1',
    displayName: 'corp.test',
    names: ['CORP'],
    name: 'corp.test',
  }),
  ou: (name: string): SourceRecord => ({
    kind: 'ou',
    key: `ou=${name.toLowerCase()},${D}`,
    dn: `ou=${name},${D}`,
    guid: `ou-${name}`,
    displayName: name,
    names: [],
    domain: 'corp.test',
    path: [name],
  }),
  user: (uid: string, o: Partial<Extract<SourceRecord, { kind: 'user' }>> = {}): SourceRecord => ({
    kind: 'user',
    key: `uid=${uid},ou=staff,${D}`,
    dn: `uid=${uid},ou=Staff,${D}`,
    guid: `u-${uid}`,
    displayName: uid.toUpperCase(),
    names: [`CORP\\${uid}`],
    sipAddress: `sip:${uid}@corp.test`,
    email: null,
    companyName: null,
    disabled: false,
    domain: 'corp.test',
    ouPath: ['Staff'],
    ...o,
  }),
  group: (cn: string, members: string[]): SourceRecord => ({
    kind: 'group',
    key: `cn=${cn.toLowerCase()},${D}`,
    dn: `cn=${cn},${D}`,
    guid: `g-${cn.toLowerCase()}`,
    displayName: cn,
    names: [],
    groupType: 'security',
    members: members.map((m) => (m.startsWith('cn=') ? `${m},${D}` : `uid=${m},ou=staff,${D}`)),
  }),
};

function world() {
  const store = new MemoryStore();
  const events: DomainEvent[] = [];
  const deps: ServiceDeps = {
    store,
    clock: { now: () => 1000 },
    ids: { uuid: () => 'x' },
    events: { publish: (e) => void events.push(e) },
  };
  return { store, deps, events };
}

const tree = (): SourceRecord[] => [
  rec.domain(),
  rec.ou('Staff'),
  rec.user('ann'),
  rec.user('ben', { disabled: true }),
  rec.user('cid', { sipAddress: null }),
  rec.group('Inner', ['ann']),
  rec.group('Outer', ['cn=inner', 'ben', 'cid']),
];

describe('directory sync service', () => {
  it('creates principals in pchat forms with nested memberships, and a re-run changes nothing', async () => {
    const { store, deps, events } = world();
    const r = await syncDirectory(deps, { records: tree(), full: true, batchSize: 2 });
    assert.equal(r.counts.added, 6);
    assert.equal(r.counts.skipped, 1, 'cid has no SIP address');
    const ann = await store.directory.get('sip:ann@corp.test');
    assert.equal(ann?.kind === 'user' && ann.ou, 'ma-ou:corp.test/staff');
    assert.deepEqual(await store.directory.listGroupMembers('ma-grp:g-outer@u.g'), [
      'ma-grp:g-inner@u.g',
      'sip:ben@corp.test',
    ]);
    assert.equal((await store.directory.get('sip:ben@corp.test'))?.kind === 'user', true);
    assert.ok(events.some((e) => e.type === 'DirectoryChanged' && e.disabled.includes('sip:ben@corp.test')));

    events.length = 0;
    const again = await syncDirectory(deps, { records: tree(), full: true });
    assert.deepEqual(again.changes, []);
    assert.equal(again.counts.unchanged, 6);
    assert.deepEqual(events, []);
  });

  it('an incremental read changes only what it names; a full read marks the rest gone', async () => {
    const { store, deps, events } = world();
    await syncDirectory(deps, { records: tree(), full: true });
    events.length = 0;
    const r = await syncDirectory(deps, { records: [rec.group('Inner', [])], full: false });
    assert.deepEqual(r.changes, ['ANN left group Inner']);
    assert.deepEqual(await store.directory.listGroupMembers('ma-grp:g-inner@u.g'), []);
    const changed = events.find((e) => e.type === 'DirectoryChanged');
    assert.ok(changed?.type === 'DirectoryChanged' && changed.users.includes('sip:ann@corp.test'));

    const full = await syncDirectory(deps, {
      records: tree().filter((x) => x.dn !== `uid=ben,ou=Staff,${D}`),
      full: true,
    });
    assert.equal(full.counts.gone, 1);
    const ben = await store.directory.get('sip:ben@corp.test');
    assert.equal(ben?.gone, true, 'kept, marked gone');
    assert.deepEqual(
      await store.directory.listGroupsOf('sip:ben@corp.test'),
      [],
      'a gone user leaves its groups',
    );
  });

  it('keeps what pchat owns (admin roles, policy) and never turns another kind into a user', async () => {
    const { store, deps } = world();
    await syncDirectory(deps, { records: tree(), full: true });
    const ann = await store.directory.get('sip:ann@corp.test');
    if (ann?.kind !== 'user') throw new Error('no user');
    await store.directory.update({ ...ann, adminRoles: ['CsHelpDesk'], policyTag: 'Tag1' });
    await syncDirectory(deps, { records: [rec.user('ann', { displayName: 'Ann A' })], full: false });
    const after = await store.directory.get('sip:ann@corp.test');
    assert.equal(after?.displayName, 'Ann A');
    assert.deepEqual(after?.kind === 'user' && after.adminRoles, ['CsHelpDesk']);
    assert.equal(after?.kind === 'user' && after.policyTag, 'Tag1');
  });

  it('a batch that fails leaves nothing of itself behind', async () => {
    const { store, deps } = world();
    const bad = { ...rec.user('zed'), domain: 'not a domain!' } as SourceRecord;
    await assert.rejects(
      syncDirectory(deps, { records: [rec.domain(), rec.user('ann'), bad], full: false, batchSize: 10 }),
    );
    assert.equal(await store.directory.get('sip:ann@corp.test'), null);
  });
});

describe('principals by name (built-in directory too)', () => {
  it('resolves SIP addresses without the scheme, DOMAIN\\sam, DNs and group names; refuses ambiguity', async () => {
    const { store, deps } = world();
    await syncDirectory(deps, { records: tree(), full: true });
    await store.directory.insert({
      uri: 'ma-grp:local@u.g',
      kind: 'group',
      guid: 'l',
      displayName: 'Inner',
      groupType: 'security',
      audit: { createdBy: null, createdOn: 0, updatedBy: null, updatedOn: 0 },
    });
    assert.equal((await resolvePrincipal(store, 'ann@corp.test')).uri, 'sip:ann@corp.test');
    assert.equal((await resolvePrincipal(store, 'corp\\ANN')).uri, 'sip:ann@corp.test');
    assert.equal((await resolvePrincipal(store, `CN=Outer, DC=corp, DC=test`)).uri, 'ma-grp:g-outer@u.g');
    assert.equal((await resolvePrincipal(store, 'corp.test')).uri, 'ma-dom:corp.test');
    await assert.rejects(
      resolvePrincipal(store, 'Inner'),
      (e: Error & { details?: { candidates?: unknown[] } }) => {
        assert.match(e.message, /'Inner' is ambiguous: it names 2 principals/);
        assert.equal(e.details?.candidates?.length, 2);
        return true;
      },
    );
    await assert.rejects(resolvePrincipal(store, 'CORP\\nobody'), /No user, group, OU, domain is called/);
    // Unknown names pass through for the services to refuse in their own words.
    assert.equal(
      await resolvePrincipalUri(store, 'x@nowhere.test', { kinds: ['user'] }),
      'sip:x@nowhere.test',
    );
  });
});
