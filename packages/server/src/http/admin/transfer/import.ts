// Import-CsPersistentChatData (PC-49): applies an export stream as it is read. Import merges: records
// with the same identity (URI, id, policy identity) are overwritten; a category, room or add-in whose
// NAME is taken by a different object is not overwritten but reported as a conflict (pchat decision:
// silently replacing another object, as Lync did, loses data). Re-running an interrupted import resumes
// it: everything is idempotent, and messages a room already holds (by id) are skipped. The footer's
// counts and checksum are checked against what was read.
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
} from '@pchat/domain';
import { Checksum, FORMAT } from './format.js';
import { insertMessagesAsIs } from './sql.js';

export interface ImportReport {
  level: string | null;
  read: Record<string, number>;
  imported: Record<string, number>;
  skipped: Record<string, number>;
  conflicts: string[];
  expected: { counts: Record<string, number>; checksum: string } | null;
  checksum: string;
  verified: boolean;
  whatIf: boolean;
}

const BATCH = 2000;

export async function importStream(
  store: Store,
  input: Readable,
  opts: { whatIf: boolean; onProgress?: (n: number) => void },
): Promise<ImportReport> {
  const sum = new Checksum();
  const report: ImportReport = {
    level: null,
    read: {},
    imported: {},
    skipped: {},
    conflicts: [],
    expected: null,
    checksum: '',
    verified: false,
    whatIf: opts.whatIf,
  };
  const bump = (o: Record<string, number>, k: string) => void (o[k] = (o[k] ?? 0) + 1);
  const lastIds = new Map<string, number>();
  let batch: ChatMessage[] = [];
  let sawHeader = false;
  let lineNo = 0;

  const flush = async () => {
    if (batch.length === 0 || opts.whatIf) {
      batch = [];
      return;
    }
    const b = batch;
    batch = [];
    await store.transaction((tx) => insertMessagesAsIs(tx, b));
    for (const _ of b) bump(report.imported, 'message');
  };

  // A line that is not JSON is damage, unless it is the last one: then the file was cut off mid-line.
  let unparsable = 0;
  for await (const raw of createInterface({ input, crlfDelay: Infinity })) {
    lineNo++;
    const line = raw.trim();
    if (line === '') continue;
    if (unparsable) {
      throw new DomainError(
        'InvalidArgument',
        `Line ${unparsable} of the import is not JSON: the file is damaged or not a pchat export. Export it again.`,
        { line: unparsable },
      );
    }
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
      report.level = rec.level ?? null;
      continue;
    }
    if (!sawHeader)
      throw new DomainError(
        'InvalidArgument',
        'The import does not start with a pchat export header: the file is damaged or not a pchat export.',
      );
    if (rec.type === 'footer') {
      report.expected = { counts: rec.counts ?? {}, checksum: String(rec.checksum) };
      continue;
    }
    const type = String(rec.type);
    sum.add(type, line);
    bump(report.read, type);
    if (type === 'message') {
      const m = rec.data as ChatMessage;
      let last = lastIds.get(m.roomId);
      if (last === undefined) {
        last = opts.whatIf ? 0 : await store.messages.lastId(m.roomId);
        lastIds.set(m.roomId, last);
      }
      if (m.id <= last) {
        bump(report.skipped, 'message');
        continue;
      }
      batch.push(m);
      if (batch.length >= BATCH) {
        await flush();
        opts.onProgress?.(report.read.message ?? 0);
      }
      continue;
    }
    await flush();
    if (opts.whatIf) continue;
    try {
      const done = await applyRecord(store, type, rec.data);
      bump(done ? report.imported : report.skipped, type);
    } catch (e) {
      if (!isDomainError(e)) throw e;
      report.conflicts.push(`${type} ${describe(rec.data)}: ${e.message}`);
      bump(report.skipped, type);
    }
  }
  await flush();
  report.checksum = sum.hex;
  if (!report.expected) {
    throw new DomainError(
      'InvalidArgument',
      `The import ended without its footer after ${lineNo} lines: the file is truncated. What was read has been imported; export the data again (or resume the export) and import the complete file — it will continue where this one stopped.`,
      { report },
    );
  }
  const countsOk =
    Object.entries(report.expected.counts).every(([k, n]) => (report.read[k] ?? 0) === n) &&
    Object.keys(report.read).every((k) => k in (report.expected?.counts ?? {}));
  report.verified = countsOk && report.expected.checksum === report.checksum;
  return report;
}

function describe(d: unknown): string {
  const x = d as { uri?: string; name?: string; identity?: string; id?: string; fqdn?: string };
  return x.name ?? x.uri ?? x.identity ?? x.fqdn ?? x.id ?? '?';
}

/** Applies one record; false when it was already there unchanged. */
async function applyRecord(store: Store, type: string, data: unknown): Promise<boolean> {
  switch (type) {
    case 'pool':
      await store.topology.putPool(data as Pool);
      return true;
    case 'site':
      await store.topology.putSite(data as Site);
      return true;
    case 'policy':
      await store.topology.putPolicy(data as ChatPolicy);
      return true;
    case 'configuration':
      await store.topology.putConfig(data as ChatConfiguration);
      return true;
    case 'trustedApplication':
      await store.topology.putTrustedApplication(data as TrustedApplication);
      return true;
    case 'principal': {
      const p = data as Principal;
      if (await store.directory.get(p.uri)) await store.directory.update(p);
      else await store.directory.insert(p);
      return true;
    }
    case 'groupMember':
      await store.directory.addGroupMember(data as GroupMembership);
      return true;
    case 'addin': {
      const a = data as Addin;
      const cur = await store.rooms.getAddin(a.id);
      if (cur) await store.rooms.updateAddin(a, cur.version);
      else await store.rooms.insertAddin(a);
      return true;
    }
    case 'category': {
      const c = data as Category;
      const cur = await store.rooms.getCategory(c.id);
      if (cur) await store.rooms.updateCategory(c, cur.version);
      else await store.rooms.insertCategory(c);
      return true;
    }
    case 'room': {
      const r = data as Room;
      const cur = await store.rooms.getRoom(r.id);
      if (cur) await store.rooms.updateRoom(r, cur.version);
      else await store.rooms.insertRoom(r);
      return true;
    }
    default:
      throw new DomainError(
        'InvalidArgument',
        `Unknown record type '${type}' in the import: this file was written by a newer pchat. Upgrade this server first.`,
      );
  }
}
