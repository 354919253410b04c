// Directory sync benchmark (docs/directory.md): a private slapd preloaded (slapadd) with N users in 20 OUs
// and G groups (each with 25 user members; every 10th group also nests the next one), read by pchat's
// LDAP reader with paged searches (the server's size limit is 1,000, so paging is required), applied to a
// fresh SQLite store; then an incremental sync after 100 changes; then an access decision for a user
// in a chain of 50 nested groups.
// Usage: node --conditions=development --import tsx bench/directory/sync.ts [--users 100000] [--groups 5000]
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import {
  buildActor,
  can,
  syncDirectory,
  systemActor,
  createCategory,
  createRoom,
  createPool,
  type ServiceDeps,
} from '@pchat/domain';
import { openStore } from '@pchat/storage';
import { LdapDirectory } from '../../packages/server/src/directory/ldap/reader.js';
import { mappingOf } from '../../packages/server/src/directory/ldap/presets.js';
import { loadConfig } from '../../packages/server/src/config/load.js';
import { startSlapd } from '../../scripts/test-support/slapd.js';

const arg = (n: string, d: number) => {
  const i = process.argv.indexOf(`--${n}`);
  return i >= 0 ? Number(process.argv[i + 1]) : d;
};
const USERS = arg('users', 100_000);
const GROUPS = arg('groups', 5_000);
const SUFFIX = 'dc=corp,dc=example,dc=test';
const mb = (b: number) => (b / 1024 / 1024).toFixed(0);

function ldif(file: string): void {
  const out: string[] = [];
  for (let o = 0; o < 20; o++)
    out.push(`dn: ou=OU${o},${SUFFIX}\nobjectClass: organizationalUnit\nou: OU${o}\n`);
  out.push(`dn: ou=Groups,${SUFFIX}\nobjectClass: organizationalUnit\nou: Groups\n`);
  const udn = (i: number) => `uid=u${i},ou=OU${i % 20},${SUFFIX}`;
  for (let i = 0; i < USERS; i++)
    out.push(
      `dn: ${udn(i)}\nobjectClass: inetOrgPerson\nuid: u${i}\ncn: User ${i}\nsn: ${i}\ndisplayName: User ${i}\nmail: u${i}@corp.example.test\n`,
    );
  for (let g = 0; g < GROUPS; g++) {
    const members = Array.from({ length: 25 }, (_, k) => `member: ${udn((g * 25 + k) % USERS)}`);
    if (g % 10 === 0 && g + 1 < GROUPS) members.push(`member: cn=G${g + 1},ou=Groups,${SUFFIX}`);
    out.push(
      `dn: cn=G${g},ou=Groups,${SUFFIX}\nobjectClass: groupOfNames\ncn: G${g}\n${members.join('\n')}\n`,
    );
  }
  writeFileSync(file, out.join('\n'));
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'pchat-bench-dir-'));
  const file = join(dir, 'tree.ldif');
  let t = performance.now();
  ldif(file);
  const slapd = await startSlapd({ suffix: SUFFIX, preloadFile: file, sizeLimit: 1000 });
  console.log(
    `slapd loaded ${USERS} users, ${GROUPS} groups in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );
  const store = await openStore({ kind: 'sqlite', file: join(dir, 'pchat.db') });
  const deps: ServiceDeps = { store, clock: { now: () => Date.now() }, ids: { uuid: () => randomUUID() } };
  const c = loadConfig({
    env: {},
    dataDir: dir,
    overrides: { directory: { kind: 'ldap', ldap: { preset: 'openldap', baseDns: [SUFFIX] } } } as never,
  }).directory.ldap;
  const reader = new LdapDirectory({
    url: slapd.url,
    startTls: false,
    ca: null,
    bindDn: slapd.rootDn,
    bindPassword: slapd.rootPassword,
    baseDns: [SUFFIX],
    pageSize: 1000,
    timeoutMs: 120_000,
    mapping: mappingOf(c),
    netbiosNames: {},
  });
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
  try {
    const rss0 = process.memoryUsage().rss;
    t = performance.now();
    const read = await reader.read(null);
    const tRead = performance.now() - t;
    const r = await syncDirectory(deps, { records: read.records, full: true, batchSize: 1000 });
    const tAll = performance.now() - t;
    console.log(
      `first sync: ${read.records.length} objects read in ${(tRead / 1000).toFixed(1)} s, applied in ${((tAll - tRead) / 1000).toFixed(1)} s, total ${(tAll / 1000).toFixed(1)} s; ` +
        `added ${r.counts.added}, memberships ${r.counts.membersAdded}; RSS ${mb(rss0)} MB before, peak ${mb(peak)} MB`,
    );

    // 100 changes: 90 renames and 10 membership removals.
    const mods: string[] = [];
    for (let i = 0; i < 90; i++)
      mods.push(
        `dn: uid=u${i * 7},ou=OU${(i * 7) % 20},${SUFFIX}\nchangetype: modify\nreplace: displayName\ndisplayName: Renamed ${i}\n`,
      );
    for (let g = 0; g < 10; g++)
      mods.push(
        `dn: cn=G${g * 3},ou=Groups,${SUFFIX}\nchangetype: modify\ndelete: member\nmember: uid=u${g * 75},ou=OU${(g * 75) % 20},${SUFFIX}\n`,
      );
    slapd.modify(mods.join('\n'));
    t = performance.now();
    const inc = await reader.read(read.marker);
    const ri = await syncDirectory(deps, { records: inc.records, full: false });
    console.log(
      `incremental sync, 100 changes: ${inc.records.length} objects read, ${ri.counts.updated} updated, ${ri.counts.membersRemoved} memberships removed, ${((performance.now() - t) / 1000).toFixed(2)} s`,
    );

    // A user in a chain of 50 nested groups; the category admits the outermost group.
    const sys = systemActor();
    const chain = Array.from({ length: 50 }, (_, i) => `ma-grp:chain${i}@u.g`);
    await store.transaction(async (tx) => {
      for (const [i, uri] of chain.entries()) {
        await tx.directory.insert({
          uri,
          kind: 'group',
          guid: `chain${i}`,
          displayName: `Chain ${i}`,
          groupType: 'security',
          audit: { createdBy: null, createdOn: 0, updatedBy: null, updatedOn: 0 },
        });
        await tx.directory.addGroupMember({
          group: uri,
          member: i === 0 ? 'sip:u1@corp.example.test' : (chain[i - 1] as string),
        });
      }
    });
    await createPool(deps, sys, { fqdn: 'pchat.corp.example.test', domain: 'corp.example.test' });
    await store.topology.putPolicy({ identity: 'global', description: '', enablePersistentChat: true });
    const cat = await createCategory(deps, sys, { name: 'Nested', allowedMembers: [chain[49] as string] });
    const room = await createRoom(deps, sys, { categoryId: cat.id, name: 'Deep', privacy: 'Open' });
    const N = 200;
    t = performance.now();
    let allowed = 0;
    for (let i = 0; i < N; i++) {
      const actor = await buildActor(store, 'sip:u1@corp.example.test');
      if (can(actor, 'room.join', { room, category: cat }).allowed) allowed++;
    }
    const per = (performance.now() - t) / N;
    const actor = await buildActor(store, 'sip:u1@corp.example.test');
    t = performance.now();
    for (let i = 0; i < 100_000; i++) can(actor, 'room.join', { room, category: cat });
    const perCan = ((performance.now() - t) / 100_000) * 1000;
    console.log(
      `access decision, user in 50 nested groups: build actor (ancestry of ${actor.ancestry.size}) + can() ${per.toFixed(2)} ms; can() alone ${perCan.toFixed(2)} µs; allowed ${allowed}/${N}`,
    );
  } finally {
    clearInterval(sampler);
    await store.close();
    await slapd.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
