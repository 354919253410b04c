// Attribute names and filters per directory kind, overridable key by key in `directory.ldap`.
// Active Directory: user objects are (objectCategory=person)(objectClass=user) — computers are
// objectClass=user too, hence the category —, SIP addresses live in msRTCSIP-PrimaryUserAddress (the Lync
// schema extension), ACCOUNTDISABLE is bit 2 of userAccountControl (MS-ADTS §2.2.16), and uSNChanged is
// the update sequence number an incremental read starts after. OpenLDAP: inetOrgPerson (RFC 2798),
// groupOfNames/groupOfUniqueNames (RFC 4519), entryUUID (RFC 4530) and entryCSN (set on every change;
// modifyTimestamp, RFC 4512 §3.4, works too where entryCSN is not offered).
import type { PchatConfig } from '../../config/schema.js';

export interface LdapMapping {
  filters: { user: string; contact: string; group: string; ou: string };
  attributes: {
    sipAddress: string;
    upn: string;
    login: string;
    displayName: string;
    email: string;
    company: string;
    guid: string;
    member: string;
    changeMarker: string;
  };
  disabled: { attribute: string; bit: number | null; value: string | null };
  /** AD's objectGUID is binary (little-endian first three fields); entryUUID is text. */
  binaryGuid: boolean;
  /** AD's groupType (bit 0x80000000 = security); elsewhere every group counts as a security group. */
  groupTypeAttribute: string | null;
}

export const PRESETS: Record<'ad' | 'openldap', LdapMapping> = {
  ad: {
    filters: {
      user: '(&(objectCategory=person)(objectClass=user))',
      contact: '(objectClass=contact)',
      group: '(objectClass=group)',
      ou: '(objectClass=organizationalUnit)',
    },
    attributes: {
      sipAddress: 'msRTCSIP-PrimaryUserAddress',
      upn: 'userPrincipalName',
      login: 'sAMAccountName',
      displayName: 'displayName',
      email: 'mail',
      company: 'company',
      guid: 'objectGUID',
      member: 'member',
      changeMarker: 'uSNChanged',
    },
    disabled: { attribute: 'userAccountControl', bit: 2, value: null },
    binaryGuid: true,
    groupTypeAttribute: 'groupType',
  },
  openldap: {
    filters: {
      user: '(objectClass=inetOrgPerson)',
      contact: '',
      group: '(|(objectClass=groupOfNames)(objectClass=groupOfUniqueNames))',
      ou: '(objectClass=organizationalUnit)',
    },
    attributes: {
      sipAddress: 'mail',
      upn: 'mail',
      login: 'uid',
      displayName: 'displayName',
      email: 'mail',
      company: 'o',
      guid: 'entryUUID',
      member: 'member',
      // The change sequence number syncrepl orders by (OpenLDAP's entryCSN, microseconds): modifyTimestamp
      // has whole seconds, so a read would fetch again everything changed in the last second it saw.
      changeMarker: 'entryCSN',
    },
    // The ppolicy overlay's lock (RFC draft behera): present = locked.
    disabled: { attribute: 'pwdAccountLockedTime', bit: null, value: null },
    binaryGuid: false,
    groupTypeAttribute: null,
  },
};

/** The preset with the configured overrides applied. */
export function mappingOf(c: PchatConfig['directory']['ldap']): LdapMapping {
  const p = PRESETS[c.preset];
  const pick = <T extends Record<string, unknown>>(base: T, over: Record<string, unknown>): T => {
    const out = { ...base } as Record<string, unknown>;
    for (const [k, v] of Object.entries(over)) if (v !== null && v !== undefined) out[k] = v;
    return out as T;
  };
  const disabledOverride = c.disabled.attribute !== null;
  return {
    ...p,
    filters: pick(p.filters, c.filters),
    attributes: pick(p.attributes, c.attributes),
    // Naming another attribute replaces the whole rule (its bit and value come with it).
    disabled: disabledOverride
      ? { attribute: c.disabled.attribute as string, bit: c.disabled.bit, value: c.disabled.value }
      : p.disabled,
  };
}
