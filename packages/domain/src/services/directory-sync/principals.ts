// Turning a directory record into the principal pchat keeps: URIs in pchat's forms (the OU and domain
// forms are the built-in directory's, so both directories name things alike), and the sync-owned fields
// compared to decide whether anything changed.
import type {
  Contact,
  Domain,
  Group,
  OrgUnit,
  Principal,
  PrincipalUri,
  User,
} from '../../model/principal.js';
import { normalizeUri } from '../../access/ancestry.js';
import { domainUri, ouUri } from '../provisioning/directory.js';
import { sipUri } from '../provisioning/validate.js';
import type { SourceRecord } from './records.js';

export const SYNC_ACTOR = 'sip:directory-sync@pchat.invalid';

/** The principal URI a record maps to, or null when it cannot be a principal (no SIP address). */
export function uriOf(r: SourceRecord): PrincipalUri | null {
  switch (r.kind) {
    case 'user':
    case 'contact':
      if (!r.sipAddress) return null;
      try {
        return sipUri(r.sipAddress);
      } catch {
        return null;
      }
    case 'group':
      return normalizeUri(`ma-grp:${r.guid}@u.g`);
    case 'ou':
      return ouUri(r.domain, r.path.join('/'));
    case 'domain':
      return domainUri(r.name);
  }
}

function ouOf(domain: string, path: readonly string[]): PrincipalUri | null {
  return path.length === 0 ? null : ouUri(domain, path.join('/'));
}

/**
 * The record as a principal. `prev` (same URI and kind) keeps what pchat owns: its GUID, site, policy tag,
 * admin roles and creation audit. Synced objects answer to their DN and the names the adapter gave.
 */
export function toPrincipal(
  r: SourceRecord,
  uri: PrincipalUri,
  prev: Principal | null,
  now: number,
): Principal {
  const audit = prev
    ? { ...prev.audit, updatedBy: SYNC_ACTOR, updatedOn: now }
    : { createdBy: SYNC_ACTOR, createdOn: now, updatedBy: SYNC_ACTOR, updatedOn: now };
  const base = {
    uri,
    guid: prev?.guid ?? r.guid,
    displayName: r.displayName || uri,
    audit,
    source: 'ldap' as const,
    dn: r.dn,
    names: [...new Set(r.names.map((n) => n.trim().toLowerCase()).filter(Boolean))].sort(),
  };
  switch (r.kind) {
    case 'user': {
      const p = prev?.kind === 'user' ? prev : null;
      const u: User = {
        ...base,
        kind: 'user',
        email: r.email,
        companyName: r.companyName,
        disabled: r.disabled,
        ou: ouOf(r.domain, r.ouPath),
        domain: domainUri(r.domain),
        siteId: p?.siteId ?? null,
        policyTag: p?.policyTag ?? null,
        adminRoles: p?.adminRoles ?? [],
      };
      return u;
    }
    case 'contact': {
      const p = prev?.kind === 'contact' ? prev : null;
      const c: Contact = {
        ...base,
        kind: 'contact',
        contactType: p?.contactType ?? 'application',
        poolFqdn: p?.poolFqdn ?? null,
        applicationId: p?.applicationId ?? null,
      };
      return c;
    }
    case 'group': {
      const g: Group = { ...base, kind: 'group', groupType: r.groupType };
      return g;
    }
    case 'ou': {
      const o: OrgUnit = {
        ...base,
        kind: 'ou',
        parent: ouOf(r.domain, r.path.slice(0, -1)),
        domain: domainUri(r.domain),
      };
      return o;
    }
    case 'domain': {
      const d: Domain = { ...base, kind: 'domain', name: r.name.toLowerCase() };
      return d;
    }
  }
}

/** The fields a sync owns, for "did anything change" (audit and pchat-owned fields left out). */
export function syncedFields(p: Principal): string {
  const { audit: _a, guid: _g, ...rest } = p;
  const own = { ...rest } as Record<string, unknown>;
  for (const k of ['siteId', 'policyTag', 'adminRoles', 'contactType', 'poolFqdn', 'applicationId'])
    delete own[k];
  own.gone = p.gone === true;
  return JSON.stringify(own, Object.keys(own).sort());
}

/** A gone principal: kept (history keeps its authors), marked gone; a gone user is disabled too. */
export function markedGone(p: Principal, now: number): Principal {
  const audit = { ...p.audit, updatedBy: SYNC_ACTOR, updatedOn: now };
  return p.kind === 'user' ? { ...p, gone: true, disabled: true, audit } : { ...p, gone: true, audit };
}

const KIND_WORD = { user: 'user', contact: 'contact', group: 'group', ou: 'OU', domain: 'domain' } as const;

export function label(p: Principal): string {
  return `${KIND_WORD[p.kind]} ${p.displayName} (${p.dn ?? p.uri})`;
}
