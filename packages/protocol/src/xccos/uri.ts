// URIs of XCCOS (docs/xccos.md §2):
// - room `ma-chan://<domain>/<value>`; pidgin-sipe splits on `/` into domain (part 3) and value (part 4,
//   everything after the third slash), and sends that pair as `<chanid domain value>` in join/bjoin;
//   `ntc:join` names the room the same way (`<aib domain value>`);
// - category `ma-cat://<domain>/<id>` (only `rpl:getserverinfo@rootUri` in pidgin-sipe's view);
// - users: plain SIP URIs.
import { XccosError } from './errors.js';

export interface ChannelId {
  domain: string;
  value: string;
}

const DOMAIN = /^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$/;
// The value is opaque to clients; forbid only what would break the split or the XML: whitespace,
// control characters, and an empty value.
const VALUE = /^[^\s\p{Cc}]{1,256}$/u;

function parseKindUri(uri: string, scheme: 'ma-chan' | 'ma-cat'): ChannelId {
  const prefix = `${scheme}://`;
  if (!uri.startsWith(prefix)) {
    throw new XccosError(
      'bad-uri',
      `"${uri}" is not a ${scheme === 'ma-chan' ? 'room' : 'category'} URI; expected ${prefix}<domain>/<id>.`,
    );
  }
  const rest = uri.slice(prefix.length);
  const slash = rest.indexOf('/');
  const domain = slash < 0 ? rest : rest.slice(0, slash);
  const value = slash < 0 ? '' : rest.slice(slash + 1);
  if (!DOMAIN.test(domain) || !VALUE.test(value)) {
    throw new XccosError(
      'bad-uri',
      `"${uri}" is not a valid ${scheme} URI; expected ${prefix}<domain>/<id> with a DNS domain and a non-empty id.`,
    );
  }
  return { domain, value };
}

/** `ma-chan://d/v` → `{ domain: 'd', value: 'v' }`, or throws 'bad-uri'. */
export function parseRoomUri(uri: string): ChannelId {
  return parseKindUri(uri, 'ma-chan');
}

/** `{ domain, value }` → `ma-chan://domain/value`, validated. */
export function formatRoomUri(id: ChannelId): string {
  const uri = `ma-chan://${id.domain}/${id.value}`;
  parseRoomUri(uri);
  return uri;
}

export function isRoomUri(uri: string): boolean {
  try {
    parseRoomUri(uri);
    return true;
  } catch {
    return false;
  }
}

/** `ma-cat://d/guid` → `{ domain, value }`, or throws 'bad-uri'. */
export function parseCategoryUri(uri: string): ChannelId {
  return parseKindUri(uri, 'ma-cat');
}

export function formatCategoryUri(id: ChannelId): string {
  const uri = `ma-cat://${id.domain}/${id.value}`;
  parseCategoryUri(uri);
  return uri;
}

const SIP_URI = /^sips?:[^\s@<>"]+@[A-Za-z0-9.-]+$/;

/** Checks a user URI (`sip:alice@example.test`) and returns it, or throws 'bad-uri'. */
export function checkUserUri(uri: string, what = 'user URI'): string {
  if (!SIP_URI.test(uri))
    throw new XccosError('bad-uri', `${what} "${uri}" is not a SIP URI of the form sip:user@domain.`);
  return uri;
}
