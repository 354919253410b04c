// The actor used by first-run setup and by internal jobs: an administrator that exists in no directory.
// It is never reachable from a network edge (edges build actors from authenticated identities only).
import type { Actor } from '../../model/principal.js';

export const SYSTEM_ACTOR_URI = 'sip:system@pchat.invalid';

export function systemActor(): Actor {
  return {
    uri: SYSTEM_ACTOR_URI,
    kind: 'user',
    disabled: false,
    ancestry: new Set([SYSTEM_ACTOR_URI]),
    enabledByPolicy: true,
    isChatAdmin: true,
  };
}
