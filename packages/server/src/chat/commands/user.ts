// Per-user commands: getinv (PC-12 invitations) and getpref/setpref (PC-19 preference bundles).
import {
  can,
  getPreferenceBundle,
  setPreferenceBundle,
  type Invitation as DomainInvitation,
} from '@pchat/domain';
import { okReply, type Invitation } from '@pchat/protocol';
import type { ChatContext } from '../context.js';
import { toRoomSummary } from '../convert.js';
import type { ChatSession } from '../session.js';
import type { CommandSpec } from './spec.js';

const MAX_INVITATIONS = 200;

export const getinv: CommandSpec<'getinv'> = {
  dialog: 'chat',
  args: (cmd) => (cmd.inviteId < 0 ? 'inviteId cannot be negative.' : undefined),
  handle: async ({ ctx, session, envid }, cmd) => {
    // `inviteId` is the first id the client wants (pidgin-sipe sends 1 = "all"); ids are per user, increasing.
    const invs = await ctx.store.invitations.listAfter(
      session.uri,
      Math.max(cmd.inviteId - 1, 0),
      MAX_INVITATIONS,
    );
    return { reply: okReply('getinv', envid, { invitations: await toWireInvitations(ctx, session, invs) }) };
  },
};

/** Invitations to rooms the user can still join (a later removal or disable withdraws them silently). */
export async function toWireInvitations(
  ctx: ChatContext,
  session: ChatSession,
  invs: readonly DomainInvitation[],
): Promise<Invitation[]> {
  const out: Invitation[] = [];
  for (const inv of invs) {
    const room = await ctx.store.rooms.getRoom(inv.roomId);
    const category = room ? await ctx.store.rooms.getCategory(room.categoryId) : null;
    if (!room || !category || !can(session.actor, 'room.join', { room, category }).allowed) continue;
    out.push({
      inviteId: inv.invId,
      createdOn: new Date(inv.createdOn),
      room: toRoomSummary(room, category, ctx.rooms.get(room.id)?.participantCount ?? 0),
    });
  }
  return out;
}

export const getpref: CommandSpec<'getpref'> = {
  dialog: 'chat',
  handle: async ({ ctx, session, envid }, cmd) => {
    // PC-19: asking with the current sequence id returns no bundle (not modified).
    const b = await getPreferenceBundle(ctx.deps, session.actor, cmd.label, cmd.seqid ?? null);
    return {
      reply: okReply(
        'getpref',
        envid,
        b ? { pref: { label: b.label, seqid: b.sequenceId, content: b.data } } : {},
      ),
    };
  },
};

export const setpref: CommandSpec<'setpref'> = {
  dialog: 'chat',
  args: (cmd) => (cmd.seqid < 0 ? 'seqid cannot be negative.' : undefined),
  handle: async ({ ctx, session, envid }, cmd) => {
    // seqid = the sequence id the client last read (0 for a new bundle); a concurrent writer → DataCollision.
    const b = await setPreferenceBundle(
      ctx.deps,
      session.actor,
      cmd.label,
      cmd.content,
      cmd.seqid > 0 ? cmd.seqid : undefined,
      ctx.preferenceQuota,
    );
    return { reply: okReply('setpref', envid, { label: b.label, seqid: b.sequenceId }) };
  },
};
