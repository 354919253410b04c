// Invitations (PC-12), preference bundles (PC-19) and the admin audit log (docs/admin-api.md).
import {
  DomainError,
  type AuditEntry,
  type AuditLog,
  type Invitation,
  type InvitationStore,
  type PreferenceBundle,
  type PreferenceStore,
  type PrincipalUri,
} from '@pchat/domain';
import type { Kysely } from 'kysely';
import { atomic, type Ctx } from './context.js';
import { isForeignKeyViolation, key } from './dialect.js';
import type { DB } from './schema.js';

/**
 * Takes the next n values of a per-key counter. The upsert's row lock makes concurrent takers (also in
 * other server processes on PostgreSQL) queue, so values are never handed out twice.
 */
async function takeCounter(ex: Kysely<DB>, k: string, n = 1): Promise<number> {
  const r = await ex
    .insertInto('inv_seq')
    .values({ key: k, last: n })
    .onConflict((oc) => oc.column('key').doUpdateSet((eb) => ({ last: eb('inv_seq.last', '+', n) })))
    .returning('last')
    .executeTakeFirstOrThrow();
  return Number(r.last);
}

export class SqlInvitations implements InvitationStore {
  constructor(private readonly c: Ctx) {}

  async create(userUri: PrincipalUri, roomId: string, createdOn: number): Promise<Invitation> {
    const u = key(userUri);
    try {
      return await atomic(this.c, async (ex) => {
        const invId = await takeCounter(ex, u);
        await ex
          .insertInto('invitations')
          .values({ user_uri: u, inv_id: invId, room_id: roomId, created_on: createdOn })
          .execute();
        return { userUri: u, invId, roomId, createdOn };
      });
    } catch (e) {
      if (isForeignKeyViolation(e)) throw new DomainError('NoSuchNode', `No room ${roomId}.`);
      throw e;
    }
  }

  async listAfter(userUri: PrincipalUri, afterInvId: number, limit: number): Promise<Invitation[]> {
    const rows = await this.c.ex
      .selectFrom('invitations')
      .selectAll()
      .where('user_uri', '=', key(userUri))
      .where('inv_id', '>', afterInvId)
      .orderBy('inv_id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      userUri: r.user_uri,
      invId: Number(r.inv_id),
      roomId: r.room_id,
      createdOn: Number(r.created_on),
    }));
  }
}

export class SqlPreferences implements PreferenceStore {
  constructor(private readonly c: Ctx) {}

  async get(userUri: PrincipalUri, label: string): Promise<PreferenceBundle | null> {
    const r = await this.c.ex
      .selectFrom('preferences')
      .selectAll()
      .where('user_uri', '=', key(userUri))
      .where('label', '=', label)
      .executeTakeFirst();
    return r
      ? { userUri: r.user_uri, label: r.label, sequenceId: Number(r.sequence_id), data: r.data }
      : null;
  }

  async set(
    userUri: PrincipalUri,
    label: string,
    data: string,
    expectedSequenceId?: number,
  ): Promise<PreferenceBundle> {
    const u = key(userUri);
    const collision = () =>
      new DomainError(
        'DataCollision',
        `Preference bundle ${label} changed since it was read; read it again.`,
      );
    return atomic(this.c, async (ex) => {
      // Conditional update first: the version check and the write are one statement (no lost update).
      let upd = ex
        .updateTable('preferences')
        .set((eb) => ({ sequence_id: eb('sequence_id', '+', 1), data }))
        .where('user_uri', '=', u)
        .where('label', '=', label);
      if (expectedSequenceId !== undefined) upd = upd.where('sequence_id', '=', expectedSequenceId);
      const r = await upd.returning('sequence_id').executeTakeFirst();
      if (r) return { userUri: u, label, sequenceId: Number(r.sequence_id), data };
      if (expectedSequenceId !== undefined && expectedSequenceId !== 0) throw collision();
      const ins = await ex
        .insertInto('preferences')
        .values({ user_uri: u, label, sequence_id: 1, data })
        .onConflict((oc) => oc.doNothing())
        .returning('sequence_id')
        .executeTakeFirst();
      if (!ins) throw collision();
      return { userUri: u, label, sequenceId: 1, data };
    });
  }
}

export class SqlAudit implements AuditLog {
  constructor(private readonly c: Ctx) {}

  async append(e: AuditEntry): Promise<void> {
    await this.c.ex
      .insertInto('audit_log')
      .values({ ...e })
      .execute();
  }

  /** Newest first. */
  async list(f: { target?: string; actor?: PrincipalUri; limit: number }): Promise<AuditEntry[]> {
    let s = this.c.ex.selectFrom('audit_log').select(['at', 'actor', 'action', 'target', 'details']);
    if (f.target !== undefined) s = s.where('target', '=', f.target);
    if (f.actor !== undefined) s = s.where('actor', '=', f.actor);
    const rows = await s.orderBy('seq', 'desc').limit(f.limit).execute();
    return rows.map((r) => ({ ...r, at: Number(r.at) }));
  }
}
