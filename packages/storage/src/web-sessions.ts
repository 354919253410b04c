// Web sessions on both drivers (docs/web.md "Sessions and passwords"): kept by the SHA-256 of their token.
import { createHash } from 'node:crypto';
import type { PrincipalUri, WebSession, WebSessionStore } from '@pchat/domain';
import type { Ctx } from './context.js';

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

export class SqlWebSessions implements WebSessionStore {
  constructor(private readonly c: Ctx) {}

  async put(token: string, s: WebSession): Promise<void> {
    const row = { uri: s.uri.toLowerCase(), created_on: s.createdOn, expires_on: s.expiresOn };
    await this.c.ex
      .insertInto('web_sessions')
      .values({ token_hash: sha256(token), ...row })
      .onConflict((oc) => oc.column('token_hash').doUpdateSet(row))
      .execute();
  }

  async get(token: string, now: number): Promise<WebSession | null> {
    const r = await this.c.ex
      .selectFrom('web_sessions')
      .select(['uri', 'created_on', 'expires_on'])
      .where('token_hash', '=', sha256(token))
      .where('expires_on', '>', now)
      .executeTakeFirst();
    return r ? { uri: r.uri, createdOn: Number(r.created_on), expiresOn: Number(r.expires_on) } : null;
  }

  async delete(token: string): Promise<void> {
    await this.c.ex.deleteFrom('web_sessions').where('token_hash', '=', sha256(token)).execute();
  }

  async deleteForUser(uri: PrincipalUri): Promise<number> {
    const r = await this.c.ex
      .deleteFrom('web_sessions')
      .where('uri', '=', uri.toLowerCase())
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  async purgeExpired(now: number, limit: number): Promise<number> {
    // A bounded batch (the sub-select works on both drivers): a purge never holds the writer for long.
    const r = await this.c.ex
      .deleteFrom('web_sessions')
      .where('token_hash', 'in', (eb) =>
        eb.selectFrom('web_sessions').select('token_hash').where('expires_on', '<=', now).limit(limit),
      )
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
