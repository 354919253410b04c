// Export-CsPersistentChatData / Import-CsPersistentChatData on the CLI side (PC-49): stream to and from
// an NDJSON file with a progress bar (cli-progress; plain lines when not on a terminal), resume an
// interrupted export (-Resume continues after the last complete message), and verify by counts and the
// additive checksum the server's footer carries; the server applies an import completely or not at all (see packages/server/src/http/admin/transfer/format.ts).
import { once } from 'node:events';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import cliProgress from 'cli-progress';
// The server's own checksum, so export and verification can never disagree (a light module: node:crypto only).
import { Checksum } from '@pchat/server/export-format';
import { ApiError, raw, type Connection } from './client.js';
import { print } from './format.js';
import type { Parsed } from './params.js';
import type { CmdletDef } from './types.js';

function bar(label: string, unit: string): cliProgress.SingleBar {
  return new cliProgress.SingleBar(
    {
      format: `${label} |{bar}| {percentage}% {value}/{total} ${unit}`,
      noTTYOutput: true,
      notTTYSchedule: 5000,
      stream: process.stderr,
      hideCursor: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
}

const typeOf = (line: string): string => (JSON.parse(line) as { type: string }).type;

/** What a partial file already holds: its checksum and counts, and where its messages stop. */
function resumePoint(
  file: string,
): { sum: Checksum; header: string; after: { room: string; id: number } } | null {
  const lines = readFileSync(file, 'utf8').split('\n');
  if (!lines[lines.length - 1]?.endsWith('}')) lines.pop(); // a partial last line is dropped
  const kept: string[] = [];
  let header = '';
  let after: { room: string; id: number } | null = null;
  const sum = new Checksum();
  for (const l of lines) {
    if (!l.trim()) continue;
    let rec: { type: string; data?: { roomId: string; id: number } };
    try {
      rec = JSON.parse(l) as typeof rec;
    } catch {
      break;
    }
    if (rec.type === 'header') header = l;
    else if (rec.type !== 'footer') {
      sum.add(rec.type, l);
      kept.push(l);
      if (rec.type === 'message' && rec.data) after = { room: rec.data.roomId, id: rec.data.id };
    }
  }
  if (!header || !after) return null;
  writeFileSync(file, [header, ...kept].join('\n') + '\n');
  return { sum, header, after };
}

export async function runExport(def: CmdletDef, conn: Connection, p: Parsed): Promise<number> {
  const v = p.values;
  const file = String(v.fileName);
  const resume = v.resume === true && existsSync(file) ? resumePoint(file) : null;
  const query: Record<string, unknown> = {
    level: v.level ?? 'All',
    scope: Array.isArray(v.scope) ? (v.scope as string[]).join(',') : undefined,
    startDate: v.startDate,
    ...(resume ? { afterRoom: resume.after.room, afterId: resume.after.id } : {}),
  };
  if (resume) {
    const h = JSON.parse(resume.header) as { level?: string; startTs?: number | null };
    if (h.level !== query.level)
      throw new ApiError(
        0,
        'Usage',
        `${file} was exported with -Level ${h.level}; resume it with the same level (or export to a new file).`,
      );
  }
  const res = await raw(conn, 'GET', '/v1/export', query);
  const out = createWriteStream(file, { flags: resume ? 'a' : 'w' });
  const part = new Checksum();
  let footer = null as { counts: Record<string, number>; checksum: string } | null;
  const progress = bar('Export', 'messages');
  let started = false;
  for await (const line of createInterface({
    input: Readable.fromWeb(res.body as never),
    crlfDelay: Infinity,
  })) {
    if (!line) continue;
    const type = typeOf(line);
    if (type === 'header') {
      const h = JSON.parse(line) as { estimatedMessages: number };
      progress.start(h.estimatedMessages, resume?.sum.counts.message ?? 0);
      started = true;
      if (resume) continue;
    } else if (type === 'footer') {
      footer = JSON.parse(line) as typeof footer;
      continue;
    } else {
      part.add(type, line);
      if (type === 'message') progress.increment();
    }
    if (!out.write(line + '\n')) await once(out, 'drain');
  }
  if (started) progress.stop();
  if (!footer) {
    out.end();
    throw new ApiError(
      0,
      'Truncated',
      `the export stream ended early; ${file} holds what arrived. Run the same command with -Resume to continue.`,
    );
  }
  if (footer.checksum !== part.hex || Object.entries(footer.counts).some(([k, n]) => part.counts[k] !== n)) {
    out.end();
    throw new ApiError(
      0,
      'Checksum',
      `what arrived does not match the server's counts/checksum (server ${footer.checksum}, received ${part.hex}); ${file} is not trustworthy. Export again.`,
    );
  }
  const total = resume?.sum ?? new Checksum();
  total.merge(part);
  out.write(JSON.stringify({ type: 'footer', counts: total.counts, checksum: total.hex }) + '\n');
  out.end();
  await once(out, 'finish');
  const report = {
    fileName: file,
    resumed: resume !== null,
    records: total.counts,
    checksum: total.hex,
    bytes: statSync(file).size,
    verified: true,
  };
  if (v.report) writeFileSync(String(v.report), reportText('Export-CsPersistentChatData', report));
  print(report, p.common.Json === true);
  return 0;
}

export async function runImport(def: CmdletDef, conn: Connection, p: Parsed): Promise<number> {
  const v = p.values;
  const file = String(v.fileName);
  if (!existsSync(file))
    throw new ApiError(
      0,
      'Usage',
      `${file} does not exist. Give the file written by Export-CsPersistentChatData with -FileName.`,
    );
  const size = statSync(file).size;
  const progress = bar('Import', 'bytes');
  progress.start(size, 0);
  // A pull-based stream: the next chunk is read only when fetch asks for it, so memory stays flat however
  // slowly the server imports (Readable.toWeb on Node 20 reads ahead without bound).
  const chunks = createReadStream(file, { highWaterMark: 1 << 20 })[Symbol.asyncIterator]();
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const next = (await chunks.next()) as IteratorResult<Buffer>;
        if (next.done) controller.close();
        else {
          progress.increment(next.value.length);
          controller.enqueue(next.value);
        }
      },
    },
    { highWaterMark: 1 },
  );
  const query: Record<string, unknown> = {};
  if (p.common.WhatIf === true) query.whatIf = true;
  if (v.replaceExisting === true) query.replaceExisting = true;
  let res: Response;
  try {
    res = await raw(conn, 'POST', '/v1/import', query, {
      body: body as never,
      headers: { 'content-type': 'application/x-ndjson' },
      duplex: 'half',
    } as RequestInit);
  } finally {
    progress.stop();
  }
  const report = (await res.json()) as {
    verified: boolean;
    applied: boolean;
    whatIf: boolean;
    checksum: string;
    expected: { checksum: string } | null;
    conflicts: Array<{ what: string; why: string; blocked?: boolean }>;
    notCarried: string[];
  };
  if (v.report) writeFileSync(String(v.report), reportText('Import-CsPersistentChatData', report));
  print(report, p.common.Json === true);
  if (!report.verified) {
    process.stderr.write(
      `${def.name}: the file's counts or checksum do not match its content (file says ${report.expected?.checksum}, read ${report.checksum}): it is damaged or was edited. Nothing would be imported; export the data again.\n`,
    );
    return 1;
  }
  if (report.whatIf) {
    // -WhatIf says in words what the real run would do: the conflicts that stop it, and the ways out.
    if (!report.applied && report.conflicts.length > 0)
      process.stderr.write(
        `What if: the import would stop, changing nothing, on ${report.conflicts.length} conflict(s):\n${report.conflicts
          .map((c) => `  - ${c.what}: ${c.why}`)
          .join(
            '\n',
          )}\nRun it with -ReplaceExisting to replace them with the imported objects, or rename or remove them here first (Set-CsPersistentChatRoom -Name, Remove-CsPersistentChatRoom, Set-CsPersistentChatCategory -Name).\n`,
      );
    else if (report.applied)
      process.stderr.write('What if: the import would apply completely, in one transaction.\n');
    return 0;
  }
  process.stderr.write(
    `Imported. Not carried by an export:\n${report.notCarried.map((x) => `  - ${x}`).join('\n')}\n`,
  );
  return 0;
}

function reportText(cmdlet: string, r: unknown): string {
  return `${cmdlet} report, ${new Date().toISOString()}\n${JSON.stringify(r, null, 2)}\n`;
}
