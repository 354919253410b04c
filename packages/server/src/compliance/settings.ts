// The compliance configuration (PC-73): New/Set/Get/Remove-CsPersistentChatComplianceConfiguration at
// global, site or service scope. Kept in the configuration table under reserved identities
// ("x-compliance:<scope>"); the chat service and the adapter runner read the effective one of their pool.
import {
  DomainError,
  type ChatConfiguration,
  type ConfigIdentity,
  type Pool,
  type Store,
} from '@pchat/domain';

export interface ComplianceConfiguration {
  identity: string;
  adapterType: string;
  adapterName: string;
  adapterOutputDirectory: string;
  addChatRoomDetails: boolean;
  addUserDetails: boolean;
  createFileAttachmentsManifest: boolean;
  customConfiguration: string;
  oneChatRoomPerOutputFile: boolean;
  /** TimeSpan text, 00:01:00 .. 30.00:00:00; default 15 minutes (PC-73). */
  runInterval: string;
}

export const COMPLIANCE_DEFAULTS: Omit<ComplianceConfiguration, 'identity'> = {
  adapterType: '',
  adapterName: '',
  adapterOutputDirectory: '',
  addChatRoomDetails: false,
  addUserDetails: false,
  createFileAttachmentsManifest: false,
  customConfiguration: '',
  oneChatRoomPerOutputFile: false,
  runInterval: '00:15:00',
};

export function complianceScope(identity: string): string {
  const i = identity.trim();
  if (i.toLowerCase() === 'global') return 'global';
  const m = /^(site|service):(.+)$/i.exec(i);
  if (!m?.[1] || !m[2])
    throw new DomainError(
      'InvalidArgument',
      `'${identity}' is not a compliance configuration identity: use global, site:<name> or service:PersistentChatComplianceServer:<fqdn>.`,
    );
  return `${m[1].toLowerCase()}:${m[2]}`;
}

/** Parses a TimeSpan ([d.]hh:mm[:ss]) into seconds. */
export function timeSpanSeconds(ts: string): number {
  const m = /^(?:(\d+)\.)?(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(ts.trim());
  if (!m)
    throw new DomainError(
      'InvalidArgument',
      `RunInterval '${ts}' is not a time span: use hh:mm:ss or d.hh:mm:ss, e.g. 00:15:00.`,
    );
  return Number(m[1] ?? 0) * 86400 + Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4] ?? 0);
}

export function validateCompliance(c: ComplianceConfiguration): ComplianceConfiguration {
  const s = timeSpanSeconds(c.runInterval);
  if (s < 60 || s > 30 * 86400)
    throw new DomainError(
      'InvalidArgument',
      `RunInterval must be from 00:01:00 to 30.00:00:00; got ${c.runInterval}.`,
    );
  return c;
}

export const complianceKey = (id: string) => `x-compliance:${id}` as ConfigIdentity;

export async function getCompliance(store: Store, id: string): Promise<ComplianceConfiguration | null> {
  const raw = (await store.topology.getConfig(complianceKey(id))) as unknown as {
    compliance?: ComplianceConfiguration;
  } | null;
  if (raw?.compliance) return raw.compliance;
  return id === 'global' ? { identity: 'global', ...COMPLIANCE_DEFAULTS } : null;
}

export async function putCompliance(store: Store, c: ComplianceConfiguration): Promise<void> {
  await store.topology.putConfig({
    identity: complianceKey(c.identity),
    compliance: c,
  } as unknown as ChatConfiguration);
}

/**
 * The effective compliance configuration of a pool: service > site > global (PC-73). Recording is on
 * when its AdapterType is set ("if none is set no data is saved").
 */
export async function effectiveCompliance(store: Store, pool: Pool): Promise<ComplianceConfiguration> {
  const all = (await store.topology.listConfigs())
    .map((c) => (c as unknown as { compliance?: ComplianceConfiguration }).compliance)
    .filter((c): c is ComplianceConfiguration => !!c);
  const find = (id: string) => all.find((c) => c.identity.toLowerCase() === id.toLowerCase());
  return (
    find(`service:PersistentChatComplianceServer:${pool.fqdn}`) ??
    (pool.siteId ? find(`site:${pool.siteId}`) : undefined) ??
    find('global') ?? { identity: 'global', ...COMPLIANCE_DEFAULTS }
  );
}
