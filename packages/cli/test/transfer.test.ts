// End-to-end: Export-CsPersistentChatData from a SQLite server and Import-CsPersistentChatData into an
// empty PostgreSQL server reproduce the deployment exactly (counts and checksum of a re-export); an export
// resumes after an interruption; a truncated import changes nothing; -WhatIf imports nothing; a damaged
// file is refused.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, truncateSync, writeFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { MessagePart } from '@pchat/domain';
import { startKit, type Kit, parseOut } from './helpers.js';
import { createPgDatabase } from './pg.js';

interface Footer {
  type: 'footer';
  counts: Record<string, number>;
  checksum: string;
}
const footerOf = (file: string): Footer =>
  JSON.parse(readFileSync(file, 'utf8').trim().split('\n').pop() as string) as Footer;

describe('pchat Export-/Import-CsPersistentChatData (SQLite -> PostgreSQL)', () => {
  let src: Kit;
  let dst: Kit;
  let db: { url: string; drop: () => Promise<void> };
  const MESSAGES = 12_345;
  before(async () => {
    src = await startKit();
    db = await createPgDatabase();
    dst = await startKit({
      store: { kind: 'postgres', postgresUrl: db.url },
      demo: { createIfEmpty: false },
    });
    const rooms = (await src.json(['Get-CsPersistentChatRoom'])) as Array<{ id: string }>;
    const parts: MessagePart[] = [
      { type: 'text', text: 'see ' },
      { type: 'hyperlink', text: 'docs', url: 'https://example.test' },
      { type: 'emoticon', emoticon: 'Smile' },
    ];
    await src.server.store.transaction(async (tx) => {
      for (let i = 0; i < MESSAGES; i++) {
        const room = rooms[i % rooms.length] as { id: string };
        await tx.messages.append({
          roomId: room.id,
          author: i % 2 ? 'sip:alice@example.test' : 'sip:bob@example.test',
          kind: i % 97 === 0 ? 'story' : i % 89 === 0 ? 'alert' : 'plain',
          text: `message ${i} héllo "quoted" \\ back`,
          storyTitle: i % 97 === 0 ? `story ${i}` : null,
          rtf: i % 50 === 0 ? '{\\rtf1 x}' : null,
          parts: i % 31 === 0 ? parts : null,
        });
      }
    });
  });
  after(async () => {
    await dst?.close();
    await src?.close();
    await db?.drop();
  });

  it('exports, imports into PostgreSQL, and a re-export has the same counts and checksum', async () => {
    const file = join(src.dir, 'export.ndjson');
    let r = await src.pchat(['Export-CsPersistentChatData', '-FileName', file, '-Json']);
    assert.equal(r.code, 0, r.stderr);
    const rep = parseOut(r.stdout) as { verified: boolean; records: Record<string, number> };
    assert.equal(rep.verified, true);
    assert.equal(rep.records.message, MESSAGES);
    assert.equal(rep.records.room, 4);
    assert.match(r.stderr, /Export \|/, 'a progress bar on stderr');

    r = await dst.pchat(['Import-CsPersistentChatData', '-FileName', file, '-WhatIf', '-Json']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((parseOut(r.stdout) as { verified: boolean }).verified, true);
    assert.equal(
      ((await dst.json(['Get-CsPersistentChatRoom'])) as unknown[]).length,
      0,
      '-WhatIf imported nothing',
    );

    r = await dst.pchat([
      'Import-CsPersistentChatData',
      '-FileName',
      file,
      '-Report',
      join(dst.dir, 'import.txt'),
      '-Json',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const imp = parseOut(r.stdout) as { verified: boolean; imported: Record<string, number> };
    assert.equal(imp.verified, true);
    assert.equal(imp.imported.message, MESSAGES);
    assert.match(readFileSync(join(dst.dir, 'import.txt'), 'utf8'), /Import-CsPersistentChatData report/);

    const again = join(dst.dir, 'reexport.ndjson');
    r = await dst.pchat(['Export-CsPersistentChatData', '-FileName', again]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(footerOf(again), footerOf(file), 'the PostgreSQL copy is the same deployment');
    assert.equal(dst.server.store.dialect, 'postgres');
    // Imported rooms keep taking messages after the imported ids.
    const [lobby] = (await dst.json(['Get-CsPersistentChatRoom', 'Lobby'])) as Array<{ id: string }>;
    const lastBefore = await dst.server.store.messages.lastId((lobby as { id: string }).id);
    const m = await dst.server.store.messages.append({
      roomId: (lobby as { id: string }).id,
      author: 'sip:bob@example.test',
      kind: 'plain',
      text: 'after import',
      storyTitle: null,
      rtf: null,
      parts: null,
    });
    assert.equal(m.id, lastBefore + 1);
  });

  it('an interrupted export resumes with -Resume and gives the same checksum', async () => {
    const full = join(src.dir, 'full.ndjson');
    assert.equal((await src.pchat(['Export-CsPersistentChatData', '-FileName', full])).code, 0);
    const part = join(src.dir, 'part.ndjson');
    writeFileSync(part, readFileSync(full));
    truncateSync(part, Math.floor(statSync(part).size * 0.6));
    const r = await src.pchat(['Export-CsPersistentChatData', '-FileName', part, '-Resume', '-Json']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((parseOut(r.stdout) as { resumed: boolean }).resumed, true);
    assert.deepEqual(footerOf(part), footerOf(full));
  });

  it('a truncated import changes nothing; the complete file then imports; a damaged file is refused', async () => {
    const db2 = await createPgDatabase();
    const dst2 = await startKit({
      store: { kind: 'postgres', postgresUrl: db2.url },
      demo: { createIfEmpty: false },
    });
    try {
      const full = join(src.dir, 'full2.ndjson');
      assert.equal(
        (await src.pchat(['Export-CsPersistentChatData', '-FileName', full, '-Level', 'All'])).code,
        0,
      );
      const cut = join(src.dir, 'cut.ndjson');
      writeFileSync(cut, readFileSync(full));
      truncateSync(cut, Math.floor(statSync(cut).size * 0.5));
      let r = await dst2.pchat(['Import-CsPersistentChatData', '-FileName', cut]);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /ended without its footer.*truncated\. Nothing was imported/);
      assert.deepEqual(await dst2.json(['Get-CsPersistentChatRoom']), [], 'all or nothing');
      r = await dst2.pchat(['Import-CsPersistentChatData', '-FileName', full, '-Json']);
      assert.equal(r.code, 0, r.stderr);
      const rep = parseOut(r.stdout) as {
        verified: boolean;
        skipped: Record<string, number>;
        imported: Record<string, number>;
      };
      assert.equal(rep.verified, true);
      assert.equal(rep.imported.message, MESSAGES);
      r = await dst2.pchat(['Import-CsPersistentChatData', '-FileName', full, '-Json']);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(
        (parseOut(r.stdout) as typeof rep).skipped.message,
        MESSAGES,
        'importing again skips the messages already there',
      );

      const bad = join(src.dir, 'bad.ndjson');
      writeFileSync(bad, readFileSync(full, 'utf8').replace('message 5 héllo', 'message 5 HACKED'));
      r = await dst2.pchat(['Import-CsPersistentChatData', '-FileName', bad, '-WhatIf']);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /counts or checksum do not match its content/);
      r = await dst2.pchat(['Import-CsPersistentChatData', '-FileName', bad]);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /counts or checksum do not match its content.*Nothing was imported/);
    } finally {
      await dst2.close();
      await db2.drop();
    }
  });

  it('levels and scope', async () => {
    const file = join(src.dir, 'rd.ndjson');
    const r = await src.pchat([
      'Export-CsPersistentChatData',
      '-FileName',
      file,
      '-Level',
      'RoomDirectory',
      '-Scope',
      'General',
      '-Json',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const rep = parseOut(r.stdout) as { records: Record<string, number> };
    assert.deepEqual(Object.keys(rep.records).sort(), ['category', 'room']);
    const bad = await src.pchat(['Export-CsPersistentChatData', '-FileName', file, '-Scope', 'Nope']);
    assert.match(bad.stderr, /No category 'Nope' exists/);
  });
});
