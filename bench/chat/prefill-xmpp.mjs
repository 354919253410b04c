// Fills a Prosody MUC room's archive with N messages before the peer benchmark, so that its
// join-with-history and last-50 figures run on the same archive size as pchat's (10k+ messages).
// One client joins the room and posts with at most `window` posts in flight (counted by the echoes).
// node bench/chat/prefill-xmpp.mjs --port 15222 --room benchpchat@conference.localhost --messages 10000
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const args = Object.fromEntries(
  process.argv
    .slice(2)
    .reduce((a, v, i, all) => (i % 2 === 0 ? [...a, [v.replace(/^--/, ''), all[i + 1]]] : a), []),
);
const peer = args.peer || '/work/shared/peer-bench';
const { connect } = await import(pathToFileURL(path.join(peer, 'lib/xmpp-driver.mjs')).href);
const n = Number(args.messages || 10000);
const window = Number(args.window || 100);
const room = args.room;
const c = await connect({
  host: '127.0.0.1',
  port: Number(args.port || 15222),
  domain: args.domain || 'localhost',
});
await c.join(room, { history: 0 });
let echoed = 0;
let wake = null;
c.onMessage = (_room, body) => {
  if (!body.startsWith('prefill|')) return;
  echoed++;
  if (wake) {
    const f = wake;
    wake = null;
    f();
  }
};
const t0 = Date.now();
const deadline = t0 + 300_000;
for (let i = 0; i < n; i++) {
  while (i - echoed >= window && Date.now() < deadline)
    await new Promise((r) => {
      wake = r;
      setTimeout(r, 1000);
    });
  c.send(room, `prefill|${i}|archived message ${i} lorem ipsum dolor sit amet, consectetur adipiscing elit`);
}
while (echoed < n && Date.now() < deadline)
  await new Promise((r) => {
    wake = r;
    setTimeout(r, 1000);
  });
console.log(JSON.stringify({ room, messages: n, echoed, sec: (Date.now() - t0) / 1000 }));
c.close();
setTimeout(() => process.exit(0), 300);
