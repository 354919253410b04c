// The admin audit log: one row per administrative change.
import { type AuditEntry, type AuditLog, type PrincipalUri } from '@pchat/domain';
import { type Ctx } from './context.js';

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
