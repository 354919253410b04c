// End-to-end (an import never half-applies, PC-49): an export of one freshly started demo server imported
// through the real pchat bin into another fresh demo server, and into an empty PostgreSQL server.
// -WhatIf names every conflict the real run hits (the target's own demo pool, category and rooms) with the
// ways out; the refused run leaves the target untouched; -ReplaceExisting applies everything in one
// transaction; trusted application pools travel; the report says passwords are not carried and how to set
// them; and chat works at once afterwards (no restart), checked by Test-CsPersistentChatMessage over SIP.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Checksum } from '@pchat/server/export-format';
import { PASSWORDS, startKit, testMessage, type Kit, parseOut } from './helpers.js';
import { createPgDatabase } from './pg.js';

const LISTEN = { listen: { host: '127.0.0.1', httpPort: 0, sipTcpPort: 0, sipTlsPort: null } };
const MESSAGES = 300;

interface Room {
  name: string;
  id: string;
}
interface Report {
  applied: boolean;
  whatIf: boolean;
  verified: boolean;
  conflicts: Array<{ what: string; why: string }>;
  imported: Record<string, number>;
  notCarried: string[];
}

const roomIds = async (k: Kit): Promise<Record<string, string>> =>
  Object.fromEntries(
    ((await k.json(['Get-CsPersistentChatRoom'])) as Room[]).map((r) => [r.name, r.id] as const),
  );

/** Alice and Bob sign in over SIP and exchange a message in a room (the synthetic transaction). */
async function chatWorks(k: Kit): Promise<void> {
  const r = await testMessage(k);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.equal((parseOut(r.stdout) as { result: string }).result, 'Success');
}

describe(
  'Import-CsPersistentChatData: export of a demo server into fresh servers',
  { timeout: 300_000 },
  () => {
    let src: Kit;
    let file: string;
    let srcRooms: Record<string, string>;
    before(async () => {
      src = await startKit(LISTEN);
      let r = await src.pchat([
        'New-CsPersistentChatRoom',
        '-Name',
        'Only In Source',
        '-Category',
        'General',
      ]);
      assert.equal(r.code, 0, r.stderr);
      r = await src.pchat(['New-CsTrustedApplicationPool', '-Identity', 'bots.example.test']);
      assert.equal(r.code, 0, r.stderr);
      srcRooms = await roomIds(src);
      await src.server.store.transaction(async (tx) => {
        for (let i = 0; i < MESSAGES; i++)
          await tx.messages.append({
            roomId: srcRooms[i % 2 ? 'Lobby' : 'Only In Source'] as string,
            author: 'sip:alice@example.test',
            kind: 'plain',
            text: `message ${i}`,
            storyTitle: null,
            rtf: null,
            parts: null,
          });
      });
      file = join(src.dir, 'export.ndjson');
      r = await src.pchat(['Export-CsPersistentChatData', '-FileName', file]);
      assert.equal(r.code, 0, r.stderr);
    });
    after(() => src?.close());

    it('into a fresh demo server: -WhatIf names the conflicts, the refused run changes nothing, -ReplaceExisting applies it all', async () => {
      const dst = await startKit(LISTEN);
      try {
        const before = await roomIds(dst);
        let r = await dst.pchat(['Import-CsPersistentChatData', '-FileName', file, '-WhatIf', '-Json']);
        assert.equal(r.code, 0, r.stderr);
        const w = parseOut(r.stdout) as Report;
        assert.equal(w.applied, false);
        assert.deepEqual(w.conflicts.map((c) => c.what).sort(), [
          "category 'General' (pool pchat.example.test)",
          "pool 'pchat.example.test'",
          "room 'Announcements' (pool pchat.example.test)",
          "room 'Engineering' (pool pchat.example.test)",
          "room 'Leadership' (pool pchat.example.test)",
          "room 'Lobby' (pool pchat.example.test)",
        ]);
        assert.match(r.stderr, /would stop, changing nothing, on 6 conflict/);
        assert.match(r.stderr, /-ReplaceExisting/);

        r = await dst.pchat(['Import-CsPersistentChatData', '-FileName', file]);
        assert.equal(r.code, 1);
        assert.match(r.stderr, /Nothing was imported: 6 object\(s\) of the file clash/);
        assert.match(r.stderr, /room 'Lobby' \(pool pchat\.example\.test\): this server has another room/);
        assert.match(r.stderr, /-ReplaceExisting/);
        assert.match(r.stderr, /Set-CsPersistentChatRoom -Identity <room> -Name/);
        assert.doesNotMatch(r.stderr, /failed unexpectedly/);
        assert.deepEqual(await roomIds(dst), before, 'the refused import changed nothing');
        assert.deepEqual(await dst.json(['Get-CsTrustedApplicationPool']), []);

        r = await dst.pchat([
          'Import-CsPersistentChatData',
          '-FileName',
          file,
          '-ReplaceExisting',
          '-WhatIf',
          '-Json',
        ]);
        assert.equal(r.code, 0, r.stderr);
        assert.equal((parseOut(r.stdout) as Report).applied, true);
        assert.match(r.stderr, /would apply completely/);
        assert.deepEqual(await roomIds(dst), before, '-WhatIf changed nothing');

        r = await dst.pchat(['Import-CsPersistentChatData', '-FileName', file, '-ReplaceExisting', '-Json']);
        assert.equal(r.code, 0, r.stderr);
        const rep = parseOut(r.stdout) as Report;
        assert.equal(rep.applied, true);
        assert.equal(rep.imported.message, MESSAGES);
        assert.match(rep.notCarried.join('\n'), /Set-CsAdUser -Identity <user> -Password/);
        assert.match(r.stderr, /Not carried by an export:[\s\S]*Passwords/);
        assert.deepEqual(await roomIds(dst), srcRooms, 'the imported rooms replaced the demo rooms');
        const pools = (await dst.json(['Get-CsTrustedApplicationPool'])) as Array<{ identity: string }>;
        assert.deepEqual(
          pools.map((p) => p.identity),
          ['TrustedApplicationPool:bots.example.test'],
        );
        // Chat serves the imported rooms at once, without a restart.
        await chatWorks(dst);
        // Importing the same file again changes nothing: same ids, messages skipped.
        r = await dst.pchat(['Import-CsPersistentChatData', '-FileName', file, '-Json']);
        assert.equal(r.code, 0, r.stderr);
        assert.equal(
          (parseOut(r.stdout) as Report & { skipped: Record<string, number> }).skipped.message,
          MESSAGES,
        );
      } finally {
        await dst.close();
      }
    });

    it('into an empty PostgreSQL server: applied at once, chat starts without a restart; a failing record rolls everything back', async () => {
      const db = await createPgDatabase();
      const dst = await startKit({
        ...LISTEN,
        store: { kind: 'postgres', postgresUrl: db.url },
        demo: { createIfEmpty: false },
      });
      try {
        // A file that fails part-way (two rooms of one name: the second cannot be written) leaves nothing.
        const lines = readFileSync(file, 'utf8').trim().split('\n');
        const sum = new Checksum();
        const bad = lines.slice(1, -1).map((l) => {
          const rec = JSON.parse(l) as { type: string; data: { name?: string } };
          const renamed = rec.type === 'room' && rec.data.name === 'Only In Source';
          if (renamed) rec.data.name = 'Lobby';
          const out = renamed ? JSON.stringify(rec) : l;
          sum.add(rec.type, out);
          return out;
        });
        const badFile = join(dst.dir, 'bad.ndjson');
        writeFileSync(
          badFile,
          [lines[0], ...bad, JSON.stringify({ type: 'footer', counts: sum.counts, checksum: sum.hex })].join(
            '\n',
          ) + '\n',
        );
        let r = await dst.pchat(['Import-CsPersistentChatData', '-FileName', badFile]);
        assert.equal(r.code, 1, r.stdout);
        assert.match(r.stderr, /Nothing was imported: the room 'Lobby' could not be written/);
        assert.deepEqual(await dst.json(['Get-CsPersistentChatRoom']), []);
        assert.equal((await dst.server.store.topology.listPools()).length, 0, 'not even the pool was kept');
        assert.equal(await dst.server.store.directory.get('sip:alice@example.test'), null);

        r = await dst.pchat(['Import-CsPersistentChatData', '-FileName', file]);
        assert.equal(r.code, 0, r.stderr);
        assert.deepEqual(await roomIds(dst), srcRooms);
        // Passwords are not carried: set them as the report says, then chat works at once.
        for (const u of ['alice', 'bob']) {
          r = await dst.pchat([
            'Set-CsAdUser',
            '-Identity',
            `sip:${u}@example.test`,
            '-Password',
            PASSWORDS[u as 'alice'],
          ]);
          assert.equal(r.code, 0, r.stderr);
        }
        await chatWorks(dst);
      } finally {
        await dst.close();
        await db.drop();
      }
    });
  },
);
