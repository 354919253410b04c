// LDAP entries -> the domain's directory records (SourceRecord). Attribute names come from the mapping;
// objects the directory does not return but that users sit in (their OUs and domains) are synthesised from
// the DNs, so an incremental read that sees a user in a new OU creates that OU too.
import { createHash } from 'node:crypto';
import { nameKey, type SourceOu, type SourceRecord } from '@pchat/domain';
import type { Entry } from 'ldapts';
import { domainOfDn, ouPathOf, parentDn, parseDn, type Rdn } from './dn.js';
import type { LdapMapping } from './presets.js';

export type EntryKind = 'user' | 'contact' | 'group' | 'ou';

/** Attribute values by lower-cased name (servers return the case they like). */
export class Attrs {
  private readonly m = new Map<string, Array<string | Buffer>>();
  constructor(entry: Entry) {
    for (const [k, v] of Object.entries(entry)) {
      if (k === 'dn') continue;
      const list = Array.isArray(v) ? v : [v];
      this.m.set(k.toLowerCase(), list as Array<string | Buffer>);
    }
  }
  all(name: string): Array<string | Buffer> {
    return this.m.get(name.toLowerCase()) ?? [];
  }
  str(name: string): string | null {
    const v = this.all(name)[0];
    if (v === undefined) return null;
    const s = Buffer.isBuffer(v) ? v.toString('utf8') : String(v);
    return s.trim() === '' ? null : s.trim();
  }
  keys(): string[] {
    return [...this.m.keys()];
  }
}

/** AD objectGUID: 16 bytes, the first three fields little-endian (MS-DTYP §2.3.4.2). */
export function formatBinaryGuid(b: Buffer): string {
  if (b.length !== 16) return b.toString('hex');
  const h = (from: number, to: number, rev: boolean) => {
    const s = b.subarray(from, to);
    return Buffer.from(rev ? [...s].reverse() : s).toString('hex');
  };
  return `${h(0, 4, true)}-${h(4, 6, true)}-${h(6, 8, true)}-${h(8, 10, false)}-${h(10, 16, false)}`;
}

/** A stable GUID-shaped id from a name (objects synthesised from DNs have no directory id). */
export function nameGuid(name: string): string {
  const h = createHash('sha1').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export interface MapContext {
  mapping: LdapMapping;
  netbiosNames: Readonly<Record<string, string>>;
  /** Domain of entries whose DN has no DC components (the first base DN's). */
  fallbackDomain: string;
}

export function netbiosOf(ctx: MapContext, domain: string): string {
  return (ctx.netbiosNames[domain] ?? domain.split('.')[0] ?? domain).toUpperCase();
}

function isDisabled(a: Attrs, m: LdapMapping): boolean {
  const rule = m.disabled;
  const v = a.str(rule.attribute);
  if (v === null) return false;
  if (rule.bit !== null) return (Number.parseInt(v, 10) & rule.bit) !== 0;
  if (rule.value !== null)
    return a.all(rule.attribute).some((x) => String(x).toLowerCase() === rule.value?.toLowerCase());
  return true;
}

function sipOf(v: string | null): string | null {
  if (!v) return null;
  return /^sips?:/i.test(v) ? v : `sip:${v}`;
}

/** Maps one entry; `members` are the complete member DNs (ranged retrieval already done). */
export function mapEntry(
  ctx: MapContext,
  kind: EntryKind,
  dn: string,
  a: Attrs,
  members: readonly string[],
): SourceRecord {
  const m = ctx.mapping;
  const rdns = parseDn(dn);
  const domain = domainOfDn(rdns) ?? ctx.fallbackDomain;
  const rawGuid = a.all(m.attributes.guid)[0];
  const guid =
    rawGuid === undefined
      ? nameGuid(nameKey(dn))
      : Buffer.isBuffer(rawGuid)
        ? m.binaryGuid
          ? formatBinaryGuid(rawGuid)
          : rawGuid.toString('utf8').toLowerCase()
        : String(rawGuid).toLowerCase();
  const own = rdns[0]?.value ?? dn;
  const displayName = a.str(m.attributes.displayName) ?? a.str('cn') ?? own;
  const base = { key: nameKey(dn), dn, guid, displayName, names: [] as string[] };
  switch (kind) {
    case 'user': {
      const upn = a.str(m.attributes.upn);
      const login = a.str(m.attributes.login);
      if (upn) base.names.push(upn);
      if (login) base.names.push(`${netbiosOf(ctx, domain)}\\${login}`);
      return {
        ...base,
        kind: 'user',
        sipAddress: sipOf(a.str(m.attributes.sipAddress)),
        email: a.str(m.attributes.email),
        companyName: a.str(m.attributes.company),
        disabled: isDisabled(a, m),
        domain,
        ouPath: ouPathOf(rdns, false),
      };
    }
    case 'contact':
      return { ...base, kind: 'contact', sipAddress: sipOf(a.str(m.attributes.sipAddress)), domain };
    case 'group': {
      const t = m.groupTypeAttribute ? a.str(m.groupTypeAttribute) : null;
      const security = t === null || (Number.parseInt(t, 10) & 0x80000000) !== 0;
      return {
        ...base,
        kind: 'group',
        groupType: security ? 'security' : 'distribution',
        members: members.map(nameKey),
      };
    }
    case 'ou':
      return { ...base, displayName: a.str('ou') ?? own, kind: 'ou', domain, path: ouPathOf(rdns, true) };
  }
}

/** The OUs and domains the records sit in, for those the read did not return itself. */
export function containersOf(ctx: MapContext, records: readonly SourceRecord[]): SourceRecord[] {
  const have = new Set(records.map((r) => r.key));
  const out = new Map<string, SourceRecord>();
  for (const r of records) {
    const rdns: Rdn[] = parseDn(r.dn);
    const domain = domainOfDn(rdns) ?? ctx.fallbackDomain;
    const dcDn = rdns
      .filter((x) => x.type === 'dc')
      .map((x) => `DC=${x.value}`)
      .join(',');
    const dkey = nameKey(dcDn || domain);
    if (!have.has(dkey) && !out.has(dkey))
      out.set(dkey, {
        kind: 'domain',
        key: dkey,
        dn: dcDn || domain,
        guid: nameGuid(`domain:${domain}`),
        displayName: domain,
        names: [netbiosOf(ctx, domain)],
        name: domain,
      });
    for (let up = 1; up < rdns.length && rdns[up]?.type === 'ou'; up++) {
      const oudn = parentDn(r.dn, rdns, up);
      const okey = nameKey(oudn);
      if (have.has(okey) || out.has(okey)) continue;
      const ourdns = parseDn(oudn);
      const o: SourceOu = {
        kind: 'ou',
        key: okey,
        dn: oudn,
        guid: nameGuid(okey),
        displayName: ourdns[0]?.value ?? oudn,
        names: [],
        domain,
        path: ouPathOf(ourdns, true),
      };
      out.set(okey, o);
    }
  }
  return [...out.values()];
}
