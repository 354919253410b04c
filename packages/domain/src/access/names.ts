// The names a principal answers to when an administrator types it (the Lync habit: a SIP address, a UPN or
// DOMAIN\sAMAccountName for users, a group's name or DN, an OU's DN, a domain's DNS name), for the built-in
// directory and synced ones alike. The store indexes these (DirectoryStore.findByName); the resolver
// (services/names.ts) turns typed names into principal URIs.
import type { Principal } from '../model/principal.js';
import { normalizeUri } from './ancestry.js';

/** Lower-cased and trimmed; DNs additionally lose the blanks around `,` and `=` (RFC 4514 §4 allows them). */
export function nameKey(name: string): string {
  const n = name.trim().toLowerCase();
  return n.includes('=') ? n.replace(/\s*([,=])\s*/g, '$1') : n;
}

/** Every name key the principal answers to, without duplicates. The URI itself is always one. */
export function principalNames(p: Principal): string[] {
  const out = new Set<string>([normalizeUri(p.uri)]);
  const add = (n: string | null | undefined) => {
    if (n && n.trim()) out.add(nameKey(n));
  };
  if (p.dn) add(p.dn);
  for (const n of p.names ?? []) add(n);
  switch (p.kind) {
    case 'user':
    case 'contact':
      // "alice@example.test" without the scheme, as Lync cmdlets accept it.
      add(p.uri.replace(/^sips?:/i, ''));
      break;
    case 'group':
      add(p.displayName);
      break;
    case 'domain':
      add(p.name);
      break;
    case 'ou':
      // The path form of the built-in directory: "example.test/sales/emea".
      add(p.uri.replace(/^ma-ou:/i, ''));
      break;
  }
  return [...out];
}
