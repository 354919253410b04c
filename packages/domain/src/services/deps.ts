// What every service takes: the store port, a clock and an id source (deterministic in tests), and where
// to publish domain events.
import type { Clock, IdSource, Store } from '../ports/store.js';
import type { DomainEvent, DomainEventSink } from './events.js';
import { NO_EVENTS } from './events.js';
import type { AuditData, PrincipalUri } from '../model/principal.js';

export interface ServiceDeps {
  store: Store;
  clock: Clock;
  ids: IdSource;
  events?: DomainEventSink;
}

/** Publishes events only after the transaction that produced them committed. */
export function publishAll(deps: ServiceDeps, events: readonly DomainEvent[]): void {
  const sink = deps.events ?? NO_EVENTS;
  for (const e of events) sink.publish(e);
}

export function newAudit(by: PrincipalUri, now: number): AuditData {
  return { createdBy: by, createdOn: now, updatedBy: by, updatedOn: now };
}

export function touched(a: AuditData, by: PrincipalUri, now: number): AuditData {
  return { ...a, updatedBy: by, updatedOn: now };
}
