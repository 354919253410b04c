// The compliance queue (PC-70, PC-75) on both drivers; the contract is ComplianceStore's in
// packages/domain/src/ports/store.ts. A batch is a set of rows stamped with the same batch_id (the
// smallest seq among them) at claim time; retries and lease take-overs reuse the stamp, so an adapter
// that names its output after the batch id rewrites the same output instead of duplicating it.
import type {
  ComplianceEvent,
  ComplianceEventType,
  ComplianceStatus,
  ComplianceStore,
  NewComplianceEvent,
} from '@pchat/domain';
import type BetterSqlite3 from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import { atomic, type Ctx } from './context.js';
import type { GroupCommitter } from './group-commit.js';
import type { ComplianceEventRow, DB } from './schema.js';

type Row = Omit<ComplianceEventRow, 'seq' | 'attempts'> & { seq: number; attempts: number };

export function toComplianceRow(e: NewComplianceEvent): Omit<ComplianceEventRow, 'seq' | 'attempts'> {
  return {
    ts: e.ts,
    type: e.type,
    room_id: e.roomId,
    room_uri: e.roomUri,
    user_uri: e.userUri,
    content: e.content,
    message_id: e.messageId,
    details: e.details,
    batch_id: null,
    lease_owner: null,
    lease_until: null,
    last_error: null,
  };
}

function toEvent(r: Row): ComplianceEvent {
  return {
    seq: Number(r.seq),
    batchId: Number(r.batch_id),
    attempts: Number(r.attempts),
    type: r.type as ComplianceEventType,
    ts: Number(r.ts),
    roomId: r.room_id,
    roomUri: r.room_uri,
    userUri: r.user_uri,
    content: r.content,
    messageId: r.message_id === null ? null : Number(r.message_id),
    details: r.details,
  };
}

/** Inserts events inside the caller's transaction (or as one statement batch). */
export async function insertComplianceEvents(
  ex: Kysely<DB>,
  events: readonly NewComplianceEvent[],
): Promise<void> {
  for (let i = 0; i < events.length; i += 500)
    await ex
      .insertInto('compliance_events')
      .values(events.slice(i, i + 500).map(toComplianceRow))
      .execute();
}

function sqliteClaim(
  db: BetterSqlite3.Database,
  owner: string,
  limit: number,
  now: number,
  until: number,
): Row[] {
  const due = db
    .prepare<[number], { batch_id: number }>(
      `SELECT batch_id FROM compliance_events WHERE batch_id IS NOT NULL AND lease_until <= ? ORDER BY batch_id LIMIT 1`,
    )
    .get(now);
  if (due)
    return db
      .prepare<[string, number, number, number], Row>(
        `UPDATE compliance_events SET lease_owner = ?, lease_until = ? WHERE batch_id = ? AND lease_until <= ? RETURNING *`,
      )
      .all(owner, until, due.batch_id, now);
  const seqs = db
    .prepare<[number], { seq: number }>(
      `SELECT seq FROM compliance_events WHERE batch_id IS NULL ORDER BY seq LIMIT ?`,
    )
    .all(limit)
    .map((r) => r.seq);
  if (seqs.length === 0) return [];
  const last = seqs[seqs.length - 1] as number;
  return db
    .prepare<[number, string, number, number, number], Row>(
      `UPDATE compliance_events SET batch_id = ?, lease_owner = ?, lease_until = ?
       WHERE batch_id IS NULL AND seq >= ? AND seq <= ? RETURNING *`,
    )
    .all(seqs[0] as number, owner, until, seqs[0] as number, last);
}

const byBatchThenSeq = (a: ComplianceEvent, b: ComplianceEvent) => a.seq - b.seq;

export class SqlCompliance implements ComplianceStore {
  constructor(
    private readonly c: Ctx,
    /** Present on the root store only: concurrent record() calls share one commit. */
    private readonly committer: GroupCommitter<readonly NewComplianceEvent[], void> | null,
  ) {}

  async record(events: readonly NewComplianceEvent[]): Promise<void> {
    if (events.length === 0) return;
    if (this.committer && !this.c.inTx) return this.committer.submit(events);
    await insertComplianceEvents(this.c.ex, events);
  }

  async claim(owner: string, limit: number, leaseMs: number): Promise<ComplianceEvent[]> {
    const now = this.c.now();
    const until = now + leaseMs;
    const raw = this.c.sqlite;
    if (raw && !this.c.inTx) {
      // SQLite: BEGIN IMMEDIATE takes the write lock before reading (a deferred transaction that reads
      // first cannot upgrade while another process writes); under kysely's lock, like the append path.
      const run = raw.transaction(() => sqliteClaim(raw, owner, limit, now, until));
      return this.c.db.connection().execute(async () => run.immediate().map(toEvent).sort(byBatchThenSeq));
    }
    return atomic(this.c, async (ex) => {
      const lock = this.c.dialect === 'postgres' ? sql`FOR UPDATE SKIP LOCKED` : sql``;
      // 1. A batch due again: its lease ran out (its node died) or its retry time after a failure passed.
      const due = await sql<{ batch_id: number }>`
        SELECT batch_id FROM compliance_events
        WHERE batch_id IS NOT NULL AND lease_until <= ${now}
        ORDER BY batch_id LIMIT 1 ${lock}`.execute(ex);
      const batch = due.rows[0]?.batch_id;
      if (batch !== undefined && batch !== null) {
        const rows = await sql<Row>`
          UPDATE compliance_events SET lease_owner = ${owner}, lease_until = ${until}
          WHERE batch_id = ${batch} AND lease_until <= ${now}
          RETURNING *`.execute(ex);
        if (rows.rows.length > 0) return rows.rows.map(toEvent).sort(byBatchThenSeq);
      }
      // 2. A new batch of never-claimed events, oldest first.
      const fresh = await sql<{ seq: number }>`
        SELECT seq FROM compliance_events WHERE batch_id IS NULL ORDER BY seq LIMIT ${limit} ${lock}`.execute(
        ex,
      );
      const seqs = fresh.rows.map((r) => Number(r.seq));
      if (seqs.length === 0) return [];
      const batchId = Math.min(...seqs);
      const out: ComplianceEvent[] = [];
      for (let i = 0; i < seqs.length; i += 500) {
        const rows = await sql<Row>`
          UPDATE compliance_events SET batch_id = ${batchId}, lease_owner = ${owner}, lease_until = ${until}
          WHERE seq IN (${sql.join(seqs.slice(i, i + 500))}) RETURNING *`.execute(ex);
        out.push(...rows.rows.map(toEvent));
      }
      return out.sort(byBatchThenSeq);
    });
  }

  async complete(owner: string, batchId: number): Promise<number> {
    const r = await this.c.ex
      .deleteFrom('compliance_events')
      .where('batch_id', '=', batchId)
      .where('lease_owner', '=', owner)
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  async fail(owner: string, batchId: number, error: string, retryAt: number): Promise<void> {
    await this.c.ex
      .updateTable('compliance_events')
      .set((eb) => ({
        lease_owner: null,
        lease_until: retryAt,
        attempts: eb('attempts', '+', 1),
        last_error: error.slice(0, 2000),
      }))
      .where('batch_id', '=', batchId)
      .where('lease_owner', '=', owner)
      .execute();
  }

  async status(): Promise<ComplianceStatus> {
    const totals = await this.c.ex
      .selectFrom('compliance_events')
      .select((eb) => [eb.fn.countAll().as('n'), eb.fn.min('ts').as('oldest')])
      .executeTakeFirst();
    const failing = await this.c.ex
      .selectFrom('compliance_events')
      .select((eb) => [
        'batch_id',
        eb.fn.countAll().as('n'),
        eb.fn.max('attempts').as('attempts'),
        eb.fn.max('last_error').as('last_error'),
        eb.fn.max('lease_until').as('retry_at'),
      ])
      .where('last_error', 'is not', null)
      .groupBy('batch_id')
      .orderBy('batch_id')
      .limit(20)
      .execute();
    const n = Number(totals?.n ?? 0);
    return {
      pending: n,
      oldestTs:
        n === 0 || totals?.oldest === null || totals?.oldest === undefined ? null : Number(totals.oldest),
      failing: failing.map((f) => ({
        batchId: Number(f.batch_id),
        events: Number(f.n),
        attempts: Number(f.attempts),
        lastError: String(f.last_error ?? ''),
        retryAt: Number(f.retry_at),
      })),
    };
  }
}
