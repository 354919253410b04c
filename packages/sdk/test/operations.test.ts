// Operations endpoints of a real server (docs/security.md, "Operations"): /healthz (liveness), /readyz
// (readiness: store and listeners) and Prometheus metrics at /metrics that follow what SDK clients do
// over SIP: connections, sessions, joins, posts, deliveries, queue depths, store latency, refusals.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ChatRoomSession, isPersistentChatError, type PersistentChatEndpoint } from '../src/index.js';
import { startPchat, type Pchat } from './support/server.js';
import { chatAs, closeAll } from './support/sdk.js';

/** The value of one series in Prometheus text format, or undefined when absent. */
function sample(text: string, series: string): number | undefined {
  for (const line of text.split('\n'))
    if (line.startsWith(`${series} `)) return Number(line.slice(series.length + 1));
  return undefined;
}

describe('health, readiness and metrics', { timeout: 120_000 }, () => {
  let p: Pchat;
  let alice: PersistentChatEndpoint;
  let base = '';
  const metrics = async (): Promise<string> => {
    const r = await fetch(`${base}/metrics`);
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type') ?? '', /^text\/plain/);
    return r.text();
  };

  before(async () => {
    p = await startPchat();
    base = p.server.addresses.http!;
    alice = await chatAs(p, 'alice', 'tcp');
  });
  after(async () => {
    await closeAll(alice);
    await p?.close();
  });

  it('answers liveness and readiness', async () => {
    const live = await fetch(`${base}/healthz`);
    assert.equal(live.status, 200);
    assert.equal(((await live.json()) as { status: string }).status, 'ok');
    const ready = await fetch(`${base}/readyz`);
    assert.equal(ready.status, 200);
    const body = (await ready.json()) as { status: string; store: string };
    assert.deepEqual([body.status, body.store], ['ok', 'sqlite']);
  });

  it('counts connections, sessions, joins, posts, deliveries, store calls and refusals', async () => {
    const before = await metrics();
    const a = new ChatRoomSession(alice);
    await a.join('Lobby');
    await a.sendChatMessage('counted');
    const missing = 'ma-chan://pchat.example.test/00000000-0000-4000-8000-000000000000';
    await assert.rejects(new ChatRoomSession(alice).join(missing), (e) =>
      isPersistentChatError(e, 'NoSuchNode'),
    );
    const now = await metrics();
    const grew = (series: string): void => {
      const was = sample(before, series) ?? 0;
      const is = sample(now, series);
      assert.ok(is !== undefined && is > was, `${series}: ${was} → ${String(is)}`);
    };
    grew('pchat_chat_commands_total{command="join"}');
    grew('pchat_chat_commands_total{command="grpchat"}');
    grew('pchat_chat_deliveries_total');
    grew('pchat_errors_total{edge="xccos",code="NoSuchNode"}');
    grew('pchat_store_seconds_count{call="messages.append"}');
    assert.ok((sample(now, 'pchat_sip_connections') ?? 0) >= 1);
    assert.ok((sample(now, 'pchat_sip_dialogs') ?? 0) >= 1);
    assert.ok((sample(now, 'pchat_chat_sessions') ?? 0) >= 1);
    assert.equal(sample(now, 'pchat_chat_commands_queued'), 0);
    assert.equal(sample(now, 'pchat_chat_outbound_queued'), 0);
    assert.ok(sample(now, 'pchat_throttle_hits_total{by="user"}') === undefined);
    // Nothing a client sends becomes a label: the unknown room is nowhere in the text.
    assert.ok(!now.includes(missing));
  });
});
