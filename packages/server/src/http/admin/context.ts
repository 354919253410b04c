// What every admin route needs: the store, the clock and ids, the credential vault (Basic
// sign-in), where the data directory is, and the change runner that gives every write the same shape —
// one transaction, permission checked by the domain's can(), an audit entry, and `?whatIf=true` as a
// dry run that rolls back (PowerShell -WhatIf, done server-side).
import type {
  Actor,
  AdminRole,
  Clock,
  DomainEvent,
  DomainEventSink,
  IdSource,
  ServiceDeps,
  Store,
} from '@pchat/domain';
import type { CredentialVault } from '../../credentials/vault.js';
import type { DirectorySync } from '../../directory/sync.js';
import type { FailureThrottle } from '../../auth/throttle.js';
import type { ChatRuntime } from '../../setup/chat-host.js';
import type { IssuedCertificate } from '../../tls/dev-ca.js';

export interface AdminOptions {
  vault: CredentialVault;
  dataDir: string;
  /** Digest realm whose stored HA1 verifies Basic sign-ins. */
  realm: string;
  /** SIP domain of the deployment (bootstrap admin when the store has none). */
  domain: string;
  /** Receives domain events after a change committed (the chat service hooks here: kicks, disables). */
  events?: DomainEventSink;
  /** The sign-in throttle every password path shares (Basic here, SIP REGISTER, directory sign-in). */
  throttle: FailureThrottle;
  /**
   * The node's chat side, told after a change so it applies at once: pools and imports (re)start the chat
   * service, configuration changes are read again. Absent in tests of the API alone.
   */
  runtime?: ChatRuntime;
  /**
   * Request-CsCertificate: issues a certificate for a trusted application pool from the development CA;
   * absent when the server uses its own certificates (tls.certFile or tls.caFile).
   */
  issueDevCertificate?: (domainName: string, days?: number) => IssuedCertificate;
  /** The LDAP directory sync (Update-CsUserDatabase), or absent with `directory.kind: builtin`. */
  directorySync?: DirectorySync;
}

export interface AdminDeps extends AdminOptions {
  store: Store;
  clock: Clock;
  ids: IdSource;
}

/** The authenticated caller of one request. */
export interface Caller {
  actor: Actor;
  roles: readonly AdminRole[];
  /** How the caller signed in (for the audit log). */
  via: 'bearer' | 'basic';
}

export interface ChangeSpec {
  /** The cmdlet this change implements, written to the audit log as the action. */
  cmdlet: string;
  /** Identity of the object changed (audit target), known before or computed from the result. */
  target: string | ((result: unknown) => string);
  /** What was asked, without secrets (scrubbed again before it is written). */
  details: unknown;
}

export interface ChangeOutcome<T> {
  cmdlet: string;
  target: string;
  whatIf: boolean;
  result: T;
}

class WhatIfRollback {
  constructor(
    readonly result: unknown,
    readonly target: string,
  ) {}
}

const SECRET_KEYS = /pass(word)?|token|secret|ha1|hash/i;

/** Replaces secret-looking values before anything reaches the audit log. */
export function scrub(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(scrub);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = SECRET_KEYS.test(k) ? '***' : scrub(x);
    return out;
  }
  return v;
}

/**
 * Runs one administrative change atomically: the service runs inside one transaction; the audit entry
 * is written in the same transaction (a change without its audit entry never commits); events are
 * published only after the commit. With whatIf the transaction is rolled back after the service ran, so
 * validation and permission checks happen and nothing changes (and nothing is audited or published).
 */
export async function runChange<T>(
  deps: AdminDeps,
  caller: Caller,
  whatIf: boolean,
  spec: ChangeSpec,
  fn: (svc: ServiceDeps, tx: Store) => Promise<T>,
): Promise<ChangeOutcome<T>> {
  const buffered: DomainEvent[] = [];
  const sink: DomainEventSink = { publish: (e) => void buffered.push(e) };
  const targetOf = (r: unknown) => (typeof spec.target === 'function' ? spec.target(r) : spec.target);
  try {
    const { result, target } = await deps.store.transaction(async (tx) => {
      const r = await fn({ store: tx, clock: deps.clock, ids: deps.ids, events: sink }, tx);
      const t = targetOf(r);
      if (whatIf) throw new WhatIfRollback(r, t);
      await tx.audit.append({
        at: deps.clock.now(),
        actor: caller.actor.uri,
        action: spec.cmdlet,
        target: t,
        details: JSON.stringify(scrub({ ...(spec.details as object), via: caller.via })),
      });
      return { result: r, target: t };
    });
    for (const e of buffered) deps.events?.publish(e);
    return { cmdlet: spec.cmdlet, target, whatIf: false, result };
  } catch (e) {
    if (e instanceof WhatIfRollback)
      return { cmdlet: spec.cmdlet, target: e.target, whatIf: true, result: e.result as T };
    throw e;
  }
}
