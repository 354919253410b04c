// The node registry and the active servers of a pool (docs/pool.md), against real `pchat serve` processes
// on one PostgreSQL: Get-CsPersistentChatState lists the live nodes, Set-CsPersistentChatActiveServer takes
// up to four, a node that is not active refuses chat sessions naming one that is, and a node with a local
// bus is refused at start beside a running node.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { adminCall, member, usePool } from './pool-kit.js';

const ROOT = new URL('../../../../', import.meta.url).pathname;
interface NodeView {
  name: string;
  state: string;
  active: boolean;
  addresses: Record<string, string>;
}

const IDENTITY = 'service:PersistentChatServer:pchat.example.test';

describe('pool nodes', { timeout: 180_000 }, () => {
  const fx = usePool(['a', 'b']);
  const admin = (method: string, path: string, body?: unknown) =>
    adminCall(fx.pool, fx.node('a'), method, path, body);

  it('Get-CsPersistentChatState shows both live nodes with their addresses', async () => {
    const { status, json } = await admin('GET', `/v1/state?identity=${encodeURIComponent(IDENTITY)}`);
    assert.equal(status, 200);
    const nodes = (json as Array<{ nodes: NodeView[] }>)[0]!.nodes;
    assert.deepEqual(
      nodes.map((n) => [n.name, n.state, n.active]),
      [
        ['a', 'Running', true],
        ['b', 'Running', true],
      ],
    );
    assert.equal(nodes[1]!.addresses.sipTcp, `sip:${fx.node('b').tcp};transport=tcp`);
  });

  it('Set-CsPersistentChatActiveServer takes four, refuses five', async () => {
    const five = await admin('PATCH', '/v1/state/active-servers', {
      identity: IDENTITY,
      activeServers: ['a', 'b', 'c', 'd', 'e'],
    });
    assert.equal(five.status, 413, JSON.stringify(five.json));
    assert.match(JSON.stringify(five.json), /at most 4 active servers/);
    const four = await admin('PATCH', '/v1/state/active-servers', {
      identity: IDENTITY,
      activeServers: ['a', 'b', 'c', 'd'],
    });
    assert.equal(four.status, 200, JSON.stringify(four.json));
  });

  it('a node that is not active refuses chat sessions and names an active one', async () => {
    const a = fx.node('a');
    const b = fx.node('b');
    const set = await admin('PATCH', '/v1/state/active-servers', {
      identity: IDENTITY,
      activeServers: ['a'],
    });
    assert.equal(set.status, 200, JSON.stringify(set.json));
    // b reads the pool state at its next heartbeat (0.5 s in these tests).
    let refusal = '';
    for (let i = 0; i < 100 && refusal === ''; i++) {
      try {
        const m = await member(fx.pool, 'carol', [b.tcp]);
        await m.close();
        await new Promise((r) => setTimeout(r, 100));
      } catch (e) {
        refusal = e instanceof Error ? e.message : String(e);
      }
    }
    assert.match(refusal, /not an active Persistent Chat server/);
    assert.ok(refusal.includes(`Connect to a (sip:${a.tcp};transport=tcp)`), refusal);
    // On the active node the same user gets in.
    const ok = await member(fx.pool, 'carol', [a.tcp]);
    await ok.close();
    await admin('PATCH', '/v1/state/active-servers', {
      identity: IDENTITY,
      activeServers: ['pchat.example.test'],
    });
  });

  it('a node with a local bus beside a running node is refused at start, saying what to do', () => {
    const file = join(fx.pool.dataDir, 'lonely.json');
    writeFileSync(
      file,
      JSON.stringify({
        dataDir: fx.pool.dataDir,
        store: { kind: 'postgres', postgresUrl: fx.pool.pgUrl },
        listen: { host: '127.0.0.1', sipTcpPort: 0, sipTlsPort: null, httpPort: 0 },
        log: { level: 'warn' },
        node: { name: 'lonely' },
      }),
    );
    const r = spawnSync(
      process.execPath,
      ['--conditions=development', '--import', 'tsx', 'packages/cli/src/main.ts', 'serve', '--config', file],
      { cwd: ROOT, encoding: 'utf8', timeout: 60_000 },
    );
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /another running node \(a, b\).*bus is local.*Set bus\.kind to nats/s);
  });

  it('a setting changed through B applies at once on A (Set-CsPersistentChatConfiguration)', async () => {
    const a = fx.node('a');
    const b = fx.node('b');
    const alice = await member(fx.pool, 'alice', [a.tcp]);
    try {
      await alice.session.sendChatMessage('x'.repeat(200));
      const url = `${b.http}/v1/configurations?identity=global`;
      const headers = { authorization: `Bearer ${fx.pool.adminToken()}`, 'content-type': 'application/json' };
      const [cur] = (await (await fetch(url, { headers })).json()) as Array<{ version: string | number }>;
      const res = await fetch(`${b.http}/v1/configurations`, {
        method: 'PATCH',
        headers,
        body: JSON.stringify({ identity: 'global', version: cur!.version, messageSizeLimit: 100 }),
      });
      assert.equal(res.status, 200, await res.text());
      let why = '';
      for (let i = 0; i < 100 && why === ''; i++) {
        try {
          await alice.session.sendChatMessage('y'.repeat(200));
          await new Promise((r) => setTimeout(r, 50));
        } catch (e) {
          why = e instanceof Error ? e.message : String(e);
        }
      }
      assert.notEqual(why, '', 'A refuses a post over the limit set through B');
    } finally {
      await alice.close();
    }
  });
});
