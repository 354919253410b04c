// Presence benchmark (docs/presence.md): the real front end (SQLite store, TCP, trusted-network sign-in) in
// this process, SIP clients over real sockets on 127.0.0.1 in the same process.
// 1. Fan-out: W watchers (each its own user and connection, one presence subscription each) watch bob; bob
//    publishes a new state; measured: from the publish to each watcher's BENOTIFY being parsed, per watcher
//    (p50/p99) and overall deliveries/s. Several rounds.
// 2. Sign-in with a C-contact list: C users are online (published through the presence service), then a
//    user with all C on the list signs in as pidgin-sipe does: REGISTER, SUBSCRIBE roaming-contacts, one
//    batched SUBSCRIBE presence for all; measured: from connect to the presence of all C parsed.
// Usage: node --conditions=development --import tsx bench/presence/fanout.ts [--watchers 1000] [--contacts 500] [--rounds 5]
import { performance } from 'node:perf_hooks';
import { createUser, systemActor, buildActor } from '@pchat/domain';
import {
  CT_BATCH_SUBSCRIBE,
  CT_CATEGORY_PUBLISH,
  decodePresenceBody,
  decodeRoamingContacts,
  encodeBatchSubscribe,
  getHeader,
  type SipRequest,
} from '@pchat/protocol';
import { SipTestClient } from '../../packages/server/test/kit/sip-client.js';
import { startTestServer } from '../../packages/server/test/kit/server.js';

const arg = (n: string, d: number): number => {
  const i = process.argv.indexOf(`--${n}`);
  return i >= 0 ? Number(process.argv[i + 1]) : d;
};
const WATCHERS = arg('watchers', 1000);
const CONTACTS = arg('contacts', 500);
const ROUNDS = arg('rounds', 5);
const BOB = 'sip:bob@example.test';
const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const ms = (x: number): string => x.toFixed(1);

function publishBody(uri: string, availability: number, note: string): string {
  return (
    `<publish xmlns="http://schemas.microsoft.com/2006/09/sip/rich-presence"><publications uri="${uri}">` +
    `<publication categoryName="state" instance="1" container="2" version="0" expireType="user"><state xmlns="http://schemas.microsoft.com/2006/09/sip/state" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="userState"><availability>${availability}</availability></state></publication>` +
    `<publication categoryName="note" instance="0" container="200" version="0"><note xmlns="http://schemas.microsoft.com/2006/09/sip/note"><body type="personal" uri="">${note}</body></note></publication>` +
    `</publications></publish>`
  );
}

async function signIn(port: number, aor: string): Promise<SipTestClient> {
  const c = await SipTestClient.connect({ port });
  const r = await c.register(aor, { epid: 'bench' });
  if (r.status !== 200) throw new Error(`${aor}: REGISTER ${r.status}`);
  return c;
}

const from = (c: SipTestClient, aor: string) => ({
  from: `<${aor}>;tag=${c.tag}`,
  callId: `sub-${Math.random()}`,
});

function subscribePresence(c: SipTestClient, aor: string, who: string[]) {
  return c.request(
    'SUBSCRIBE',
    aor,
    [
      { name: 'Event', value: 'presence' },
      { name: 'Content-Type', value: CT_BATCH_SUBSCRIBE },
      { name: 'Require', value: 'adhoclist, categoryList' },
      { name: 'Supported', value: 'eventlist' },
    ],
    encodeBatchSubscribe(aor, { action: 'subscribe', resources: who }),
    from(c, aor),
  );
}

async function main(): Promise<void> {
  const t = await startTestServer({
    auth: { schemes: ['trusted-network'], trustedNetworks: ['127.0.0.1/32'] },
    frontend: { connections: { maxConnectionsPerAddress: 100_000, maxConnections: 100_000 } },
  } as never);
  const sys = systemActor();
  const users = Math.max(WATCHERS, CONTACTS);
  const t0 = performance.now();
  for (let i = 0; i < users; i++)
    await createUser(t.deps, sys, { sipAddress: `sip:u${i}@example.test`, displayName: `User ${i}` });
  console.log(`setup: ${users} users in ${ms(performance.now() - t0)} ms`);

  // ---- 1. fan-out
  if (WATCHERS > 0) await fanOut(t.tcpPort);

  // ---- 2. sign-in with a C-contact list
  await contactSignIn(t);
  await t.close();
}

async function fanOut(port: number): Promise<void> {
  const watchers: SipTestClient[] = [];
  const t0 = performance.now();
  for (let i = 0; i < WATCHERS; i++) {
    const aor = `sip:u${i}@example.test`;
    const c = await signIn(port, aor);
    const r = await subscribePresence(c, aor, [BOB]);
    if (r.status !== 200) throw new Error(`watcher ${i}: SUBSCRIBE ${r.status}`);
    watchers.push(c);
  }
  console.log(`fan-out: ${WATCHERS} watchers signed in and subscribed in ${ms(performance.now() - t0)} ms`);
  const bob = await signIn(port, BOB);
  const states = [6500, 3500, 15500, 9500, 3500, 6500, 12500, 3500];
  const rows: string[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const availability = states[round % states.length]!;
    const note = `round ${round}`;
    const arrived: number[] = new Array<number>(WATCHERS).fill(0);
    let left = WATCHERS;
    const done = new Promise<void>((resolve) => {
      watchers.forEach((c, i) => {
        const start = c.incoming.length;
        const check = (): void => {
          for (let k = start; k < c.incoming.length; k++) {
            const m: SipRequest = c.incoming[k]!;
            if (m.method === 'BENOTIFY' && m.body.includes(`round ${round}<`)) {
              const v = decodePresenceBody(getHeader(m, 'Content-Type')!, m.body)[0]!;
              if (v.availability === availability) {
                arrived[i] = performance.now();
                if (--left === 0) resolve();
                c.socket.off('data', onData);
                return;
              }
            }
          }
        };
        // SipTestClient parses in its own 'data' listener (added first), so ours sees the parsed requests.
        const onData = (): void => check();
        c.socket.on('data', onData);
      });
    });
    const p0 = performance.now();
    const r = await bob.request(
      'SERVICE',
      BOB,
      [{ name: 'Content-Type', value: CT_CATEGORY_PUBLISH }],
      publishBody(BOB, availability, note),
      {
        from: `<${BOB}>;tag=${bob.tag}`,
      },
    );
    if (r.status !== 200) throw new Error(`publish: ${r.status}`);
    await done;
    const lat = arrived.map((x) => x - p0);
    const total = Math.max(...lat);
    rows.push(
      `| ${round + 1} | ${WATCHERS} | ${Math.round((WATCHERS / total) * 1000).toLocaleString('en')} | ${ms(pct(lat, 50))} | ${ms(pct(lat, 99))} | ${ms(total)} |`,
    );
  }
  console.log('\n| round | watchers | deliveries/s | p50 ms | p99 ms | last ms |\n|---|---|---|---|---|---|');
  for (const r of rows) console.log(r);
  for (const c of watchers) c.destroy();
  bob.destroy();
}

async function contactSignIn(t: Awaited<ReturnType<typeof startTestServer>>): Promise<void> {
  const hub = t.server.sip.presence;
  for (let i = 0; i < CONTACTS; i++) {
    const actor = await buildActor(t.server.store, `sip:u${i}@example.test`);
    hub.presence.publish(actor, `bench-${i}`, { userState: i % 2 ? 3500 : 6500, note: `note ${i}` });
  }
  const alice = await buildActor(t.server.store, 'sip:alice@example.test');
  const g = await hub.contacts.addGroup(alice, 'Everyone');
  for (let i = 0; i < CONTACTS; i++)
    await hub.contacts.setContact(alice, {
      uri: `sip:u${i}@example.test`,
      name: '',
      groups: [g.group.id],
      subscribed: true,
    });
  const signins: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const s0 = performance.now();
    const c = await signIn(t.tcpPort, 'sip:alice@example.test');
    const rc = await c.request(
      'SUBSCRIBE',
      'sip:alice@example.test',
      [{ name: 'Event', value: 'vnd-microsoft-roaming-contacts' }],
      '',
      from(c, 'sip:alice@example.test'),
    );
    const list = decodeRoamingContacts(rc.body);
    if (list.kind !== 'list' || list.contacts.length !== CONTACTS) throw new Error('contact list incomplete');
    const rp = await subscribePresence(
      c,
      'sip:alice@example.test',
      list.contacts.map((x) => x.uri),
    );
    // The answer carries the first 100 people, BENOTIFYs in the same dialog the rest (100 each).
    const seen = new Map(decodePresenceBody(getHeader(rp, 'Content-Type')!, rp.body).map((v) => [v.uri, v]));
    const callId = getHeader(rp, 'Call-ID');
    let next = 0;
    while (seen.size < CONTACTS) {
      const m = c.incoming[next];
      if (m === undefined) {
        await new Promise((r) => setImmediate(r));
        continue;
      }
      next++;
      if (m.method === 'BENOTIFY' && getHeader(m, 'Call-ID') === callId)
        for (const v of decodePresenceBody(getHeader(m, 'Content-Type')!, m.body)) seen.set(v.uri, v);
    }
    if ([...seen.values()].some((v) => v.availability === 18500)) throw new Error('presence incomplete');
    signins.push(performance.now() - s0);
    c.destroy();
  }
  console.log(
    `\nsign-in with ${CONTACTS} contacts, all online (REGISTER, roaming-contacts, one batched presence SUBSCRIBE), ${ROUNDS} runs:` +
      ` median ${ms(pct(signins, 50))} ms, max ${ms(Math.max(...signins))} ms (runs: ${signins.map(ms).join(', ')})`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
