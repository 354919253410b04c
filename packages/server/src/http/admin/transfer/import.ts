// Import-CsPersistentChatData (PC-49): all or nothing. The request body is first spooled to a temporary
// file while its counts and checksum are verified and its non-message records are kept; then the plan
// (plan.ts) compares them with this server; only a verified file without unresolved conflicts is applied,
// and then in ONE store transaction, so a failure anywhere leaves the target exactly as it was. -WhatIf
// runs the same reading and planning and reports what the real run would do and which conflicts stop it.
//
// Import merges by identity: records with the same identity (URI, id, policy identity, pool FQDN of the
// same deployment) are overwritten; messages a room already holds (by id) are skipped, so importing the
// same file twice changes nothing. An object whose NAME is taken here by a different object is a conflict
// (pchat decision: replacing another object silently, as Lync did, loses data);
// -ReplaceExisting resolves them by replacing this server's objects with the imported ones.
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import {
  DomainError,
  isDomainError,
  type Addin,
  type Category,
  type ChatConfiguration,
  type ChatMessage,
  type ChatPolicy,
  type GroupMembership,
  type Pool,
  type Principal,
  type Room,
  type Site,
  type Store,
  type TrustedApplication,
  type TrustedApplicationPool,
} from '@pchat/domain';
import { Checksum, FORMAT, RECORD_TYPES } from './format.js';
import { planImport, type ImportPlan, type ImportRecord } from './plan.js';
import { insertMessagesAsIs } from './sql.js';

export interface ImportReport {
  level: string | null;
  read: Record<string, number>;
  imported: Record<string, number>;
  skipped: Record<string, number>;
  /** Objects of this server with the name (or pool FQDN) of an imported one, each with the ways out. */
  conflicts: ImportPlan['conflicts'];
  /** What -ReplaceExisting replaced (or, with -WhatIf, would replace). */
  replaced: string[];
  /** Settings of this server the import overwrites (same identity, other values). */
  overwritten: string[];
  /** What an export never carries, and how to set it up again on this server. */
  notCarried: string[];
  expected: { counts: Record<string, number>; checksum: string } | null;
  checksum: string;
  verified: boolean;
  whatIf: boolean;
  /** True when the import was (or, with -WhatIf, would be) applied. */
  applied: boolean;
}

export const NOT_CARRIED = [
  'Passwords: a password never leaves the server it was set on. Give each built-in user a password here with Set-CsAdUser -Identity <user> -Password <new password> (directory users sign in with their directory password).',
  'Room invitations and client preference bundles: clients create them again when users sign in.',
  'Uploaded files: messages keep their links, but the file content is not exported.',
];

const BATCH = 2000;

export interface ImportOptions {
  whatIf: boolean;
  /** -ReplaceExisting: this server's objects that conflict are replaced by the imported ones. */
  replaceExisting: boolean;
}

interface Spooled {
  file: string;
  level: string | null;
  records: ImportRecord[];
  /** Message count per room id, for the plan (a room must exist for its messages). */
  messageRooms: Map<string, number>;
  read: Record<string, number>;
  expected: ImportReport['expected'];
  checksum: string;
  verified: boolean;
}

const bump = (o: Record<string, number>, k: string, n = 1) => void (o[k] = (o[k] ?? 0) + n);

export async function importStream(
  store: Store,
  input: Readable,
  opts: ImportOptions,
): Promise<ImportReport> {
  const dir = mkdtempSync(join(tmpdir(), 'pchat-import-'));
  try {
    const s = await spool(input, join(dir, 'import.ndjson'));
    const plan = await planImport(store, s.records, s.messageRooms);
    const report: ImportReport = {
      level: s.level,
      read: s.read,
      imported: {},
      skipped: {},
      conflicts: plan.conflicts,
      replaced: opts.replaceExisting ? plan.conflicts.map((c) => c.what) : [],
      overwritten: plan.overwritten,
      notCarried: NOT_CARRIED,
      expected: s.expected,
      checksum: s.checksum,
      verified: s.verified,
      whatIf: opts.whatIf,
      applied: false,
    };
    if (!s.verified) {
      if (opts.whatIf) return report;
      throw new DomainError(
        'InvalidArgument',
        `The file's counts or checksum do not match its content (file says ${s.expected?.checksum}, read ${s.checksum}): it is damaged or was edited. Nothing was imported; export the data again.`,
        { report },
      );
    }
    if (plan.missing.length > 0) {
      if (opts.whatIf) return report;
      throw new DomainError(
        'InvalidArgument',
        `Nothing was imported: the file refers to objects it does not hold and this server does not have:\n${listed(plan.missing)}\nExport with -Level All (or add the missing categories to -Scope) and import that file.`,
        { missing: plan.missing },
      );
    }
    if (plan.conflicts.length > 0 && !opts.replaceExisting) {
      if (opts.whatIf) return report;
      throw new DomainError(
        'DuplicateName',
        `Nothing was imported: ${plan.conflicts.length} object(s) of the file clash with different objects of this server:\n${listed(plan.conflicts.map((c) => `${c.what}: ${c.why}`))}\n${RESOLVE}`,
        { conflicts: plan.conflicts },
      );
    }
    const blocked = plan.conflicts.filter((c) => c.blocked);
    if (blocked.length > 0 && opts.replaceExisting) {
      if (opts.whatIf) return report;
      throw new DomainError(
        'DuplicateName',
        `Nothing was imported: -ReplaceExisting cannot resolve these clashes:\n${listed(blocked.map((c) => `${c.what}: ${c.why}`))}`,
        { conflicts: blocked },
      );
    }
    const apply = async (tx: Store) => {
      await applyAll(tx, s, plan, report, opts);
      if (opts.whatIf) throw new WhatIfDone();
    };
    try {
      await store.transaction(apply);
    } catch (e) {
      if (!(e instanceof WhatIfDone)) throw e;
    }
    report.applied = true;
    return report;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The ways out of a conflict, in the words of the cmdlets. */
const RESOLVE =
  'Choose one: run the import again with -ReplaceExisting to replace these objects of this server with the imported ones (a replaced room loses its messages here; rooms of a replaced category that the file does not hold move to the imported category); or rename or remove them here first (Set-CsPersistentChatRoom -Identity <room> -Name <new name>, Remove-CsPersistentChatRoom, Set-CsPersistentChatCategory -Identity <category> -Name <new name>); or import into a server started without the demo deployment (demo.createIfEmpty: false). Add -WhatIf to see the outcome first.';

function listed(items: readonly string[]): string {
  const shown = items.slice(0, 20).map((x) => `  - ${x}`);
  if (items.length > 20) shown.push(`  … and ${items.length - 20} more (-WhatIf -Json lists them all)`);
  return shown.join('\n');
}

class WhatIfDone extends Error {}

/** Phase 1: writes the body to `file`, verifying header, counts and checksum; keeps the small records. */
async function spool(input: Readable, file: string): Promise<Spooled> {
  const sum = new Checksum();
  const out = createWriteStream(file);
  const s: Spooled = {
    file,
    level: null,
    records: [],
    messageRooms: new Map(),
    read: {},
    expected: null,
    checksum: '',
    verified: false,
  };
  let sawHeader = false;
  let lineNo = 0;
  // A line that is not JSON is damage, unless it is the last one: then the file was cut off mid-line.
  let unparsable = 0;
  try {
    for await (const raw of createInterface({ input, crlfDelay: Infinity })) {
      lineNo++;
      const line = raw.trim();
      if (line === '') continue;
      if (unparsable)
        throw new DomainError(
          'InvalidArgument',
          `Line ${unparsable} of the import is not JSON: the file is damaged or not a pchat export. Nothing was imported; export it again.`,
          { line: unparsable },
        );
      let rec: {
        type?: string;
        data?: unknown;
        format?: string;
        level?: string;
        counts?: Record<string, number>;
        checksum?: string;
      };
      try {
        rec = JSON.parse(line) as typeof rec;
      } catch {
        unparsable = lineNo;
        continue;
      }
      if (rec.type === 'header') {
        if (rec.format !== FORMAT)
          throw new DomainError(
            'InvalidArgument',
            `This is not a pchat export (format '${String(rec.format)}'). Use a file written by Export-CsPersistentChatData.`,
          );
        sawHeader = true;
        s.level = rec.level ?? null;
        continue;
      }
      if (!sawHeader)
        throw new DomainError(
          'InvalidArgument',
          'The import does not start with a pchat export header: the file is damaged or not a pchat export.',
        );
      if (rec.type === 'footer') {
        s.expected = { counts: rec.counts ?? {}, checksum: String(rec.checksum) };
        continue;
      }
      const type = String(rec.type);
      if (!KNOWN.has(type))
        throw new DomainError(
          'InvalidArgument',
          `Unknown record type '${type}' in the import: this file was written by a newer pchat. Upgrade this server first; nothing was imported.`,
        );
      sum.add(type, line);
      bump(s.read, type);
      if (type === 'message') {
        const roomId = (rec.data as ChatMessage).roomId;
        s.messageRooms.set(roomId, (s.messageRooms.get(roomId) ?? 0) + 1);
        if (!out.write(line + '\n')) await once(out, 'drain');
      } else s.records.push({ type, data: rec.data });
    }
  } finally {
    out.end();
    await once(out, 'close');
  }
  s.checksum = sum.hex;
  if (!s.expected)
    throw new DomainError(
      'InvalidArgument',
      `The import ended without its footer after ${lineNo} lines: the file is truncated. Nothing was imported; export the data again (or resume the export with -Resume) and import the complete file.`,
    );
  const exp = s.expected;
  const countsOk =
    Object.entries(exp.counts).every(([k, n]) => (s.read[k] ?? 0) === n) &&
    Object.keys(s.read).every((k) => k in exp.counts);
  s.verified = countsOk && exp.checksum === s.checksum;
  return s;
}

const KNOWN: ReadonlySet<string> = new Set(RECORD_TYPES);

/** Phase 3, inside the transaction: replacements, then the records in file order, then the messages. */
async function applyAll(
  tx: Store,
  s: Spooled,
  plan: ImportPlan,
  report: ImportReport,
  opts: ImportOptions,
): Promise<void> {
  // Rooms replaced by an imported room of the same name go first (their names are needed).
  for (const c of plan.conflicts) if (c.kind === 'room') await tx.rooms.deleteRoom(c.existingId);
  for (const c of plan.conflicts) if (c.kind === 'addin') await tx.rooms.deleteAddin(c.existingId);
  const replacedCategories = new Map(
    plan.conflicts.filter((c) => c.kind === 'category').map((c) => [c.importedId, c.existingId]),
  );
  for (const r of s.records) {
    try {
      await applyRecord(tx, r.type, r.data, replacedCategories);
      bump(report.imported, r.type);
    } catch (e) {
      throw stoppedAt(r, e);
    }
  }
  const lastIds = new Map<string, number>();
  let batch: ChatMessage[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const b = batch;
    batch = [];
    if (!opts.whatIf) await insertMessagesAsIs(tx, b);
    bump(report.imported, 'message', b.length);
  };
  for await (const line of createInterface({ input: createReadStream(s.file), crlfDelay: Infinity })) {
    if (!line) continue;
    const m = (JSON.parse(line) as { data: ChatMessage }).data;
    let last = lastIds.get(m.roomId);
    if (last === undefined) {
      last = await tx.messages.lastId(m.roomId);
      lastIds.set(m.roomId, last);
    }
    if (m.id <= last) {
      bump(report.skipped, 'message');
      continue;
    }
    batch.push(m);
    if (batch.length >= BATCH) await flush();
  }
  await flush();
}

function stoppedAt(r: ImportRecord, e: unknown): DomainError {
  const what = `${r.type} ${describe(r.data)}`;
  if (isDomainError(e))
    return new DomainError(e.code, `Nothing was imported: the ${what} could not be written: ${e.message}`, {
      ...e.details,
    });
  return new DomainError(
    'CommandFailed',
    `Nothing was imported: the ${what} could not be written (${e instanceof Error ? e.message : String(e)}). Check the file with -WhatIf; if it is a pchat export of this version, report the problem.`,
  );
}

function describe(d: unknown): string {
  const x = d as { uri?: string; name?: string; identity?: string; id?: string; fqdn?: string };
  return `'${x.name ?? x.fqdn ?? x.uri ?? x.identity ?? x.id ?? '?'}'`;
}

/** Applies one record (merge by identity). `replaced`: imported category id -> this server's category it replaces. */
async function applyRecord(
  store: Store,
  type: string,
  data: unknown,
  replaced: ReadonlyMap<string, string>,
): Promise<void> {
  switch (type) {
    case 'pool':
      return store.topology.putPool(data as Pool);
    case 'site':
      return store.topology.putSite(data as Site);
    case 'policy':
      return store.topology.putPolicy(data as ChatPolicy);
    case 'configuration':
      return store.topology.putConfig(data as ChatConfiguration);
    case 'trustedApplicationPool':
      return store.topology.putTrustedApplicationPool(data as TrustedApplicationPool);
    case 'trustedApplication':
      return store.topology.putTrustedApplication(data as TrustedApplication);
    case 'principal': {
      const p = data as Principal;
      if (await store.directory.get(p.uri)) await store.directory.update(p);
      else await store.directory.insert(p);
      return;
    }
    case 'groupMember':
      return store.directory.addGroupMember(data as GroupMembership);
    case 'addin': {
      const a = data as Addin;
      const cur = await store.rooms.getAddin(a.id);
      if (cur) await store.rooms.updateAddin(a, cur.version);
      else await store.rooms.insertAddin(a);
      return;
    }
    case 'category': {
      const c = data as Category;
      const old = replaced.get(c.id);
      const cur = await store.rooms.getCategory(c.id);
      if (old) {
        // The name is taken by the category being replaced: free it, then move its remaining rooms.
        const o = await store.rooms.getCategory(old);
        if (o) {
          await store.rooms.updateCategory({ ...o, name: `${o.name} (replaced ${randomUUID()})` }, o.version);
          await store.rooms.insertCategory(c);
          for (const r of await store.rooms.listRooms({ categoryId: old }))
            await store.rooms.updateRoom({ ...r, categoryId: c.id }, r.version);
          const gone = await store.rooms.getCategory(old);
          if (gone) await store.rooms.deleteCategory(old, gone.version);
          return;
        }
      }
      if (cur) await store.rooms.updateCategory(c, cur.version);
      else await store.rooms.insertCategory(c);
      return;
    }
    case 'room': {
      const r = data as Room;
      const cur = await store.rooms.getRoom(r.id);
      if (cur) await store.rooms.updateRoom(r, cur.version);
      else await store.rooms.insertRoom(r);
      return;
    }
    default:
      throw new DomainError('InvalidArgument', `Unknown record type '${type}' in the import.`);
  }
}
