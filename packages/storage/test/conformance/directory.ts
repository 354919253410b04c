// DirectoryStore and CredentialStore contracts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DriverUnderTest } from './harness.js';
import { contact, domain, group, ou, user } from './fixtures.js';
import { rejectsWith } from './expect.js';
import { withStore } from './with-store.js';

export function directoryContracts(d: DriverUnderTest): void {
  describe('directory', () => {
    it('round-trips every principal kind; getMany returns the ones that exist', () =>
      withStore(d, async (s) => {
        const all = [
          user('alice', { adminRoles: ['CsHelpDesk'], ou: 'ma-ou:example.test/sales' }),
          group('g1'),
          ou('example.test/sales', null),
          domain('example.test'),
          contact('bot', 'pool1.example.test'),
        ];
        for (const p of all) await s.directory.insert(p);
        for (const p of all) assert.deepEqual(await s.directory.get(p.uri), p);
        assert.equal(await s.directory.get('sip:nobody@example.test'), null);
        const many = await s.directory.getMany([all[0]!.uri, 'sip:nobody@example.test', all[1]!.uri]);
        assert.deepEqual(many.map((p) => p.uri).sort(), [all[0]!.uri, all[1]!.uri].sort());
        assert.deepEqual(await s.directory.getMany([]), []);
      }));

    it('insert of an existing URI (any case) throws DuplicateName; update replaces, NoSuchPrincipal when absent', () =>
      withStore(d, async (s) => {
        const a = user('alice');
        await s.directory.insert(a);
        await rejectsWith(
          () => s.directory.insert({ ...user('alice'), uri: 'SIP:Alice@Example.test' }),
          'DuplicateName',
        );
        await s.directory.update({ ...a, displayName: 'Alice Liddell', disabled: true });
        assert.equal((await s.directory.get(a.uri))?.displayName, 'Alice Liddell');
        await rejectsWith(() => s.directory.update(user('ghost')), 'NoSuchPrincipal');
      }));

    it('search filters by kind and case-insensitive substring of uri, name or email, ordered by uri, paged', () =>
      withStore(d, async (s) => {
        for (const n of ['carol', 'alice', 'bob']) await s.directory.insert(user(n));
        await s.directory.insert(group('alpha'));
        await s.directory.insert({ ...user('dave'), displayName: 'Percent 100%_x', email: 'd@other.test' });
        assert.deepEqual(
          (await s.directory.search({ limit: 10 })).map((p) => p.uri),
          [
            'ma-grp:alpha@u.g',
            'sip:alice@example.test',
            'sip:bob@example.test',
            'sip:carol@example.test',
            'sip:dave@example.test',
          ],
        );
        assert.deepEqual(
          (await s.directory.search({ kinds: ['user'], text: 'AL', limit: 10 })).map((p) => p.uri),
          ['sip:alice@example.test'],
        );
        assert.deepEqual(
          (await s.directory.search({ text: 'al', limit: 10 })).map((p) => p.uri),
          ['ma-grp:alpha@u.g', 'sip:alice@example.test'],
        );
        assert.deepEqual(
          (await s.directory.search({ text: '100%_', limit: 10 })).map((p) => p.uri),
          ['sip:dave@example.test'],
        );
        assert.deepEqual(
          (await s.directory.search({ text: '%', kinds: ['user'], limit: 10 })).map((p) => p.uri),
          ['sip:dave@example.test'],
        );
        assert.deepEqual(
          (await s.directory.search({ kinds: ['user'], limit: 2, offset: 1 })).map((p) => p.uri),
          ['sip:bob@example.test', 'sip:carol@example.test'],
        );
      }));

    it('lists contacts by pool and deletes contacts only', () =>
      withStore(d, async (s) => {
        await s.directory.insert(contact('zed', 'pool1.example.test'));
        await s.directory.insert(contact('amy', 'Pool1.example.test'));
        await s.directory.insert(contact('other', 'pool2.example.test'));
        await s.directory.insert(user('alice'));
        assert.deepEqual(
          (await s.directory.listContacts()).map((c) => c.uri),
          ['sip:amy@example.test', 'sip:other@example.test', 'sip:zed@example.test'],
        );
        assert.deepEqual(
          (await s.directory.listContacts('POOL1.example.test')).map((c) => c.uri),
          ['sip:amy@example.test', 'sip:zed@example.test'],
        );
        await s.directory.deleteContact('sip:amy@example.test');
        assert.equal(await s.directory.get('sip:amy@example.test'), null);
        await rejectsWith(() => s.directory.deleteContact('sip:amy@example.test'), 'NoSuchPrincipal');
        await rejectsWith(() => s.directory.deleteContact('sip:alice@example.test'), 'NoSuchPrincipal');
        assert.ok(await s.directory.get('sip:alice@example.test'));
      }));

    it('group membership: idempotent add, remove, both directions', () =>
      withStore(d, async (s) => {
        const g = 'ma-grp:g@u.g';
        const h = 'ma-grp:h@u.g';
        await s.directory.addGroupMember({ group: g, member: 'sip:bob@example.test' });
        await s.directory.addGroupMember({ group: g, member: 'sip:bob@example.test' });
        await s.directory.addGroupMember({ group: g, member: h });
        await s.directory.addGroupMember({ group: h, member: 'sip:bob@example.test' });
        assert.deepEqual(await s.directory.listGroupMembers(g), [h, 'sip:bob@example.test']);
        assert.deepEqual(await s.directory.listGroupsOf('sip:bob@example.test'), [g, h]);
        await s.directory.removeGroupMember({ group: g, member: 'sip:bob@example.test' });
        await s.directory.removeGroupMember({ group: g, member: 'sip:bob@example.test' });
        assert.deepEqual(await s.directory.listGroupMembers(g), [h]);
        assert.deepEqual(await s.directory.listGroupsOf('sip:bob@example.test'), [h]);
      }));

    it('OU and domain listings', () =>
      withStore(d, async (s) => {
        await s.directory.insert(domain('example.test'));
        await s.directory.insert(ou('example.test/sales', null));
        await s.directory.insert(ou('example.test/it', null));
        await s.directory.insert(ou('example.test/sales/emea', 'ma-ou:example.test/sales'));
        await s.directory.insert(user('u1', { ou: 'ma-ou:example.test/sales' }));
        await s.directory.insert(user('u2', { ou: 'ma-ou:example.test/sales/emea' }));
        await s.directory.insert(user('u3', { ou: null }));
        await s.directory.insert(user('u4', { domain: 'ma-dom:other.test' }));
        assert.deepEqual(await s.directory.listChildOus('ma-dom:example.test'), [
          'ma-ou:example.test/it',
          'ma-ou:example.test/sales',
        ]);
        assert.deepEqual(await s.directory.listChildOus('ma-ou:example.test/sales'), [
          'ma-ou:example.test/sales/emea',
        ]);
        assert.deepEqual(
          (await s.directory.listUsersInOus(['ma-ou:example.test/sales'])).map((u) => u.uri),
          ['sip:u1@example.test'],
        );
        assert.deepEqual(
          (
            await s.directory.listUsersInOus(['ma-ou:example.test/sales/emea', 'ma-ou:example.test/sales'])
          ).map((u) => u.uri),
          ['sip:u1@example.test', 'sip:u2@example.test'],
        );
        assert.deepEqual(await s.directory.listUsersInOus([]), []);
        assert.deepEqual(
          (await s.directory.listUsersInDomain('ma-dom:example.test')).map((u) => u.uri),
          ['sip:u1@example.test', 'sip:u2@example.test', 'sip:u3@example.test'],
        );
      }));

    it('credentials: sealed strings round-trip and are replaced', () =>
      withStore(d, async (s) => {
        assert.equal(await s.credentials.get('sip:alice@example.test'), null);
        const c1 = {
          ntHash: 'sealed:nt',
          digestHa1: { realm: 'example.test', md5: 'sealed:md5', sha256: 'sealed:sha' },
          updatedOn: 5,
        };
        await s.credentials.set('sip:alice@example.test', c1);
        assert.deepEqual(await s.credentials.get('sip:alice@example.test'), c1);
        const c2 = { ntHash: null, digestHa1: null, updatedOn: 6 };
        await s.credentials.set('sip:alice@example.test', c2);
        assert.deepEqual(await s.credentials.get('sip:alice@example.test'), c2);
      }));
  });
}
