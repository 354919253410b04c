// Reading Active Directory or OpenLDAP with ldapts: one connection per read, bound as the configured
// service account, over ldaps:// or StartTLS; paged searches (RFC 2696) so directories of 100,000+ users
// read in pages the server allows; AD's ranged retrieval of big multi-valued attributes (`member;range=`,
// MS-ADTS §3.1.1.3.1.3.3); an incremental read asks only for objects whose change marker (uSNChanged or
// modifyTimestamp) is at or past the last one seen.
import { Client, InvalidCredentialsError, type Entry } from 'ldapts';
import type { SourceRecord } from '@pchat/domain';
import { containersOf, mapEntry, Attrs, type EntryKind, type MapContext } from './map.js';
import { domainOfDn, parseDn } from './dn.js';
import type { LdapMapping } from './presets.js';

export interface LdapSettings {
  url: string;
  startTls: boolean;
  ca: Buffer | null;
  bindDn: string;
  bindPassword: string;
  baseDns: readonly string[];
  pageSize: number;
  timeoutMs: number;
  mapping: LdapMapping;
  netbiosNames: Readonly<Record<string, string>>;
}

export interface DirectoryRead {
  records: SourceRecord[];
  /** The highest change marker seen (the next incremental read starts there); null when nothing was read. */
  marker: string | null;
}

const KINDS: readonly EntryKind[] = ['ou', 'user', 'contact', 'group'];

/** A directory that cannot be reached or refuses the service account: the sync retries later. */
export class DirectoryUnavailable extends Error {
  override readonly name = 'DirectoryUnavailable';
}

export class LdapDirectory {
  private readonly ctx: MapContext;
  constructor(private readonly s: LdapSettings) {
    const first = s.baseDns[0];
    this.ctx = {
      mapping: s.mapping,
      netbiosNames: Object.fromEntries(Object.entries(s.netbiosNames).map(([k, v]) => [k.toLowerCase(), v])),
      fallbackDomain: (first && domainOfDn(parseDn(first))) || 'directory.invalid',
    };
  }

  private async connect(): Promise<Client> {
    const tlsOptions = this.s.ca ? { ca: this.s.ca } : {};
    const client = new Client({
      url: this.s.url,
      timeout: this.s.timeoutMs,
      connectTimeout: this.s.timeoutMs,
      tlsOptions,
      strictDN: false,
    });
    try {
      if (this.s.startTls) await client.startTLS(tlsOptions);
      return client;
    } catch (e) {
      await client.unbind().catch(() => undefined);
      throw new DirectoryUnavailable(`Cannot reach the directory at ${this.s.url}: ${(e as Error).message}`);
    }
  }

  /** A full read (since = null) or the objects changed since the marker. */
  async read(since: string | null, onEntries?: (n: number) => void): Promise<DirectoryRead> {
    const client = await this.connect();
    try {
      try {
        await client.bind(this.s.bindDn, this.s.bindPassword);
      } catch (e) {
        // The message never carries the password; the DN is configuration, not a secret.
        throw new DirectoryUnavailable(
          e instanceof InvalidCredentialsError
            ? `The directory refused the service account ${this.s.bindDn}: check directory.ldap.bindDn and its password.`
            : `Cannot bind to the directory at ${this.s.url}: ${(e as Error).message}`,
        );
      }
      const m = this.s.mapping;
      const records: SourceRecord[] = [];
      let marker: string | null = since;
      let count = 0;
      for (const base of this.s.baseDns) {
        for (const kind of KINDS) {
          const filter = m.filters[kind];
          if (!filter) continue;
          const attributes = this.attributesFor(kind);
          const paged = client.searchPaginated(base, {
            scope: 'sub',
            filter: since === null ? filter : `(&${filter}${changedSince(m.attributes.changeMarker, since)})`,
            attributes,
            paged: { pageSize: this.s.pageSize },
            explicitBufferAttributes: m.binaryGuid ? [m.attributes.guid] : [],
          });
          for await (const page of paged) {
            for (const entry of page.searchEntries) {
              const a = new Attrs(entry);
              const members = kind === 'group' ? await this.members(client, entry, a) : [];
              records.push(mapEntry(this.ctx, kind, entry.dn, a, members));
              const mk = a.str(m.attributes.changeMarker);
              if (mk !== null && (marker === null || laterMarker(mk, marker))) marker = mk;
            }
            count += page.searchEntries.length;
            onEntries?.(count);
          }
        }
      }
      return { records: [...containersOf(this.ctx, records), ...records], marker };
    } catch (e) {
      if (e instanceof DirectoryUnavailable) throw e;
      throw new DirectoryUnavailable(
        `Reading the directory at ${this.s.url} failed: ${(e as Error).message}`,
      );
    } finally {
      await client.unbind().catch(() => undefined);
    }
  }

  private attributesFor(kind: EntryKind): string[] {
    const a = this.s.mapping.attributes;
    const common = ['cn', 'ou', a.displayName, a.guid, a.changeMarker];
    const byKind: Record<EntryKind, string[]> = {
      user: [a.sipAddress, a.upn, a.login, a.email, a.company, this.s.mapping.disabled.attribute],
      contact: [a.sipAddress],
      group: [a.member, ...(this.s.mapping.groupTypeAttribute ? [this.s.mapping.groupTypeAttribute] : [])],
      ou: [],
    };
    return [...new Set([...common, ...byKind[kind]])];
  }

  /**
   * Every member DN of a group. AD returns at most MaxValRange values per attribute and names the rest
   * `member;range=0-1499`: ask again from the next index until the range ends in `*`.
   */
  private async members(client: Client, entry: Entry, a: Attrs): Promise<string[]> {
    const attr = this.s.mapping.attributes.member.toLowerCase();
    const out = a.all(attr).map(String);
    let ranged = a.keys().find((k) => k.startsWith(`${attr};range=`));
    while (ranged) {
      for (const v of a.all(ranged)) out.push(String(v));
      const m = /;range=(\d+)-(\d+|\*)$/.exec(ranged);
      if (!m || m[2] === '*') break;
      const next = `${attr};range=${Number(m[2]) + 1}-*`;
      const r = await client.search(entry.dn, { scope: 'base', attributes: [next] });
      const e = r.searchEntries[0];
      if (!e) break;
      const na = new Attrs(e);
      ranged = na.keys().find((k) => k.startsWith(`${attr};range=`));
      a = na;
    }
    return out;
  }

  /**
   * Checks a user's directory password with a simple bind as the user (RFC 4513 §5.1.3). An empty
   * password is refused before asking: it would be an unauthenticated bind, which succeeds without
   * proving anything (RFC 4513 §5.1.2). False = wrong password; throws DirectoryUnavailable when the
   * directory cannot answer.
   */
  async verifyPassword(dn: string, password: string): Promise<boolean> {
    if (password === '' || dn.trim() === '') return false;
    const client = await this.connect();
    try {
      await client.bind(dn, password);
      return true;
    } catch (e) {
      if (e instanceof InvalidCredentialsError) return false;
      throw new DirectoryUnavailable(`Cannot check the password with the directory: ${(e as Error).message}`);
    } finally {
      await client.unbind().catch(() => undefined);
    }
  }
}

/** USNs compare as numbers; generalized times and CSNs (YYYYMMDDHHMMSS[.f]Z[#...]) as text. */
function laterMarker(a: string, b: string): boolean {
  return /^\d+$/.test(a) && /^\d+$/.test(b) ? BigInt(a) > BigInt(b) : a > b;
}

function changedSince(attribute: string, since: string): string {
  // uSNChanged: strictly after the last one seen. A CSN or timestamp: at or after it, so the last object
  // seen is read again (applying an unchanged object is a no-op) and nothing of the same instant is lost.
  return /^\d+$/.test(since) ? `(${attribute}>=${BigInt(since) + 1n})` : `(${attribute}>=${since})`;
}
