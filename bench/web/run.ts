// The web app in a real Chromium (Debian's, through playwright-core) against a real `pchat serve`:
//   1. JavaScript shipped (gzip) — the production bundle as served;
//   2. navigation → interactive sign-in form, Sign in → interactive room list, and a reload → interactive
//      room list on the web session (no password), on loopback;
//   3. frame times while scrolling back through 1,000 messages (requestAnimationFrame deltas);
//   4. rendering a 1,000-participant roster in the virtualised participant list (1,000 real SIP users
//      joined over TCP, with ParticipantUpdateLimit raised so the server sends the roster);
//   5. post-to-screen latency between two browsers (Send clicked in one, the text on screen in the other).
// Usage: node --conditions=development --import tsx bench/web/run.ts [--posts 30] [--roster 1000] [--quick]
// (--quick: steps 1 and 2 only.)
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parseArgs } from 'node:util';
import { CollaborationPlatform, PersistentChatEndpoint, ChatRoomSession, UserEndpoint } from '@pchat/sdk';
import { tcpTransport } from '@pchat/sdk/node';
import {
  launchBrowser,
  newUserPage,
  openRoom,
  sdkUser,
  setChatConfig,
  signIn,
  startPchat,
  until,
} from '../../packages/web/test/support/web-kit.js';

const { values } = parseArgs({
  options: {
    posts: { type: 'string', default: '30' },
    roster: { type: 'string', default: '1000' },
    quick: { type: 'boolean', default: false },
  },
});
const POSTS = Number(values.posts);
const ROSTER = Number(values.roster);
const ROOT = new URL('../../', import.meta.url).pathname;

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
const ms = (x: number): string => `${x.toFixed(1)} ms`;

// 1,000 roster users connect from 127.0.0.1: above the default per-address connection cap.
const pchat = await startPchat({
  yaml: `frontend:\n  connections:\n    maxConnectionsPerAddress: ${ROSTER + 200}\n`,
});
const browser = await launchBrowser();
try {
  // 1. JS shipped.
  const assets = join(ROOT, 'packages/web/dist/assets');
  let raw = 0;
  let gz = 0;
  for (const f of readdirSync(assets).filter((x) => x.endsWith('.js'))) {
    const b = readFileSync(join(assets, f));
    raw += b.length;
    gz += gzipSync(b, { level: 9 }).length;
  }
  console.log(`js shipped: ${(raw / 1024).toFixed(1)} KB raw, ${(gz / 1024).toFixed(1)} KB gzip`);

  // 2. Navigation → interactive.
  const nav: number[] = [];
  const list: number[] = [];
  const reload: number[] = [];
  for (let i = 0; i < 5; i++) {
    const { page, context } = await newUserPage(browser);
    const t0 = Date.now();
    await page.goto(pchat.url);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    nav.push(Date.now() - t0);
    await page.getByLabel('SIP address').fill('alice@example.test');
    await page.getByLabel('Password').fill(pchat.passwords.alice!);
    const t1 = Date.now();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page
      .getByRole('navigation', { name: 'Rooms' })
      .getByRole('link', { name: 'Engineering' })
      .waitFor();
    list.push(Date.now() - t1);
    // A reload signs in again on the web session cookie: no password, no Digest challenge.
    const t2 = Date.now();
    await page.reload();
    await page
      .getByRole('navigation', { name: 'Rooms' })
      .getByRole('link', { name: 'Engineering' })
      .waitFor();
    reload.push(Date.now() - t2);
    await context.close();
  }
  console.log(`navigation → sign-in form interactive: median ${ms(pct(nav, 50))} (5 loads, cold context)`);
  console.log(
    `Sign in → room list interactive (REGISTER, provisioning, chat dialog, joins): median ${ms(pct(list, 50))}`,
  );
  console.log(
    `reload → room list interactive on the web session (page load, session query, REGISTER, joins): median ${ms(pct(reload, 50))}`,
  );
  if (!values.quick) {
    // 3. Scroll frame times over 1,000 messages.
    const bob = await sdkUser(pchat, 'bob');
    const eng = await bob.room('Engineering');
    for (let i = 1; i <= 1000; i++) await eng.sendChatMessage(`message ${i} ${'lorem ipsum '.repeat(i % 7)}`);
    {
      const { page, context } = await newUserPage(browser);
      await signIn(page, pchat.url, 'alice', pchat.passwords.alice!);
      await openRoom(page, 'Engineering');
      const log = page.getByRole('log', { name: 'Messages' });
      await log.getByText('message 1000', { exact: false }).waitFor();
      const box = (await log.boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.evaluate(`(() => {
      window.__frames = [];
      let last = performance.now();
      const tick = (t) => { window.__frames.push(t - last); last = t; window.__raf = requestAnimationFrame(tick); };
      window.__raf = requestAnimationFrame(tick);
    })()`);
      const start = log.getByText('This is the beginning of', { exact: false });
      const t0 = Date.now();
      await until(
        async () => {
          await page.mouse.wheel(0, -1500);
          return start.isVisible();
        },
        'the start of the room',
        180_000,
      );
      const took = Date.now() - t0;
      const frames = (await page.evaluate(
        `(() => { cancelAnimationFrame(window.__raf); return window.__frames.slice(1); })()`,
      )) as number[];
      const over = frames.filter((f) => f > 50).length;
      console.log(
        `scroll back through 1,000 messages (paging 30 at a time): ${frames.length} frames in ${(took / 1000).toFixed(1)} s; ` +
          `frame time p50 ${ms(pct(frames, 50))}, p95 ${ms(pct(frames, 95))}, p99 ${ms(pct(frames, 99))}, max ${ms(Math.max(...frames))}; ${over} frames > 50 ms`,
      );
      await context.close();
    }

    // 5. Post-to-screen latency between two browsers.
    {
      const a = await newUserPage(browser);
      const b = await newUserPage(browser);
      await signIn(a.page, pchat.url, 'alice', pchat.passwords.alice!);
      await signIn(b.page, pchat.url, 'bob', pchat.passwords.bob!);
      await openRoom(a.page, 'Engineering');
      await openRoom(b.page, 'Engineering');
      await b.page.evaluate(`(() => {
      window.__seen = {};
      new MutationObserver(() => {
        for (const el of document.querySelectorAll('.msg-text')) {
          const m = /^latency (\\d+)$/.exec(el.textContent.trim());
          if (m && !(m[1] in window.__seen)) window.__seen[m[1]] = Date.now();
        }
      }).observe(document.body, { childList: true, subtree: true, characterData: true });
    })()`);
      const lat: number[] = [];
      const box = a.page.getByRole('textbox', { name: 'Message' });
      for (let i = 0; i < POSTS; i++) {
        await box.fill(`latency ${i}`);
        const sent = (await a.page.evaluate('Date.now()')) as number;
        await box.press('Enter');
        await until(
          async () => (await b.page.evaluate(`window.__seen[${i}] !== undefined`)) as boolean,
          'seen',
          15_000,
        );
        const seen = (await b.page.evaluate(`window.__seen[${i}]`)) as number;
        lat.push(seen - sent);
        await until(async () => (await box.inputValue()) === '', 'sent');
      }
      console.log(
        `post-to-screen, browser A Enter → text in browser B's log (${POSTS} posts): p50 ${ms(pct(lat, 50))}, p95 ${ms(pct(lat, 95))}, max ${ms(Math.max(...lat))}`,
      );
      await a.context.close();
      await b.context.close();
    }

    // 4. A 1,000-participant roster.
    if (ROSTER > 0) {
      // The chat service reads its configuration at start.
      await setChatConfig(pchat, { participantUpdateLimit: ROSTER + 100 });
      await pchat.stop();
      await pchat.start();
      const platform = new CollaborationPlatform({
        applicationName: 'roster-bench',
        transport: tcpTransport(),
        timeouts: { requestMs: 30_000 },
      });
      await platform.startup();
      let joined = 0;
      for (let i = 0; i < ROSTER; i += 10) {
        await Promise.all(
          Array.from({ length: Math.min(10, ROSTER - i) }, async (_, k) => {
            const n = i + k;
            const user = `sip:load${n}@example.test`;
            await pchat.admin('POST', '/v1/users', {
              sipAddress: user,
              displayName: `Load User ${n}`,
              password: 'load-pass-1',
            });
            const ep = new UserEndpoint(platform, {
              ownerUri: user,
              server: pchat.sipTcp,
              credentials: { password: 'load-pass-1' },
            });
            await ep.establish();
            const chat = new PersistentChatEndpoint('sip:pchat@example.test', ep);
            await chat.establish();
            await new ChatRoomSession(chat).join('Lobby');
            joined++;
          }),
        );
      }
      const { page, context } = await newUserPage(browser);
      await signIn(page, pchat.url, 'dave', pchat.passwords.dave!);
      await page.getByRole('button', { name: 'Find a room' }).click();
      await page.getByRole('searchbox', { name: 'Search rooms' }).fill('Lobby');
      await page.getByRole('searchbox', { name: 'Search rooms' }).press('Enter');
      const t0 = Date.now();
      await page.getByRole('button', { name: 'Join Lobby' }).click();
      await page.getByRole('heading', { level: 1, name: 'Lobby' }).waitFor();
      const people = page.getByRole('list', { name: /participants/ });
      await until(
        async () =>
          /^(\d+) participants$/.test((await people.getAttribute('aria-label')) ?? '') &&
          Number(/^(\d+)/.exec((await people.getAttribute('aria-label'))!)![1]) > joined,
        'roster',
        60_000,
      );
      const took = Date.now() - t0;
      const rendered = await people.getByRole('listitem').count();
      console.log(
        `roster of ${joined + 1} participants: Join → list shown in ${ms(took)}; ${rendered} rows in the DOM (virtualised)`,
      );
      await context.close();
      await platform.shutdown();
    }
    await bob.close();
  }
} finally {
  await browser.close();
  await pchat.stop();
}
