// Preference bundles (PC-19): Get with the current SequenceId returns nothing (not modified); Set increments.
import { DomainError } from '../errors.js';
import type { Actor } from '../model/principal.js';
import type { PreferenceBundle } from '../model/room.js';
import type { ServiceDeps } from './deps.js';
import { assertCan } from '../access/can.js';
import { utf8Length } from './messages.js';

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

/** What one user may keep in preference bundles: bytes of one bundle (UTF-8) and bundles in all. */
export interface PreferenceQuota {
  bundleBytes: number;
  bundles: number;
}

export const DEFAULT_PREFERENCE_QUOTA: PreferenceQuota = { bundleBytes: 64 * 1024, bundles: 100 };

/** Labels name bundles, they do not carry data. */
const MAX_LABEL_LENGTH = 256;

/**
 * Stores the bundle; with expectedSequenceId a concurrent writer makes this fail with DataCollision. A
 * bundle over the quota's bytes, or a new label past the quota's count, is refused (LimitExceeded).
 */
export async function setPreferenceBundle(
  deps: ServiceDeps,
  actor: Actor,
  label: string,
  data: string,
  expectedSequenceId?: number,
  quota: PreferenceQuota = DEFAULT_PREFERENCE_QUOTA,
): Promise<PreferenceBundle> {
  checkActor(actor, label);
  if (label.length > MAX_LABEL_LENGTH)
    throw new DomainError(
      'LimitExceeded',
      `The preference label is ${label.length} characters long; at most ${MAX_LABEL_LENGTH} are allowed. Use a shorter label.`,
    );
  const size = utf8Length(data);
  if (size > quota.bundleBytes)
    throw new DomainError(
      'LimitExceeded',
      `The preference bundle is ${size} bytes; this server keeps at most ${quota.bundleBytes} bytes per bundle. Store less in it.`,
      { size, limit: quota.bundleBytes },
    );
  return deps.store.transaction(async (tx) => {
    if ((await tx.preferences.get(actor.uri, label)) === null) {
      const n = await tx.preferences.count(actor.uri);
      if (n >= quota.bundles)
        throw new DomainError(
          'LimitExceeded',
          `You already keep ${n} preference bundles; this server keeps at most ${quota.bundles} per user. Reuse a label you have.`,
          { size: n, limit: quota.bundles },
        );
    }
    return tx.preferences.set(actor.uri, label, data, expectedSequenceId);
  });
}
