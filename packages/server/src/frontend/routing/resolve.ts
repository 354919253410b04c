// Which chat pool an INVITEd URI names: a pool's chat server URI, a Persistent Chat
// endpoint contact (New-CsPersistentChatEndpoint, PC-47; pool contacts too), or the legacy lookup
// `sip:ocschat@<domain>` (docs/xccos.md §5.5; the Lync 2010 Group Chat convention, PC-81).
import type { Pool, Store, User } from '@pchat/domain';
import type { ChatTarget } from './chat-router.js';

export const LEGACY_LOOKUP_USER = 'ocschat';

export type Resolution = { kind: 'chat'; target: ChatTarget } | { kind: 'user' } | { kind: 'unknown' };

export async function resolveChatUri(
  store: Store,
  uri: string,
  domains: readonly string[],
  caller: User | null,
): Promise<Resolution> {
  const pools = await store.topology.listPools();
  const byChatUri = pools.find((p) => p.chatServerUri.toLowerCase() === uri);
  if (byChatUri) return { kind: 'chat', target: { kind: 'pool', uri, pool: byChatUri } };

  const principal = await store.directory.get(uri);
  if (
    principal?.kind === 'contact' &&
    (principal.contactType === 'persistentChatEndpoint' || principal.contactType === 'poolContact') &&
    principal.poolFqdn
  ) {
    const pool = pools.find((p) => p.fqdn.toLowerCase() === principal.poolFqdn!.toLowerCase());
    if (pool) return { kind: 'chat', target: { kind: 'endpoint', uri, pool } };
  }
  if (principal?.kind === 'user') return { kind: 'user' };

  const m = /^sip:([^@]+)@(.+)$/.exec(uri);
  if (m && m[1] === LEGACY_LOOKUP_USER) {
    const host = m[2]!;
    const served =
      domains.some((d) => d.toLowerCase() === host) || pools.some((p) => p.domain.toLowerCase() === host);
    const pool = served ? await defaultPool(store, caller, pools) : null;
    if (pool) return { kind: 'chat', target: { kind: 'lookup', uri, pool } };
  }
  return { kind: 'unknown' };
}

/** The pool in-band provisioning names for a user (PC-81): the site's default pool, else the first pool. */
export async function defaultPool(
  store: Store,
  user: Pick<User, 'siteId'> | null,
  pools?: Pool[],
): Promise<Pool | null> {
  const all = pools ?? (await store.topology.listPools());
  if (user?.siteId) {
    const site = await store.topology.getSite(user.siteId);
    const fqdn = site?.defaultPoolFqdn?.toLowerCase();
    const p = fqdn ? all.find((x) => x.fqdn.toLowerCase() === fqdn) : undefined;
    if (p) return p;
  }
  return [...all].sort((a, b) => a.fqdn.localeCompare(b.fqdn))[0] ?? null;
}
