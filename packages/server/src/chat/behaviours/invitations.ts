// PC-12: invitations created while the invited user is connected reach every endpoint of that user at once
// (`ntc:pchat-inv`, the SDK's ChatRoomInvitationReceived); the others get them with cmd:getinv at sign-in.
import { encodeNotice } from '@pchat/protocol';
import type { DomainEvent } from '@pchat/domain';
import type { ChatContext } from '../context.js';
import { toWireInvitations } from '../commands/user.js';
import type { Behaviour } from './behaviour.js';

export const invitations: Behaviour = {
  name: 'invitations',
  async on(e: DomainEvent, ctx: ChatContext) {
    if (e.type !== 'InvitationsCreated') return;
    for (const inv of e.invitations) {
      for (const s of ctx.sessions.of(inv.userUri)) {
        if (s.dialog !== 'chat') continue;
        const wire = await toWireInvitations(ctx, s, [inv]);
        if (wire.length > 0) s.send(encodeNotice({ type: 'pchat-inv', invitations: wire }));
      }
    }
  },
};
