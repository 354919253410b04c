// Update-CsUserDatabase through the real `pchat` bin against a server syncing from a real slapd: it prints
// what changed and the counts; principals typed by name (DOMAIN\sam, group name) work in cmdlets, and the
// output shows display names unless -Ids. With the built-in directory it refuses with a clear error.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import {
  directoryConfig,
  slapdMissing,
  startSlapd,
  testTree,
  type Slapd,
} from '../../../scripts/test-support/slapd.js';
import { startKit, type Kit } from './helpers.js';

const skip = slapdMissing();

describe(
  'Update-CsUserDatabase and principals by name in the CLI',
  { skip: skip ?? false, timeout: 180_000 },
  () => {
    let slapd: Slapd;
    let kit: Kit;
    before(async () => {
      slapd = await startSlapd();
      slapd.add(testTree(slapd.suffix));
      const pw = join(slapd.dir, 'bind.pw');
      writeFileSync(pw, slapd.servicePassword, { mode: 0o600 });
      kit = await startKit({ directory: directoryConfig(slapd, pw) });
      // The first sync runs on start; the tests change the directory after it.
      const until = Date.now() + 60_000;
      while (kit.server.directory?.sync.status().lastSuccessAt == null) {
        assert.ok(Date.now() < until, 'the first directory sync finishes');
        await new Promise((r) => setTimeout(r, 50));
      }
    });
    after(async () => {
      await kit?.close();
      await slapd?.close();
    });

    it('prints what the sync changed', async () => {
      slapd.modify(
        `dn: uid=bob,ou=People,${slapd.suffix}\nchangetype: modify\nreplace: displayName\ndisplayName: Robert Baker\n`,
      );
      const r = await kit.pchat(['Update-CsUserDatabase']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /updated user Robert Baker \(uid=bob,ou=People,/);
      assert.match(r.stdout, /sync done: .*1 updated/);
    });

    it('takes principals by name and shows display names (identities with -Ids)', async () => {
      let r = await kit.pchat([
        'New-CsPersistentChatCategory',
        '-Name',
        'Dev',
        '-AllowedMembers',
        'Developers,CORP\\alice',
      ]);
      assert.equal(r.code, 0, r.stderr);
      r = await kit.pchat(['Get-CsPersistentChatCategory', '-Identity', 'Dev']);
      assert.match(r.stdout, /AllowedMembers\s*: \{Developers, Alice Archer\}/);
      r = await kit.pchat(['Get-CsPersistentChatCategory', '-Identity', 'Dev', '-Ids']);
      assert.match(r.stdout, /AllowedMembers\s*: \{ma-grp:[0-9a-f-]+@u\.g, sip:alice@corp\.example\.test\}/);
    });

    it('refuses an ambiguous name with the candidates', async () => {
      // The demo deployment has a built-in group called Engineering; add a directory group of that name.
      slapd.add(
        `dn: cn=Engineering,ou=Groups,${slapd.suffix}\nobjectClass: groupOfNames\ncn: Engineering\nmember: uid=bob,ou=People,${slapd.suffix}\n`,
      );
      assert.equal((await kit.pchat(['Update-CsUserDatabase'])).code, 0);
      const r = await kit.pchat([
        'Set-CsPersistentChatCategory',
        '-Identity',
        'Dev',
        '-Creators',
        'Engineering',
      ]);
      assert.equal(r.code, 1);
      assert.match(
        r.stderr,
        /'Engineering' is ambiguous: it names 2 principals: .*Engineering \(group, cn=Engineering,ou=Groups,/,
      );
    });
  },
);
