// File transfer over HTTP (PC-15): the bytes of uploads and downloads, each allowed by a single-use grant
// that the chat service issued (chat/commands/files.ts). Uploads stream into the file store with the
// grant's byte limit, so an oversized file is refused before it is stored; downloads stream back one chunk
// at a time and are always served as attachments, never rendered by the browser on this origin.
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { DomainError, fileTooLarge, redeemGrant, type ServiceDeps } from '@pchat/domain';
import { fileUri, FILES_PREFIX, UPLOAD_PATH } from '../files/links.js';
import type { FileTransferEvent } from '../compliance/recorder.js';

export interface FileRoutesDeps {
  deps: ServiceDeps;
  /** The base URL the file URIs name (the public address of this node's HTTP listener). */
  httpBase(): string;
  /** Records FILEUPLOAD after a file is stored and FILEDOWNLOAD before it is served (PC-71). */
  compliance?: { recordFileTransfer(e: FileTransferEvent): Promise<void> };
}

interface TokenQuery {
  token?: string;
}

function tokenOf(q: TokenQuery): string {
  if (typeof q.token !== 'string' || q.token === '')
    throw new DomainError(
      'InvalidToken',
      'Files are transferred with a link from the room. Open the file from the room in the pchat web app or an SDK client.',
    );
  return q.token;
}

export function registerFileRoutes(app: FastifyInstance, f: FileRoutesDeps): void {
  app.register(async (scope) => {
    // Any body is the file itself, streamed as it arrives (never buffered whole, whatever its type).
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_req, payload, done) => done(null, payload));

    scope.post<{ Querystring: TokenQuery }>(UPLOAD_PATH, async (req, reply) => {
      const grant = await redeemGrant(f.deps, tokenOf(req.query), 'upload');
      const declared = Number(req.headers['content-length']);
      if (Number.isFinite(declared) && declared > grant.maxBytes) {
        // Refused before reading: say so and close, rather than drain megabytes nobody will keep.
        reply.header('connection', 'close');
        throw fileTooLarge(grant.maxBytes, declared);
      }
      const body = (req.body ?? Readable.from([])) as AsyncIterable<Uint8Array>;
      const id = f.deps.ids.uuid();
      let stored;
      try {
        stored = await f.deps.store.files.put(
          {
            id,
            roomId: grant.roomId,
            uploader: grant.userUri,
            name: grant.fileName,
            contentType: grant.contentType,
            createdOn: f.deps.clock.now(),
          },
          body,
          grant.maxBytes,
        );
      } catch (e) {
        if (e instanceof DomainError && e.code === 'LimitExceeded') reply.header('connection', 'close');
        throw e;
      }
      const uri = fileUri(f.httpBase(), stored.id, stored.name);
      try {
        await record(f, 'FILEUPLOAD', grant.roomId, grant.userUri, stored.name, uri, stored.size);
      } catch (e) {
        // Not recorded means not accepted: a file compliance never saw must not stay behind.
        await f.deps.store.files.delete(stored.id);
        throw e;
      }
      return reply.status(201).send({
        fileUri: uri,
        name: stored.name,
        size: stored.size,
        contentType: stored.contentType,
        sha256: stored.sha256,
      });
    });

    scope.get<{ Params: { id: string; name: string }; Querystring: TokenQuery }>(
      `${FILES_PREFIX}/:id/:name`,
      async (req, reply) => {
        const grant = await redeemGrant(f.deps, tokenOf(req.query), 'download');
        if (grant.fileId !== req.params.id)
          throw new DomainError(
            'InvalidToken',
            'This link is for another file. Open the file again from the room.',
          );
        const file = await f.deps.store.files.get(grant.fileId);
        if (file === null)
          throw new DomainError(
            'NoSuchNode',
            'That file no longer exists (it may have been removed from the room).',
          );
        await record(
          f,
          'FILEDOWNLOAD',
          file.roomId,
          grant.userUri,
          file.name,
          req.url.split('?')[0] ?? '',
          file.size,
        );
        return reply
          .header('content-type', file.contentType)
          .header('content-length', String(file.size))
          .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`)
          .header('x-content-type-options', 'nosniff')
          .header('content-security-policy', "sandbox; default-src 'none'")
          .header('cache-control', 'private, no-store')
          .header('x-pchat-sha256', file.sha256)
          .send(Readable.from(f.deps.store.files.read(file.id)));
      },
    );
  });
}

async function record(
  f: FileRoutesDeps,
  type: FileTransferEvent['type'],
  roomId: string,
  userUri: string,
  fileName: string,
  uri: string,
  size: number,
): Promise<void> {
  if (!f.compliance) return;
  const room = await f.deps.store.rooms.getRoom(roomId);
  if (room === null) throw new DomainError('NoSuchNode', 'The room of this file no longer exists.');
  await f.compliance.recordFileTransfer({ type, room, userUri, fileName, details: { fileUri: uri, size } });
}
