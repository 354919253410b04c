// Preference bundles (PC-19): Get with the current SequenceId returns nothing (not modified); Set increments.
import { DomainError } from '../errors.js';
import type { Actor } from '../model/principal.js';
import type { PreferenceBundle } from '../model/room.js';
import type { ServiceDeps } from './deps.js';
import { assertCan } from '../access/can.js';

function checkActor(actor: Actor, label: string): void {
  assertCan(actor, 'chat.connect'); // users enabled for Persistent Chat keep bundles (PC-19, PC-26, PC-36)
  if (label.trim() === '')
    throw new DomainError('InvalidArgument', 'The preference label is empty. Name the bundle.');
}

/** null when no bundle exists or the caller already holds the current sequence id. */
export async function getPreferenceBundle(
  deps: ServiceDeps,
  actor: Actor,
  label: string,
  knownSequenceId?: number | null,
): Promise<PreferenceBundle | null> {
  checkActor(actor, label);
  const b = await deps.store.preferences.get(actor.uri, label);
  if (!b || (knownSequenceId !== undefined && knownSequenceId !== null && knownSequenceId === b.sequenceId))
    return null;
  return b;
}

/** Stores the bundle; with expectedSequenceId a concurrent writer makes this fail with DataCollision. */
export async function setPreferenceBundle(
  deps: ServiceDeps,
  actor: Actor,
  label: string,
  data: string,
  expectedSequenceId?: number,
): Promise<PreferenceBundle> {
  checkActor(actor, label);
  return deps.store.preferences.set(actor.uri, label, data, expectedSequenceId);
}
