// grpchat (PC-02, PC-06, PC-07, PC-08): validated by the domain (room.post: membership, auditorium
// presenters, disabled; size limits of the effective configuration → LimitExceeded), committed, then
// fanned out to every joined endpoint, the author's included. No rpl on success: the echo is the answer
// (COMPAT(pidgin-sipe): it expects only the SIP 200 and the echoed grpchat).
import {
  DomainError,
  deleteOwnMessage,
  editOwnMessage,
  preparePost,
  resolveFileParts,
  validateMessage,
} from '@pchat/domain';
import { assertReadable } from '../history-pages.js';
import { fileIdOf } from '../../files/links.js';
import { commitAndPublish } from '../fanout.js';
import { toNewMessage } from '../convert.js';
import type { RoomTarget } from '../rooms.js';
import type { CommandSpec } from './spec.js';

export const grpchat: CommandSpec<'grpchat'> = {
  dialog: 'chat',
  room: (cmd) => cmd.message.chanUri,
  action: 'room.post',
  joined: true,
  handle: async ({ ctx, session, target }, cmd) => {
    const { room, category } = target as RoomTarget;
    if (cmd.message.replaces !== undefined) {
      // pchat: an author's edit or deletion of their own message (policy, window and hold: the domain).
      const id = Number(cmd.message.replaces);
      if (!/^\d{1,15}$/.test(cmd.message.replaces) || id < 1)
        throw new DomainError('InvalidArgument', `"${cmd.message.replaces}" is not a message id.`);
      const change = { room, category, messageId: id, compliance: await ctx.compliance.enabled() };
      if (cmd.message.deleted) {
        const message = await deleteOwnMessage(ctx.deps, session.actor, change);
        ctx.bus.publish(room.id, { type: 'change', roomId: room.id, message, deleted: true });
      } else {
        const { message } = await editOwnMessage(
          ctx.deps,
          session.actor,
          change,
          cmd.message.text,
          ctx.config,
        );
        ctx.bus.publish(room.id, { type: 'change', roomId: room.id, message, deleted: false });
      }
      return {};
    }
    // The author the client wrote is checked against the session's user (no posting as someone else).
    const checked = preparePost(
      session.actor,
      room,
      category,
      toNewMessage(cmd.message, room.id, cmd.message.author),
      ctx.config,
    );
    // A file part must name a file its author uploaded to this room; its name and size come from the store,
    // so the text is derived and the whole size checked again with them. A post without file parts keeps
    // its parts (resolveFileParts returns them as they are) and was validated once already.
    const parts = await resolveFileParts(ctx.deps, session.actor, room.id, checked.parts, fileIdOf);
    const m = parts === checked.parts ? checked : validateMessage({ ...checked, parts }, ctx.config);
    assertReadable(m, room.uri);
    await commitAndPublish(ctx, room, category, m);
    return {};
  },
};
