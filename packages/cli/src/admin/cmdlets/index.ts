// The whole cmdlet table.
import type { CmdletDef } from '../types.js';
import { complianceCmdlets } from './compliance.js';
import { directoryCmdlets } from './directory.js';
import { policyCmdlets } from './policies.js';
import { roomCmdlets } from './rooms.js';
import { topologyCmdlets } from './topology.js';
import { trustedPoolCmdlets } from './trusted-pools.js';

export const CMDLETS: readonly CmdletDef[] = [
  ...topologyCmdlets,
  ...policyCmdlets,
  ...roomCmdlets,
  ...directoryCmdlets,
  ...trustedPoolCmdlets,
  ...complianceCmdlets,
];

export function findCmdlet(name: string): CmdletDef | undefined {
  const n = name.toLowerCase();
  return CMDLETS.find((c) => c.name.toLowerCase() === n);
}
