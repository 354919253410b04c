// DirectoryStore contracts of principals by name and of the directory sync's state.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DriverUnderTest } from './harness.js';
import { domain, group, ou, user } from './fixtures.js';
import { withStore } from './with-store.js';

export function directoryNameContracts(d: DriverUnderTest): void {
  describe('directory names', () => {
    it('findByName matches every name a principal answers to, case- and blank-insensitively', () =>
      withStore(d, async (s) => {
        const dn = 'CN=Alice Archer,OU=EMEA,DC=corp,DC=example,DC=test';
        await s.directory.insert({
          ...user('alice'),
          source: 'ldap',
          dn,
          names: ['alice@corp.example.test', 'corp\\alice'],
        });
        await s.directory.insert({ ...group('g1'), displayName: 'Sales Team' });
        await s.directory.insert(domain('corp.example.test'));
        await s.directory.insert(ou('example.test/sales', null));
        const uris = async (n: string) => (await s.directory.findByName(n)).map((p) => p.uri);
        for (const n of [
          'sip:alice@example.test',
          'ALICE@example.test',
          'alice@corp.example.test',
          'CORP\\Alice',
          'cn=alice archer, ou=emea, dc=corp, dc=example, dc=test',
        ])
          assert.deepEqual(await uris(n), ['sip:alice@example.test'], n);
        assert.deepEqual(await uris('sales team'), ['ma-grp:g1@u.g']);
        assert.deepEqual(await uris('corp.example.test'), ['ma-dom:corp.example.test']);
        assert.deepEqual(await uris('example.test/sales'), ['ma-ou:example.test/sales']);
        assert.deepEqual(await uris('nobody'), []);
      }));

    it('update re-indexes the names; several principals may share one; limit applies', () =>
      withStore(d, async (s) => {
        const a = { ...user('a'), names: ['shared', 'old-name'] };
        await s.directory.insert(a);
        await s.directory.insert({ ...user('b'), names: ['shared'] });
        await s.directory.update({ ...a, names: ['shared', 'new-name'] });
        assert.deepEqual((await s.directory.findByName('old-name')).length, 0);
        assert.deepEqual(
          (await s.directory.findByName('NEW-NAME')).map((p) => p.uri),
          ['sip:a@example.test'],
        );
        assert.deepEqual(
          (await s.directory.findByName('shared')).map((p) => p.uri),
          ['sip:a@example.test', 'sip:b@example.test'],
        );
        assert.equal((await s.directory.findByName('shared', 1)).length, 1);
      }));

    it('listSourceUris lists the synced principals only; sync state round-trips and is replaced', () =>
      withStore(d, async (s) => {
        await s.directory.insert({ ...user('z'), source: 'ldap' });
        await s.directory.insert(user('local'));
        await s.directory.insert({ ...group('gx'), source: 'ldap' });
        assert.deepEqual(await s.directory.listSourceUris('ldap'), ['ma-grp:gx@u.g', 'sip:z@example.test']);
        assert.equal(await s.directory.getSyncState('ldap:marker'), null);
        await s.directory.putSyncState('ldap:marker', '41');
        await s.directory.putSyncState('ldap:marker', '42');
        assert.equal(await s.directory.getSyncState('ldap:marker'), '42');
      }));
  });
}
