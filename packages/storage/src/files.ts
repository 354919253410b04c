// The file store (PC-15) on both drivers: contents in 256 KiB chunks beside a `files` row that turns
// complete only after the last chunk; transfer grants kept by the SHA-256 of their token, redeemed once.
import { createHash } from 'node:crypto';
import { DomainError, fileTooLarge, type FileGrant, type FileStore, type StoredFile } from '@pchat/domain';
import type { Ctx } from './context.js';
import { isForeignKeyViolation } from './dialect.js';

/** Rows of this size keep each write short, so an upload never holds the writer for long (SQLite). */
const CHUNK_BYTES = 256 * 1024;

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

export class SqlFiles implements FileStore {
  constructor(private readonly c: Ctx) {}

  async put(
    meta: Omit<StoredFile, 'size' | 'sha256'>,
    content: AsyncIterable<Uint8Array>,
    maxBytes: number,
  ): Promise<StoredFile> {
    try {
      await this.c.ex
        .insertInto('files')
        .values({
          id: meta.id,
          room_id: meta.roomId,
          uploader: meta.uploader,
          name: meta.name,
          content_type: meta.contentType,
          size: 0,
          sha256: '',
          created_on: meta.createdOn,
          complete: 0,
        })
        .execute();
    } catch (e) {
      if (isForeignKeyViolation(e))
        throw new DomainError('NoSuchNode', 'The room of this file no longer exists.');
      throw e;
    }
    const hash = createHash('sha256');
    let size = 0;
    let seq = 0;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const flush = async (all: boolean): Promise<void> => {
      while (pendingBytes >= CHUNK_BYTES || (all && pendingBytes > 0)) {
        const joined = Buffer.concat(pending);
        const data = joined.subarray(0, Math.min(CHUNK_BYTES, joined.length));
        const rest = joined.subarray(data.length);
        pending = rest.length ? [rest] : [];
        pendingBytes = rest.length;
        await this.c.ex.insertInto('file_chunks').values({ file_id: meta.id, seq: seq++, data }).execute();
      }
    };
    try {
      for await (const chunk of content) {
        size += chunk.byteLength;
        if (size > maxBytes) throw fileTooLarge(maxBytes);
        hash.update(chunk);
        pending.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        pendingBytes += chunk.byteLength;
        await flush(false);
      }
      await flush(true);
      const digest = hash.digest('hex');
      await this.c.ex
        .updateTable('files')
        .set({ size, sha256: digest, complete: 1 })
        .where('id', '=', meta.id)
        .execute();
      return { ...meta, size, sha256: digest };
    } catch (e) {
      await this.delete(meta.id);
      throw e;
    }
  }

  async get(id: string): Promise<StoredFile | null> {
    const r = await this.c.ex
      .selectFrom('files')
      .selectAll()
      .where('id', '=', id)
      .where('complete', '=', 1)
      .executeTakeFirst();
    return r
      ? {
          id: r.id,
          roomId: r.room_id,
          uploader: r.uploader,
          name: r.name,
          contentType: r.content_type,
          size: Number(r.size),
          sha256: r.sha256,
          createdOn: Number(r.created_on),
        }
      : null;
  }

  async *read(id: string): AsyncIterable<Uint8Array> {
    if ((await this.get(id)) === null) throw new DomainError('NoSuchNode', 'That file no longer exists.');
    // One chunk per query: a download holds one chunk in memory, whatever the file's size.
    for (let seq = 0; ; seq++) {
      const r = await this.c.ex
        .selectFrom('file_chunks')
        .select('data')
        .where('file_id', '=', id)
        .where('seq', '=', seq)
        .executeTakeFirst();
      if (!r) return;
      yield r.data;
    }
  }

  async delete(id: string): Promise<void> {
    // Chunks first: SQLite's foreign-key cascade deletes them too, but one statement per table keeps
    // each write short.
    await this.c.ex.deleteFrom('file_chunks').where('file_id', '=', id).execute();
    await this.c.ex.deleteFrom('files').where('id', '=', id).execute();
  }

  async deleteIncomplete(before: number): Promise<number> {
    const rows = await this.c.ex
      .selectFrom('files')
      .select('id')
      .where('complete', '=', 0)
      .where('created_on', '<', before)
      .execute();
    for (const r of rows) await this.delete(r.id);
    return rows.length;
  }

  async grant(token: string, g: FileGrant): Promise<void> {
    // Expired grants are useless; dropping them here keeps the table small without a timer.
    await this.c.ex.deleteFrom('file_tokens').where('expires', '<', this.c.now()).execute();
    await this.c.ex
      .insertInto('file_tokens')
      .values({ token_hash: sha256(token), expires: g.expires, used: 0, data: JSON.stringify(g) })
      .execute();
  }

  async redeem(token: string, now: number): Promise<FileGrant | null> {
    // One conditional update: of two concurrent redeemers (also on two nodes) exactly one gets the row.
    const r = await this.c.ex
      .updateTable('file_tokens')
      .set({ used: 1 })
      .where('token_hash', '=', sha256(token))
      .where('used', '=', 0)
      .where('expires', '>', now)
      .returning('data')
      .executeTakeFirst();
    return r ? (JSON.parse(r.data) as FileGrant) : null;
  }
}
