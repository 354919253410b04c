// Builds the LDAP directory from `directory.ldap` (composition root helper): the reader, the sync job, the
// sign-in tokens and the directory sign-in. The bind password is read here, once, from the configured file
// or environment variable, and kept only in the reader.
import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import { DomainError, type DomainEventSink, type ServiceDeps, type Store } from '@pchat/domain';
import type { PchatConfig } from '../config/schema.js';
import { dataPath } from '../config/load.js';
import type { FailureThrottle } from '../auth/throttle.js';
import { cryptoIds, systemClock } from '../platform.js';
import { LdapDirectory } from './ldap/reader.js';
import { mappingOf } from './ldap/presets.js';
import { DirectorySignIn } from './sign-in.js';
import { DirectorySync } from './sync.js';
import { SignInTokens } from './tokens.js';

export interface RunningDirectory {
  readonly reader: LdapDirectory;
  readonly sync: DirectorySync;
  readonly tokens: SignInTokens;
  readonly signIn: DirectorySignIn;
  close(): Promise<void>;
}

function bindPassword(config: PchatConfig): string {
  const c = config.directory.ldap;
  if (c.bindPasswordFile)
    return readFileSync(dataPath(config, c.bindPasswordFile), 'utf8').replace(/\r?\n$/, '');
  if (c.bindPasswordEnv) {
    const v = process.env[c.bindPasswordEnv];
    if (v === undefined)
      throw new DomainError(
        'InvalidArgument',
        `directory.ldap.bindPasswordEnv names ${c.bindPasswordEnv}, but that environment variable is not set.`,
      );
    return v;
  }
  if (c.bindDn)
    throw new DomainError(
      'InvalidArgument',
      'directory.ldap.bindDn is set without a password: set directory.ldap.bindPasswordFile or bindPasswordEnv.',
    );
  return '';
}

export function createDirectory(
  config: PchatConfig,
  store: Store,
  events: DomainEventSink | undefined,
  throttle: FailureThrottle,
  logger: Logger,
): RunningDirectory | null {
  if (config.directory.kind !== 'ldap') return null;
  const c = config.directory.ldap;
  if (c.baseDns.length === 0)
    throw new DomainError('InvalidArgument', 'directory.ldap.baseDns is empty: name the DNs to sync from.');
  const reader = new LdapDirectory({
    url: c.url,
    startTls: c.startTls,
    ca: c.tlsCaFile ? readFileSync(dataPath(config, c.tlsCaFile)) : null,
    bindDn: c.bindDn,
    bindPassword: bindPassword(config),
    baseDns: c.baseDns,
    pageSize: c.pageSize,
    timeoutMs: c.timeoutSeconds * 1000,
    mapping: mappingOf(c),
    netbiosNames: c.netbiosNames,
  });
  const tokens = new SignInTokens(config.auth.realm, config.directory.signIn.tokenMinutes * 60_000);
  // A disabled or gone user's sign-in tokens die with the sync that saw it; the chat service ends sessions.
  const sink: DomainEventSink = {
    publish(e) {
      if (e.type === 'DirectoryChanged') for (const u of e.disabled) tokens.revoke(u);
      events?.publish(e);
    },
  };
  const deps: ServiceDeps = { store, clock: systemClock, ids: cryptoIds, events: sink };
  const sync = new DirectorySync(
    deps,
    reader,
    {
      intervalMs: c.intervalSeconds * 1000,
      fullEveryMs: c.fullSyncMinutes * 60_000,
      retryInitialMs: c.retryInitialSeconds * 1000,
      retryMaxMs: c.retryMaxSeconds * 1000,
      batchSize: c.batchSize,
    },
    logger.child({ component: 'directory-sync' }),
  );
  const signIn = new DirectorySignIn(store, reader, tokens, throttle);
  return { reader, sync, tokens, signIn, close: () => sync.close() };
}
