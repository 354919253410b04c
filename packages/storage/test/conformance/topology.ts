// TopologyStore contracts: insert-or-replace, case-insensitive identities, NoSuchNode on unknown deletes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CONFIG_DEFAULTS, type Pool } from '@pchat/domain';
import type { DriverUnderTest } from './harness.js';
import { audit } from './fixtures.js';
import { rejectsWith } from './expect.js';
import { withStore } from './with-store.js';

const pool = (fqdn: string): Pool => ({
  fqdn,
  domain: 'example.test',
  chatServerUri: `sip:pchat@${fqdn}`,
  displayName: fqdn,
  siteId: 'Redmond',
  rootCategoryUri: 'ma-cat://example.test/root',
  databaseVersion: 'db-guid',
  audit: audit(),
});

export function topologyContracts(d: DriverUnderTest): void {
  describe('topology', () => {
    it('pools and sites: put, replace, get (any case), list', () =>
      withStore(d, async (s) => {
        await s.topology.putPool(pool('b.example.test'));
        await s.topology.putPool(pool('a.example.test'));
        await s.topology.putPool({ ...pool('a.example.test'), displayName: 'Pool A' });
        assert.equal((await s.topology.getPool('A.Example.test'))?.displayName, 'Pool A');
        assert.deepEqual(
          (await s.topology.listPools()).map((p) => p.fqdn),
          ['a.example.test', 'b.example.test'],
        );
        assert.equal(await s.topology.getPool('c.example.test'), null);
        await s.topology.putSite({ id: 'Redmond', description: 'HQ', defaultPoolFqdn: 'a.example.test' });
        assert.deepEqual(await s.topology.getSite('redmond'), {
          id: 'Redmond',
          description: 'HQ',
          defaultPoolFqdn: 'a.example.test',
        });
        assert.equal((await s.topology.listSites()).length, 1);
      }));

    it('policies, configurations and trusted applications: put, get, list, delete', () =>
      withStore(d, async (s) => {
        await s.topology.putPolicy({ identity: 'global', description: '', enablePersistentChat: false });
        await s.topology.putPolicy({ identity: 'tag:Chat', description: 'on', enablePersistentChat: true });
        assert.equal((await s.topology.getPolicy('tag:chat'))?.enablePersistentChat, true);
        assert.deepEqual(
          (await s.topology.listPolicies()).map((p) => p.identity),
          ['global', 'tag:Chat'],
        );
        await s.topology.deletePolicy('tag:Chat');
        assert.equal(await s.topology.getPolicy('tag:Chat'), null);
        await rejectsWith(() => s.topology.deletePolicy('tag:Chat'), 'NoSuchNode');

        const cfg = { identity: 'site:Redmond' as const, ...CONFIG_DEFAULTS, defaultChatHistory: 50 };
        await s.topology.putConfig(cfg);
        assert.deepEqual(await s.topology.getConfig('site:Redmond'), cfg);
        assert.equal((await s.topology.listConfigs()).length, 1);
        await s.topology.deleteConfig('site:Redmond');
        await rejectsWith(() => s.topology.deleteConfig('site:Redmond'), 'NoSuchNode');

        const app = { id: 'PersistentChat.Test', poolFqdn: 'apps.example.test', port: 6000, audit: audit() };
        await s.topology.putTrustedApplication(app);
        assert.deepEqual(await s.topology.getTrustedApplication('PersistentChat.Test'), app);
        assert.deepEqual(await s.topology.listTrustedApplications(), [app]);
        await s.topology.deleteTrustedApplication('PersistentChat.Test');
        assert.deepEqual(await s.topology.listTrustedApplications(), []);
        await rejectsWith(() => s.topology.deleteTrustedApplication('nope'), 'NoSuchNode');

        // Trusted application pools: keyed by FQDN, case-insensitively; ordered by FQDN.
        const pool = (fqdn: string) => ({
          fqdn,
          registrar: 'pchat.example.test',
          siteId: null,
          computerFqdns: [fqdn],
          throttleAsServer: true,
          treatAsAuthenticated: true,
          audit: audit(),
        });
        await s.topology.putTrustedApplicationPool(pool('b.example.test'));
        await s.topology.putTrustedApplicationPool(pool('a.example.test'));
        assert.deepEqual(
          await s.topology.getTrustedApplicationPool('B.Example.Test'),
          pool('b.example.test'),
        );
        assert.deepEqual(
          (await s.topology.listTrustedApplicationPools()).map((p) => p.fqdn),
          ['a.example.test', 'b.example.test'],
        );
        await s.topology.putTrustedApplicationPool({
          ...pool('a.example.test'),
          treatAsAuthenticated: false,
        });
        assert.equal(
          (await s.topology.getTrustedApplicationPool('a.example.test'))?.treatAsAuthenticated,
          false,
          'put replaces',
        );
        await s.topology.deleteTrustedApplicationPool('a.example.test');
        assert.equal(await s.topology.getTrustedApplicationPool('a.example.test'), null);
        await rejectsWith(() => s.topology.deleteTrustedApplicationPool('a.example.test'), 'NoSuchNode');
      }));
  });
}
