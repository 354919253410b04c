// NodeStore contracts (docs/pool.md): register replaces by name, heartbeats renew, list filters by pool and
// by the last heartbeat, remove is idempotent.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PoolNode } from '@pchat/domain';
import type { DriverUnderTest } from './harness.js';
import { withStore } from './with-store.js';

const node = (name: string, o: Partial<PoolNode> = {}): PoolNode => ({
  name,
  poolFqdn: 'pchat.example.test',
  addresses: { sipTcp: `sip:${name}:5060;transport=tcp` },
  startedAt: 1000,
  heartbeatAt: 1000,
  ttlMs: 15000,
  state: 'running',
  ...o,
});

export function nodeContracts(d: DriverUnderTest): void {
  describe('node registry', () => {
    it('register adds or replaces by name (case-insensitive); list orders by name', () =>
      withStore(d, async (s) => {
        await s.nodes.register(node('b'));
        await s.nodes.register(node('A'));
        await s.nodes.register(node('b', { startedAt: 5000, heartbeatAt: 5000, addresses: { http: 'x' } }));
        const all = await s.nodes.list('PCHAT.example.test');
        assert.deepEqual(
          all.map((n) => [n.name, n.startedAt, n.addresses]),
          [
            ['a', 1000, { sipTcp: 'sip:A:5060;transport=tcp' }],
            ['b', 5000, { http: 'x' }],
          ],
        );
        assert.deepEqual(await s.nodes.list('other.example.test'), []);
      }));

    it('heartbeat renews and sets the state; list(since) leaves out the silent; a removed node is gone', () =>
      withStore(d, async (s) => {
        await s.nodes.register(node('a'));
        await s.nodes.register(node('b'));
        assert.equal(await s.nodes.heartbeat('A', 9000, 'draining'), true);
        const live = await s.nodes.list('pchat.example.test', 2000);
        assert.deepEqual(
          live.map((n) => [n.name, n.heartbeatAt, n.state]),
          [['a', 9000, 'draining']],
        );
        await s.nodes.remove('a');
        await s.nodes.remove('a');
        assert.equal(await s.nodes.heartbeat('a', 9500), false, 'a removed entry is not brought back');
        assert.deepEqual(
          (await s.nodes.list('pchat.example.test')).map((n) => n.name),
          ['b'],
        );
      }));
  });
}
