// File transfer links (PC-15). The chat service decides (can: room.postFile to upload, room.readHistory to
// download) and hands out a single-use link; the HTTP edge moves the bytes (http/files.ts). Neither
// command needs the room joined: a bot may fetch a file it was sent without joining again.
import { DomainError, grantDownload, grantUpload } from '@pchat/domain';
import { okReply } from '@pchat/protocol';
import { downloadUrl, fileIdOf, uploadUrl } from '../../files/links.js';
import type { ChatContext } from '../context.js';
import type { RoomTarget } from '../rooms.js';
import type { CommandSpec } from './spec.js';

function httpBase(ctx: ChatContext): string {
  const base = ctx.httpBase();
  if (base === null)
    throw new DomainError(
      'FileUploadFailed',
      'This server has no HTTP listener, so files cannot be transferred. Ask the administrator to enable listen.httpPort.',
    );
  return base;
}

export const fileupload: CommandSpec<'pchat-fileupload'> = {
  dialog: 'chat',
  room: (cmd) => cmd.uri,
  action: 'room.postFile',
  handle: async ({ ctx, session, target, envid }, cmd) => {
    const base = httpBase(ctx);
    const g = await grantUpload(
      ctx.deps,
      session.actor,
      target as RoomTarget,
      { fileName: cmd.name, size: cmd.size, ...(cmd.contentType ? { contentType: cmd.contentType } : {}) },
      ctx.config,
    );
    return {
      reply: okReply('pchat-fileupload', envid, {
        url: uploadUrl(base, g.token),
        expires: new Date(g.expires),
      }),
    };
  },
};

export const filedownload: CommandSpec<'pchat-filedownload'> = {
  dialog: 'chat',
  room: (cmd) => cmd.uri,
  action: 'room.readHistory',
  handle: async ({ ctx, session, target, envid }, cmd) => {
    httpBase(ctx);
    const id = fileIdOf(cmd.fileUri);
    const file = id === null ? null : await ctx.store.files.get(id);
    if (file === null)
      throw new DomainError(
        'NoSuchNode',
        'That file no longer exists in this room (it may have been removed).',
      );
    const g = await grantDownload(ctx.deps, session.actor, file, target as RoomTarget);
    // The link is the file's URI as the message carries it, so a pool's nodes may each publish their own.
    return {
      reply: okReply('pchat-filedownload', envid, {
        url: downloadUrl(cmd.fileUri.split('?')[0] as string, g.token),
        expires: new Date(g.expires),
      }),
    };
  },
};
