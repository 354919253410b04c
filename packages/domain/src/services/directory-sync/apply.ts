// Applying a directory read to the store (PC-26): principals first (domains, then OUs from the top down,
// then users, contacts and groups), then the memberships of the groups that were read, then — on a full
// read only — everything the directory no longer has is marked gone (never deleted). Each batch of
// objects is one transaction, so a sync never holds the store for long (chat keeps posting meanwhile) and
// a sync that fails half-way leaves whole batches behind; running it again finishes the job (every step is
// idempotent). Events go out after the last commit.
import type { Principal, PrincipalUri } from '../../model/principal.js';
import type { Store } from '../../ports/store.js';
import { normalizeUri } from '../../access/ancestry.js';
import { nameKey } from '../../access/names.js';
import type { ServiceDeps } from '../deps.js';
import { publishAll } from '../deps.js';
import { label, markedGone, syncedFields, toPrincipal, uriOf } from './principals.js';
import {
  MAX_CHANGE_LINES,
  type SourceRecord,
  type SyncCounts,
  type SyncProgress,
  type SyncReport,
} from './records.js';

export interface SyncInput {
  records: readonly SourceRecord[];
  /** A full read: what the directory did not return is gone. An incremental read changes only what it names. */
  full: boolean;
  /** Objects per transaction (default 1000). */
  batchSize?: number;
  onProgress?: (p: SyncProgress) => void;
}

const ORDER = { domain: 0, ou: 1, user: 2, contact: 2, group: 2 } as const;

class Run {
  readonly counts: SyncCounts = {
    added: 0,
    updated: 0,
    unchanged: 0,
    disabled: 0,
    enabled: 0,
    gone: 0,
    membersAdded: 0,
    membersRemoved: 0,
    skipped: 0,
  };
  readonly changes: string[] = [];
  moreChanges = 0;
  /** Record key -> principal URI, for this read's memberships. */
  readonly uriByKey = new Map<string, PrincipalUri>();
  readonly seen = new Set<PrincipalUri>();
  readonly users = new Set<PrincipalUri>();
  readonly disabled = new Set<PrincipalUri>();
  /** Groups whose members changed, and groups added to or removed from one: everyone below them is affected. */
  readonly groups = new Set<PrincipalUri>();
  readonly names = new Map<PrincipalUri, string>();

  note(line: string): void {
    if (this.changes.length < MAX_CHANGE_LINES) this.changes.push(line);
    else this.moreChanges++;
  }
}

function chunks<T>(xs: readonly T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

export async function syncDirectory(deps: ServiceDeps, input: SyncInput): Promise<SyncReport> {
  const size = Math.max(1, input.batchSize ?? 1000);
  const run = new Run();
  const records = [...input.records].sort((a, b) => {
    const d = ORDER[a.kind] - ORDER[b.kind];
    return d !== 0 ? d : a.kind === 'ou' && b.kind === 'ou' ? a.path.length - b.path.length : 0;
  });
  const progress = (phase: SyncProgress['phase'], done: number, total: number) =>
    input.onProgress?.({ phase, done, total });

  let done = 0;
  for (const batch of chunks(records, size)) {
    await deps.store.transaction((tx) => applyPrincipals(deps, tx, run, batch));
    progress('principals', (done += batch.length), records.length);
  }

  const groups = records.filter((r) => r.kind === 'group' && r.members !== null);
  done = 0;
  for (const batch of chunks(groups, Math.max(1, Math.floor(size / 10)))) {
    await deps.store.transaction((tx) => applyMemberships(tx, run, batch));
    progress('memberships', (done += batch.length), groups.length);
  }

  if (input.full) {
    const missing = (await deps.store.directory.listSourceUris('ldap')).filter((u) => !run.seen.has(u));
    done = 0;
    for (const batch of chunks(missing, size)) {
      await deps.store.transaction((tx) => markGone(deps, tx, run, batch));
      progress('gone', (done += batch.length), missing.length);
    }
  }

  // Everyone below a group whose members changed may have gained or lost access: the chat service checks
  // its open sessions' ancestries against these groups (cheaper than expanding every group to its users).
  for (const u of run.disabled) run.users.add(u);
  if (run.users.size > 0 || run.groups.size > 0)
    publishAll(deps, [
      {
        type: 'DirectoryChanged',
        users: [...run.users],
        groups: [...run.groups],
        disabled: [...run.disabled],
      },
    ]);
  return {
    full: input.full,
    counts: run.counts,
    changes: run.changes,
    moreChanges: run.moreChanges,
    affectedUsers: run.users.size,
  };
}

async function applyPrincipals(
  deps: ServiceDeps,
  tx: Store,
  run: Run,
  batch: readonly SourceRecord[],
): Promise<void> {
  const now = deps.clock.now();
  const uris = batch.map(uriOf);
  const existing = new Map<PrincipalUri, Principal>();
  for (const p of await tx.directory.getMany(uris.filter((u): u is string => u !== null)))
    existing.set(normalizeUri(p.uri), p);
  for (let i = 0; i < batch.length; i++) {
    const r = batch[i] as SourceRecord;
    const uri = uris[i];
    if (!uri) {
      run.counts.skipped++;
      continue;
    }
    const prev = existing.get(uri) ?? null;
    // Never turn a principal of another kind into this one (a user holding a contact's address, say), and
    // never let two directory objects fight over one URI in one read.
    if ((prev && prev.kind !== r.kind) || run.seen.has(uri)) {
      run.counts.skipped++;
      run.note(`skipped ${r.kind} ${r.dn}: ${uri} already names another ${prev?.kind ?? r.kind}`);
      continue;
    }
    run.seen.add(uri);
    run.uriByKey.set(r.key, uri);
    run.uriByKey.set(nameKey(r.dn), uri);
    const next = toPrincipal(r, uri, prev, now);
    run.names.set(uri, next.displayName);
    if (!prev) {
      await tx.directory.insert(next);
      run.counts.added++;
      run.note(`added ${label(next)}`);
      if (next.kind === 'user' && next.disabled) run.disabled.add(uri);
      continue;
    }
    if (syncedFields(prev) === syncedFields(next)) {
      run.counts.unchanged++;
      continue;
    }
    await tx.directory.update(next);
    run.counts.updated++;
    if (prev.gone) run.note(`back in the directory: ${label(next)}`);
    if (next.kind === 'user' && prev.kind === 'user') {
      if (next.disabled && !prev.disabled) {
        run.counts.disabled++;
        run.disabled.add(uri);
        run.note(`disabled ${label(next)}`);
      } else if (!next.disabled && prev.disabled) {
        run.counts.enabled++;
        run.note(`enabled ${label(next)}`);
      }
      if (next.ou !== prev.ou) {
        run.users.add(uri);
        run.note(`moved ${label(next)} from ${prev.ou ?? prev.domain} to ${next.ou ?? next.domain}`);
      }
    }
    // Anything else than the state changes noted above is an update worth a line.
    const stateOnly =
      next.kind === 'user' &&
      prev.kind === 'user' &&
      syncedFields({ ...prev, disabled: next.disabled, ou: next.ou, gone: next.gone }) === syncedFields(next);
    if (!stateOnly && !prev.gone) run.note(`updated ${label(next)}`);
  }
}

async function applyMemberships(tx: Store, run: Run, batch: readonly SourceRecord[]): Promise<void> {
  for (const r of batch) {
    if (r.kind !== 'group' || r.members === null) continue;
    const group = run.uriByKey.get(r.key);
    if (!group) continue;
    const want = new Set<PrincipalUri>();
    for (const key of r.members) {
      let uri = run.uriByKey.get(key);
      if (uri === undefined) {
        // An incremental read names members it did not fetch: they are known by their DN.
        const found = (await tx.directory.findByName(key, 2)).filter((p) => p.dn !== undefined);
        uri = found.length === 1 ? normalizeUri((found[0] as Principal).uri) : '';
        run.uriByKey.set(key, uri);
      }
      // Members that are no principal (computers, users without SIP address, foreign objects) count for nothing.
      if (uri !== '' && uri !== group) want.add(uri);
    }
    const have = new Set((await tx.directory.listGroupMembers(group)).map(normalizeUri));
    const gname = run.names.get(group) ?? r.displayName;
    for (const m of want) {
      if (have.has(m)) continue;
      await tx.directory.addGroupMember({ group, member: m });
      run.counts.membersAdded++;
      // The new member's standing changes: a user directly, a group through everyone below it.
      if (m.startsWith('ma-grp:')) run.groups.add(m);
      else run.users.add(m);
      run.note(`${await nameOf(tx, run, m)} joined group ${gname}`);
    }
    for (const m of have) {
      if (want.has(m)) continue;
      await tx.directory.removeGroupMember({ group, member: m });
      run.counts.membersRemoved++;
      // The removed member (and, for a group, everyone below it) loses what the group gave.
      run.groups.add(group);
      if (m.startsWith('ma-grp:')) run.groups.add(m);
      else run.users.add(m);
      run.note(`${await nameOf(tx, run, m)} left group ${gname}`);
    }
  }
}

async function nameOf(tx: Store, run: Run, uri: PrincipalUri): Promise<string> {
  const known = run.names.get(uri);
  if (known !== undefined) return known;
  const p = await tx.directory.get(uri);
  const n = p?.displayName ?? uri;
  run.names.set(uri, n);
  return n;
}

async function markGone(
  deps: ServiceDeps,
  tx: Store,
  run: Run,
  uris: readonly PrincipalUri[],
): Promise<void> {
  const now = deps.clock.now();
  for (const p of await tx.directory.getMany(uris)) {
    if (p.gone) continue;
    const uri = normalizeUri(p.uri);
    await tx.directory.update(markedGone(p, now));
    run.counts.gone++;
    run.note(`gone from the directory: ${label(p)}`);
    // A gone object gives no access any more: it leaves its groups, and a gone group loses its members.
    for (const g of await tx.directory.listGroupsOf(uri)) {
      await tx.directory.removeGroupMember({ group: g, member: uri });
      run.counts.membersRemoved++;
    }
    if (p.kind === 'group') {
      run.groups.add(uri);
      for (const m of await tx.directory.listGroupMembers(uri)) {
        await tx.directory.removeGroupMember({ group: uri, member: m });
        run.counts.membersRemoved++;
      }
    }
    if (p.kind === 'user') run.disabled.add(uri);
  }
}
