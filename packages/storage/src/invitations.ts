// Invitations (PC-12): per-user invitation ids from a counter, one row per room invited to.
import { DomainError, type Invitation, type InvitationStore, type PrincipalUri } from '@pchat/domain';
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
