// Top functions by self time in a V8 .cpuprofile (node --cpu-prof), with their share of the sampled CPU.
// node bench/chat/profile-top.mjs <file.cpuprofile> [top=30]
import fs from 'node:fs';

const [file, topArg = '30'] = process.argv.slice(2);
const prof = JSON.parse(fs.readFileSync(file, 'utf8'));
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const self = new Map();
const dt = prof.timeDeltas;
for (let i = 0; i < prof.samples.length; i++) {
  const n = byId.get(prof.samples[i]);
  self.set(n.id, (self.get(n.id) ?? 0) + (dt[i] ?? 0));
}
const total = [...self.values()].reduce((a, b) => a + b, 0);
const idle = [...self.entries()]
  .filter(([id]) => ['(idle)', '(program)'].includes(byId.get(id).callFrame.functionName))
  .reduce((a, [, v]) => a + v, 0);
const agg = new Map();
for (const [id, us] of self) {
  const f = byId.get(id).callFrame;
  const where = f.url
    ? `${f.url.replace(/^file:\/\/\/work\/main\//, '').replace(/^node:/, 'node:')}:${f.lineNumber + 1}`
    : '';
  const key = `${f.functionName || '(anonymous)'} ${where}`;
  agg.set(key, (agg.get(key) ?? 0) + us);
}
const busy = total - idle;
console.log(
  `sampled ${(total / 1e6).toFixed(1)} s, busy ${(busy / 1e6).toFixed(1)} s (idle/program ${(idle / 1e6).toFixed(1)} s); shares are of busy time`,
);
for (const [k, us] of [...agg.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(topArg))) {
  if (k.startsWith('(idle)') || k.startsWith('(program)')) continue;
  console.log(
    `${((100 * us) / busy).toFixed(1).padStart(5)}%  ${(us / 1e3).toFixed(0).padStart(7)} ms  ${k}`,
  );
}
// Inclusive time by source file (self time summed per file): which module the CPU goes to.
const files = new Map();
for (const [id, us] of self) {
  const u = byId.get(id).callFrame.url || byId.get(id).callFrame.functionName;
  const key = u
    .replace(/^file:\/\/\/work\/main\//, '')
    .replace(/\/node_modules\/(@?[^/]+(\/[^/]+)?)\/.*/, '/node_modules/$1');
  files.set(key, (files.get(key) ?? 0) + us);
}
console.log('\nself time by file:');
for (const [k, us] of [...files.entries()].sort((a, b) => b[1] - a[1]).slice(0, 20)) {
  if (k === '(idle)' || k === '(program)') continue;
  console.log(`${((100 * us) / busy).toFixed(1).padStart(5)}%  ${k}`);
}

// Inclusive (self + callees) time of the heaviest functions, each counted once per stack.
const parent = new Map();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const incl = new Map();
for (const [id, us] of self) {
  const seen = new Set();
  for (let x = id; x !== undefined; x = parent.get(x)) {
    const f = byId.get(x).callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url ? f.url.replace(/^file:\/\/\/work\/main\//, '') : ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    incl.set(key, (incl.get(key) ?? 0) + us);
  }
}
console.log('\ninclusive time (project and protocol functions):');
for (const [k, us] of [...incl.entries()]
  .filter(([k]) => k.includes('packages/'))
  .sort((a, b) => b[1] - a[1])
  .slice(0, Number(topArg))) {
  console.log(`${((100 * us) / busy).toFixed(1).padStart(5)}%  ${k}`);
}
