// File posting (PC-15): the chat service hands out single-use transfer grants; the HTTP edge redeems them
// to move the bytes; a post may link only files that were uploaded to its room by its author.
import { DomainError, fail } from '../errors.js';
import type { Actor } from '../model/principal.js';
import type { Category, Room } from '../model/room.js';
import type { ChatConfiguration } from '../model/topology.js';
import type { MessagePart } from '../model/message.js';
import { cleanFileName, type FileGrant, type StoredFile } from '../model/file.js';
import { assertCan } from '../access/can.js';
import type { ServiceDeps } from './deps.js';

/** How long a transfer token works: long enough to start a transfer, short enough that a leaked link dies. */
export const FILE_GRANT_TTL_MS = 5 * 60_000;

export interface IssuedGrant {
  token: string;
  expires: number;
}

export interface UploadRequest {
  fileName: string;
  /** What the client says it will send, checked before any byte moves; the HTTP edge enforces it again. */
  size: number;
  contentType?: string;
}

/** 128+ bits of randomness from two UUIDs (the domain has no crypto of its own). */
function newToken(deps: ServiceDeps): string {
  return (deps.ids.uuid() + deps.ids.uuid()).replace(/-/g, '');
}

/** The most bytes a file may have under this configuration (`MaxFileSizeKB`, PC-15). */
export function maxFileBytes(config: Pick<ChatConfiguration, 'maxFileSizeKB'>): number {
  return config.maxFileSizeKB * 1024;
}

/**
 * The one refusal of a file over the limit (PC-15), for every place that enforces it: the grant (declared
 * size), the HTTP edge (Content-Length) and the file store (the bytes as they arrive, size unknown).
 */
export function fileTooLarge(maxBytes: number, size?: number): DomainError {
  const limitKb = Math.floor(maxBytes / 1024);
  const what = size === undefined ? 'The file is larger than' : `The file is ${Math.ceil(size / 1024)} KB;`;
  return new DomainError(
    'LimitExceeded',
    `${what} this server accepts files up to ${limitKb} KB. Send a smaller file or share a link to it.`,
    { limit: maxBytes, ...(size === undefined ? {} : { size }) },
  );
}

/** An upload grant for a room the actor may post files in (can: room.postFile). */
export async function grantUpload(
  deps: ServiceDeps,
  actor: Actor,
  target: { room: Room; category: Category },
  req: UploadRequest,
  config: Pick<ChatConfiguration, 'maxFileSizeKB'>,
): Promise<IssuedGrant> {
  assertCan(actor, 'room.postFile', target);
  const fileName = cleanFileName(req.fileName);
  if (fileName === null)
    fail('InvalidArgument', 'The file needs a name of 1 to 255 characters without control characters.');
  if (!Number.isSafeInteger(req.size) || req.size < 0)
    fail('InvalidArgument', 'The file size must be a whole number of bytes.');
  if (req.size > maxFileBytes(config)) throw fileTooLarge(maxFileBytes(config), req.size);
  const expires = deps.clock.now() + FILE_GRANT_TTL_MS;
  const token = newToken(deps);
  await deps.store.files.grant(token, {
    kind: 'upload',
    userUri: actor.uri,
    roomId: target.room.id,
    fileName,
    contentType: cleanContentType(req.contentType),
    maxBytes: maxFileBytes(config),
    expires,
  });
  return { token, expires };
}

/** A download grant for a file of a room whose history the actor may read (can: room.readHistory). */
export async function grantDownload(
  deps: ServiceDeps,
  actor: Actor,
  file: StoredFile,
  target: { room: Room; category: Category },
): Promise<IssuedGrant> {
  if (file.roomId !== target.room.id) fail('NoSuchNode', 'That file is not in this room.');
  assertCan(actor, 'room.readHistory', target);
  const expires = deps.clock.now() + FILE_GRANT_TTL_MS;
  const token = newToken(deps);
  await deps.store.files.grant(token, {
    kind: 'download',
    userUri: actor.uri,
    roomId: file.roomId,
    fileId: file.id,
    expires,
  });
  return { token, expires };
}

/** Redeems a token for the kind of transfer asked; each token works once and only until it expires. */
export async function redeemGrant<K extends FileGrant['kind']>(
  deps: ServiceDeps,
  token: string,
  kind: K,
): Promise<Extract<FileGrant, { kind: K }>> {
  const g = await deps.store.files.redeem(token, deps.clock.now());
  if (g === null || g.kind !== kind)
    fail(
      'InvalidToken',
      `This ${kind} link has expired or was already used. Ask for a new one from the room (links work once, for a few minutes).`,
    );
  return g as Extract<FileGrant, { kind: K }>;
}

/**
 * The file parts of a post, checked against the file store and rewritten from it: each must name a file
 * uploaded to this room by the author, and its name and size are the stored ones, not the client's.
 */
export async function resolveFileParts(
  deps: ServiceDeps,
  actor: Actor,
  roomId: string,
  parts: MessagePart[] | null,
  fileIdOf: (fileUri: string) => string | null,
): Promise<MessagePart[] | null> {
  if (!parts?.some((p) => p.type === 'fileLink')) return parts;
  const out: MessagePart[] = [];
  for (const p of parts) {
    if (p.type !== 'fileLink') {
      out.push(p);
      continue;
    }
    const id = fileIdOf(p.fileUri);
    const f = id === null ? null : await deps.store.files.get(id);
    if (f === null || f.roomId !== roomId || f.uploader !== actor.uri)
      fail(
        'InvalidArgument',
        `The message links the file "${p.fileName}", which you did not upload to this room. Upload the file to the room first, then post it.`,
      );
    out.push({ type: 'fileLink', fileName: f.name, fileUri: p.fileUri, sizeEstimate: f.size });
  }
  return out;
}

function cleanContentType(t: string | undefined): string {
  // A media type is token/token with optional parameters; anything else is served as bytes.
  return t && /^[\w.+-]+\/[\w.+-]+(\s*;.*)?$/.test(t) && t.length <= 200 ? t : 'application/octet-stream';
}
