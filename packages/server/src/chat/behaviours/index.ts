// The behaviours, in the order they run for each domain event, and the sink that feeds them.
import type { DomainEvent, DomainEventSink } from '@pchat/domain';
import type { ChatContext } from '../context.js';
import type { Behaviour } from './behaviour.js';
import { refresh } from './refresh.js';
import { kick } from './kick.js';
import { disable } from './disable.js';
import { invitations } from './invitations.js';
import { directory } from './directory.js';

// Auditorium (PC-02) and the participant limit (PC-13) need no hook: can('room.post') reads the cached
// room, and RosterGate sits in the runtime. History off (PC-16) is fanout.ts's isLogged().
export const BEHAVIOURS: readonly Behaviour[] = [refresh, kick, disable, invitations, directory];

export interface BehaviourSink extends DomainEventSink {
  /** Resolves when every event published so far was handled (tests, orderly shutdown). */
  idle(): Promise<void>;
}

/** Domain events are handled one after another, in publication order; one failing behaviour is logged, not fatal. */
export function behaviourSink(
  ctx: () => ChatContext,
  behaviours: readonly Behaviour[] = BEHAVIOURS,
): BehaviourSink {
  let chain: Promise<void> = Promise.resolve();
  return {
    publish(event: DomainEvent) {
      chain = chain.then(async () => {
        for (const b of behaviours) {
          try {
            await b.on(event, ctx());
          } catch (e) {
            ctx().log.error({ err: e, behaviour: b.name, event: event.type }, 'room behaviour failed');
          }
        }
      });
    },
    idle: () => chain,
  };
}
