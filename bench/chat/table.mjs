// Side-by-side table of the chat benchmark results (bench/chat/run.sh) against the goals of bench/README.md.
// node bench/chat/table.mjs <results dir> 100 1000
import fs from 'node:fs';
import path from 'node:path';

const [dir = 'bench/chat/results', ...ks] = process.argv.slice(2);
const counts = ks.length ? ks : ['100', '1000'];
const load = (name) => {
  const f = path.join(dir, `${name}.json`);
  return fs.existsSync(f) ? JSON.parse(fs.readFileSync(f, 'utf8')) : null;
};
const fmt = (v, d = 1) =>
  v == null || Number.isNaN(v)
    ? '—'
    : typeof v === 'number'
      ? Math.abs(v) >= 100
        ? Math.round(v).toLocaleString('en-US')
        : v.toFixed(d)
      : String(v);
const rows = [
  [
    '#1 fan-out ceiling, burst (deliveries/s)',
    '≥ 50,000 [≥ 100,000]',
    (r) => fmt(r.fanoutBurst.deliveriesPerSec) + (r.fanoutBurst.lost ? ` (${r.fanoutBurst.lost} lost)` : ''),
  ],
  [
    '   server CPU µs per delivery, burst / steady',
    '(≤ 20 for 50k/s on one core)',
    (r) => `${fmt(r.fanoutBurst.serverCpuUsPerDelivery)} / ${fmt(r.fanoutSteady.serverCpuUsPerDelivery)}`,
  ],
  [
    '   server-CPU-bound ceiling (1e6 / µs per delivery)',
    '',
    (r) => fmt(1e6 / r.fanoutBurst.serverCpuUsPerDelivery),
  ],
  [
    '   burst: posts/s accepted, latency p50 / p99 ms',
    '(queueing, not a user latency)',
    (r) =>
      `${fmt(r.fanoutBurst.postsPerSec)}; ${fmt(r.fanoutBurst.latencyMs.p50)} / ${fmt(r.fanoutBurst.latencyMs.p99)}`,
  ],
  [
    '#2 steady 20 posts/s: latency p50 / p99 ms',
    'p99 ≤ 100 [p50 ≤ 10, p99 ≤ 50]',
    (r) => `${fmt(r.fanoutSteady.latencyMs.p50)} / ${fmt(r.fanoutSteady.latencyMs.p99)}`,
  ],
  [
    '   steady: deliveries/s, lost',
    'nothing lost',
    (r) => `${fmt(r.fanoutSteady.deliveriesPerSec)}, ${r.fanoutSteady.lost} lost`,
  ],
  [
    '#3 join + last 50 (10k archived): p50 / p99 ms',
    'p99 ≤ 50 [p99 ≤ 20]',
    (r) =>
      `${fmt(r.history.joinWithHistoryMs?.p50)} / ${fmt(r.history.joinWithHistoryMs?.p99)} (got ≥ ${r.history.minReceived})`,
  ],
  [
    '   explicit last-50 page: p50 / p99 ms',
    '[p99 ≤ 10]',
    (r) => `${fmt(r.history.archiveFetchMs?.p50)} / ${fmt(r.history.archiveFetchMs?.p99)}`,
  ],
  [
    '   sign-in (connect+register+invite / SASL+bind): p50 / p99 ms',
    '',
    (r) => `${fmt(r.history.connectMs?.p50)} / ${fmt(r.history.connectMs?.p99)}`,
  ],
  ['#4 memory per connected, joined client (KiB)', '≤ 40 [≤ 20]', (r) => fmt(r.memory.perClientKiB)],
  [
    '#6 sign-in + join, 50 concurrent (joins/s)',
    '≥ 200 [≥ 1,000]',
    (r) => `${fmt(r.connect.clients / r.connect.wallSec)} (join p99 ${fmt(r.connect.joinMs?.p99)} ms)`,
  ],
];
const cols = [];
for (const k of counts)
  for (const s of ['pchat', 'prosody'])
    cols.push([`${s === 'pchat' ? 'pchat' : 'Prosody (sql)'} K=${k}`, load(`${s}-k${k}`)]);
const out = [
  `| metric | goal: step [moonshot] | ${cols.map((c) => c[0]).join(' | ')} |`,
  `|---|---|${cols.map(() => '---').join('|')}|`,
];
for (const [name, goal, f] of rows) {
  out.push(
    `| ${name} | ${goal} | ${cols
      .map(([, r]) => {
        try {
          return r ? f(r) : 'not run';
        } catch {
          return '—';
        }
      })
      .join(' | ')} |`,
  );
}
console.log(out.join('\n'));
