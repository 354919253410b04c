// Preference bundles (PC-19): per-user labelled blobs with a sequence id for optimistic updates.
import { DomainError, type PreferenceBundle, type PreferenceStore, type PrincipalUri } from '@pchat/domain';
import { atomic, type Ctx } from './context.js';
import { key } from './dialect.js';

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

  async count(userUri: PrincipalUri): Promise<number> {
    const r = await this.c.ex
      .selectFrom('preferences')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('user_uri', '=', key(userUri))
      .executeTakeFirstOrThrow();
    return Number(r.n);
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
