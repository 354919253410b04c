// Distinguished names (RFC 4514): split into RDNs at unescaped commas, the DNS domain from the DC
// components (RFC 2247) and the OU path from the OU components, top down.

export interface Rdn {
  type: string;
  value: string;
}

function unescape(v: string): string {
  return v
    .trim()
    .replace(/\\([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
    .replace(/\\(.)/g, '$1');
}

export function parseDn(dn: string): Rdn[] {
  const out: Rdn[] = [];
  let cur = '';
  for (let i = 0; i < dn.length; i++) {
    const ch = dn[i] as string;
    if (ch === '\\' && i + 1 < dn.length) {
      cur += ch + (dn[i + 1] as string);
      i++;
    } else if (ch === ',') {
      out.push(rdn(cur));
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) out.push(rdn(cur));
  return out;
}

function rdn(s: string): Rdn {
  // A multi-valued RDN (a+b) keeps its first value: OUs and DCs are never multi-valued in practice.
  const first = s.split(/(?<!\\)\+/)[0] as string;
  const i = first.indexOf('=');
  return { type: first.slice(0, i).trim().toLowerCase(), value: unescape(first.slice(i + 1)) };
}

/** `DC=corp,DC=example,DC=test` -> corp.example.test; null when the DN has no DC components. */
export function domainOfDn(rdns: readonly Rdn[]): string | null {
  const labels = rdns.filter((r) => r.type === 'dc').map((r) => r.value.toLowerCase());
  return labels.length ? labels.join('.') : null;
}

/** OU names above the entry, top down (`CN=a,OU=EMEA,OU=Sales,DC=..` -> ['Sales', 'EMEA']). */
export function ouPathOf(rdns: readonly Rdn[], includeSelf: boolean): string[] {
  return rdns
    .slice(includeSelf ? 0 : 1)
    .filter((r) => r.type === 'ou')
    .map((r) => r.value)
    .reverse();
}

/** The DN of the OU at `depth` components of the path (for OUs synthesised from a user's DN). */
export function parentDn(dn: string, rdns: readonly Rdn[], levels: number): string {
  // Re-joins the original text after `levels` unescaped commas, keeping the directory's spelling.
  let seen = 0;
  for (let i = 0; i < dn.length; i++) {
    if (dn[i] === '\\') {
      i++;
      continue;
    }
    if (dn[i] === ',' && ++seen === levels) return dn.slice(i + 1).trim();
  }
  return rdns.length > levels ? dn : '';
}
