// Role checks of the admin API (PC-40): CsPersistentChatAdministrator and CsAdministrator may do
// everything (decided by the domain's can() on the admin.* actions); CsViewOnlyAdministrator and
// CsHelpDesk may read only. Anyone else gets nothing.
import { assertCan, DomainError, type AdminAction, type AdminRole } from '@pchat/domain';
import type { Caller } from './context.js';

const READ_ROLES: readonly AdminRole[] = [
  'CsPersistentChatAdministrator',
  'CsAdministrator',
  'CsViewOnlyAdministrator',
  'CsHelpDesk',
];

export type Access = 'read' | AdminAction;

export function authorize(caller: Caller, access: Access, cmdlet: string): void {
  const { actor, roles } = caller;
  if (actor.disabled) {
    throw new DomainError(
      'PrincipalDisabled',
      `The account ${actor.uri} is disabled and cannot administer pchat. Ask another administrator to re-enable it.`,
    );
  }
  if (!roles.some((r) => READ_ROLES.includes(r))) {
    throw new DomainError(
      'ErrorPermission',
      `${actor.uri} holds no administrator role, so it cannot run ${cmdlet}. Ask an administrator to give it CsPersistentChatAdministrator (or CsViewOnlyAdministrator to read).`,
    );
  }
  if (access === 'read') return;
  if (!actor.isChatAdmin) {
    throw new DomainError(
      'ErrorPermission',
      `${actor.uri} holds ${roles.join(', ')}, which may only read: ${cmdlet} needs CsPersistentChatAdministrator or CsAdministrator. Ask an administrator to run it or to grant you that role.`,
      { action: access },
    );
  }
  assertCan(actor, access); // PC-40: the one access decision
}
