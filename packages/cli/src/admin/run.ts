// Runs one cmdlet from the table: parse, connect, read the version (optimistic concurrency), -Confirm,
// call the API (with ?whatIf=true for -WhatIf), print. Exit codes: 0 done, 1 refused by the server or
// not reachable, 2 bad usage.
import { createInterface } from 'node:readline/promises';
import { ApiError, connect, request, type Connection } from './client.js';
import { print } from './format.js';
import { parseArgs, UsageError, type Parsed } from './params.js';
import { runTestMessage } from './test-message/index.js';
import { runExport, runImport } from './transfer.js';
import { runUserDatabase } from './user-database.js';
import { runCertificate } from './certificate.js';
import type { CmdletDef } from './types.js';

interface ChangeReply {
  cmdlet: string;
  target: string;
  whatIf: boolean;
  result: unknown;
}

async function confirm(def: CmdletDef, target: string): Promise<boolean> {
  if (!process.stdin.isTTY) {
    throw new UsageError(
      `${def.name}: -Confirm needs a terminal to ask on, and there is none (input is not a TTY). Run it in a terminal, or leave -Confirm out (preview the change with -WhatIf).`,
    );
  }
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const a = await rl.question(
      `Confirm\nAre you sure you want to perform this action?\nPerforming the operation "${def.name}" on target "${target}".\n[Y] Yes  [N] No  (default is "N"): `,
    );
    return /^y(es)?$/i.test(a.trim());
  } finally {
    rl.close();
  }
}

async function currentVersion(conn: Connection, def: CmdletDef, p: Parsed): Promise<string | undefined> {
  if (!def.versioned) return undefined;
  if (p.common.Version !== undefined) return String(p.common.Version);
  const call = def.call(p.values);
  if (!call.readVersion) return undefined;
  const got = await request(conn, 'GET', call.readVersion.path, call.readVersion.query);
  const first = Array.isArray(got) ? (got[0] as { version?: unknown } | undefined) : undefined;
  return first?.version === undefined ? undefined : String(first.version);
}

/**
 * A room creator or manager without an admin role is refused the room cmdlets (PC-40, PC-84); what they
 * may do themselves they do in the web app's My Rooms (PC-55), so the refusal says where it is. The admin
 * API answers such a user's right password like a wrong one (docs/security.md, "No oracle"), so after that
 * refusal the hint is worded for whoever it may concern, whatever the password was.
 */
export function myRoomsHint(cmdlet: string, e: ApiError, server: string): string {
  if (!/^(New|Set)-CsPersistentChatRoom$/.test(cmdlet)) return '';
  const myRooms = `${server.replace(/\/+$/, '')}/my-rooms`;
  if (e.code === 'ErrorPermission' && /CsPersistentChatAdministrator/.test(e.message))
    return ` Room creators and managers create and edit their rooms in My Rooms: ${myRooms} (sign in with your SIP address).`;
  if (e.code === 'InvalidToken')
    return ` Room creators and managers without an administrator role create and edit their rooms in My Rooms instead: ${myRooms} (sign in with your SIP address).`;
  return '';
}

export async function runCmdlet(def: CmdletDef, argv: readonly string[]): Promise<number> {
  let server = '';
  try {
    const p = parseArgs(def, argv);
    // The synthetic test needs no admin API: it signs two users in over SIP (PC-50).
    if (def.custom === 'test-message') return await runTestMessage(p);
    const json = p.common.Json === true;
    const conn = connect(p.common);
    server = conn.server;
    if (def.custom === 'export') return await runExport(def, conn, p);
    if (def.custom === 'import') return await runImport(def, conn, p);
    if (def.custom === 'user-database') return await runUserDatabase(conn, p);
    if (def.custom === 'certificate') return await runCertificate(conn, p);
    const whatIf = p.common.WhatIf === true;
    const call = def.call(p.values);
    const version = await currentVersion(conn, def, p);
    const query = { ...(call.query ?? {}) };
    let body = call.body;
    if (version !== undefined) {
      if (call.versionInQuery || !body) query.version = version;
      else body = { ...body, version };
    }
    const target =
      def.target?.(p.values) ?? String(p.values.identity ?? p.values.name ?? p.values.sipAddress ?? '');
    if (p.common.Confirm === true && !whatIf && !(await confirm(def, target))) {
      process.stderr.write(`${def.name}: not confirmed; nothing was changed.\n`);
      return 1;
    }
    if (whatIf) query.whatIf = true;
    // People read display names; scripts (-Json) and -Ids get the identities.
    if (!json && p.common.Ids !== true) query.display = 'names';
    const res = await request(conn, call.method, call.path, query, body);
    if (def.output === 'list') {
      print(res, json);
      return 0;
    }
    const r = res as ChangeReply | null;
    if (whatIf && r) {
      if (json) print(r, true);
      else {
        process.stdout.write(`What if: Performing the operation "${r.cmdlet}" on target "${r.target}".\n`);
        if (r.result !== null && r.result !== undefined) print(r.result, false);
      }
      return 0;
    }
    if (def.output === 'report' || p.common.PassThru === true) print(r?.result ?? r, json);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`${e.message}\n`);
      return 2;
    }
    if (e instanceof ApiError) {
      // Every error names the server it came from; connection and usage errors name it themselves.
      const from = e.status > 0 && server && !e.message.includes(server) ? ` (from ${server})` : '';
      process.stderr.write(`${def.name}: ${e.message}${from}${myRoomsHint(def.name, e, server)}\n`);
      return e.code === 'Usage' ? 2 : 1;
    }
    throw e;
  }
}
